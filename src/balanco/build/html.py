"""The accessible HTML of a report: an executed notebook -> one self-contained page.

nbconvert's HTML exporter with the project template ``templates/balanco_html``
(same content as the PDF, no code, no prompts, ``lang="pt-BR"``, one ``h1`` and
sections as ``h2``, every chart with its alternative text, CSS meeting WCAG 2.1
AA contrast and readable on a phone). ``balanco report`` writes it beside each
PDF (:func:`export`); the same settings work from the command line::

    jupyter nbconvert --config templates/nbconvert_config.json --to html \\
        --template balanco_html reports/2024/notebooks/procon.ipynb
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import files

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


def render(executed: Path, templates_dir: Path) -> str:
    """The HTML page of an executed notebook."""
    import nbformat

    nb = shift_headings(nbformat.read(executed, as_version=4))
    title = page_title(nb)
    if title:
        nb.metadata["title"] = title
    body, _ = exporter(templates_dir).from_notebook_node(nb)
    return body


def export(executed: Path, target: Path, templates_dir: Path) -> Path:
    """Write the HTML of ``executed`` to ``target`` atomically (never half-written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    files.atomic_write(target, render(executed, templates_dir).encode("utf-8"))
    return target
