"""Charts: matplotlib, one house style (``resources/balanco.mplstyle``).

Each drawing function takes an Axes and the numbers to draw, labels it in
Portuguese through :mod:`balanco.formatting`, and returns the Axes. Titles state
the finding; bars carry direct labels instead of a dense axis.

Every text placed on a chart goes through :func:`plain`: names from the data
(an órgão called ``Fundo R$ 5 {mi} e R$ 6``) print literally instead of being
read as matplotlib mathtext.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import formatting

STYLE = str(resources.files("balanco").joinpath("resources/balanco.mplstyle"))
#: The house font; :func:`families` puts its trimmed copy, :data:`CHART_FONT`, first.
FONT = "DejaVu Sans"
CHART_FONT = "Balanco Sans"
#: What the trimmed copy keeps: Latin (Portuguese, and names from the data in other
#: Latin alphabets), punctuation, currency, arrows and the signs the labels use.
#: Anything else falls back to the whole DejaVu Sans, glyph by glyph.
CHART_FONT_CODEPOINTS = (
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x2010, 0x2028),
    *range(0x2030, 0x203B),
    *range(0x2190, 0x2194),
    0x20AC,
    0x2122,
    0x2212,
    0x2248,
    0x2264,
    0x2265,
    0x25CF,
    0xFFFD,
)
#: Raised when the trimmed copy's recipe changes, so that cached copies are remade.
_CHART_FONT_RECIPE = "1"
#: True while a chart is drawn again for phones (:mod:`balanco.phone`): labels, the
#: title and notes wrap to the narrow width, months are initials.
NARROW: ContextVar[bool] = ContextVar("narrow", default=False)
#: Characters per line of a bar's label on a phone.
NARROW_WRAP = 16
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


def _trimmed_copy(source: str, weight: str, folder: Path) -> Path:
    """DejaVu Sans (``source``) reduced to :data:`CHART_FONT_CODEPOINTS` and named
    :data:`CHART_FONT`, made once and kept in ``folder`` under a name that changes
    with the source file, fontTools and the recipe."""
    import hashlib

    import fontTools
    from fontTools import subset

    from . import files

    data = Path(source).read_bytes()
    key = hashlib.sha256(data + f"{fontTools.version} {_CHART_FONT_RECIPE}".encode()).hexdigest()[
        :16
    ]
    target = folder / f"balanco-sans-{weight}-{key}.ttf"
    if target.is_file():
        return target
    options = subset.Options(
        layout_features=["*"],  # kerning and ligatures as in the whole font
        name_IDs=["*"],
        name_languages=["*"],
        notdef_outline=True,
        glyph_names=True,
        recalc_timestamp=False,
    )
    options.drop_tables += ["MATH", "FFTM"]
    font = subset.load_font(io.BytesIO(data), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CHART_FONT_CODEPOINTS)
    subsetter.subset(font)
    postscript = CHART_FONT.replace(" ", "") + ("-Bold" if weight == "bold" else "")
    for record in font["name"].names:
        if record.nameID in (1, 16):  # family
            record.string = CHART_FONT
        elif record.nameID == 4:  # full name
            record.string = CHART_FONT + (" Bold" if weight == "bold" else "")
        elif record.nameID in (3, 6):  # unique id, PostScript name
            record.string = postscript
    out = io.BytesIO()
    font.save(out)
    folder.mkdir(parents=True, exist_ok=True)
    files.atomic_write(target, out.getvalue())
    return target


@functools.cache
def families() -> tuple[str, ...]:
    """The charts' font families: :data:`CHART_FONT` first when it could be made.

    Why not DejaVu Sans alone: the charts embed their fonts as TrueType (Type 42,
    searchable text), and matplotlib subsets the font file for every figure with
    fontTools — for DejaVu Sans (750 KB, large layout tables) about 0.25 s per font
    per figure, most of a department notebook's execution. The same glyphs from a
    copy trimmed once to the Latin script take about 0.03 s. The copy lives in the
    user's cache (``$XDG_CACHE_HOME/balanco/fontes``); without it (a read-only
    home) the charts use DejaVu Sans directly, identical and slower.
    """
    import logging
    import os

    from matplotlib import font_manager

    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "balanco"
    try:
        for weight in ("normal", "bold"):
            prop = font_manager.FontProperties(family=FONT, weight=weight)
            source = font_manager.findfont(prop, fallback_to_default=False)
            font_manager.fontManager.addfont(_trimmed_copy(source, weight, folder / "fontes"))
    except Exception as exc:  # noqa: BLE001 - only a speed-up: any failure keeps DejaVu Sans
        logging.getLogger(__name__).debug("chart font not made: %r", exc)
        return (FONT,)
    return (CHART_FONT, FONT)


@contextmanager
def figure(height: float = 3.1, width: float = 6.3):
    """A figure in the house style; closed on exit."""
    with plt.style.context(STYLE), plt.rc_context({"font.family": list(families())}):
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
    ax.get_figure().suptitle(
        plain(text), x=0.0, ha="left", fontsize=10.5, fontweight="bold", wrap=NARROW.get()
    )
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


def _month_ticks(months: Sequence[int]) -> list[str]:
    """Month names under columns: "jan", "fev"…; on a phone their initials ("J", "F"…),
    twelve columns in a narrow chart (the alternative text names every month)."""
    if NARROW.get():
        return [formatting.month_name(m)[:1].upper() for m in months]
    return [plain(formatting.month_name(m, short=True)) for m in months]


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
    wrap = min(wrap, NARROW_WRAP) if NARROW.get() else wrap
    labels = [plain(textwrap.fill(str(label), wrap)) for label in labels][::-1]
    values = list(values)[::-1]
    colors = [color] * len(values)
    if highlight is not None and values:
        # Bars tied with the highlighted one are highlighted too (two at the top: both).
        chosen = values[len(values) - 1 - highlight]
        colors = [color if v == chosen else SKY for v in values]
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
    names = _month_ticks(months)
    # Positions, not the names, place the columns: on a phone June and July are both "J".
    x = list(range(len(names)))
    bars = ax.bar(x, values, color=color, width=0.7)
    ax.set_xticks(x, names)
    ax.yaxis.set_major_formatter(_label_formatter(fmt))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.grid(axis="y")
    ax.tick_params(axis="x", length=0)
    # The axis starts at zero and spans at least one unit: never negative ticks ("-0")
    # nor fractional ones ("0,04") on an axis of counts.
    ax.set_ylim(0, max([*values, 0]) * 1.15 or 1)
    if label_max and len(values) and max(values) > 0:
        # Every month tied at the peak is labelled, as the title names them all.
        for i in (k for k, v in enumerate(values) if v == max(values)):
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
    names = _month_ticks(months)
    x = list(range(len(names)))  # positions: on a phone June and July are both "J"
    bottom = [0.0] * len(names)
    for (label, values), color in zip(series.items(), (BLUE, ORANGE, GREEN), strict=False):
        ax.bar(x, values, bottom=bottom, label=plain(label), color=color, width=0.7)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xticks(x, names)
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
        text = f"{label}\n{fmt(value)} ({share})"
        if NARROW.get():  # a narrow bar: the amount on two lines, the share on a third
            text = "\n".join([label, *textwrap.wrap(fmt(value), 8), f"({share})"])
        if value / total > (0.25 if NARROW.get() else 0.12):
            ax.text(
                left + value / 2,
                0,
                plain(text),
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
    if NARROW.get():
        labels = [textwrap.fill(str(label), NARROW_WRAP) for label in labels]
    ax.set_yticks(ys, [plain(label) for label in labels])
    _values_on_bars_only(ax, top * 1.2)
    # Below the bars, where it never covers a label.
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.0), ncols=2, handlelength=1.2)
    set_title(ax, title)
    return ax


def footnote(fig: Figure, text: str) -> Figure:
    """A small note under the chart (e.g. which figures were left out and why)."""
    fig.text(
        0.0,
        -0.02,
        textwrap.fill(text, 40 if NARROW.get() else 120),
        ha="left",
        va="top",
        fontsize=7.5,
        color="#555555",
    )
    return fig


def render(fig: Figure, *, pdf: bool = True) -> tuple[str, bytes]:
    """The figure as SVG text (screens) and PDF bytes (the printed report; empty
    with ``pdf=False``)."""
    svg, out = io.StringIO(), io.BytesIO()
    fig.savefig(svg, format="svg")
    if pdf:
        fig.savefig(out, format="pdf", metadata={"CreationDate": None, "Creator": "balanco"})
    # The SVG keeps its text as text (svg.fonttype none): a browser has no "Balanco
    # Sans", the trimmed copy made on this machine; it names DejaVu Sans alone.
    shown = svg.getvalue().replace(f"'{CHART_FONT}', ", "")
    return shown, out.getvalue()
