"""Issue 14, item 5, in the reports: a name typed in any free-text field of any
source reaches neither the PDF nor the HTML of any report (tables, lists, charts'
text, quality notes). Slow: builds every notebook's PDF and HTML."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest
from conftest import ROOT, write
from free_text_edits import write_names
from pypdf import PdfReader

from balanco import report
from balanco.config import load_municipio

pytestmark = pytest.mark.slow
YEAR = 2024


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        # alt texts and titles are read out too
        self.parts.extend(v for k, v in attrs if k in ("alt", "title", "aria-label") and v)


def html_text(path) -> str:
    parser = _Text()
    parser.feed(path.read_text("utf-8"))
    return " ".join(parser.parts)


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("nomes_relatorio")
    for folder in ("notebooks", "templates", "docs", "data/published"):
        shutil.copytree(ROOT / folder, root / folder)
    raw = root / "data" / "raw" / str(YEAR)
    shutil.copytree(ROOT / "data" / "raw" / str(YEAR), raw)
    names = write_names(raw)
    # A municipality that opts in nothing (the shipped file publishes its outlets,
    # secretariats, state bodies, trades and neighbourhoods: its own decision).
    text = (ROOT / "municipios" / "itaquaquecetuba.toml").read_text("utf-8")
    text, n = re.subn(r"(?ms)^publicar_texto_livre = \[.*?\]$", "publicar_texto_livre = []", text)
    assert n == 1
    write(root / "municipios" / "itaquaquecetuba.toml", text)
    settings = load_municipio(root, "itaquaquecetuba")
    assert settings.open_free_text == ()
    (outcome,) = report.build(settings, [YEAR], jobs=2, progress=lambda _m: None)
    assert outcome.status == "ok", outcome.errors
    return settings, names


def test_no_name_typed_in_a_free_text_field_reaches_a_report(built):
    settings, names = built
    out = settings.reports_path(YEAR)
    texts = {}
    for name in report.NOTEBOOKS:
        texts[f"{name}-{YEAR}.pdf"] = squash(pdf_text(out / f"{name}-{YEAR}.pdf"))
        html = out / f"{name}-{YEAR}.html"
        texts[html.name] = squash(html_text(html)) + squash(html.read_text("utf-8"))
    assert len(texts) == 2 * len(report.NOTEBOOKS)
    found = [
        (field, file)
        for field, person in names.items()
        for file, text in texts.items()
        if squash(person) in text
    ]
    assert found == []


def test_charts_of_names_not_opted_in_say_so_instead(built):
    # The outlets and the state granting bodies are typed by staff: with nothing opted
    # in, the report says in Portuguese that their names are not published.
    settings, _ = built
    out = settings.reports_path(YEAR)
    # LaTeX hyphenates at line ends ("im-\nprensa").
    press = squash(pdf_text(out / f"comunicacao-{YEAR}.pdf").replace("-\n", ""))
    assert (
        squash(
            "Demandas da imprensa por veículo: gráfico não disponível. Os nomes dos veículos "
            "de imprensa são digitados pela equipe e não são publicados neste balanço"
        )
        in press
    )
    grants = squash(pdf_text(out / f"convenios-{YEAR}.pdf").replace("-\n", ""))
    assert squash("Órgãos estaduais (nomes não publicados)") in grants
    assert squash("é o maior concedente federal") in grants
    assert squash("publicado por decisão do município") not in grants
