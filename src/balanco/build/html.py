"""The accessible HTML of a report: an executed notebook -> one self-contained page.

nbconvert's HTML exporter with the project template ``templates/balanco_html``
(same content as the PDF, no code, no prompts, ``lang="pt-BR"``, one ``h1`` and
sections as ``h2`` with what they hold as ``h3``, every chart's alternative text
announced once, header/nav/main/footer landmarks with a contents list and links to
the PDF and the open data, tables scrolling in their own box, CSS meeting WCAG
2.1 AA contrast and readable on a phone). ``balanco report`` writes it beside each
PDF (:func:`export`); the same settings work from the command line::

    jupyter nbconvert --config templates/nbconvert_config.json --to html \\
        --template balanco_html reports/2024/notebooks/procon.ipynb
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import files
from ..display import NESTED_HEADINGS

TEMPLATE = "balanco_html"
#: nbconvert settings shared with the PDF (no code, no prompts, cells tagged nao-imprimir out).
NBCONVERT_CONFIG = "nbconvert_config.json"
_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)


def html_name(pdf: Path) -> Path:
    """The HTML beside a PDF: same name, ``.html``."""
    return pdf.with_suffix(".html")


def shift_headings(nb):
    """A copy of the notebook whose Markdown cells' headings are one level lower:
    the cover's title is the page's only ``h1``, the notebook's ``# Seção`` cells
    become ``h2`` (in the PDF they are LaTeX sections under the cover)."""
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _HEADING.sub(lambda m: "#" + m.group(1) + " ", cell.source)
    return nb


#: Output metadata of a Markdown display whose headings are at the notebook's own
#: levels (``## Convênios`` under the cell ``# Fontes e métodos``): shifted like the
#: cells' headings, so they nest under their section (:class:`balanco.display.Markdown`).
NESTED = NESTED_HEADINGS


def nest_output_headings(nb):
    """A copy of the notebook whose Markdown outputs marked :data:`NESTED` have their
    headings one level lower, as :func:`shift_headings` does to the cells: the
    methodology's ``## Convênios`` is an ``h3`` under the ``h2`` "Fontes e métodos",
    not a second ``h2`` "Convênios" beside the department's section."""
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("text/markdown") or {}
            text = out.get("data", {}).get("text/markdown")
            if text and meta.get(NESTED):
                out["data"]["text/markdown"] = _HEADING.sub(lambda m: "#" + m.group(1) + " ", text)
    return nb


#: The cell of the cover (the page's header) and of the colophon (its footer).
HEADER, FOOTER = "cabecalho", "rodape"


def _markdown_outputs(cell) -> str:
    return "\n".join(o.get("data", {}).get("text/markdown", "") for o in cell.get("outputs", []))


def mark_regions(nb) -> None:
    """Mark, in place, the cover's cell (its Markdown has the page's ``# `` title)
    and the colophon's (its Markdown opens with "Colofão"): the template wraps them
    in comments that :func:`landmarks` turns into ``<header>`` and ``<footer>``."""
    for cell in nb.cells:
        text = re.sub(r"<[^>]+>", "", _markdown_outputs(cell)).strip()
        if any(line.startswith("# ") for line in text.splitlines()):
            cell.metadata["balanco_regiao"] = HEADER
            break
    for cell in reversed(nb.cells):
        text = re.sub(r"<[^>]+>", "", _markdown_outputs(cell)).strip()
        if text.lstrip("*# ").startswith("Colofão"):
            cell.metadata["balanco_regiao"] = FOOTER
            break


_H2 = re.compile(r"<h2(?: id=\"[^\"]*\")?>(.*?)</h2>", re.DOTALL)


def _slug(text: str) -> str:
    """An ASCII id for a heading.

    >>> _slug("Fontes e métodos"), _slug("Centro de Processamento de Dados (CPD)")
    ('fontes-e-metodos', 'centro-de-processamento-de-dados-cpd')
    """
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "secao"


def landmarks(page: str, *, pdf_name: str | None = None, open_data: str | None = None) -> str:
    """The page with its landmarks: the cover in ``<header>``, then a ``<nav>`` with
    the contents (a link to each ``h2``, given an id here) and links to the PDF and
    the year's open data (``open_data``: its front page, relative to the HTML; no
    link when ``None``), ``<main>``, and the colophon in ``<footer>``."""
    sections: list[tuple[str, str]] = []
    used: set[str] = set()

    def anchor(m: re.Match) -> str:
        text = re.sub(r"<[^>]+>", "", m.group(1)).strip()
        ident, n = _slug(text), 2
        while ident in used:
            ident, n = f"{_slug(text)}-{n}", n + 1
        used.add(ident)
        sections.append((ident, text))
        return f'<h2 id="{ident}">{m.group(1)}</h2>'

    page = _H2.sub(anchor, page)
    header = _cut(page, HEADER)
    if header is not None:
        page = page.replace(header, "")
    footer = _cut(page, FOOTER)
    if footer is not None:
        page = page.replace(footer, "")
    items = "".join(f'<li><a href="#{i}">{html_escape(t)}</a></li>' for i, t in sections)
    others = []
    if pdf_name:
        others.append(f'<a href="{html_escape(pdf_name)}">PDF para imprimir ({pdf_name})</a>')
    if open_data:
        others.append(
            f'<a href="{html_escape(open_data)}">Dados abertos do ano</a> '
            "(CSV, Parquet e dicionário)"
        )
    also = f"<p>Também disponível: {' · '.join(others)}.</p>" if others else ""
    nav = (
        # Named by a paragraph, not a heading: the page's h2 are its sections.
        '<nav aria-labelledby="sumario"><p id="sumario" class="sumario">Sumário</p>'
        f"<ol>{items}</ol>{also}</nav>\n"
    )
    opened = "<main>"
    before = (f"<header>{header}</header>\n" if header else "") + nav
    page = page.replace(opened, before + '<main id="conteudo">', 1)
    if footer is not None:
        page = page.replace("</main>", f"</main>\n<footer>{footer}</footer>", 1)
    return page


