"""matplotlib's text measurements for the SVG charts, each made once per process.

Every chart is laid out (constrained layout) and drawn twice, wide and for phones,
and matplotlib measures every tick label, title and note by laying its glyphs out
with FreeType again, with no cache across figures (``TextToPath``, which the SVG
backend measures with): a quarter of a notebook's time went there, measuring
"Janeiro" or "R$ 1,0 milhão" once more. :func:`install` keeps each measurement
made: the same text in the same fonts at the same size measures the same, so a
chart's bytes do not change (tests/test_text_metrics.py compares every
measurement with matplotlib's own).

Why not a library: matplotlib offers no switch for it. The key holds what
matplotlib's measurement reads: the text, the fonts it resolves for it (its
fallback list, each with its face index, through the same private helper
``TextToPath`` uses), the size, the last-resort and kerning settings; math text
and TeX are measured by matplotlib as always. If that helper ever goes, nothing
is cached. A text measured again is not laid out again, so a glyph missing from
the fonts warns the first time only (the warnings go to the notebook's stream
output, which neither the PDF nor the HTML prints).
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib import font_manager, textpath

#: Measurements kept per process before the cache starts again (a chart has a few
#: hundred texts; the five 2024 reports measure ~2.300).
LIMIT = 50_000

_ORIGINAL = textpath.TextToPath.get_text_width_height_descent
_CACHE: dict[tuple, tuple[float, float, float]] = {}


def _fonts(prop) -> tuple | None:
    """The fonts matplotlib lays ``prop``'s text out with: its fallback list, each
    entry a path with its face index in a collection (``.ttc``) as matplotlib
    keeps it (``FontPath``), never just the file's name."""
    find = getattr(font_manager.fontManager, "_find_fonts_by_props", None)
    if find is None:
        return None
    return tuple(find(prop))


def _measured(self, s, prop, ismath):
    fonts = None if ismath else _fonts(prop)
    if fonts is None:
        return _ORIGINAL(self, s, prop, ismath)
    # What else matplotlib's measurement reads: the settings get_font and FT2Font
    # take (a glyph missing from every font: the last-resort font or nothing;
    # kerning), and the class doing it.
    key = (
        s,
        fonts,
        prop.get_size_in_points(),
        type(self),
        self.FONT_SCALE,
        self.DPI,
        mpl.rcParams["font.enable_last_resort"],
        mpl.rcParams["text.kerning_factor"],
    )
    hit = _CACHE.get(key)
    if hit is None:
        if len(_CACHE) >= LIMIT:
            _CACHE.clear()
        hit = _CACHE[key] = _ORIGINAL(self, s, prop, ismath)
    return hit


def install() -> None:
    """Measure each text once in this process (idempotent)."""
    textpath.TextToPath.get_text_width_height_descent = _measured


def uninstall() -> None:
    """matplotlib's own measurement again, and the cache emptied (for tests)."""
    textpath.TextToPath.get_text_width_height_descent = _ORIGINAL
    _CACHE.clear()
