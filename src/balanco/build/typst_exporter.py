"""The balance's PDF on Typst, as nbconvert exporters (``jupyter nbconvert --to
balanco_pdf``, JupyterLab's "Export Notebook As…", and ``balanco report``
in-process).

:class:`TypstExporter` (``balanco_typst``) writes the Typst source with the Jinja
templates of ``typst_templates/nbconvert/templates/balanco_typst``: the library's
objects carry their Typst form (:data:`balanco.typst_markup.TYPST`), charts their SVG with its
alternative text and title, Markdown is converted (:mod:`.typst_markdown`); LaTeX
is never read. :class:`TypstPDFExporter` (``balanco_pdf``) compiles it with the
``typst`` package (no TeX, no system install) as tagged PDF/UA-1 and PDF/A-2a,
reading files (the municipality's coat of arms) only inside ``root``: the project.
"""

from __future__ import annotations

import os
from pathlib import Path

from nbconvert.exporters import TemplateExporter
from traitlets import List, Unicode, default

from ..typst_markup import TYPST, escape, note_compiled, string
from .typst_markdown import markdown_to_typst

#: A Jupyter data folder of the package (``nbconvert/templates/balanco_typst``):
#: the templates are package data, found from an installed package, whatever
#: ``extra_template_basedirs`` a configuration gives (the README's route gives one).
TEMPLATES = Path(__file__).parent / "typst_templates"

#: Typst's standards the PDF is checked against (Typst refuses to write a PDF that
#: breaks them: a figure without alternative text, no title, no language…).
PDF_STANDARDS = ("ua-1", "a-2a")


def document(nb) -> dict[str, object]:
    """The PDF's metadata: what the notebook's cover put in its output's metadata
    (title with the year, author, subject, keywords, running footer), else the
    notebook's title."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get(TYPST, {})
            if meta.get("title"):
                return dict(meta)
    title = nb.metadata.get("title") or "Balanço"
    return {"title": title, "author": "", "subject": "", "keywords": [], "footer": title}


#: One Typst compiler per project root, kept by the process: ``typst.compile`` finds
#: the system's fonts and starts cold on every call (0,1–0,4 s a PDF here); a kept
#: compiler does that once and compiles a PDF in ~0,05 s. It reads the files again
#: when they change (a new coat of arms is seen).
_COMPILERS: dict[str, object] = {}


def compiler(root: str):
    """The process's Typst compiler that reads files only inside ``root``."""
    import typst

    if root not in _COMPILERS:
        _COMPILERS[root] = typst.Compiler(root=root)
    return _COMPILERS[root]


def project_root(start: str | os.PathLike | None) -> Path:
    """The project a notebook belongs to: the nearest folder at or above ``start``
    with a ``municipios`` folder (the cover's coat of arms is relative to it), else
    ``start`` itself (or the working folder)."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "municipios").is_dir():
            return folder
    return here


class PDFCompileError(RuntimeError):
    """Typst could not write the PDF: a Portuguese sentence first, Typst's own
    (English) words only after it, on a line labelled "detalhe técnico"."""

    def __init__(self, exc: Exception):
        detail = " ".join(str(getattr(exc, "message", "") or exc).split())
        hints = [" ".join(str(h).split()) for h in getattr(exc, "hints", None) or []]
        self.detail = "; ".join([detail, *hints])
        super().__init__(
            "O compositor do PDF (Typst) não conseguiu montar o documento: verifique a "
            "imagem do brasão (chave logo do arquivo do município) e as saídas do caderno."
            f"\ndetalhe técnico: {self.detail}"
        )


class TypstExporter(TemplateExporter):
    """An executed notebook as the Typst source of the balance's PDF."""

    export_from_notebook = "Typst (fonte do PDF do balanço)"
    output_mimetype = "text/vnd.typst"

    @default("file_extension")
    def _file_extension_default(self):
        return ".typ"

    @default("template_extension")
    def _template_extension_default(self):
        return ".typ.j2"

    @default("template_name")
    def _template_name_default(self):
        return "balanco_typst"

    def get_prefix_root_dirs(self):
        return [str(TEMPLATES), *super().get_prefix_root_dirs()]

    @default("raw_mimetypes")
    def _raw_mimetypes_default(self):
        return ["text/vnd.typst"]

    def default_filters(self):
        yield from super().default_filters()
        yield ("typst_escape", escape)
        yield ("typst_string", string)
        yield ("markdown2typst", markdown_to_typst)
        yield ("balanco_document", document)


class TypstPDFExporter(TypstExporter):
    """An executed notebook as the balance's PDF: tagged, PDF/UA-1 and PDF/A-2a."""

    export_from_notebook = "PDF acessível do balanço (Typst)"
    output_mimetype = "application/pdf"

    root = Unicode(
        "", help="Folder Typst may read files from (default: the notebook's project)."
    ).tag(config=True)
    pdf_standards = List(Unicode(), list(PDF_STANDARDS)).tag(config=True)

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        import typst

        source, resources = super().from_notebook_node(nb, resources, **kw)
        where = (resources.get("metadata") or {}).get("path")
        root = self.root or str(project_root(where))
        note_compiled()  # from now on, a fork of this process cannot compile
        try:
            pdf = compiler(root).compile(
                input=source.encode("utf-8"), pdf_standards=list(self.pdf_standards)
            )
        except typst.TypstError as exc:
            raise PDFCompileError(exc) from None
        resources["output_extension"] = ".pdf"
        return pdf, resources
