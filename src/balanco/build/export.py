"""Export: an executed notebook to its PDF (nbconvert + XeLaTeX, template
``templates/balanco``) and its accessible HTML (:func:`balanco.build.html.export`),
each written atomically."""

from __future__ import annotations

import json
from pathlib import Path

from .. import files
from ..settings import Settings
from .execute import ReportError
from .staging import disk_full

#: nbconvert settings for the PDF (shared with the README's plain route).
NBCONVERT_CONFIG = "nbconvert_config.json"


_EXPORTERS: dict[tuple, object] = {}


def exporter(settings: Settings):
    """The PDF exporter configured by ``templates/nbconvert_config.json`` (the same
    file the README's plain ``jupyter nbconvert --config`` route uses).

    Kept for the process while the templates do not change: building one loads and
    compiles the Jinja templates, about a fifth of a notebook's PDF export (a build
    worker exports many notebooks)."""
    key = ("pdf", str(settings.templates_dir), files.tree_stamp(settings.templates_dir))
    if key not in _EXPORTERS:
        from nbconvert import PDFExporter
        from traitlets.config import Config

        c = Config(json.loads((settings.templates_dir / NBCONVERT_CONFIG).read_text("utf-8")))
        c.TemplateExporter.extra_template_basedirs = [str(settings.templates_dir)]
        _EXPORTERS.clear()  # one set of templates at a time
        _EXPORTERS[key] = PDFExporter(config=c, template_name="balanco")
    return _EXPORTERS[key]


def export(settings: Settings, executed: Path, target: Path) -> Path:
    """Export an executed notebook to ``target`` atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        body, _ = exporter(settings).from_filename(str(executed))
    except Exception as exc:  # nbconvert raises LatexFailed and others
        if disk_full(exc):
            raise  # the machine, not the notebook: build.run stops the build
        log = getattr(exc, "output", "") or str(exc)
        tail = "\n".join(str(log).strip().splitlines()[-15:])
        raise ReportError(
            f"A exportação para PDF de {executed.name} falhou; o PDF anterior foi mantido.\n{tail}"
        ) from None
    files.atomic_write(target, body)
    return target


def export_html(settings: Settings, executed: Path, pdf: Path) -> Path:
    """Write the accessible HTML beside ``pdf`` (same name, ``.html``), atomically."""
    from . import html

    try:
        return html.export(executed, html.html_name(pdf), settings.templates_dir)
    except Exception as exc:  # nbconvert's errors have no common base
        if disk_full(exc):
            raise
        raise ReportError(
            f"A exportação para HTML de {executed.name} falhou; o HTML anterior foi mantido.\n{exc}"
        ) from None
