"""A department's open-data datasets live in its package (``open_data.py``): a toy
department kept in another folder publishes its dataset through ``balanco exportar``
(CSV, Parquet, dictionary, datapackage.json) without touching any other file, and a
department without ``open_data`` publishes nothing and breaks nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import write

TOY = {
    "__init__.py": '''
"""A toy department: toys handed out, one CSV."""
from pathlib import Path

import pandas as pd

from balanco.departments.base import COUNT, Indicator, Source, lazy_parts

NAME = "brinquedoteca"
TITLE = COVER_TITLE = "Brinquedoteca"
SOURCES = (Source("entregas", ("brinquedos.csv",), "Planilha", "Brinquedos entregues."),)
__getattr__ = lazy_parts(__name__)


def load(raw_dir: Path, *, settings):
    path = raw_dir / "brinquedos.csv"
    frame = pd.read_csv(path, sep=";", dtype=str)
    frame.attrs["source"] = str(path)
    return {"entregas": frame}


def clean(raw, *, year, settings):
    frame = raw["entregas"]
    data = pd.to_datetime(frame["Data"], format="%d/%m/%Y")
    return {
        "entregas": pd.DataFrame(
            {
                "ano": data.dt.year.astype("Int64"),
                "data": data,
                "brinquedo": frame["Brinquedo"],
                "situacao": frame["Situação"],
                "responsavel": frame["Responsável"],
                "linha_origem": range(2, len(frame) + 2),
            }
        )
    }


def entregas_of_year(frame, year):
    """A toy counts when it was handed out in the year (not cancelled)."""
    return frame[frame["ano"].eq(year).fillna(False) & frame["situacao"].eq("Entregue")]


def counted(clean, *, year):
    return {"entregas": entregas_of_year(clean["entregas"], year)}


def summarise(clean, *, year):
    n = len(counted(clean, year=year)["entregas"])
    return [Indicator("brinquedos", NAME, "Brinquedos entregues", "Entregas do ano.", COUNT, n,
                      ("brinquedos.csv",))]


def breakdowns(clean, *, year):
    return {}
''',
    "open_data.py": """
from balanco.departments.open_data_spec import (
    DROP, NO_PERSONAL, Column, Dataset, ano_column, counts_column, line_column,
)

from . import entregas_of_year

ENTREGAS = Dataset(
    "brinquedoteca_entregas",
    "brinquedoteca",
    "entregas",
    "Brinquedos entregues pela Brinquedoteca",
    "brinquedos.csv",
    entregas_of_year,
    "brinquedos",
    (
        ano_column("da entrega", "Data"),
        Column("data", "data", "date", "Data da entrega.", "Data", NO_PERSONAL),
        Column("brinquedo", "brinquedo", "string", "Brinquedo.", "Brinquedo", NO_PERSONAL),
        Column("situacao", "situacao", "string", "Situação.", "Situação", NO_PERSONAL),
        Column(
            "responsavel",
            "responsavel",
            "string",
            "Quem entregou.",
            "Responsável",
            "não publicada: nome de pessoa",
            DROP,
            personal="nome de pessoa",
        ),
        line_column("brinquedos.csv"),
        counts_column("entrega do ano com situação Entregue."),
    ),
)

DATASETS = (ENTREGAS,)
""",
}

#: A department with no open_data part: it publishes nothing.
SILENT = """
NAME = "ludoteca"
TITLE = COVER_TITLE = "Ludoteca"
SOURCES = ()
sentences = views = generator = None
def load(raw_dir, *, settings): return {}
def clean(raw, *, year, settings): return {}
def counted(clean, *, year): return {}
def summarise(clean, *, year): return []
def breakdowns(clean, *, year): return {}
"""


CLI = "import sys; from balanco import cli; sys.exit(cli.main(sys.argv[1:]))"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """``balanco prepare`` and ``balanco exportar`` of 2024 with the two toys only."""
    tmp = tmp_path_factory.mktemp("toy_open_data")
    modules = tmp / "modulos"
    for name, text in TOY.items():
        write(modules / "brinquedoteca" / name, text.lstrip())
    write(modules / "ludoteca" / "__init__.py", SILENT.lstrip())
    project = tmp / "projeto"
    # Three toys in 2024 (one cancelled), one in December 2023.
    write(
        project / "data/raw/2024/brinquedos.csv",
        "Data;Brinquedo;Situação;Responsável\n"
        "05/01/2024;Pião;Entregue;Ana Souza\n"
        "10/01/2024;Bola;Cancelada;Ana Souza\n"
        "03/03/2024;Boneca;Entregue;Bruno Lima\n"
        "20/12/2023;Carrinho;Entregue;Ana Souza\n",
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(modules), os.environ.get("PYTHONPATH", "")]),
        "BALANCO_DEPARTAMENTOS": "brinquedoteca,ludoteca",
        "BALANCO_ROOT": str(project),
        "XDG_CACHE_HOME": str(tmp / "cache"),
    }
    for command in ("prepare", "exportar"):
        done = subprocess.run(
            [sys.executable, "-c", CLI, command, "--year", "2024"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return project / "reports" / "2024" / "dados-abertos"


def test_the_toys_dataset_is_written_as_csv_and_parquet(exported):
    assert (exported / "brinquedoteca_entregas.csv").read_text("utf-8-sig").splitlines() == [
        "ano;data;brinquedo;situacao;conta_no_indicador",
        "2024;05/01/2024;Pião;Entregue;sim",
        "2024;10/01/2024;Bola;Cancelada;não",
        "2024;03/03/2024;Boneca;Entregue;sim",
    ]
    parquet = pd.read_parquet(exported / "brinquedoteca_entregas.parquet")
    assert list(parquet.columns) == ["ano", "data", "brinquedo", "situacao", "conta_no_indicador"]
    assert parquet["brinquedo"].tolist() == ["Pião", "Bola", "Boneca"]
    assert parquet["conta_no_indicador"].tolist() == [True, False, True]
    # The column marked DROP (a person's name) is in no published file.
    for path in exported.iterdir():
        if path.suffix in (".csv", ".json"):
            text = path.read_text("utf-8-sig")
            assert "Ana Souza" not in text and "Bruno Lima" not in text, path.name


def test_only_the_department_with_open_data_publishes(exported):
    tables = sorted(p.name for p in exported.iterdir() if p.suffix in (".csv", ".parquet"))
    assert tables == [
        "brinquedoteca_entregas.csv",
        "brinquedoteca_entregas.parquet",
        "dicionario.csv",
    ]


def test_the_dictionary_lists_the_toys_columns(exported):
    table = pd.read_csv(exported / "dicionario.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert set(table["conjunto"]) == {"brinquedoteca_entregas"}
    row = table[table["coluna"] == "responsavel"].iloc[0]
    assert (row["publicada"], row["coluna_origem"], row["arquivo_origem"]) == (
        "não",
        "Responsável",
        "brinquedos.csv",
    )
    markdown = (exported / "dicionario.md").read_text("utf-8")
    assert "## brinquedoteca_entregas.csv — Brinquedos entregues pela Brinquedoteca" in markdown


def test_the_datapackage_lists_the_toys_dataset_and_validates(exported):
    from frictionless import validate

    package = json.loads((exported / "datapackage.json").read_text("utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert sorted(resources) == ["brinquedoteca_entregas", "dicionario"]
    fields = [f["name"] for f in resources["brinquedoteca_entregas"]["schema"]["fields"]]
    assert fields == ["ano", "data", "brinquedo", "situacao", "conta_no_indicador"]
    report = validate(exported / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
