"""The PDFs: every notebook executed by papermill on the sample data, each PDF
tagged (PDF/UA-1, PDF/A-2a), the release's figures in the consolidated PDF's
text, escaping, and a failing notebook that leaves the previous PDF untouched.
Slow: builds real PDFs."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import ROOT
from pypdf import PdfReader

from balanco import published, report
from balanco.config import Settings
from balanco.io import sha256

pytestmark = pytest.mark.slow


def pdf_text(path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"[ \t\u00a0]+", " ", text)


def project_copy(dest, years=(2024,)):
    for folder in ("notebooks", "templates", "docs", "data/published"):
        shutil.copytree(ROOT / folder, dest / folder)
    for year in years:
        shutil.copytree(ROOT / "data" / "raw" / str(year), dest / "data" / "raw" / str(year))
    return Settings(root=dest)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    settings = project_copy(tmp_path_factory.mktemp("projeto"))
    (outcome,) = report.build(settings, [2024], jobs=2, progress=lambda _m: None)
    assert outcome.status == "ok", outcome.errors
    return settings, outcome


def test_every_notebook_runs_and_exports(built):
    settings, result = built
    assert sorted(result.built) == sorted(report.NOTEBOOKS)
    out = settings.reports_path(2024)
    for name in report.NOTEBOOKS:
        assert (out / f"{name}-2024.pdf").stat().st_size > 20_000
        executed = json.loads((out / "notebooks" / f"{name}.ipynb").read_text("utf-8"))
        outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
        assert not [o for o in outputs if o["output_type"] == "error"]
        assert any("application/pdf" in o.get("data", {}) for o in outputs)  # vector charts


def test_consolidated_pdf_prints_every_release_figure_as_published(built):
    settings, _ = built
    text = pdf_text(settings.reports_path(2024) / "balanco-2024.pdf")
    pub = published.load(settings, 2024)
    for key, figure in pub.figures.items():
        assert figure in text, key
    for sentence in (
        "22 convênios federais que totalizaram R$ 97,3 milhões",
        "36 convênios estaduais no valor de R$ 53,1 milhões",
        "3.303 atendimentos",
        "Fala Itaquá",
        "Boletim Itaquá",
    ):
        assert sentence in re.sub(r"\s+", " ", text), sentence
    assert "14 de 14 números do release conferem" in text


def test_every_pdf_is_tagged_and_reads_the_release_figures_in_order(built):
    from pdf_structure import assert_accessible, reading_order_text

    settings, _ = built
    out = settings.reports_path(2024)
    for name in report.NOTEBOOKS:
        s = assert_accessible(out / f"{name}-2024.pdf")
        assert s.kinds["Figure"] >= 1 and s.kinds["Table"] >= 1, name
        assert "2024" in s.title and "Itaquaquecetuba" in s.title, name
        assert any(t.endswith("Qualidade dos dados") for t in s.outline), name  # bookmarks
    text = reading_order_text(out / "balanco-2024.pdf")
    pub = published.load(settings, 2024)
    assert len(pub.figures) == 14
    for key, figure in pub.figures.items():
        assert figure in text, key


def test_pdfs_carry_no_code_nor_parameters(built):
    settings, _ = built
    for name in report.NOTEBOOKS:
        text = pdf_text(settings.reports_path(2024) / f"{name}-2024.pdf")
        for code in ("open_report", "report.", "import", "reports_dir =", "In [", "Out["):
            assert code not in text, (name, code)
        assert "Sumário" in text  # contents page


def test_latex_special_characters_print_literally(tmp_path):
    from openpyxl import load_workbook

    settings = project_copy(tmp_path)
    nasty = r"Rádio \textbf{X} 100% & $5 #1 _a_ {b} ~c^ \input{/etc/hostname}"
    path = settings.raw_dir(2024) / "demandas_imprensa.xlsx"
    wb = load_workbook(path)
    ws = wb.active
    header_row = next(r for r in ws.iter_rows() if any(c.value == "Veículo" for c in r))
    col = next(c.column for c in header_row if c.value == "Veículo")
    for row in range(header_row[0].row + 1, ws.max_row + 1):
        if ws.cell(row=row, column=col).value:
            ws.cell(row=row, column=col, value=nasty)  # every demand from this outlet
    wb.save(path)

    (outcome,) = report.build(
        settings, [2024], names=("comunicacao",), jobs=1, progress=lambda _m: None
    )
    assert outcome.status == "ok", outcome.errors

    text = pdf_text(settings.reports_path(2024) / "comunicacao-2024.pdf")
    assert re.sub(r"\s+", "", nasty) in re.sub(r"\s+", "", text)


def test_failing_notebook_keeps_previous_pdf_and_names_the_cell(built, tmp_path):
    settings, _ = built
    out = settings.reports_path(2024)
    before = sha256(out / "cpd-2024.pdf")
    nb_path = settings.notebooks_dir / "cpd.ipynb"
    original = nb_path.read_text("utf-8")
    nb = json.loads(original)
    nb["cells"].insert(
        5,
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "quebra",
            "metadata": {},
            "outputs": [],
            "source": ['report.chart("cpd", "nao_existe")'],
        },
    )
    nb_path.write_text(json.dumps(nb), "utf-8")
    try:
        (outcome,) = report.build(
            settings, [2024], names=("cpd",), jobs=1, progress=lambda _m: None
        )
    finally:
        nb_path.write_text(original, "utf-8")
    assert outcome.status == "falhou"
    message = outcome.errors[0]
    assert "notebooks/cpd.ipynb (2024) falhou na célula de código nº 4" in message
    assert 'report.chart("cpd", "nao_existe")' in message
    assert (out / "notebooks" / "cpd.erro.ipynb").exists()
    assert sha256(out / "cpd-2024.pdf") == before
    assert list(out.glob(".*")) == []  # no temporary leftovers
    assert [p.name for p in out.parent.glob(".*")] == [".2024.lock"]


def test_notebook_runs_with_its_defaults_in_a_fresh_kernel_from_its_folder(tmp_path):
    """As an analyst in JupyterLab: a new kernel started in notebooks/, no parameters."""
    import papermill as pm

    settings = project_copy(tmp_path, years=(2023, 2024))
    out = tmp_path / "executado.ipynb"
    pm.execute_notebook(
        str(settings.notebooks_dir / "procon.ipynb"),
        str(out),
        cwd=str(settings.notebooks_dir),
        kernel_name="python3",
        progress_bar=False,
    )
    executed = json.loads(out.read_text("utf-8"))
    shown = [
        "".join(o["data"].get("text/markdown", ""))  # stored as a list of lines
        for c in executed["cells"]
        for o in c.get("outputs", [])
        if "data" in o
    ]
    assert any("Procon — 2024" in s for s in shown)
    assert (settings.processed_dir(2024) / "indicadores.json").exists()  # prepared on demand


def test_the_public_text_has_no_developer_word_before_the_colophon(built):
    """Issue 17: file names, hashes and parameters are the auditors' (the colophon);
    the body of every PDF and HTML is written for a citizen."""
    from test_public_text import DEVELOPER_WORDS, HASH

    settings, _ = built
    out = settings.reports_path(2024)
    for name in report.NOTEBOOKS:
        pdf = pdf_text(out / f"{name}-2024.pdf")
        pdf = re.sub(r"(\w)-\n(\w)", r"\1\2", pdf)  # a word hyphenated at a line's end
        html = _visible_text((out / f"{name}-2024.html").read_text("utf-8"))
        for where, text in (("pdf", pdf), ("html", html)):
            body = re.sub(r"\s+", " ", text[: text.rindex("Colofão")])
            found = [w for w in DEVELOPER_WORDS if w.casefold() in body.casefold()]
            assert not found, (name, where, found)
            assert not HASH.search(body), (name, where)
        # On screen not even the colophon spells a hash out: a prefix, the value in a title.
        assert not HASH.search(html), name


def _visible_text(page: str) -> str:
    """The text of an HTML page a reader sees (no style, script nor drawing)."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag, attrs):
            self.hidden += tag in ("style", "script", "svg")

        def handle_endtag(self, tag):
            self.hidden -= tag in ("style", "script", "svg")

        def handle_data(self, data):
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(page)
    return " ".join(parser.parts)
