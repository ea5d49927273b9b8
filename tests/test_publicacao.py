"""Issue 17 (7): dates and links that hold outside the machine. The cover's date is
the year's publication date set in the municipality file (the build date only
when unset, and the colophon says so); the PDF's link to its HTML is absolute
when the file gives the site's address."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from conftest import write

from balanco.config import load_municipio, read_municipio
from balanco.errors import BadInput
from balanco.notebook.front import FrontMatter
from balanco.notebook.sources import Sources

MINIMAL = """\
nome = "Suzano"
uf = "SP"
codigo_ibge = "3552502"
secretaria = "Secretaria de Governo"
departamentos = ["procon"]
categorias_release = ["Imprensa"]
governo_estadual = "Governo de SP"
"""
SITE = 'endereco_publicacao = "https://www.prefeitura.exemplo.gov.br/balancos/"\n'


def _settings(tmp_path, extra: str = ""):
    write(tmp_path / "municipios" / "suzano.toml", MINIMAL + extra)
    return load_municipio(tmp_path, "suzano")


def _report(settings, cls=FrontMatter, department=None):
    data = SimpleNamespace(extra={}, data_hash="0" * 64, sources=[])
    return cls(data, 2024, settings.municipality, department, {}, settings)


def test_the_cover_prints_the_publication_date_and_an_absolute_link(tmp_path):
    s = _settings(tmp_path, SITE + "\n[publicacao]\n2024 = 2025-01-20\n")
    latex = _report(s, department="procon").cover().latex
    assert "Suzano (SP), 20 de janeiro de 2025" in latex
    # The site mirrors reports/: the year's folder, then the file.
    url = "https://www.prefeitura.exemplo.gov.br/balancos/2024/procon-2024.html"
    assert f"\\href{{{url}}}" in latex


def test_the_pdf_cover_prints_the_publication_date_and_an_absolute_link(tmp_path):
    # The PDF is Typst: its cover is the cover's Typst form, not the LaTeX one.
    s = _settings(tmp_path, SITE + "\n[publicacao]\n2024 = 2025-01-20\n")
    typst = _report(s, department="procon").cover().typst
    assert "Suzano (SP), 20 de janeiro de 2025" in typst
    url = "https://www.prefeitura.exemplo.gov.br/balancos/2024/procon-2024.html"
    assert f'#link("{url}")' in typst


def test_a_month_only_date_is_printed_as_the_month_never_an_invented_day(tmp_path):
    # The release of the 2024 balance is dated "2024-12": the cover says the month.
    s = _settings(tmp_path, '\n[publicacao]\n2024 = "2024-12"\n')
    report = _report(s)
    pub = report.publication()
    assert pub.day_set and pub.long_date == "dezembro de 2024"
    assert "Suzano (SP), dezembro de 2024" in report.cover().typst
    colophon = _report(s, Sources).colophon().markdown.replace("\\", "")
    assert "Publicado em dezembro de 2024" in colophon


def test_without_a_date_the_cover_has_the_build_date_and_the_colophon_says_so(tmp_path):
    s = _settings(tmp_path, '\n[publicacao]\n2023 = "2024-02-01"\n')  # another year's
    report = _report(s)
    pub = report.publication()
    assert not pub.day_set and pub.day == date.today()
    assert pub.html_link == "balanco-2024.html" and not pub.absolute
    assert "\\href{balanco-2024.html}" in report.cover().latex
    colophon = _report(s, Sources).colophon().markdown
    assert "não define a data de publicação de 2024" in colophon
    assert "é relativo" in colophon and "endereco\\_publicacao" in colophon


def test_the_colophon_states_the_date_set_and_the_address(tmp_path):
    s = _settings(tmp_path, SITE + "[publicacao]\n2024 = 2025-01-20\n")
    colophon = _report(s, Sources).colophon().markdown.replace("\\", "")  # Markdown escapes
    assert "Publicado em 20 de janeiro de 2025" in colophon
    assert "balancos/2024/balanco-2024.html" in colophon


@pytest.mark.parametrize(
    ("extra", "column", "value"),
    [
        ('endereco_publicacao = "www.exemplo.gov.br"\n', "endereco_publicacao", None),
        # Issue 17 (review): http:// is refused as the message says (https:// only).
        ('endereco_publicacao = "http://www.exemplo.gov.br"\n', "endereco_publicacao", None),
        # More than two years after the balance's year: 2024's latest is 2026-12-31.
        ("[publicacao]\n2024 = 2099-01-01\n", "publicacao.2024", "2099-01-01"),
        ("[publicacao]\n2024 = 2027-01-01\n", "publicacao.2024", "2027-01-01"),
        ('[publicacao]\n2024 = "2027-01"\n', "publicacao.2024", "2027-01"),
        ("[publicacao]\n2024 = 2023-12-31\n", "publicacao.2024", "2023-12-31"),
        ('[publicacao]\n2024 = "2023-12"\n', "publicacao.2024", "2023-12"),
        ('[publicacao]\n2024 = "2024-13"\n', "publicacao.2024", "2024-13"),
        ('[publicacao]\n2024 = "20/01/2025"\n', "publicacao.2024", "20/01/2025"),
        ('[publicacao]\nano = "2025-01-20"\n', "publicacao.ano", "ano"),
        ("[publicacao]\n2024 = 2025-01-20T10:00:00\n", "publicacao.2024", None),
    ],
)
def test_a_wrong_address_or_date_stops_with_the_line_and_what_was_expected(
    tmp_path, extra, column, value
):
    path = write(tmp_path / "municipios" / "suzano.toml", MINIMAL + extra)
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    (problem,) = err.value.problems
    assert problem.column == column
    assert problem.line == len(MINIMAL.splitlines()) + len(extra.splitlines())
    assert problem.expected.startswith("não serve:")
    if value is not None:
        assert problem.value == value


def test_a_date_may_be_written_between_quotes(tmp_path):
    # A year-end review may come out in December of its own year.
    s = _settings(tmp_path, '[publicacao]\n2024 = "2025-01-20"\n2023 = 2023-12-18\n')
    assert s.publication_dates == ((2023, date(2023, 12, 18)), (2024, date(2025, 1, 20)))
    assert s.publication_url == ""


def test_the_latest_date_accepted_is_the_end_of_the_second_year_after(tmp_path):
    s = _settings(tmp_path, '[publicacao]\n2024 = 2026-12-31\n2023 = "2025-12"\n')
    assert dict(s.publication_dates)[2024] == date(2026, 12, 31)


def test_a_municipality_file_message_says_key_not_column(tmp_path):
    # Issue 17 (review): 'coluna "publicacao.2024"' for a TOML key; CSV messages keep
    # "coluna".
    path = write(
        tmp_path / "municipios" / "suzano.toml", MINIMAL + "[publicacao]\n2024 = 2099-01-01\n"
    )
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    text = err.value.render()
    assert 'chave "publicacao.2024"' in text and "coluna" not in text
    assert "dois anos seguintes" in text


def test_the_html_header_has_the_publication_date(tmp_path):
    # Issue 17 (review): the PDF's cover had the date, the HTML's header had none.
    s = _settings(tmp_path, '\n[publicacao]\n2024 = "2024-12"\n')
    assert "Suzano (SP), dezembro de 2024" in _report(s).cover().markdown.replace("\\", "")


def test_a_department_colophon_lists_only_what_its_report_used(tmp_path):
    # Issue 17 (review): each department's colophon listed the other departments'
    # free-text columns and destaques.toml, which its report never read.
    from balanco.highlights import Highlights

    extra = 'publicar_texto_livre = ["oficios.assunto", "comunicacao_demandas.veiculo"]\n'
    text = MINIMAL.replace('departamentos = ["procon"]', 'departamentos = ["procon", "cpd"]')
    write(tmp_path / "municipios" / "suzano.toml", text + extra)
    s = load_municipio(tmp_path, "suzano")

    def source(name, department):
        return {"arquivo": name, "departamento": department, "sha256": "a" * 64}

    files = [
        source("sindec_atendimentos.csv", "procon"),
        source("glpi_chamados.csv", "cpd"),
        source("destaques.toml", "secretaria"),
    ]
    data = SimpleNamespace(
        extra={}, data_hash="0" * 64, sources=files, highlights=Highlights(projetos_cpd=("A",))
    )

    def colophon(department):
        report = Sources(data, 2024, s.municipality, department, {}, s)
        return report.colophon().markdown.replace("\\", "")

    procon = colophon("procon")
    assert "sindec_atendimentos.csv" in procon
    for other in ("glpi_chamados.csv", "destaques.toml", "oficios.assunto", "veiculo"):
        assert other not in procon
    # The CPD's text quotes the projects of destaques.toml: its colophon names the file.
    cpd = colophon("cpd")
    assert "glpi_chamados.csv" in cpd and "destaques.toml" in cpd
    assert "sindec" not in cpd
