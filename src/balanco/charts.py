"""Charts: matplotlib, one house style (``resources/balanco.mplstyle``).

Each drawing function takes an Axes and the numbers to draw, labels it in
Portuguese through :mod:`balanco.formatting`, and returns the Axes. Titles state
the finding; bars carry direct labels instead of a dense axis.

Every text placed on a chart goes through :func:`plain`: names from the data
(an órgão called ``Fundo R$ 5 {mi} e R$ 6``) print literally instead of being
read as matplotlib mathtext.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import formatting, palette, text_metrics
from .chart_font import (  # noqa: F401 - the font's names, as charts has always offered them
    _CHART_FONT_RECIPE,
    CHART_FONT,
    CHART_FONT_CODEPOINTS,
    FONT,
    _trimmed_copy,
    families,
    fill,
)
from .typst_markup import note_compiled

STYLE = str(resources.files("balanco").joinpath("resources/balanco.mplstyle"))
# Each text measured once per process, not once per figure (:mod:`balanco.text_metrics`).
text_metrics.install()
#: True while a chart is drawn again for phones (:mod:`balanco.phone`): labels, the
#: title and notes wrap to the narrow width, months are initials.
NARROW: ContextVar[bool] = ContextVar("narrow", default=False)
#: Characters per line of a bar's label on a phone.
NARROW_WRAP = 16
#: Okabe-Ito colours by role, darkened where too light on white (:mod:`balanco.palette`).
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, GREY = (
    palette.BLUE,
    palette.ORANGE,
    palette.GREEN,
    palette.PINK,
    palette.SKY,
    palette.VERMILION,
    palette.GREY,
)
FEDERAL, STATE = palette.FEDERAL, palette.STATE
#: Width of a chart, inches: with the margins ``savefig`` adds, its natural width
#: stays within the PDF's text width (A4, 2,5 cm margins: 16 cm), where it is placed
#: at its own size, never shrunk: its text keeps the sizes set here.
WIDTH = 6.1
#: Font sizes, points: the title, labels and ticks, notes (none under 8 pt: issue 17).
TITLE_SIZE, LABEL_SIZE, NOTE_SIZE = 10.5, 8.5, 8.5
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
def figure(height: float = 3.1, width: float = WIDTH):
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
    body = f" {_capital('; '.join(parts))}." if parts else ""
    # The notes under the chart (what it leaves out, what it covers) are said too;
    # each sentence opens with a capital ("… até 1 dia. No mesmo dia: 423").
    notes = "".join(f" {_capital(n.rstrip('.'))}." for n in getattr(fig, "_balanco_notes", []))
    return f"Gráfico: {title.rstrip('.')}.{body}{notes}"


def _capital(text: str) -> str:
    """``text`` with its first letter in capitals (a sentence of the description)."""
    return text[:1].upper() + text[1:]


def set_title(ax: Axes, text: str) -> Axes:
    """The chart's title, a sentence stating the finding, flush with the figure's left edge."""
    fig = ax.get_figure()
    fig.suptitle(
        plain(fill(text, fig, size=TITLE_SIZE, bold=True)),
        x=0.0,
        ha="left",
        fontsize=TITLE_SIZE,
        fontweight="bold",
        color=palette.TEXT,
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
            color=palette.TEXT,
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
    colors: Sequence[str] | None = None,
    legend: dict[str, str] | None = None,
    alt_labels: Sequence[str] | None = None,
) -> Axes:
    """Horizontal bars, largest on top, each with its value written at its end.

    ``colors`` gives each bar its colour (a group it belongs to), ``legend`` names
    those groups (label → colour) and ``alt_labels`` says the same in the
    alternative text (e.g. "Ministério da Saúde (federal)"); without ``colors`` the
    bar at ``highlight`` stands out in ``color``, the others in sky blue."""
    describe(
        ax,
        [f"{label}: {fmt(v)}" for label, v in zip(alt_labels or labels, values, strict=True)],
    )
    wrap = min(wrap, NARROW_WRAP) if NARROW.get() else wrap
    labels = [plain(textwrap.fill(str(label), wrap)) for label in labels][::-1]
    values = list(values)[::-1]
    if colors is not None:
        colors = list(colors)[::-1]
    elif highlight is not None and values:
        # Bars tied with the highlighted one are highlighted too (two at the top: both).
        chosen = values[len(values) - 1 - highlight]
        colors = [color if v == chosen else SKY for v in values]
    else:
        colors = [color] * len(values)
    # Positions, not the labels, place the bars: two bodies of the same name stay two.
    ys = list(range(len(values)))
    bars = ax.barh(ys, values, color=colors, height=0.65)
    ax.set_yticks(ys, labels)
    top = max(values, default=0) or 1
    _label_bars(ax, bars, values, fmt, top=top, fontsize=LABEL_SIZE)
    _values_on_bars_only(ax, top * 1.18)
    if legend:
        _legend(ax, legend, below=True)
    set_title(ax, title)
    return ax


def _legend(ax: Axes, entries: dict[str, str], *, below: bool = False) -> None:
    """A legend of coloured swatches (label → colour), below the bars or at the top left."""
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=plain(label)) for label, c in entries.items()]
    where = {"loc": "upper left", "bbox_to_anchor": (0.0, 0.0)} if below else {"loc": "upper left"}
    # On a phone, one entry a line: side by side they would widen the chart.
    ncols = 1 if NARROW.get() else len(handles)
    ax.legend(handles=handles, ncols=ncols, handlelength=1.2, **where)


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
    reference: tuple[str, float] | None = None,
) -> Axes:
    """Monthly columns with pt-BR month names; the busiest month labelled.

    ``reference`` (its words, its value: ``("média: 32,5", 32.5)``) is drawn as a
    dashed line across the columns, labelled at its right end: the number a title
    states is on the chart too."""
    describe(
        ax,
        [f"{formatting.month_name(m)}: {fmt(v)}" for m, v in zip(months, values, strict=True)]
        + ([reference[0]] if reference else []),
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
                fontsize=LABEL_SIZE,
                fontweight="bold",
                color=palette.TEXT,
            )
    if reference:
        words, value = reference  # at the right of the columns, outside them
        ax.axhline(value, color=palette.TEXT, linewidth=1.0, linestyle=(0, (4, 2)))
        if NARROW.get():  # a phone's narrow chart: the words above the value
            words = words.replace(": ", ":\n")
        ax.annotate(
            plain(words),
            (1.0, value),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=LABEL_SIZE,
            color=palette.TEXT,
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
    alt_fmt: Formatter | None = None,
    ylabel: str | None = None,
) -> Axes:
    """Monthly stacked columns (e.g. federal and state money), with a legend;
    ``alt_fmt`` writes the numbers of the alternative text (the axis' short money
    "R$ 21 mi" reads there as "R$ 20,6 milhões")."""
    describe(
        ax,
        [
            f"{label}, {formatting.month_name(m)}: {(alt_fmt or fmt)(v)}"
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
    if ylabel:
        ax.set_ylabel(plain(ylabel))
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
                color=palette.text_on(color),  # 4,5:1 at least: white on blue, black on orange
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
        _label_bars(ax, bars, vals, fmt, top=top, fontsize=LABEL_SIZE)
    if NARROW.get():
        labels = [textwrap.fill(str(label), NARROW_WRAP) for label in labels]
    ax.set_yticks(ys, [plain(label) for label in labels])
    _values_on_bars_only(ax, top * 1.2)
    # Below the bars, where it never covers a label.
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.0), ncols=2, handlelength=1.2)
    set_title(ax, title)
    return ax


def footnote(fig: Figure, text: str) -> Figure:
    """A small note under the chart (e.g. which figures were left out and why),
    which its alternative text says too."""
    fig._balanco_notes = [*getattr(fig, "_balanco_notes", []), text]  # type: ignore[attr-defined]
    size = max(NOTE_SIZE, plt.rcParams["font.size"]) if NARROW.get() else NOTE_SIZE
    fig.text(
        0.0,
        -0.02,
        plain(fill(text, fig, size=size)),
        ha="left",
        va="top",
        fontsize=size,
        color=palette.NOTE,
    )
    return fig


def render(fig: Figure, *, pdf: bool = True) -> tuple[str, bytes]:
    """The figure as SVG text (screens) and PDF bytes (the printed report; empty
    with ``pdf=False``).

    The SVG is the same bytes on every run: no date, and its ids (clip paths)
    salted with the chart's own identity (:func:`identity`) instead of a random
    value, so that two charts of one HTML page never share an id."""
    svg, out = io.StringIO(), io.BytesIO()
    with plt.rc_context({"svg.hashsalt": identity(fig)}):
        fig.savefig(svg, format="svg", metadata={"Date": None})
    if pdf:
        fig.savefig(out, format="pdf", metadata={"CreationDate": None, "Creator": "balanco"})
    # The SVG keeps its text as text (svg.fonttype none): a browser has no "Balanco
    # Sans", the trimmed copy made on this machine; it names DejaVu Sans alone.
    shown = svg.getvalue().replace(f"'{CHART_FONT}', ", "")
    return shown, out.getvalue()


def identity(fig: Figure) -> str:
    """What makes a chart this chart: its size and every text on it (title, labels,
    notes), hashed. Two charts that differ in any of these get different ids."""
    texts = [t.get_text() for t in fig.findobj(Text)]
    key = repr((fig.get_size_inches().round(4).tolist(), texts))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


#: A page the size of the drawing, no margin, holding the SVG given as input.
_SVG_PAGE = (
    b"#set page(width: auto, height: auto, margin: 0pt)\n"
    b'#image(bytes(sys.inputs.svg), format: "svg")\n'
)
#: The process's Typst compiler (fonts found once).
_TYPST: list = []


def svg_pdf(svg: str) -> bytes:
    """A chart's SVG as a one-page PDF (vector, text kept as text), compiled by
    Typst: the form nbconvert's stock LaTeX route (``--to pdf``, JupyterLab's PDF
    menu) reads. ~0,01 s a chart, against ~0,3 s for matplotlib's PDF backend,
    which draws the figure again and embeds a font subset in each chart."""
    import typst

    if not _TYPST:
        _TYPST.append(typst.Compiler())
    note_compiled()  # from now on, a fork of this process cannot compile
    # A fixed date: the same chart gives the same bytes (outputs that do not change).
    return _TYPST[0].compile(input=_SVG_PAGE, sys_inputs={"svg": svg}, timestamp=0)
