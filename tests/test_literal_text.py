"""Text from data prints literally: in the PDF's Typst (and the LaTeX of the stock
``--to pdf`` route), in chart labels (no matplotlib mathtext), and in the
Markdown/HTML that JupyterLab shows (no MathJax math from ``R$ … R$``, no
emphasis, links or tags). Property-based (hypothesis): strings full of Typst,
LaTeX, mathtext, Markdown and HTML specials go through tables, charts and
sentences, and each output is read back the way its reader would."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import mistune
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbformat.v4 import new_markdown_cell, new_notebook

from balanco import charts
from balanco.display import NO_MATH, Bullets, Latex, Paragraphs, Table, latex_escape, md_escape
from balanco.typst_markup import escape as typst_escape

SPECIALS = "$\\{}&#%_^~<>*`[]()!|-+.'\"=:;/@,?"
TEXT = st.text(
    alphabet=st.sampled_from(list(SPECIALS) + list("aZ09 çãé")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
#: Strings every run checks, besides what hypothesis draws.
KNOWN = [
    "Fundo Estadual R$ 5 {mi} e R$ 6",
    "Fundo Estadual R$ 5 {mi e R$ 6",  # unbalanced brace: crashed the Convênios notebook
    "R$ 97,3 milhões, além de … R$ 53,1",
    r"$\frac{1}{2}$ \(x\) \[y\] $$z$$ \begin{equation}w\end{equation}",
    "<b>Rádio</b> *Itaquá* _FM_ [site](http://x) `code` &amp; &#36; # título",
    r"100% & #1 \textbf{X} ~c^ \input{/etc/hostname}",
    # Typst: math, code, a label, a reference, a comment, dashes, a heading, a list.
    "#set page(width: 1cm) $x^2$ <rotulo> @rotulo // nada /* x */ -- --- ... \\u{41}",
    "= Título",
    "- item",
    "+ item",
    "/ termo: x",
    "1. um",
    "aspas \"duplas\" e 'simples' d'água",
]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class _Text(HTMLParser):
    """The text a browser shows, and whether all of it sits inside a NO_MATH element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0  # open elements inside the no-math wrapper
        self.outside: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth or dict(attrs).get("class") == NO_MATH:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        self.parts.append(data)
        if not self.depth and data.strip():
            self.outside.append(data)


def shown(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser


# JupyterLab's math pre-pass (packages/rendermime/src/latex.ts, removeMath) splits the
# Markdown source on these tokens before the Markdown parser runs; a "$", "$$", "\\(",
# "\\[" or "\begin{…}" token starts math there.
_MATHSPLIT = re.compile(
    r"(\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\[{}$]|[{}]|(?:\n\s*)+|@@\d+@@|\\\\(?:\(|\)|\[|\]))",
    re.I,
)


def math_starts(markdown: str) -> list[str]:
    tokens = _MATHSPLIT.split(markdown)[1::2]
    return [t for t in tokens if t in ("$", "$$", "\\\\(", "\\\\[") or t[1:6] == "begin"]


def check_markdown(markdown: str, *texts: str) -> None:
    assert math_starts(markdown) == [], markdown  # JupyterLab sees no math
    page = shown(mistune.html(markdown))  # a CommonMark-style parser, as in the browser
    assert page.outside == [], markdown  # all of it where MathJax does not look
    body = squash("".join(page.parts))
    for text in texts:
        assert squash(text) in body, (text, markdown)


# =========================================================================== screen forms


@FAST
@given(st.lists(TEXT, min_size=1, max_size=3), TEXT)
def test_sentences_show_literally_in_markdown(paragraphs, heading):
    md = Paragraphs(paragraphs, heading=heading)._repr_markdown_()
    check_markdown(md, heading, *paragraphs)


@FAST
@given(TEXT, TEXT, TEXT)
def test_bullets_show_literally_in_markdown(lead, text, plain):
    md = Bullets([(lead, text), plain], heading="Como cada número é calculado")._repr_markdown_()
    check_markdown(md, lead, text, plain)


@pytest.mark.parametrize("text", KNOWN)
def test_known_hostile_strings_in_markdown(text):
    check_markdown(Paragraphs([text, f"Antes {text} depois"])._repr_markdown_(), text)
    check_markdown(Latex("", f"**Colofão**\n\n{md_escape(text)}")._repr_markdown_(), text)


@FAST
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=4), TEXT, TEXT)
def test_tables_show_literally_in_html(rows, caption, note):
    html = Table(["Órgão <concedente>", "Valor $"], rows, caption=caption, note=note)._repr_html_()
    page = shown(html)
    assert page.outside == []
    cells = [c for row in rows for c in row]
    text = "".join(page.parts)
    for value in [caption, note, "Órgão <concedente>", *cells]:
        assert value in text


# =========================================================================== print form

