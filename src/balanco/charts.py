"""Charts: matplotlib, one house style (``resources/balanco.mplstyle``).

Each drawing function takes an Axes and the numbers to draw, labels it in
Portuguese through :mod:`balanco.formatting`, and returns the Axes. Titles state
the finding; bars carry direct labels instead of a dense axis.

Every text placed on a chart goes through :func:`plain`: names from the data
(an órgão called ``Fundo R$ 5 {mi} e R$ 6``) print literally instead of being
read as matplotlib mathtext.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from importlib import resources

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import formatting

STYLE = str(resources.files("balanco").joinpath("resources/balanco.mplstyle"))
#: Okabe-Ito colours by role.
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
)
GREY = "#9A9A9A"
Formatter = Callable[[float], str]


def plain(text: object) -> str:
    r"""Text that matplotlib prints literally: every ``$`` escaped, so no mathtext.

    matplotlib reads text with an even number of unescaped ``$`` as math; with every
    ``$`` escaped there is none, and it shows each ``\$`` as ``$`` (any other
    backslash is kept as written).

    >>> print(plain("R$ 5 {mi} e R$ 6"))
    R\$ 5 {mi} e R\$ 6
    """
    return str(text).replace("$", r"\$")


@contextmanager
def figure(height: float = 3.1, width: float = 6.3):
    """A figure in the house style; closed on exit."""
    with plt.style.context(STYLE):
        fig = plt.figure(figsize=(width, height))
        try:
            yield fig
        finally:
            plt.close(fig)


def describe(ax: Axes, parts: Sequence[str]) -> Axes:
    """Record what the chart shows, in words, for its alternative text (HTML ``alt``,
    PDF ``/Alt``): one phrase per bar or series, numbers as on the chart."""
    fig = ax.get_figure()
    fig._balanco_alt = [*getattr(fig, "_balanco_alt", []), *parts]  # type: ignore[attr-defined]
    return ax


def alt_text(fig: Figure, title: str) -> str:
    """The chart's alternative text: its finding (the title) and the numbers drawn.

    >>> with figure() as fig:
    ...     ax = hbar(fig.add_subplot(), ["A", "B"], [3, 1], title="A lidera")
    ...     print(alt_text(fig, "A lidera"))
    Gráfico: A lidera. A: 3; B: 1.
    """
    parts = getattr(fig, "_balanco_alt", [])
    body = f" {'; '.join(parts)}." if parts else ""
    return f"Gráfico: {title.rstrip('.')}.{body}"


def set_title(ax: Axes, text: str) -> Axes:
    """The chart's title, a sentence stating the finding, flush with the figure's left edge."""
    ax.get_figure().suptitle(plain(text), x=0.0, ha="left", fontsize=10.5, fontweight="bold")
    return ax


def _label_bars(
    ax: Axes, bars, values: Sequence[float], fmt: Formatter, *, top: float, fontsize: float
) -> None:
    """Write each horizontal bar's value just past its end (direct labels)."""
    for bar, value in zip(bars, values, strict=True):
        ax.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            plain(fmt(value)),
            va="center",
            ha="left",
            fontsize=fontsize,
            color="#333333",
        )


def _values_on_bars_only(ax: Axes, xmax: float) -> None:
    """Hide the value axis: the bars carry their numbers."""
    ax.set_xlim(0, xmax)
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _label_formatter(fmt: Formatter) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: plain(fmt(v)))


def hbar(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    fmt: Formatter = formatting.count,
    color: str = BLUE,
    highlight: int | None = 0,
    wrap: int = 34,
) -> Axes:
    """Horizontal bars, largest on top, each with its value written at its end."""
    describe(ax, [f"{label}: {fmt(v)}" for label, v in zip(labels, values, strict=True)])
    labels = [plain(textwrap.fill(str(label), wrap)) for label in labels][::-1]
    values = list(values)[::-1]
    colors = [color] * len(values)
    if highlight is not None and values:
        colors = [SKY] * len(values)
        colors[len(values) - 1 - highlight] = color
    bars = ax.barh(labels, values, color=colors, height=0.65)
    top = max(values, default=0) or 1
    _label_bars(ax, bars, values, fmt, top=top, fontsize=8.5)
    _values_on_bars_only(ax, top * 1.18)
    set_title(ax, title)
    return ax


