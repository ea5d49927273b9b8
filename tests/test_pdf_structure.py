"""The PDF is tagged (PDF/UA-1 and PDF/A-2a, compiled by Typst through the
project's nbconvert exporter): a small executed notebook made of the library's
own display objects, exported by the exporter's name through nbconvert's API."""

from __future__ import annotations

import importlib.metadata
import subprocess
import tomllib

import nbformat
import pytest
from conftest import ROOT
from IPython.core.formatters import DisplayFormatter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pdf_structure import assert_accessible, reading_order_text

from balanco import charts
from balanco.build.typst_exporter import TypstPDFExporter
from balanco.display import Bullets, Chart, Paragraphs, Table


def _chart(n: int) -> Chart:
    with charts.figure(height=3.1) as fig:
        ax = fig.add_subplot()
        ax.bar(["jan", "fev", "mar"], [n, 2, 3])
        svg, pdf = charts.render(fig, pdf=False)
    return Chart(svg, pdf, f"Gráfico número {n}", f"Gráfico {n}: barras de janeiro a março")


def _cell(obj) -> nbformat.NotebookNode:
    data, metadata = DisplayFormatter().format(obj)  # what the kernel sends
    cell = new_code_cell("report.x()", execution_count=1)
    cell.outputs = [new_output("display_data", data=data, metadata=metadata)]
    return cell


def _exported(nb, folder, name: str):
    """``nb`` exported by the project's exporter (Typst allowed only in ``folder``)
    to ``folder/name``."""
    body, _ = TypstPDFExporter(root=str(folder)).from_notebook_node(nb)
    pdf = folder / name
    pdf.write_bytes(body)
    return pdf


def _table_pdf(table: Table, folder, name: str, title: str):
    """A document holding only ``table``, under one heading, exported."""
    nb = new_notebook(cells=[new_markdown_cell("# Tabela"), _cell(table)])
    nb.metadata["title"] = title
    return _exported(nb, folder, name)


def _pages(pdf) -> list[str]:
    """The PDF's text, page by page (pdftotext)."""
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout.split("\f")


def notebook(charts_count: int = 5) -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell("# Resumo"),
        _cell(Paragraphs(["Foram R$ 97,3 milhões em 22 convênios."], heading="Destaques")),
        new_markdown_cell("# Números"),
        _cell(Table(["Indicador", "2024"], [["Convênios", "22"]], caption="Indicadores")),
        _cell(Bullets([("Convênios", "celebrados no ano")], heading="Como é calculado")),
        new_markdown_cell("# Gráficos\n\n" + "Um parágrafo antes dos gráficos. " * 12),
    ]
    cells += [_cell(_chart(n)) for n in range(1, charts_count + 1)]
    nb = new_notebook(cells=cells)
    nb.metadata["title"] = "Balanço de teste"
    return nb


def test_the_exported_pdf_is_tagged_with_figures_tables_and_headings(tmp_path):
    import json

    from traitlets.config import Config

    # With the README's nbconvert settings (which name other template folders).
    config = Config(json.loads((ROOT / "templates" / "nbconvert_config.json").read_text()))
    pdf = tmp_path / "teste.pdf"
    body, _ = TypstPDFExporter(config=config, root=str(tmp_path)).from_notebook_node(notebook())
    pdf.write_bytes(body)
    s = assert_accessible(pdf)
    # Every chart a Figure with the alternative text the HTML has, pushed to a
    # second page at least once; the table's header cells are TH.
    assert s.figure_alts == [f"Gráfico {n}: barras de janeiro a março" for n in range(1, 6)]
    assert s.headings[:3] == [1, 2, 1]  # Resumo, its part's heading, Números
    assert s.kinds["TH"] == 2 and s.kinds["Table"] == 1
    assert s.title == "Balanço de teste"
    text = reading_order_text(pdf)
    assert "Foram R$ 97,3 milhões em 22 convênios." in text
    assert "Gráfico 5: Gráfico número 5" in text  # the caption


