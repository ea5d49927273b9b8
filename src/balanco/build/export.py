"""Export: an executed notebook to its PDF (nbconvert + Typst: the project's
``balanco_pdf`` exporter, :mod:`.typst_exporter`, tagged PDF/UA-1 and PDF/A-2a)
and its accessible HTML (:func:`balanco.build.html.export`), each written
atomically."""

from __future__ import annotations

from pathlib import Path

from .. import files
from ..settings import Settings
from .execute import ReportError
from .staging import disk_full

#: nbconvert settings of the HTML and of the README's plain ``jupyter nbconvert`` route.
NBCONVERT_CONFIG = "nbconvert_config.json"

_EXPORTERS: dict[str, object] = {}


def exporter(settings: Settings):
    """The PDF exporter (the one ``jupyter nbconvert --to balanco_pdf`` uses), with
    Typst allowed to read files only inside the project (``settings.root``).

    Kept for the process: building one loads and compiles the Jinja templates."""
    root = str(Path(settings.root).resolve())
    if root not in _EXPORTERS:
        from .typst_exporter import TypstPDFExporter

        _EXPORTERS.clear()
        _EXPORTERS[root] = TypstPDFExporter(root=root)
    return _EXPORTERS[root]


def export(settings: Settings, executed: Path, target: Path) -> Path:
    """Export an executed notebook to ``target`` atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        body, _ = exporter(settings).from_filename(str(executed))
    except Exception as exc:  # Typst's TypstError, nbconvert's errors
        if disk_full(exc):
            raise  # the machine, not the notebook: build.run stops the build
        from .typst_exporter import PDFCompileError

        why = str(exc)  # Typst's error: a Portuguese sentence, then the technical detail
        if not isinstance(exc, PDFCompileError):  # nbconvert's own (English) words
            log = getattr(exc, "output", "") or str(exc)
            why = "detalhe técnico: " + " ".join(str(log).split())[-1500:]
        raise ReportError(
            f"A exportação para PDF de {executed.name} falhou; o PDF anterior foi mantido.\n{why}"
        ) from None
    files.atomic_write(target, body)
    return target


def export_html(settings: Settings, executed: Path, pdf: Path, year: int | None = None) -> Path:
    """Write the accessible HTML beside ``pdf`` (same name, ``.html``), atomically;
    with ``year``, linking the year's open data when they come from the processed
    data the notebook read."""
    from ..open_data.origin import processed_digest
    from . import html

    digest = None if year is None else processed_digest(settings.processed_dir(year))
    try:
        return html.export(
            executed, html.html_name(pdf), settings.templates_dir, data_digest=digest
        )
    except Exception as exc:  # nbconvert's errors have no common base
        if disk_full(exc):
            raise
        raise ReportError(
            f"A exportação para HTML de {executed.name} falhou; o HTML anterior foi mantido.\n{exc}"
        ) from None