_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{f"\\{c}": c for c in "{}$&#_%"},
    "-{}": "-",  # an empty group between hyphens: no en/em dash ligature
    # A straight " prints as ” in the PDF's fonts (TeX mapping); latex_escape writes
    # the typographic pair instead, which reads back as the quotation mark written.
    "“": '"',
    "”": '"',
}
_UNESCAPE_RE = re.compile("|".join(re.escape(k) for k in sorted(_UNESCAPE, key=len, reverse=True)))


def typeset(latex: str) -> str:
    """What TeX prints for escaped text; fails on any command it would run."""
    out, pos = [], 0
    for m in _UNESCAPE_RE.finditer(latex):
        out.append(latex[pos : m.start()])
        out.append(_UNESCAPE[m.group()])
        pos = m.end()
    out.append(latex[pos:])
    rest = _UNESCAPE_RE.sub("", latex)
    assert not re.search(r"[\\{}$&#_%^~]", rest), latex  # no live special left
    # TeX prints two hyphens adjacent in the source as an en dash; "-\\{-" is safe.
    assert "--" not in latex, latex
    return "".join(out)


@FAST
@given(TEXT)
def test_latex_escape_prints_every_character_as_written(text):
    assert typeset(latex_escape(text)) == text


@FAST
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=3), TEXT)
def test_table_latex_carries_cells_escaped(rows, caption):
    latex = Table(["Órgão", "Valor"], rows, caption=caption)._repr_latex_()
    for value in [caption, *[c for row in rows for c in row]]:
        assert latex_escape(value) in latex


# ---------------------------------------------------------------- Typst (the PDF)

#: What Typst gives a meaning to in markup: each must arrive escaped.
_TYPST_LIVE = re.compile(r"[\\#$*_@<>=\-+/\[\]`~'.\"]")


def typst_printed(markup: str) -> str:
    """What Typst prints for escaped markup (a backslash prints the next character;
    the typographic quotation marks read back as the straight quote written);
    fails on any character that would act instead of print."""
    out, i = [], 0
    assert "\n" not in markup and "\r" not in markup, markup  # one line: no list, no heading
    while i < len(markup):
        c = markup[i]
        if c == "\\":
            assert i + 1 < len(markup) and not markup[i + 1].isspace(), markup  # a line break
            out.append(markup[i + 1])
            i += 2
            continue
        assert not _TYPST_LIVE.match(c), (markup, i)  # a live special left
        out.append({"“": '"', "”": '"'}.get(c, c))
        i += 1
    return "".join(out)


@FAST
@given(TEXT)
def test_typst_escape_prints_every_character_as_written(text):
    assert typst_printed(typst_escape(text)) == text


@pytest.mark.parametrize("text", KNOWN)
def test_known_hostile_strings_in_typst(text):
    assert typst_printed(typst_escape(text)) == text


@FAST
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=3), TEXT, TEXT)
def test_table_and_sentences_typst_carry_text_escaped(rows, caption, heading):
    typst = Table(["Órgão", "Valor"], rows, caption=caption)._typst()
    for value in [caption, *[c for row in rows for c in row]]:
        assert typst_escape(value) in typst
    para = Paragraphs([caption], heading=heading)._typst()
    assert typst_escape(caption) in para and typst_escape(heading) in para


def _pdf_text(body: bytes) -> str:
    import io

    from pypdf import PdfReader

    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    return squash(text.replace("“", '"').replace("”", '"'))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=3), st.lists(st.tuples(TEXT, TEXT), max_size=2))
def test_typst_pdf_prints_sentences_and_cells_literally(paragraphs, rows):
    from test_pdf_structure import _cell

    from balanco.build.typst_exporter import TypstPDFExporter

    nb = new_notebook(cells=[_cell(Paragraphs(paragraphs)), _cell(Table(["A", "B"], rows))])
    nb.metadata["title"] = "Teste"
    body, _ = TypstPDFExporter().from_notebook_node(nb)
    text = _pdf_text(body)
    for value in [*paragraphs, *[c for row in rows for c in row]]:
        assert squash(value) in text, value


@pytest.mark.parametrize("text", KNOWN)
def test_known_hostile_strings_in_the_typst_pdf(text):
    from test_pdf_structure import _cell

    from balanco.build.typst_exporter import TypstPDFExporter

    parts = [Paragraphs([text], heading=text), Bullets([(text, text)])]
    # A tagged PDF's first heading is an H1: the notebook's own section first.
    nb = new_notebook(cells=[new_markdown_cell("# Seção"), *[_cell(p) for p in parts]])
    nb.metadata["title"] = "Teste"
    body, _ = TypstPDFExporter().from_notebook_node(nb)
    assert _pdf_text(body).count(squash(text)) >= 3


# =========================================================================== charts


def svg_text(svg: str) -> str:
    """The text a chart's SVG shows (svg.fonttype none: text stays text)."""
    return "".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))


def _unxml(text: str) -> str:
    import html

    return html.unescape(text)


