"""The charts' font: TrueType (Type 42) text that a reader can search and copy,
from a copy of DejaVu Sans trimmed once per machine (fast to embed), falling back
to the whole DejaVu Sans for anything the copy lacks, and to DejaVu Sans alone
when the copy cannot be made."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from balanco import charts

LABELS = ["Atendimentos à população", "Reclamações fundamentadas", "Audiências — CIP"]


def _chart_pdf_and_svg(labels, title="Órgão com acentuação: 1.234 · R$ 5,0 mi"):
    with charts.figure() as fig:
        ax = fig.add_subplot()
        charts.hbar(ax, labels, list(range(1, len(labels) + 1)), title=title, wrap=1000)
        svg, pdf = charts.render(fig)
    return svg, pdf


def _fonts(pdf: bytes) -> dict[str, str]:
    """BaseFont -> Subtype of every font the PDF embeds (descendants included)."""
    out: dict[str, str] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", []) or [font]:
                d = desc.get_object()
                out[str(d["/BaseFont"])] = str(d["/Subtype"])
    return out


def _text(pdf: bytes) -> str:
    return " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


def test_chart_text_is_truetype_from_the_trimmed_copy_and_extractable():
    assert charts.families() == (charts.CHART_FONT, charts.FONT)
    _svg, pdf = _chart_pdf_and_svg(LABELS)
    fonts = _fonts(pdf)
    assert fonts, "the chart embeds no font"
    # Type 42 in a PDF is a CIDFontType2 (TrueType outlines); Type 3 would be /Type3.
    assert set(fonts.values()) == {"/CIDFontType2"}, fonts
    assert all(re.fullmatch(r"/[A-Z]{6}\+BalancoSans(-Bold)?", name) for name in fonts), fonts
    text = _text(pdf)
    for label in [*LABELS, "Órgão com acentuação"]:
        assert label in text, (label, text)


def test_a_character_the_copy_lacks_comes_from_the_whole_dejavu_sans():
    greek = "Ωμέγα"  # Greek: DejaVu Sans has it, the trimmed Latin copy does not
    assert not any(ord(c) in charts.CHART_FONT_CODEPOINTS for c in greek)
    _svg, pdf = _chart_pdf_and_svg(["Atendimentos", f"Fornecedor {greek}"])
    fonts = _fonts(pdf)
    assert any("DejaVuSans" in name for name in fonts), fonts
    assert any("BalancoSans" in name for name in fonts), fonts
    assert greek in _text(pdf)


def test_the_trimmed_copy_measures_text_as_dejavu_sans_does():
    """Same advance widths and kerning: a chart lays out exactly as with DejaVu Sans."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    charts.families()  # registers the copy
    to_path = TextToPath()
    sample = "Reclamações 1.234,5 — Fiscalização · AV Tô VA"
    for weight in ("normal", "bold"):
        widths = [
            to_path.get_text_width_height_descent(
                sample, FontProperties(family=family, weight=weight, size=9), ismath=False
            )
            for family in (charts.CHART_FONT, charts.FONT)
        ]
        assert widths[0] == pytest.approx(widths[1]), weight


def test_the_svg_names_dejavu_sans_only():
    svg, _pdf = _chart_pdf_and_svg(LABELS)
    families = set(re.findall(r"font-family: ([^;\"]+)", svg))
    assert families == {"'DejaVu Sans'"}, families
    assert charts.CHART_FONT not in svg


