"""Issue 10 (1, 2, 5): the accessible HTML beside each PDF, PDFs with metadata and
chart alternative text, executed notebooks that export with a plain nbconvert and
open trusted in JupyterLab. Quick tests of the pieces first; the built report
(slow) after."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.sign import NotebookNotary
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pdf_structure import structure

from balanco import charts, report
from balanco.build import html as export_html
from balanco.display import Chart

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------- quick
def test_chart_alt_text_states_the_finding_and_every_number():
    with charts.figure() as fig:
        charts.hbar(
            fig.add_subplot(),
            ["Telefonia", "Bancos"],
            [1234, 56],
            title="Telefonia lidera as reclamações",
        )
        alt = charts.alt_text(fig, "Telefonia lidera as reclamações")
    assert alt == "Gráfico: Telefonia lidera as reclamações. Telefonia: 1.234; Bancos: 56."


def test_monthly_chart_alt_text_names_the_months():
    with charts.figure() as fig:
        charts.monthly(fig.add_subplot(), [1, 12], [10, 268], title="Dezembro foi o pico")
        alt = charts.alt_text(fig, "Dezembro foi o pico")
    assert alt == "Gráfico: Dezembro foi o pico. Janeiro: 10; dezembro: 268."


def test_chart_output_carries_its_alt_text_for_html_and_pdf():
    data, meta = Chart("<svg/>", b"%PDF", "Título", "Gráfico: Título. A: 1.")._repr_mimebundle_()
    assert data["text/plain"] == "Gráfico: Título. A: 1."
    assert meta["image/svg+xml"]["alt"] == meta["application/pdf"]["alt"] == data["text/plain"]


def test_notebook_headings_go_one_level_down_in_the_html():
    nb = new_notebook(cells=[new_markdown_cell("# Resumo\n\ntexto # não\n## Detalhe")])
    shifted = export_html.shift_headings(nb)
    assert shifted.cells[0].source == "## Resumo\n\ntexto # não\n### Detalhe"
    assert nb.cells[0].source.startswith("# Resumo")  # the argument is not changed


def test_audit_notebook_counts_from_one_and_is_signed(tmp_path):
    # A reused kernel numbers the second notebook's cells from where the first stopped.
    cells = [new_code_cell("1", execution_count=18), new_markdown_cell("# x")]
    cells[0].outputs = [new_output("execute_result", {"text/plain": "1"}, execution_count=18)]
    cells += [new_code_cell("2", execution_count=19), new_code_cell("# nunca executada")]
    path = tmp_path / "procon.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    report._renumber_and_sign(path)
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2, None]
    assert code[0].outputs[0]["execution_count"] == 1
    assert NotebookNotary().check_signature(nb)


def test_lab_opens_at_the_root_in_portuguese_and_as_root_only_when_root():
    make = (ROOT / "Makefile").read_text("utf-8")
    lab = make[make.index("\nlab:") :].split("\n\n")[0]
    assert "--ServerApp.root_dir=." in lab and "notebooks/" not in lab
    assert '[ "$$(id -u)" = 0 ] && echo --allow-root' in make
    overrides = (ROOT / "templates" / "jupyterlab-overrides.json").read_text("utf-8")
    assert '"locale": "pt_BR"' in overrides
    assert "jupyterlab-language-pack-pt-BR" in (ROOT / "pyproject.toml").read_text("utf-8")


# ----------------------------------------------------------------- slow: a built report
def _project(dest: Path):
    from balanco.config import Settings

    for folder in ("notebooks", "templates", "docs", "data/published"):
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copytree(ROOT / "data" / "raw" / "2024", dest / "data" / "raw" / "2024")
    return Settings(root=dest)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    settings = _project(tmp_path_factory.mktemp("projeto"))
    (outcome,) = report.build(settings, [2024], names=("procon",), jobs=1, progress=lambda _m: None)
    assert outcome.status == "ok", outcome.errors
    return settings.reports_path(2024)


@pytest.mark.slow
def test_html_beside_the_pdf_with_outline_language_and_alt_text(built):
    html = (built / "procon-2024.html").read_text("utf-8")
    assert (built / "procon-2024.pdf").exists()
    assert '<html lang="pt-BR">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    h2 = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]
    assert {"Resumo", "Indicadores", "Atendimentos", "Fontes"} <= set(h2)
    # No code, no prompts, no script: the page is the report.
    assert "open_report" not in html and "In&nbsp;[" not in html and "<script" not in html
    charts_ = re.findall(r'<div [^>]*role="img"[^>]*>', html)
    labels = [re.search(r'aria-label="([^"]+)"', d).group(1) for d in charts_]
    assert labels and all(label.startswith("Gráfico: ") for label in labels)
    assert all(re.search(r"\d", label) for label in labels)  # the numbers are in it
    assert "<svg" in html and "&lt;svg" not in html and "&lt;?xml" not in html
    assert "nan" not in re.sub(r"<[^>]+>", " ", html).split()


@pytest.mark.slow
def test_pdf_metadata_language_alt_text_and_fonts(built):
    from pypdf import PdfReader

    pdf = PdfReader(built / "procon-2024.pdf")
    info = pdf.metadata
    assert "2024" in info.title and "Procon" in info.title
    assert info.author.startswith("Secretaria de Governo")
    assert "Itaquaquecetuba" in info.subject and "2024" in info.subject
    assert "balanço anual" in info["/Keywords"]
    assert pdf.trailer["/Root"]["/Lang"] == "pt-BR"
    # The charts' alternative text, on the Figure elements of the tagged PDF's structure
    # tree: procon draws three charts (by type, by month, fiscalizações); no 2023, no
    # comparison.
    alts = structure(built / "procon-2024.pdf").figure_alts
    assert len(alts) == 3 and all(a.startswith("Gráfico: ") for a in alts), alts
    # Every font embedded (PDF/A), none a bitmap (Type 3) font: pdffonts' "emb" column.
    listed = subprocess.run(
        ["pdffonts", str(built / "procon-2024.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listed and all(" yes " in line for line in listed), listed
    assert not [line for line in listed if "Type 3" in line], listed
    # The cover links the accessible HTML.
    assert "procon-2024.html" in (pdf.pages[0].extract_text() or "")


@pytest.mark.slow
def test_audit_notebook_is_trusted_numbered_from_one_and_has_its_charts(built):
    nb = nbformat.read(built / "notebooks" / "procon.ipynb", as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    assert NotebookNotary().check_signature(nb)
    svgs = [
        o for c in nb.cells for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {})
    ]
    assert svgs


@pytest.mark.slow
def test_plain_nbconvert_exports_an_executed_notebook_without_the_template(built, tmp_path):
    # JupyterLab's File -> Save and Export Notebook As -> PDF is this command.
    nb = shutil.copy(built / "notebooks" / "procon.ipynb", tmp_path / "procon.ipynb")
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "pdf", str(nb)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "procon.pdf").stat().st_size > 10_000


@pytest.mark.slow
def test_html_passes_axe_in_chromium_at_phone_and_desktop_widths(built, tmp_path):
    from balanco_axe import check_page

    result = check_page(built / "procon-2024.html", tmp_path)
    assert result["serious"] == [], result["serious"]
    for shot in result["screenshots"]:
        assert shot.stat().st_size > 5_000
    assert result["overflow_at_375"] <= 0


#: What a chart's text measures in the browser, CSS px: its font size in the SVG's
#: user units times the scale from those units to the screen.
_CHART_TEXT_PX = """() => [...document.querySelectorAll('figure.grafico svg text')]
    .filter(t => t.getClientRects().length && t.textContent.trim())
    .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""


