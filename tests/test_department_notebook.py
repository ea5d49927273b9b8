"""A department's notebook comes from its package: the shipped notebooks are the
generated skeleton, and a department kept in another folder (one folder, one
registry entry) gets its PDF built without touching any other file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write

from balanco.build import notebooks
from balanco.config import Settings
from balanco.departments import DEPARTMENTS

SETTINGS = Settings(root=ROOT)


def _cells(nb: dict) -> list[tuple[str, str]]:
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


@pytest.mark.parametrize("dept", DEPARTMENTS, ids=lambda d: d.NAME)
def test_shipped_notebook_is_the_generated_skeleton(dept):
    shipped = json.loads((ROOT / "notebooks" / f"{dept.NAME}.ipynb").read_text("utf-8"))
    generated = notebooks.department_notebook(SETTINGS, dept)
    # After the introduction: the parameters cell, then the body.
    assert _cells(shipped)[1:] == _cells(generated)[1:]
    body = "".join(s for _k, s in _cells(generated))
    assert body.count(f'"{dept.NAME}"') == 1  # the department is named once


def test_sections_come_from_the_views():
    from balanco.departments import procon

    cells = notebooks.body(procon)
    headings = [s for k, s in cells if k == "markdown"]
    assert "# Audiências e fiscalizações" in headings
    assert ("code", 'report.table("audiencias")') in cells


TOY = {
    "__init__.py": '''
"""A toy department: toys handed out, one CSV."""
from pathlib import Path

import pandas as pd

from balanco.departments.base import COUNT, Indicator, Source, lazy_parts
from balanco.departments.frames import in_year, monthly_counts
from balanco.errors import BadInput, Problem

from . import sentences

NAME = "brinquedoteca"
TITLE = COVER_TITLE = "Brinquedoteca"
SOURCES = (Source("entregas", ("brinquedos.csv",), "Planilha", "Brinquedos entregues."),)
__getattr__ = lazy_parts(__name__)


def load(raw_dir: Path, *, settings):
    path = raw_dir / "brinquedos.csv"
    frame = pd.read_csv(path, sep=";", dtype=str)
    frame["_linha"] = range(2, len(frame) + 2)
    frame.attrs["source"] = str(path)
    return {"entregas": frame}


def clean(raw, *, year, settings):
    frame = raw["entregas"]
    dates = pd.to_datetime(frame["Data"], format="%d/%m/%Y", errors="coerce")
    bad = [
        Problem(frame.attrs["source"], "uma data dd/mm/aaaa", int(line), "Data", value)
        for line, value, d in zip(frame["_linha"], frame["Data"], dates)
        if pd.isna(d)
    ]
    if bad:
        raise BadInput(bad)
    return {"entregas": pd.DataFrame({"data": dates, "brinquedo": frame["Brinquedo"]})}


def counted(clean, *, year):
    frame = clean["entregas"]
    return {"entregas": frame[in_year(frame["data"], year)]}


def summarise(clean, *, year):
    n = len(counted(clean, year=year)["entregas"])
    return [Indicator("brinquedos", NAME, "Brinquedos entregues", "Entregas do ano.", COUNT, n,
                      ("brinquedos.csv",))]


def breakdowns(clean, *, year):
    return {"por_mes": monthly_counts(counted(clean, year=year)["entregas"]["data"], year)}
''',
    "sentences.py": """
from balanco.formatting import plural
from balanco.sentences import n

HEADLINE = ("brinquedos", "os brinquedos entregues", True)
MEDIAN = None


def paragraph(ind, hl):
    count = plural(n(ind, "brinquedos"), "brinquedo", "brinquedos")
    return f"A Brinquedoteca entregou {count} no ano."
""",
    "views.py": """
from balanco.views import monthly_peak

CHARTS = {"por_mes": monthly_peak("por_mes", "Brinquedos", empty="nenhum brinquedo em {year}")}
TABLES = {}
SECTIONS = (("Entregas do ano", (("chart", "por_mes"),)),)
""",
    "generator.py": "def generate(g, out):\n    return []\n",
}


@pytest.mark.slow
def test_a_toy_department_in_a_temporary_folder_gets_its_pdf(tmp_path):
    modules = tmp_path / "modulos"
    for name, text in TOY.items():
        write(modules / "brinquedoteca" / name, text.lstrip())
    project = tmp_path / "projeto"
    for folder in ("notebooks", "templates", "docs", "data/published"):
        shutil.copytree(ROOT / folder, project / folder)
    # Three toys handed out in 2024 (two in January), one in December 2023.
    write(
        project / "data/raw/2024/brinquedos.csv",
        "Data;Brinquedo\n05/01/2024;Pião\n10/01/2024;Bola\n03/03/2024;Boneca\n"
        "20/12/2023;Carrinho\n",
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(modules),
        "BALANCO_DEPARTAMENTOS": "brinquedoteca",
    }
    code = (
        "from pathlib import Path\n"
        "from balanco import report\n"
        "from balanco.config import Settings\n"
        "assert report.NOTEBOOKS == ('balanco', 'brinquedoteca'), report.NOTEBOOKS\n"
        "(o,) = report.build(Settings(root=Path.cwd()), [2024], names=('brinquedoteca',),"
        " jobs=1, progress=lambda m: None)\n"
        "assert o.status == 'ok', o.errors\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    pdf = project / "reports/2024/brinquedoteca-2024.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Brinquedoteca" in text
    assert "Entregas do ano" in text  # the section its views declare
    assert "A Brinquedoteca entregou 3 brinquedos no ano." in text
    assert "pico em janeiro" in text
    assert not (project / "notebooks" / "brinquedoteca.ipynb").exists()  # nothing else touched
    assert sorted(p.name for p in Path(project / "notebooks").iterdir()) == sorted(
        p.name for p in (ROOT / "notebooks").iterdir()
    )