def test_without_a_writable_cache_the_charts_use_dejavu_sans(tmp_path):
    """A read-only home: no trimmed copy, same chart, DejaVu Sans embedded, no warning."""
    blocked = tmp_path / "cache"
    blocked.write_text("not a folder")  # the copy's folder cannot be created under it
    code = (
        "import io, warnings\n"
        "warnings.simplefilter('error')\n"
        "from balanco import charts\n"
        "print(charts.families())\n"
        "with charts.figure() as fig:\n"
        "    ax = fig.add_subplot()\n"
        "    charts.hbar(ax, ['Reclamações'], [3], title='Título', wrap=100)\n"
        "    svg, pdf = charts.render(fig)\n"
        "print(b'DejaVuSans' in pdf, b'BalancoSans' in pdf)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(blocked)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["('DejaVu Sans',)", "True False"]


def test_the_copy_is_made_once_and_named_by_its_source(tmp_path):
    from matplotlib import font_manager

    source = font_manager.findfont(
        font_manager.FontProperties(family=charts.FONT), fallback_to_default=False
    )
    first = charts._trimmed_copy(source, "normal", tmp_path)
    stamp = first.stat().st_mtime_ns
    again = charts._trimmed_copy(source, "normal", tmp_path)
    assert again == first and again.stat().st_mtime_ns == stamp  # not remade
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name]
    from fontTools.ttLib import TTFont

    font = TTFont(first)
    cmap = font.getBestCmap()
    whole = TTFont(source).getBestCmap()
    wanted = {c for c in charts.CHART_FONT_CODEPOINTS if c in whole}
    assert wanted <= set(cmap), sorted(wanted - set(cmap))[:10]
    assert font["name"].getDebugName(1) == charts.CHART_FONT
    assert first.stat().st_size < os.path.getsize(source) / 4


# ------------------------------------------------- legible and contrasted (issue 17, item 5)
#
# The PDF places a chart at its natural size and shrinks it only when it is wider
# than the text width (A4 less 2,5 cm margins: 16 cm): a chart's text must be 8 pt
# or more as placed. Its colours must contrast with what is behind them: text
# 4,5:1 (WCAG 1.4.3), bars and other graphical objects 3:1 against white (1.4.11).

#: The PDF's text width, points.
TEXT_WIDTH_PT = 16 / 2.54 * 72


def placed_sizes(pdf: bytes) -> tuple[float, list[float]]:
    """The chart's natural width (pt) and each text's size as placed on the page
    (pt): the size set in the PDF times its text and graphics matrices, times the
    shrinking, if any, to the text width."""
    import math

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width = float(page.mediabox.width)
    scale = min(1.0, TEXT_WIDTH_PT / width)
    sizes: list[float] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(size * math.sqrt(abs(a * d - b * c)) * scale)

    page.extract_text(visitor_text=visit)
    return width, sizes