def test_the_exporter_is_registered_and_found_by_name(tmp_path):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    declared = project["project"]["entry-points"]["nbconvert.exporters"]
    assert declared["balanco_pdf"] == "balanco.build.typst_exporter:TypstPDFExporter"
    installed = {
        e.name: e.value for e in importlib.metadata.entry_points(group="nbconvert.exporters")
    }
    if installed.get("balanco_pdf") != declared["balanco_pdf"]:
        pytest.skip("o balanco instalado é anterior a este pyproject.toml: pip install -e .")
    from nbconvert.exporters import get_export_names, get_exporter

    assert {"balanco_pdf", "balanco_typst"} <= set(get_export_names())
    path = tmp_path / "teste.ipynb"
    nbformat.write(notebook(charts_count=1), path)
    body, resources = get_exporter("balanco_pdf")().from_filename(str(path))
    assert resources["output_extension"] == ".pdf"
    (tmp_path / "teste.pdf").write_bytes(body)
    assert_accessible(tmp_path / "teste.pdf")


def test_a_long_table_breaks_between_rows_never_inside_one(tmp_path):
    # 40 rows of three lines each (a narrow first column): more than a page, so the
    # table breaks, and a break inside a row would put its lines on two pages.
    rows = [[f"início{n:02d} " + "palavra " * 12 + f"fim{n:02d}", str(n)] for n in range(40)]
    table = Table(["Descrição", "Nº"], rows, caption="Tabela longa", widths=(0.2, 0.1))
    pdf = _table_pdf(table, tmp_path, "tabela.pdf", "Tabela longa")
    s = assert_accessible(pdf)
    assert s.kinds["TH"] == 2
    pages = _pages(pdf)
    assert len([p for p in pages if p.strip()]) >= 2
    for n in range(40):
        where = {
            i
            for i, page in enumerate(pages)
            for tag in (f"início{n:02d}", f"fim{n:02d}")
            if tag in page
        }
        assert len(where) == 1, (n, where)  # the row's first and last lines on one page
    # The header repeats on every page the table reaches.
    assert all("Descrição" in p for p in pages if "início" in p)


def test_the_colophon_never_splits_across_pages(tmp_path):
    # A page filled almost to its foot, then the colophon: it moves whole to the next
    # page instead of leaving its title alone at the bottom (seen in the 2024 PDF).
    import typst
    from pypdf import PdfReader

    from balanco.notebook.typst_forms import colophon

    lines = [f"Linha {i} do colofão, para auditores." for i in range(1, 16)]
    source = tmp_path / "c.typ"
    source.write_text(
        '#set page(height: 12cm)\n#set text(lang: "pt")\n' + "#lorem(215)\n\n" + colophon(lines),
        encoding="utf-8",
    )
    pdf = tmp_path / "c.pdf"
    typst.compile(str(source), output=str(pdf))
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]
    holding = [i for i, text in enumerate(pages) if "Colofão" in text]
    last = [i for i, text in enumerate(pages) if "Linha 15 do colofão" in text]
    assert len(pages) >= 2 and holding == last


def _words(pdf) -> list[tuple[float, float, float, str]]:
    """Every word of the PDF's first page: (yMin, xMin, xMax, text), by pdftotext -bbox."""
    import re

    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(float(y), float(a), float(b), w) for a, y, b, w in re.findall(pattern, html)]


def test_money_columns_are_wide_enough_for_their_amounts(tmp_path):
    # Review of issue 16: "R$ 128,6 milhões R$ 150,5 milhões" ran into each other in
    # the 2024 PDF's comparison table (number columns narrower than their amounts).
    # Each row's cells, read left to right, must leave a gap wider than a word space
    # (the cells' insets: 2 x 5 pt) between one cell's last word and the next's first.
    from itertools import pairwise

    from balanco.formatting import money_millions

    a, b = money_millions(128_600_000), money_millions(150_500_000)
    assert a.replace("\xa0", " ") == "R$ 128,6 milhões"
    rows = [["Valor dos convênios", a, b, "+17,0%"], ["Convênios", "22", "25", "+13,6%"]]
    table = Table(
        ["Indicador", "2023", "2024", "Variação"],
        rows,
        align="lrrr",
        caption="Comparação",
        widths=(0.42, 0.15, 0.15, 0.18),
    )
    pdf = _table_pdf(table, tmp_path, "colunas.pdf", "Colunas")
    words = _words(pdf)
    page_width = 595.28
    for row in rows:
        first = next(w for w in words if w[3] == row[0].split()[0])
        line = sorted((w for w in words if abs(w[0] - first[0]) < 1), key=lambda w: w[1])
        # Words of two cells that touch are read as one word: the row reads wrong.
        assert " ".join(w[3] for w in line) == " ".join(" ".join(c.split()) for c in row)
        cells, k = [], 0
        for cell in row:
            n = len(cell.split())
            cells.append((line[k][1], line[k + n - 1][2]))
            k += n
        for (_, end), (start, _) in pairwise(cells):
            assert start - end > 6, (row, cells)
        assert cells[-1][1] < page_width - 2 * 56  # within the text width (2 cm margins)


