"""The charts' font, and text fitted to a chart's width in it.

The charts embed their fonts as TrueType (Type 42, searchable text) from a copy of
DejaVu Sans trimmed once per machine (:func:`families`); :func:`fill` breaks a
title or a note into lines measured in that font, so that no text widens a chart.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

from matplotlib.figure import Figure

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


#: A number with its currency before or its unit after, kept on one line by :func:`fill`.
_UNBROKEN = re.compile(r"(?:R\$ )?[−-]?\d[\d.,]*%?(?: (?:milhões|milhão|mil|bilhões|bilhão))?")


def fill(text: str, fig: Figure, *, size: float, bold: bool = False) -> str:
    """``text`` broken into lines that fit the figure's width at ``size`` points,
    measured in the charts' font: a long title or note never widens the chart (a
    chart wider than the page would be shrunk, and its text with it)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=list(families()), size=size, weight="bold" if bold else None)
    room = fig.get_figwidth() * 72 * 0.97
    measure = TextToPath().get_text_width_height_descent
    lines: list[str] = []
    # An amount never breaks: "R$ 27,0 milhões", "1.214 demandas" stay on one line.
    text = _UNBROKEN.sub(lambda m: m.group().replace(" ", "\u00a0"), str(text))
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            wider = f"{line} {word}" if line else word
            if line and measure(wider, prop, ismath=False)[0] > room:
                lines.append(line)
                line = word
            else:
                line = wider
        lines.append(line)
    return "\n".join(lines)
