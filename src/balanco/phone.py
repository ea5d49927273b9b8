"""Charts for phones (WCAG 1.4.4): the same chart drawn again, narrower and with
larger text, for the HTML page to show on small screens.

A chart drawn 6.1 inches wide and shrunk to a 375 px phone shows its 8.5 pt labels
at about 6 CSS px. The phone version is :data:`WIDTH` inches wide, its smallest text
:data:`MIN_FONT` points: shown at its own size on a 375 px screen (its width fits the
page's column), every text is at least 12 CSS px (1 pt = 4/3 px).
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.text import Text

from . import charts

#: Width of the phone version, inches (326 CSS px: within the 351 px column of a
#: 375 px screen, page margins included).
WIDTH = 3.4
#: Smallest text of the phone version, points (13,3 CSS px at its own size; 12,1 px
#: even on a 320 px screen, where it is shrunk to the column).
MIN_FONT = 10.0
#: A narrow chart needs more height: wrapped labels and title.
HEIGHT_FACTOR = 1.35
#: Height per line of the labels beside horizontal bars, and for the rest (title,
#: legend, margins), inches.
LINE_HEIGHT = 0.22
OTHER_HEIGHT = 1.5

_RC = {
    key: MIN_FONT
    for key in (
        "font.size",
        "axes.titlesize",
        "axes.labelsize",
        "xtick.labelsize",
        "ytick.labelsize",
        "legend.fontsize",
    )
}


def svg(height: float, draw: Callable[[Figure], object]) -> str:
    """``draw(fig)`` again in a phone-sized figure, as SVG text.

    ``height`` is the wide chart's height; ``draw`` adds the chart to the figure
    it gets (the same call that drew the wide one)."""
    token = charts.NARROW.set(True)
    try:
        # The house style is applied by charts.figure; the larger sizes on top of it.
        with (
            charts.figure(height=height * HEIGHT_FACTOR, width=WIDTH) as fig,
            plt.rc_context(_RC),
        ):
            draw(fig)
            for text in fig.findobj(Text):  # sizes the drawing code set explicitly
                if text.get_fontsize() < MIN_FONT:
                    text.set_fontsize(MIN_FONT)
            # Labels wrapped on two or three lines need their height, or they overlap.
            fig.set_figheight(max(fig.get_figheight(), _height_for_labels(fig)))
            _separate_labels(fig)
            shown, _pdf = charts.render(fig, pdf=False)
    finally:
        charts.NARROW.reset(token)
    return shown


def _overlap(boxes: list) -> bool:
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def _separate_labels(fig: Figure) -> None:
    """Labels on columns that run together at the phone's larger size (two tied
    peaks side by side: "126126") are turned upright above their columns, the
    value axis raised to hold them: every label stays, none touches another."""
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [t for t in ax.texts if t.get_visible() and t.get_text()]
        if len(labels) < 2 or not _overlap([t.get_window_extent(renderer) for t in labels]):
            continue
        for text in labels:
            text.set_rotation(90)
            text.set_verticalalignment("bottom")
            text.set_horizontalalignment("center")
        top = max(t.get_window_extent(renderer).y1 for t in labels)
        low, high = ax.get_ylim()
        needed = ax.transData.inverted().transform((0, top))[1]
        if needed > high:
            ax.set_ylim(low, low + (needed - low) * 1.04)


def _height_for_labels(fig: Figure) -> float:
    """The height that gives every line of the labels along the vertical axes room."""
    lines = 0
    for ax in fig.axes:
        if ax.yaxis.get_visible() and ax.axison:
            lines = max(lines, sum(t.get_text().count("\n") + 1 for t in ax.get_yticklabels()))
    return LINE_HEIGHT * lines + OTHER_HEIGHT
