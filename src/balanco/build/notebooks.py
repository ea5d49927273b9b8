"""A department's notebook, generated from its package: the same skeleton for
every department (cover, summary, indicators, the sections its ``views``
declare, comparison, data quality, sources, colophon), naming the department
once. ``notebooks/<nome>.ipynb``, when present, is used instead (the four
shipped ones are this skeleton, checked in ``tests/test_department_notebook.py``,
for the README's plain papermill route and JupyterLab); a department without
one — say, kept in another folder — gets the generated one: adding a
department needs no notebook.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from .. import files
from ..settings import Settings

#: Where generated notebooks are written (beside the years' folders, hidden).
GENERATED = ".notebooks"


def sections(dept: ModuleType) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The department's own sections: ``views.SECTIONS``, ``(heading, (("chart" |
    "table", name), ...))``; without it, one section with every chart and table."""
    views = dept.views
    declared = getattr(views, "SECTIONS", None)
    if declared is not None:
        return tuple(declared)
    items = tuple(("chart", n) for n in views.CHARTS) + tuple(("table", n) for n in views.TABLES)
    return ((dept.TITLE, items),) if items else ()


def body(dept: ModuleType) -> list[tuple[str, str]]:
    """The notebook's cells after the parameters cell, as ``(cell_type, source)``."""
    cells = [
        (
            "code",
            "from balanco.notebook import open_report\n\n"
            "report = open_report(\n    year=year,\n    municipio=municipio,\n"
            "    data_dir=data_dir,\n"
            f'    reports_dir=reports_dir,\n    department="{dept.NAME}",\n)',
        ),
        ("code", "report.cover()"),
        ("markdown", "# Resumo"),
        ("code", "report.summary()"),
        ("markdown", "# Indicadores"),
        ("code", "report.indicators()"),
        ("code", "report.definitions()"),
    ]
    for heading, items in sections(dept):
        cells.append(("markdown", f"# {heading}"))
        cells += [("code", f'report.{kind}("{name}")') for kind, name in items]
    cells += [
        ("markdown", "# Comparação com o ano anterior"),
        ("code", "report.comparison()"),
        ("markdown", "# Qualidade dos dados"),
        ("code", "report.quality()"),
        ("markdown", "# Fontes"),
        ("code", "report.sources()"),
        ("code", "report.colophon()"),
    ]
    return cells


def department_notebook(settings: Settings, dept: ModuleType) -> dict:
    """The department's notebook (nbformat 4 JSON); its parameters cell is the
    consolidated notebook's, so every notebook takes the same parameters."""
    consolidated = json.loads((settings.notebooks_dir / "balanco.ipynb").read_text("utf-8"))
    params = next(c for c in consolidated["cells"] if "parameters" in c["metadata"].get("tags", []))
    title = f"Balanço — {dept.COVER_TITLE}"
    intro = (
        f"# {title}\n\nNotebook gerado pelo `balanco` a partir do departamento "
        f"`{dept.NAME}`. Rode de cima a baixo; para outro ano, mude `year` na célula "
        "de parâmetros."
    )
    cells = [
        {
            "cell_type": "markdown",
            "id": f"{dept.NAME}-00",
            "metadata": {"tags": ["nao-imprimir"]},
            "source": intro,
        },
        {**params, "id": f"{dept.NAME}-01"},
    ]
    for i, (kind, source) in enumerate(body(dept), start=2):
        cell = {"cell_type": kind, "id": f"{dept.NAME}-{i:02d}", "metadata": {}, "source": source}
        if kind == "code":
            cell |= {"execution_count": None, "outputs": []}
        cells.append(cell)
    metadata = {**consolidated["metadata"], "title": title}
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def source(settings: Settings, name: str) -> Path:
    """The notebook a report runs: ``notebooks/<nome>.ipynb`` if present, else the
    generated one (see :func:`write_generated`)."""
    shipped = settings.notebooks_dir / f"{name}.ipynb"
    if shipped.exists():
        return shipped
    return (settings.root / settings.reports_dir).resolve() / GENERATED / f"{name}.ipynb"


def write_generated(settings: Settings, names: tuple[str, ...]) -> None:
    """Write the notebook of each department in ``names`` that has no
    ``notebooks/<nome>.ipynb`` (atomically; rewritten only when it changed)."""
    missing = [n for n in names if not (settings.notebooks_dir / f"{n}.ipynb").exists()]
    if not missing:
        return
    from ..departments import BY_NAME

    for name in missing:
        target = source(settings, name)
        if name not in BY_NAME:
            continue
        text = (
            json.dumps(department_notebook(settings, BY_NAME[name]), ensure_ascii=False, indent=1)
            + "\n"
        )
        if not target.exists() or target.read_text("utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            files.atomic_write(target, text)