def test_a_typst_error_reaches_the_analyst_as_a_portuguese_sentence(tmp_path):
    # Review of issue 16.5: Typst's raw English ("file not found …") was the whole
    # message; now a Portuguese sentence, the detail on a labelled second line.
    from balanco.build.typst_exporter import PDFCompileError

    cell = new_code_cell("x", execution_count=1)
    cell.outputs = [
        new_output("display_data", data={"text/vnd.balanco.typst": '#image("/nada.png")'})
    ]
    nb = new_notebook(cells=[new_markdown_cell("# Capa"), cell])
    nb.metadata["title"] = "Erro"
    with pytest.raises(PDFCompileError) as err:
        TypstPDFExporter(root=str(tmp_path)).from_notebook_node(nb)
    first, second = str(err.value).split("\n")
    assert first.startswith("O compositor do PDF (Typst) não conseguiu montar o documento")
    assert second.startswith("detalhe técnico: ") and "nada.png" in second


def test_cover_url_contents_font_and_demo_warning_on_every_page(tmp_path):
    # Review of issue 16 (low): the cover's address broke after "…itaquaquecetuba.sp."
    # (it reads as a sentence's end); second-level contents entries had another font;
    # a fictitious PDF said so on the cover only.
    from pypdf import PdfReader

    from balanco.notebook.typst_forms import cover

    url = "https://www.itaquaquecetuba.sp.gov.br/transparencia/balancos/2024/balanco-2024.html"
    notice = "DADOS FICTÍCIOS DE DEMONSTRAÇÃO — não são dados oficiais"
    front = cover(
        municipality="Itaquaquecetuba",
        secretariat="Secretaria de Administração",
        kind="",
        title="Balanço anual",
        year=2024,
        notice=notice + " da Prefeitura.",
        place_date="Itaquaquecetuba (SP), dezembro de 2024",
        html_line="Versão acessível (HTML, para leitores de tela e celulares):",
        html_name=url,
        logo=None,
    )
    meta = {"title": "Balanço anual de 2024", "footer": "Rodapé · 2024", "notice": notice}
    cell = new_code_cell("report.cover()", execution_count=1)
    cell.outputs = [
        new_output(
            "display_data",
            data={"text/vnd.balanco.typst": front},
            metadata={"text/vnd.balanco.typst": meta},
        )
    ]
    body = "Um parágrafo. " * 300
    nb = new_notebook(
        cells=[cell, new_markdown_cell(f"# Resumo\n\n{body}\n\n## Subseção\n\n{body}")]
    )
    pdf = _exported(nb, tmp_path, "capa.pdf")
    pages = _pages(pdf)
    lines = pages[0].splitlines()
    start = next(i for i, x in enumerate(lines) if "https:" in x)
    pieces = [lines[start][lines[start].index("https:") :].strip()]
    while "".join(pieces) != url:
        start += 1
        pieces.append(lines[start].strip())
        assert url.startswith("".join(pieces)), pieces
    assert len(pieces) >= 2  # it does break here, and only after a slash
    assert all(p.endswith("/") for p in pieces[:-1]), pieces
    # Contents (page 2): the first and second level entries in one font.
    fonts: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            fonts.setdefault(text.strip(), set()).add(str(font["/BaseFont"]).split("+")[-1])

    PdfReader(pdf).pages[1].extract_text(visitor_text=visit)
    level1 = {f for t, f in fonts.items() if "Resumo" in t for f in f}
    level2 = {f for t, f in fonts.items() if "Subseção" in t for f in f}
    assert level1 and level2
    assert {f.split("-")[0] for f in level1} == {f.split("-")[0] for f in level2}
    # The warning in the running footer of every page after the cover.
    text = [" ".join(p.split()) for p in pages if p.strip()]
    assert len(text) >= 4
    assert all(notice in p for p in text[1:]), [notice in p for p in text]