def _cut(page: str, region: str) -> str | None:
    start = page.find(f"<!-- balanco:{region} -->")
    end = page.find(f"<!-- /balanco:{region} -->")
    if start < 0 or end < 0:
        return None
    return page[start : end + len(f"<!-- /balanco:{region} -->")]


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


def page_title(nb) -> str | None:
    r"""The page's ``<title>``: the cover's title (with the year) — the first Markdown
    output's ``# `` line — and, when the cover names it on a bold line, the
    municipality (a browser tab or a search result shows whose balance it is).

    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> cover = "# Balanço anual — 2024\n\n**Prefeitura Municipal de Suzano · Secretaria**"
    >>> out = new_output("execute_result", {"text/markdown": cover})
    >>> page_title(new_notebook(cells=[new_code_cell(outputs=[out])]))
    'Balanço anual — 2024 — Prefeitura Municipal de Suzano · Secretaria'
    """
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/markdown", "")
            text = re.sub(r"<[^>]+>", "", text).strip()
            lines = text.splitlines()
            heading = next((line for line in lines if line.startswith("# ")), None)
            if heading is None:
                continue
            title = heading[2:].strip()
            whose = next(
                (line.strip("* ") for line in lines if line.startswith("**Prefeitura")), None
            )
            return f"{title} — {whose}" if whose else title
    return None


_EXPORTERS: dict[tuple, object] = {}


def exporter(templates_dir: Path):
    """The HTML exporter configured like the PDF one (``templates/nbconvert_config.json``),
    kept for the process while the templates do not change (see
    ``build.export.exporter``)."""
    key = (str(templates_dir), files.tree_stamp(templates_dir))
    if key not in _EXPORTERS:
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        c = Config(json.loads((templates_dir / NBCONVERT_CONFIG).read_text("utf-8")))
        c.TemplateExporter.extra_template_basedirs = [str(templates_dir)]
        # Heading anchors ("¶" links) are noise for a screen reader reading the report.
        c.HTMLExporter.exclude_anchor_links = True
        _EXPORTERS.clear()  # one set of templates at a time
        _EXPORTERS[key] = HTMLExporter(config=c, template_name=TEMPLATE)
    return _EXPORTERS[key]


def render(
    executed: Path,
    templates_dir: Path,
    *,
    pdf_name: str | None = None,
    open_data: str | None = None,
) -> str:
    """The HTML page of an executed notebook (``pdf_name``: the PDF beside it, and
    ``open_data``: the open data's front page, linked from the contents)."""
    import nbformat

    nb = nest_output_headings(shift_headings(nbformat.read(executed, as_version=4)))
    title = page_title(nb)
    if title:
        nb.metadata["title"] = title
    mark_regions(nb)
    body, _ = exporter(templates_dir).from_notebook_node(nb)
    return landmarks(body, pdf_name=pdf_name, open_data=open_data)


def open_data_link(folder: Path, digest: str | None) -> str | None:
    """The link, relative to an HTML in the year's ``folder``, to the year's open data
    front page (``dados-abertos/index.html``, written by ``balanco exportar``), or
    ``None`` when the year has none or they were written from other processed data
    than ``digest``'s (:mod:`balanco.open_data.origin`): the page never links to a
    file that is not there, nor to figures other than its own."""
    from ..open_data.names import FOLDER, INDEX  # names only: no pandas
    from ..open_data.origin import CURRENT, state

    return f"{FOLDER}/{INDEX}" if state(folder, digest) == CURRENT else None


def export(
    executed: Path, target: Path, templates_dir: Path, *, data_digest: str | None = None
) -> Path:
    """Write the HTML of ``executed`` to ``target`` atomically (never half-written).
    ``data_digest``: the processed data's (:func:`balanco.open_data.origin.processed_digest`)
    the notebook read; the open data beside ``target`` are linked only if they come
    from the same."""
    target.parent.mkdir(parents=True, exist_ok=True)
    page = render(
        executed,
        templates_dir,
        pdf_name=target.with_suffix(".pdf").name,
        open_data=open_data_link(target.parent, data_digest),
    )
    files.atomic_write(target, page.encode("utf-8"))
    return target