@pytest.mark.slow
def test_chart_text_is_legible_on_a_375_px_phone(built, tmp_path):
    # issue 14 (WCAG 1.4.4): the wide charts shrunk to a phone showed 6 px text.
    from balanco_axe import chromium, launch
    from playwright.sync_api import sync_playwright

    uri = (built / "procon-2024.html").resolve().as_uri()
    with sync_playwright() as p:
        browser = launch(p, chromium())
        try:
            sizes = {}
            for width in (375, 1280):
                page = browser.new_page(viewport={"width": width, "height": 812})
                page.goto(uri)
                sizes[width] = page.evaluate(_CHART_TEXT_PX)
                page.locator("figure.grafico").first.screenshot(
                    path=str(tmp_path / f"grafico-{width}.png")
                )
                page.close()
        finally:
            browser.close()
    assert sizes[375] and min(sizes[375]) >= 12, min(sizes[375])
    # On a desktop the wide chart, as in the PDF (8,5 pt labels at their own size).
    assert sizes[1280] and min(sizes[1280]) == pytest.approx(8.5 * 4 / 3, abs=0.1)


@pytest.mark.slow
def test_the_report_reads_once_and_its_numbers_stay_whole_on_a_phone(built):
    # issue 17 (1, 6), on the built Procon report: no number, amount or percentage
    # on two lines at 375 or 1280 px, every table in a box of its own, each chart's
    # description exposed once, headings nested without repeats, captions and scopes.
    from balanco_axe import chromium, launch
    from bs4 import BeautifulSoup
    from html_page import (
        PAGE_OVERFLOW,
        TABLE_BOXES,
        WRAPPED_NUMBERS,
        exposed,
        headings,
        outline_problems,
        repeated_headings,
    )
    from playwright.sync_api import sync_playwright

    path = built / "procon-2024.html"
    html = path.read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.select("table")
    assert tables and all(t.caption and t.caption.get_text(strip=True) for t in tables)
    assert all(th.get("scope") == "col" for t in tables for th in t.thead.select("th"))
    assert all(
        r.find().name == "th" and r.th["scope"] == "row"
        for t in tables
        for r in t.tbody.select("tr")
    )
    assert outline_problems(headings(html)) == []
    assert repeated_headings(headings(html)) == []
    labels = [d["aria-label"] for d in soup.select('[role="img"]')]
    with sync_playwright() as p:
        browser = launch(p, chromium())
        try:
            for width in (375, 1280):
                page = browser.new_page(viewport={"width": width, "height": 812})
                page.goto(path.resolve().as_uri())
                cells = page.evaluate(WRAPPED_NUMBERS)
                assert cells and [c for c in cells if c[1] != 1] == [], width
                assert all(
                    b["own"] and b["focusable"] and b["named"] for b in page.evaluate(TABLE_BOXES)
                )
                assert page.evaluate(PAGE_OVERFLOW) <= 0
                if width == 1280:
                    assert labels and [exposed(page, a) for a in labels] == [1] * len(labels)
                page.close()
        finally:
            browser.close()
