"""The charts' colours and the contrast rule they keep.

The palette is Okabe & Ito's (2008), chosen to stay apart for readers with any
of the three kinds of colour blindness. Three of its colours are too light to
stand on white paper or a white page: WCAG 2.x asks 3:1 of a graphical object
(1.4.11: a bar, a legend's swatch, a reference line) and 4.5:1 of text (1.4.3).
Those three are darkened here, hue and saturation kept (HLS lightness lowered
until the ratio against white is above 3.2): the pairs the charts use — blue
against orange, dark blue against sky blue, grey against blue — keep the hue
contrast the palette was chosen for and gain a lightness contrast on top.

========== ========= ==================== =======================================
role       Okabe–Ito here                 against white
========== ========= ==================== =======================================
BLUE       #0072B2   #0072B2              5,19:1 (white text on it: 5,19:1)
ORANGE     #E69F00   #BD8300 (darkened)   3,28:1 (was 2,25:1; black text: 6,41:1)
SKY        #56B4E9   #1D96DB (darkened)   3,26:1 (was 2,31:1)
GREEN      #009E73   #009E73              3,42:1
VERMILION  #D55E00   #D55E00              3,87:1
PINK       #CC79A7   #CC79A7              3,06:1
GREY       —         #8F8F8F (was 9A9A9A) 3,23:1 (was 2,81:1)
========== ========= ==================== =======================================

Okabe–Ito's yellow (#F0E442, 1,32:1) cannot be darkened and stay yellow: the
charts do not use it.
"""

from __future__ import annotations

from matplotlib.colors import to_rgb

BLUE = "#0072B2"
ORANGE = "#BD8300"
SKY = "#1D96DB"
GREEN = "#009E73"
VERMILION = "#D55E00"
PINK = "#CC79A7"
GREY = "#8F8F8F"
#: Federal and state money, in every chart that shows both.
FEDERAL, STATE = BLUE, ORANGE
#: Text: titles and labels, axis ticks, notes (7,5:1 to 12,6:1 on white).
TEXT, TICKS, NOTE = "#333333", "#444444", "#555555"
#: Grid lines: a reading aid behind the bars, not a part of the chart one needs
#: (the axis carries its numbers and the bars their labels), so lighter than 3:1.
GRID = "#DDDDDD"
WHITE, BLACK = "#FFFFFF", "#000000"


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (0 for black, 1 for white).

    >>> relative_luminance("#FFFFFF"), relative_luminance("#000000")
    (1.0, 0.0)
    """

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two colours, from 1 (same) to 21 (black on white).

    >>> round(contrast("#E69F00", "#FFFFFF"), 2), round(contrast(ORANGE, WHITE), 2)
    (2.25, 3.28)
    """
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str) -> str:
    """The text colour for a label drawn on ``fill``: white or black, whichever
    contrasts more (white on blue, black on the darkened orange).

    >>> text_on(BLUE), text_on(ORANGE)
    ('#FFFFFF', '#000000')
    """
    return WHITE if contrast(fill, WHITE) >= contrast(fill, BLACK) else BLACK
