"""The consolidated balance follows the departments of the run: a section for each
enabled one (an outside one included) in the registry's order, nothing for the
others but one sentence in the summary, a methodology about the enabled ones
only, sentences whose grammar fits any set of departments, and a PDF title that
names the municipality and the year."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import import_module
from types import SimpleNamespace

import pytest
from conftest import ROOT, write
from test_department_notebook import TOY
from test_enabled_departments import two_department_project

from balanco import departments, narrative, pipeline
from balanco.config import Settings
from balanco.highlights import Highlights
from balanco.notebook import Report
from balanco.sentences import departments as departments_phrase
from balanco.sentences import of

# Three toys handed out in 2024 (two in January), one in December 2023.
TOYS_CSV = (
    "Data;Brinquedo\n05/01/2024;Pião\n10/01/2024;Bola\n03/03/2024;Boneca\n20/12/2023;Carrinho\n"
)


def _dept(title: str, article: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(TITLE=title, **({"ARTICLE": article} if article is not None else {}))


def test_a_department_is_named_with_its_own_article():
    assert of(departments.procon) == "do Procon"
    assert of(departments.convenios) == "de Convênios"
    assert of(departments.comunicacao) == "de Comunicação"
    assert of(departments.cpd) == "do Centro de Processamento de Dados (CPD)"
    assert of(_dept("Brinquedoteca")) == "de Brinquedoteca"  # no ARTICLE: none
    assert of(_dept("Ouvidoria", "a")) == "da Ouvidoria"
    assert of(_dept("Arquivos", "os")) == "dos Arquivos"
    with pytest.raises(ValueError, match="ARTICLE"):
        of(_dept("Ouvidoria", "la"))


def test_the_list_of_departments_reads_right_for_any_set():
    procon, cpd = departments.procon, departments.cpd
    assert departments_phrase([procon]) == "do departamento do Procon"
    assert departments_phrase([procon, cpd]) == (
        "dos departamentos do Procon e do Centro de Processamento de Dados (CPD)"
    )
    assert departments_phrase([procon, _dept("Ouvidoria", "a"), _dept("Brinquedoteca")]) == (
        "dos departamentos do Procon, da Ouvidoria e de Brinquedoteca"
    )


def test_the_summary_says_which_departments_are_left_out():
    hl = Highlights()
    two = Settings(root=ROOT, departments=("cpd", "procon"))
    first = narrative.summary({}, hl, year=2024, settings=Settings(root=ROOT, departments=()))[0]
    assert first.endswith(
        "Os departamentos de Convênios, do Procon, de Comunicação e do Centro de "
        "Processamento de Dados (CPD) não fazem parte deste balanço."
    )
    assert narrative.left_out(two) == (
        "Os departamentos de Convênios e de Comunicação não fazem parte deste balanço."
    )
    three = Settings(root=ROOT, departments=("cpd", "procon", "comunicacao"))
    assert narrative.left_out(three) == ("O departamento de Convênios não faz parte deste balanço.")
    assert narrative.left_out(Settings(root=ROOT)) is None


def test_the_consolidated_notebook_names_no_department():
    nb = json.loads((ROOT / "notebooks" / "balanco.ipynb").read_text("utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"])
    for dept in departments.DEPARTMENTS:
        assert f'"{dept.NAME}"' not in text
        assert f"# {dept.TITLE}" not in text
    assert "report.departments()" in text


def test_the_pdf_title_names_the_municipality_and_the_year(tmp_path):
    s = two_department_project(tmp_path)
    data = SimpleNamespace(extra={})
    consolidated = Report(data, 2024, "Suzano", None, {}, s).cover().latex  # type: ignore[arg-type]
    assert "pdftitle={Balanço anual de 2024 — Prefeitura Municipal de Suzano}" in consolidated
    procon = Report(data, 2024, "Suzano", "procon", {}, s).cover().latex  # type: ignore[arg-type]
    assert "pdftitle={Balanço de 2024 do Procon — Prefeitura Municipal de Suzano}" in procon


def _headings(outputs) -> list[str]:
    return [
        m.group(1)
        for p in outputs.parts
        for m in [re.match(r"\\section\{(.*)\}", getattr(p, "latex", ""))]
        if m
    ]


@pytest.fixture
def toy_module(tmp_path, monkeypatch):
    for name, text in TOY.items():
        write(tmp_path / "modulos" / "brinquedoteca" / name, text.lstrip())
    monkeypatch.syspath_prepend(str(tmp_path / "modulos"))
    return import_module("brinquedoteca")


def test_each_enabled_department_gets_its_section_in_the_registry_order(
    tmp_path, monkeypatch, toy_module
):
    """Procon and CPD enabled, and an outside department added to the run: three
    sections — headings, indicators, the first chart — and nothing of the others."""
    from balanco import notebook

    s = two_department_project(tmp_path)
    write(s.raw_dir(2024) / "brinquedos.csv", TOYS_CSV)
    registered = (*departments.DEPARTMENTS, toy_module)
    monkeypatch.setattr(departments, "DEPARTMENTS", registered)
    monkeypatch.setitem(notebook.BY_NAME, "brinquedoteca", toy_module)
    data = pipeline.prepare(s, 2024)
    report = Report(data, 2024, s.municipality, None, {}, s)
    sections = report.departments()
    assert _headings(sections) == [
        "Procon",
        "Centro de Processamento de Dados (CPD)",
        "Brinquedoteca",
    ]
    shown = repr(sections)
    assert "## Brinquedoteca" in shown and "Brinquedos entregues | 3" in shown
    assert "Convênios" not in shown and "Comunicação" not in shown
    summary = " ".join(report.summary().paragraphs)
    assert "dos departamentos do Procon, do Centro de Processamento de Dados (CPD) e de " in summary
    assert "Os departamentos de Convênios e de Comunicação não fazem parte" in summary

    methodology = report.methodology().text
    assert "## Procon" in methodology and "## Brinquedoteca" in methodology
    for other in ("Transferegov", "Convênios estaduais", "release", "## Convênios"):
        assert other not in methodology


def test_the_methodology_of_every_department_keeps_their_rules():
    from balanco.notebook import open_report

    report = open_report(year=2024, data_dir="", reports_dir="")
    text = report.methodology().text
    assert "código IBGE do município, 3523107" in text
    assert 'conta como release quando está na categoria "Notícias"' in text
    assert text.index("## Convênios") < text.index("## Procon") < text.index("## Comunicação")


def test_no_methodology_heading_repeats_a_department_section_heading():
    # Issue 17 (review): "Convênios", "Procon"… were h2 of the department's section
    # and again h3 under "Fontes e métodos": each heading of the report is unique.
    from balanco.notebook import open_report

    report = open_report(year=2024, data_dir="", reports_dir="")
    found = re.findall(r"^#+ (.+)$", report.methodology().text, re.MULTILINE)
    sections = {d.TITLE for d in departments.DEPARTMENTS}
    assert "Convênios: definições" in found and "Procon: definições" in found
    assert sections.isdisjoint(found), found
    assert len(found) == len(set(found))


def _pdf_pages(path) -> list[str]:
    from pypdf import PdfReader

    # A word hyphenated at the end of a line is read whole again.
    pages = [re.sub(r"(\w)-\n(\w)", r"\1\2", p.extract_text() or "") for p in PdfReader(path).pages]
    return [re.sub(r"\s+", " ", p) for p in pages]


def _toc(pages: list[str]) -> str:
    """The table of contents: the page that starts with "Sumário"."""
    return next(p for p in pages if p.startswith("Sumário"))


@pytest.mark.slow
def test_a_toy_only_run_builds_its_consolidated_pdf(tmp_path):
    """``BALANCO_DEPARTAMENTOS=<toy>``: ``balanco report`` builds the consolidated
    balance with the toy's section."""
    from pypdf import PdfReader

    modules = tmp_path / "modulos"
    for name, text in TOY.items():
        write(modules / "brinquedoteca" / name, text.lstrip())
    project = tmp_path / "projeto"
    for folder in ("municipios", "notebooks", "templates", "docs", "data/published"):
        shutil.copytree(ROOT / folder, project / folder)
    write(project / "data/raw/2024/brinquedos.csv", TOYS_CSV)
    env = {**os.environ, "PYTHONPATH": str(modules), "BALANCO_DEPARTAMENTOS": "brinquedoteca"}
    done = subprocess.run(
        [sys.executable, "-m", "balanco.cli", "report", "--year", "2024"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = project / "reports/2024/balanco-2024.pdf"
    pages = _pdf_pages(pdf)
    text, toc = " ".join(pages), _toc(pages)
    assert "2 Brinquedoteca" in toc
    for other in ("Convênios", "Procon", "Comunicação", "Processamento"):
        assert other not in text
    assert "articular demandas do departamento de Brinquedoteca." in text
    assert "não faz parte deste balanço" not in text
    assert "Brinquedos entregues 3" in text
    assert "A Brinquedoteca entregou 3 brinquedos no ano." in text
    assert "pico em janeiro" in text  # its chart
    title = PdfReader(pdf).metadata.title
    assert title == "Balanço anual de 2024 — Prefeitura Municipal de Itaquaquecetuba"


@pytest.mark.slow
def test_a_two_department_municipality_gets_their_sections_only(tmp_path):
    from pypdf import PdfReader

    from balanco import report

    s = two_department_project(tmp_path)
    for folder in ("notebooks", "templates", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (outcome,) = report.build(s, [2024], names=("balanco",), progress=lambda _m: None)
    assert outcome.status == "ok", outcome.errors
    pdf = s.reports_path(2024) / "balanco-2024.pdf"
    pages = _pdf_pages(pdf)
    text, toc = " ".join(pages), _toc(pages)
    assert "2 Procon" in toc and "3 Centro de Processamento de Dados (CPD)" in toc
    assert "Convênios" not in toc and "Comunicação" not in toc
    assert "dos departamentos do Procon e do Centro de Processamento de Dados (CPD)." in text
    sentence = "Os departamentos de Convênios e de Comunicação não fazem parte deste balanço"
    assert text.count(sentence) == 1
    assert "não faz parte" not in text
    methods = text[text.rindex("Fontes e métodos") :]
    for other in ("Transferegov", "Convênios estaduais", "release", "Convênios"):
        assert other not in methods
    # The quality section lists the checks that ran: none of Convênios' or Comunicação's.
    quality = text[text.index("Verificações feitas antes da publicação") : text.rindex("Fontes")]
    assert "Nenhum registro no ano do balanço" in quality
    for other in ("Transferegov", "WordPress", "Valor acima do limite"):
        assert other not in quality
    assert "1.783" in text and "1.385" in text
    title = PdfReader(pdf).metadata.title
    assert title == "Balanço anual de 2024 — Prefeitura Municipal de Suzano"
    # The accessible HTML: the cover's title is the only h1, each section an h2.
    html = pdf.with_suffix(".html").read_text("utf-8")
    assert len(re.findall(r"<h1[ >]", html)) == 1
    h2 = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]
    assert h2[:4] == [
        "Resumo",
        "Procon",
        "Centro de Processamento de Dados (CPD)",
        "Qualidade dos dados",
    ]
