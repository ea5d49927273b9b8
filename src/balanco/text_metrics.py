"""matplotlib's text measurements for the SVG charts, each made once per process.

Every chart is laid out (constrained layout) and drawn twice, wide and for phones,
and matplotlib measures every tick label, title and note by laying its glyphs out
with FreeType again, with no cache across figures (``TextToPath``, which the SVG
backend measures with): a quarter of a notebook's time went there, measuring
"Janeiro" or "R$ 1,0 milhão" once more. :func:`install` keeps each measurement
made: the same text in the same fonts at the same size measures the same, so a
chart's bytes do not change (tests/test_text_metrics.py compares every
measurement with matplotlib's own).

Why not a library: matplotlib offers no switch for it. The key holds the font
files matplotlib itself resolves for the text (its fallback list, through the
same private helper ``TextToPath`` uses); math text and TeX are measured by
matplotlib as always. If that helper ever goes, nothing is cached.
"""

from __future__ import annotations

from matplotlib import font_manager, textpath

#: Measurements kept per process before the cache starts again (a chart has a few
#: hundred texts; the five 2024 reports measure ~2.300).
LIMIT = 50_000

_ORIGINAL = textpath.TextToPath.get_text_width_height_descent
_CACHE: dict[tuple, tuple[float, float, float]] = {}


def _fonts(prop) -> tuple[str, ...] | None:
    find = getattr(font_manager.fontManager, "_find_fonts_by_props", None)
    if find is None:
        return None
    return tuple(str(f) for f in find(prop))


def _measured(self, s, prop, ismath):
    fonts = None if ismath else _fonts(prop)
    if fonts is None:
        return _ORIGINAL(self, s, prop, ismath)
    key = (s, fonts, prop.get_size_in_points(), self.FONT_SCALE, self.DPI)
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