def monthly(
    ax: Axes,
    months: Sequence[int],
    values: Sequence[float],
    *,
    title: str,
    fmt: Formatter = formatting.count,
    color: str = BLUE,
    label_max: bool = True,
    ylabel: str | None = None,
) -> Axes:
    """Monthly columns with pt-BR month names; the busiest month labelled."""
    describe(
        ax,
        [f"{formatting.month_name(m)}: {fmt(v)}" for m, v in zip(months, values, strict=True)],
    )
    names = [plain(formatting.month_name(m, short=True)) for m in months]
    bars = ax.bar(names, values, color=color, width=0.7)
    ax.yaxis.set_major_formatter(_label_formatter(fmt))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.grid(axis="y")
    ax.tick_params(axis="x", length=0)
    # The axis starts at zero and spans at least one unit: never negative ticks ("-0")
    # nor fractional ones ("0,04") on an axis of counts.
    ax.set_ylim(0, max([*values, 0]) * 1.15 or 1)
    if label_max and len(values) and max(values) > 0:
        i = max(range(len(values)), key=lambda k: values[k])
        b = bars[i]
        ax.annotate(
            plain(fmt(values[i])),
            (b.get_x() + b.get_width() / 2, b.get_height()),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8.5,
            fontweight="bold",
            color="#333333",
        )
    if ylabel:
        ax.set_ylabel(plain(ylabel))
    set_title(ax, title)
    return ax


def stacked_monthly(
    ax: Axes,
    months: Sequence[int],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    fmt: Formatter = formatting.money_axis,
) -> Axes:
    """Monthly stacked columns (e.g. federal and state money), with a legend."""
    describe(
        ax,
        [
            f"{label}, {formatting.month_name(m)}: {fmt(v)}"
            for label, vals in series.items()
            for m, v in zip(months, vals, strict=True)
        ],
    )
    names = [plain(formatting.month_name(m, short=True)) for m in months]
    bottom = [0.0] * len(names)
    for (label, values), color in zip(series.items(), (BLUE, ORANGE, GREEN), strict=False):
        ax.bar(names, values, bottom=bottom, label=plain(label), color=color, width=0.7)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.yaxis.set_major_formatter(_label_formatter(fmt))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.grid(axis="y")
    ax.tick_params(axis="x", length=0)
    ax.legend(loc="upper left", ncols=len(series))
    ax.set_ylim(0, max(bottom, default=1) * 1.2 or 1)
    set_title(ax, title)
    return ax


def split_bar(
    ax: Axes, parts: dict[str, float], *, title: str, fmt: Formatter = formatting.money_millions
) -> Axes:
    """One horizontal bar split into parts (e.g. federal vs state), labelled inside."""
    describe(ax, [f"{label}: {fmt(v)}" for label, v in parts.items()])
    left = 0.0
    total = sum(parts.values()) or 1
    for (label, value), color in zip(parts.items(), (BLUE, ORANGE, GREEN, PINK), strict=False):
        ax.barh([0], [value], left=left, color=color, height=0.5)
        share = formatting.percent(value / total, 0)
        if value / total > 0.12:
            ax.text(
                left + value / 2,
                0,
                plain(f"{label}\n{fmt(value)} ({share})"),
                ha="center",
                va="center",
                color="white",
                fontsize=9,
                fontweight="bold",
            )
        left += value
    ax.set_xlim(0, total)
    ax.set_ylim(-0.45, 0.45)
    ax.axis("off")
    set_title(ax, title)
    return ax


def compare_years(
    ax: Axes,
    labels: Sequence[str],
    previous: Sequence[float],
    current: Sequence[float],
    *,
    years: tuple[int, int],
    title: str,
    fmt: Formatter = formatting.count,
) -> Axes:
    """Paired horizontal bars: previous year (grey) and current year (blue)."""
    describe(
        ax,
        [
            f"{label}: {fmt(p)} em {years[0]}, {fmt(c)} em {years[1]}"
            for label, p, c in zip(labels, previous, current, strict=True)
        ],
    )
    n = len(labels)
    ys = list(range(n))[::-1]
    h = 0.38
    top = max([*previous, *current, 1])
    for offset, vals, color, year in (
        (h / 2, previous, GREY, years[0]),
        (-h / 2, current, BLUE, years[1]),
    ):
        bars = ax.barh([y + offset for y in ys], vals, height=h, color=color, label=plain(year))
        _label_bars(ax, bars, vals, fmt, top=top, fontsize=8)
    ax.set_yticks(ys, [plain(label) for label in labels])
    _values_on_bars_only(ax, top * 1.2)
    # Below the bars, where it never covers a label.
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.0), ncols=2, handlelength=1.2)
    set_title(ax, title)
    return ax


def footnote(fig: Figure, text: str) -> Figure:
    """A small note under the chart (e.g. which figures were left out and why)."""
    fig.text(
        0.0, -0.02, textwrap.fill(text, 120), ha="left", va="top", fontsize=7.5, color="#555555"
    )
    return fig


def render(fig: Figure) -> tuple[str, bytes]:
    """The figure as SVG text (screens) and PDF bytes (the printed report)."""
    import io

    svg, pdf = io.StringIO(), io.BytesIO()
    fig.savefig(svg, format="svg")
    fig.savefig(pdf, format="pdf", metadata={"CreationDate": None, "Creator": "balanco"})
    return svg.getvalue(), pdf.getvalue()
