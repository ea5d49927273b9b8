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