def luminance(colour: str) -> float:
    """Relative luminance, WCAG 2.x: sRGB channels linearised, weighted 0,2126 R +
    0,7152 G + 0,0722 B."""
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(ch * 2 for ch in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    """Contrast ratio, WCAG 2.x: (L1 + 0,05) / (L2 + 0,05), L1 the lighter."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_contrast_formula_on_known_pairs():
    # Black on white is 21:1; the figures: white on #E69F00 2,25:1, #56B4E9
    # 2,31:1 and #9A9A9A 2,81:1 against white.
    assert ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert round(ratio("#FFFFFF", "#E69F00"), 2) == 2.25
    assert round(ratio("#56B4E9", "#FFFFFF"), 2) == 2.31
    assert round(ratio("#9A9A9A", "#FFFFFF"), 2) == 2.81


_NAMED = {"white": "#FFFFFF", "black": "#000000"}
#: The grid lines' colour (resources/balanco.mplstyle, ``grid.color``).
GRID = "#DDDDDD"
_SVG = "{http://www.w3.org/2000/svg}"


def _style(element) -> dict[str, str]:
    pairs = (p.split(":", 1) for p in element.get("style", "").split(";") if ":" in p)
    return {k.strip(): v.strip() for k, v in pairs}


def _colour(value: str | None) -> str | None:
    if value is None or value == "none":
        return None
    return _NAMED.get(value, value).upper()


def svg_colours(svg: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The colours a rendered chart (SVG) uses: each text's colour and the colour
    of the filled shape drawn under it (white when none), and each shape's fill
    or line colour (kind, colour). Grid lines (:data:`GRID`) are left out of the
    shapes: a reading aid behind the bars, the axis carries the numbers."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg.split("?>", 1)[-1])
    defs = {id(e) for d in root.iter(f"{_SVG}defs") for e in d.iter()}
    boxes: list[tuple[float, float, float, float, str]] = []
    shapes: list[tuple[str, str]] = []
    texts: list[tuple[str, float, float, str]] = []
    for element in root.iter():
        if id(element) in defs:
            continue
        style = _style(element)
        tag = element.tag.removeprefix(_SVG)
        if tag == "text":
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            moved = re.search(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", element.get("transform", ""))
            if moved:
                x, y = float(moved[1]), float(moved[2])
            size = float(style.get("font-size", "10px").removesuffix("px"))
            x += {"end": -1.0, "middle": 0.0}.get(style.get("text-anchor", "start"), 1.0)
            text = "".join(element.itertext())
            texts.append((text, x, y - 0.35 * size, _colour(style.get("fill")) or "#000000"))
        elif tag in ("path", "use", "rect"):
            fill, stroke = _colour(style.get("fill")), _colour(style.get("stroke"))
            if tag == "path" and fill:
                numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", element.get("d", ""))]
                xs, ys = numbers[0::2], numbers[1::2]
                if xs and ys:
                    boxes.append((min(xs), min(ys), max(xs), max(ys), fill))
            if fill and fill != "#FFFFFF":
                shapes.append(("fill", fill))
            if stroke and stroke not in ("#FFFFFF", GRID):
                shapes.append(("line", stroke))
    found = []
    for text, x, y, colour in texts:
        under = [b[4] for b in boxes if b[0] <= x <= b[2] and b[1] <= y <= b[3]]
        found.append((text, colour, under[-1] if under else "#FFFFFF"))
    return found, shapes


def _check_contrast(name: str, svg: str) -> None:
    texts, shapes = svg_colours(svg)
    assert texts and shapes, name
    for text, colour, under in texts:
        assert ratio(colour, under) >= 4.5, (name, text, colour, under, ratio(colour, under))
    for kind, colour in shapes:
        assert ratio(colour, "#FFFFFF") >= 3.0, (name, kind, colour, ratio(colour, "#FFFFFF"))


def _drawings():
    from test_phone_charts import DRAWINGS

    long_title = (
        "O total de recursos captados em convênios cresceu 17,1% em relação a 2023 "
        "(2023: demonstração), um título longo como os dos gráficos de comparação"
    )
    return {
        **DRAWINGS,
        "compare-long": lambda fig: (
            charts.compare_years(
                fig.add_subplot(),
                ["Valor dos convênios federais", "Valor dos convênios estaduais"],
                [81_300_000, 47_300_000],
                [97_300_000, 53_100_000],
                years=(2023, 2024),
                title=long_title,
                fmt=charts.formatting.money_millions,
            ),
            charts.footnote(fig, "Fora da comparação, por não estarem disponíveis: " * 4),
        ),
        "hbar-groups": lambda fig: charts.hbar(
            fig.add_subplot(),
            ["Autuado", "Notificado", "Regular"],
            [7, 2, 6],
            title="9 fiscalizações de 15 encontraram irregularidades",
            colors=[charts.VERMILION, charts.VERMILION, charts.BLUE],
            legend={"Com irregularidade": charts.VERMILION, "Regular": charts.BLUE},
        ),
        "monthly-mean": lambda fig: charts.monthly(
            fig.add_subplot(),
            list(range(1, 13)),
            [32, 30, 41, 27, 29, 40, 26, 34, 28, 40, 38, 25],
            title="Releases por mês: média de 32,5",
            color=charts.GREEN,
            reference=("média: 32,5", 32.5),
        ),
    }


def _drawn(draw, height: float = 3.0) -> tuple[str, bytes]:
    with charts.figure(height=height) as fig:
        draw(fig)
        return charts.render(fig)


@pytest.mark.parametrize("kind", list(_drawings()))
def test_a_chart_fits_the_text_width_and_its_text_is_8_pt_or_more_as_placed(kind):
    _svg, pdf = _drawn(_drawings()[kind])
    width, sizes = placed_sizes(pdf)
    assert width <= TEXT_WIDTH_PT, (kind, width)  # placed at its natural size
    assert sizes and min(sizes) >= 8, (kind, sorted(set(sizes)))


@pytest.mark.parametrize("kind", list(_drawings()))
def test_a_charts_colours_contrast_on_screen_and_phone(kind):
    from balanco import phone

    draw = _drawings()[kind]
    _check_contrast(kind, _drawn(draw)[0])
    _check_contrast(f"{kind} (celular)", phone.svg(3.0, draw))


@pytest.fixture(scope="module")
def report_charts(prepared):
    """Every chart of the 2024 report the project's data draws, by name."""
    from balanco import pipeline
    from balanco.departments import enabled
    from balanco.display import Chart
    from balanco.notebook import Report

    data = pipeline.open_year(prepared, 2024)
    report = Report(data, 2024, prepared.municipality, None, {}, prepared)
    found = {}
    for dept in enabled(prepared):
        for name in dept.views.CHARTS:
            found[f"{dept.NAME}/{name}"] = report.chart(dept.NAME, name)
    drawn = {k: v for k, v in found.items() if isinstance(v, Chart)}
    assert len(drawn) == len(found), sorted(set(found) - set(drawn))
    return drawn


def test_every_chart_of_the_report_is_legible_in_the_pdf_and_on_a_phone(report_charts):
    from test_phone_charts import shown_font_px

    for name, chart in report_charts.items():
        width, sizes = placed_sizes(chart.pdf)
        assert width <= TEXT_WIDTH_PT, (name, width)
        assert min(sizes) >= 8, (name, sorted(set(sizes)))
        shown = shown_font_px(chart.svg_phone)
        assert min(shown) >= 12, (name, min(shown))


def test_every_chart_of_the_report_contrasts(report_charts):
    for name, chart in report_charts.items():
        _check_contrast(name, chart.svg)
        _check_contrast(f"{name} (celular)", chart.svg_phone)


# Dichromat vision simulated as Machado, Oliveira & Fernandes (2009) do, severity 1,
# on linear RGB; distances as CIE76 ΔE in CIELAB (D65).
DICHROMACY = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def _lab(linear: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen_apart(a: str, b: str, matrix) -> float:
    """ΔE between two colours as a dichromat sees them (``matrix``)."""

    def seen(colour: str):
        c = colour.lstrip("#")
        channels = [int(c[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in channels]
        return _lab([sum(m * v for m, v in zip(row, lin, strict=True)) for row in matrix])

    return sum((p - q) ** 2 for p, q in zip(seen(a), seen(b), strict=True)) ** 0.5


def test_the_colours_a_chart_tells_apart_stay_apart_for_colour_blind_readers():
    # The pairs the charts use to tell things apart: federal and state money, an
    # irregular and a regular inspection (and one without result), this year and
    # the previous, the highlighted bar and the others. Darkened for contrast, they
    # stay at least 10 ΔE apart in every dichromacy (2,3 is a just-noticeable one).
    pairs = [
        (charts.FEDERAL, charts.STATE),
        (charts.VERMILION, charts.BLUE),
        (charts.VERMILION, charts.GREY),
        (charts.BLUE, charts.GREY),
        (charts.BLUE, charts.SKY),
    ]
    for a, b in pairs:
        for kind, matrix in DICHROMACY.items():
            assert seen_apart(a, b, matrix) >= 10, (a, b, kind, seen_apart(a, b, matrix))