def draw_hbar(labels: list[str], title: str) -> str:
    with charts.figure() as fig:
        ax = fig.add_subplot()
        charts.hbar(ax, labels, list(range(1, len(labels) + 1)), title=title, wrap=1000)
        svg, _pdf = charts.render(fig)
    return _unxml(svg_text(svg))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=3, unique=True), TEXT)
def test_chart_labels_and_titles_print_literally(labels, title):
    shown_text = squash(draw_hbar(labels, title))
    for text in [title, *labels]:
        assert squash(text) in shown_text


@pytest.mark.parametrize("text", KNOWN)
def test_known_hostile_strings_in_charts(text):
    labels = squash(draw_hbar([text, "Outro"], "Maior concedente"))
    assert squash(text) in labels
    title = squash(draw_hbar(["Outro"], text))
    assert squash(text) in title


def test_comparison_and_split_charts_print_literally():
    name = "Fundo Estadual R$ 5 {mi} e R$ 6"
    with charts.figure() as fig:
        ax = fig.add_subplot()
        charts.compare_years(ax, [name], [1.0], [2.0], years=(2023, 2024), title=name)
        svg, _ = charts.render(fig)
    assert squash(name) in squash(_unxml(svg_text(svg)))
    with charts.figure() as fig:
        charts.split_bar(fig.add_subplot(), {name: 3e6, "R$ 7 {x": 2e6}, title="R$ 1 e R$ 2")
        svg, _ = charts.render(fig)
    text = squash(_unxml(svg_text(svg)))
    for value in (name, "R$ 7 {x", "R$ 1 e R$ 2"):
        assert squash(value) in text
    with charts.figure() as fig:
        charts.stacked_monthly(fig.add_subplot(), [1, 2], {name: [1e6, 2e6]}, title="R$ {a} R$")
        svg, _ = charts.render(fig)
    text = squash(_unxml(svg_text(svg)))
    for value in (name, "R$ {a} R$"):
        assert squash(value) in text


# =========================================================================== end to end

HOSTILE_BODY = "Fundo Estadual R$ 5 {mi} e R$ 6"
HOSTILE_BRACE = "Fundo {Municipal R$ 7 e R$ 8"
HOSTILE_OUTLET = r"<b>Rádio</b> *Itaquá* R$ 1 & R$ 2 \textbf{x} $\frac{1}{2}$ _a_ #1 ~c^"


def _replace_column(path, column, values):
    """Give the first data rows of a spreadsheet's ``column`` the ``values``."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    header = next(r for r in ws.iter_rows() if any(c.value == column for c in r))
    col = next(c.column for c in header if c.value == column)
    rows = [r for r in range(header[0].row + 1, ws.max_row + 1) if ws.cell(r, col).value]
    for row, value in zip(rows, values, strict=False):
        ws.cell(row=row, column=col, value=value)
    wb.save(path)


@pytest.mark.slow
def test_hostile_names_print_literally_in_pdf_charts_and_notebook_outputs(tmp_path):
    import json

    from test_report import pdf_text, project_copy

    from balanco import report

    settings = project_copy(tmp_path)
    raw = settings.raw_dir(2024)
    # Every state convênio from one of two hostile bodies: they top the chart by value.
    bodies = [HOSTILE_BODY, HOSTILE_BRACE] * 30
    _replace_column(raw / "convenios_estaduais.xlsx", "Órgão Concedente", bodies)
    _replace_column(raw / "demandas_imprensa.xlsx", "Veículo", [HOSTILE_OUTLET] * 500)

    (outcome,) = report.build(
        settings, [2024], names=("convenios", "comunicacao"), jobs=2, progress=lambda _m: None
    )
    assert outcome.status == "ok", outcome.errors

    out = settings.reports_path(2024)
    # Órgãos show in a table and a chart; outlets in a chart only.
    for name, texts, on_screen in (
        ("convenios", (HOSTILE_BODY, HOSTILE_BRACE), True),
        ("comunicacao", (HOSTILE_OUTLET,), False),
    ):
        pdf = squash(pdf_text(out / f"{name}-2024.pdf"))
        executed = json.loads((out / "notebooks" / f"{name}.ipynb").read_text("utf-8"))
        data = [o["data"] for c in executed["cells"] for o in c.get("outputs", []) if "data" in o]
        svgs = squash(_unxml("".join(svg_text("".join(d.get("image/svg+xml", ""))) for d in data)))
        markdown = "\n\n".join("".join(d.get("text/markdown", "")) for d in data)
        html = "".join("".join(d.get("text/html", "")) for d in data)
        assert math_starts(markdown) == []  # JupyterLab's math pre-pass (Markdown only)
        page = shown(mistune.html(markdown) + html)
        assert page.outside == []
        for text in texts:
            assert squash(text) in pdf, (name, text)  # tables and sentences in the PDF
            assert squash(text) in svgs, (name, text)  # chart labels (SVG text)
            if on_screen:
                assert squash(text) in squash("".join(page.parts)), (name, text)
