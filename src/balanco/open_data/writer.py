"""The writer of a year's open data (``reports/<ano>/dados-abertos/``): for each
dataset the published rows as a CSV for Excel in pt-BR and as Parquet, then the
dictionary, the indicators, their schema, ``datapackage.json`` and the front page
``index.html`` (:mod:`~balanco.open_data.index_page`) — all from a
:class:`~balanco.year_data.YearData`, in one atomic folder."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .. import files
from ..departments.open_data_spec import DATE_ONLY, Dataset
from ..errors import os_fault
from ..fingerprint import locked
from ..settings import INDICATORS_FILE, Settings
from ..year_data import YearData
from .csv_excel import DATE_FORMAT, DATETIME_FORMAT, FALSE, TRUE, write_csv
from .datapackage import SCHEMA_FILE, datapackage, indicators_payload, schema_text
from .datasets import datasets, year_rows
from .dictionary import dictionary, dictionary_markdown
from .index_page import page
from .lgpd import K_DEFAULT, known_names, publishable
from .names import FOLDER, INDEX


def csv_frame(frame: pd.DataFrame, spec: Dataset) -> pd.DataFrame:
    """Values as written to the pt-BR CSV: dates dd/mm/aaaa, booleans sim/não;
    numbers stay numbers (pandas writes them with a decimal comma)."""
    out = frame.copy()
    for col in spec.columns:
        if not col.published:
            continue
        kind = "date" if col.treatment == DATE_ONLY else col.type
        if kind == "date":
            out[col.name] = pd.to_datetime(out[col.name]).dt.strftime(DATE_FORMAT)
        elif kind == "datetime":
            out[col.name] = pd.to_datetime(out[col.name]).dt.strftime(DATETIME_FORMAT)
        elif kind == "boolean":
            out[col.name] = out[col.name].map({True: TRUE, False: FALSE})
        elif kind == "integer":
            out[col.name] = out[col.name].astype("Int64")
        elif kind == "string":
            out[col.name] = out[col.name].astype("object")
    return out


def parquet_frame(frame: pd.DataFrame, spec: Dataset) -> pd.DataFrame:
    """Typed values for Parquet: dates as dates, codes as text, Int64 integers."""
    out = frame.copy()
    for col in spec.columns:
        if not col.published:
            continue
        if col.type == "date":
            out[col.name] = pd.to_datetime(out[col.name]).dt.date.astype("object")
            out[col.name] = out[col.name].where(out[col.name].notna(), None)
        elif col.type == "datetime":
            out[col.name] = pd.to_datetime(out[col.name])
        elif col.type == "integer":
            out[col.name] = out[col.name].astype("Int64")
        elif col.type == "number":
            out[col.name] = out[col.name].astype("float64")
        elif col.type == "boolean":
            out[col.name] = out[col.name].astype("bool")
        else:
            out[col.name] = out[col.name].astype("string")
    return out


def write(settings: Settings, data: YearData, *, k: int = K_DEFAULT) -> Path:
    """Write the open data of ``data`` to ``reports/<ano>/dados-abertos/``
    (atomically: a new folder is filled beside the old one and swapped in only when
    complete) and return the folder."""
    target = settings.reports_path(data.year) / FOLDER
    try:
        _export(target, data, settings, k=k)
    except OSError as exc:
        raise os_fault(exc, path=target, doing="gravar os dados abertos") from exc
    return target


def _export(target: Path, data: YearData, settings: Settings, *, k: int) -> None:
    with files.new_folders(target.parent), locked(target.parent / ".dados-abertos.lock"):
        files.restore_folder(target)
        with files.atomic_folder(target) as tmp:
            _write(tmp, data, settings, k=k)


def _write(folder: Path, data: YearData, settings: Settings, *, k: int) -> None:
    names = known_names(data.tables)
    counted: dict[str, int] = {}
    for spec in datasets(settings):
        rows = year_rows(data.tables[spec.department][spec.table], spec, data.year)
        public = publishable(rows, spec, k=k, names=names)
        counted[spec.name] = len(public)
        write_csv(csv_frame(public, spec), folder / f"{spec.name}.csv")
        parquet_frame(public, spec).to_parquet(folder / f"{spec.name}.parquet", index=False)
    specs = datasets(settings)
    write_csv(dictionary(specs), folder / "dicionario.csv")
    (folder / "dicionario.md").write_text(
        dictionary_markdown(k=k, specs=specs) + "\n", encoding="utf-8"
    )
    (folder / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    (folder / INDICATORS_FILE).write_text(
        json.dumps(indicators_payload(data, settings), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    (folder / "datapackage.json").write_text(
        json.dumps(datapackage(data, settings, k=k), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    # Last: the front page lists the files above with their sizes.
    (folder / INDEX).write_text(
        page(folder, settings, year=data.year, specs=specs, rows=counted, k=k), encoding="utf-8"
    )
