"""The datasets each department publishes, collected from the registered departments.

Each department declares its own datasets in its package
(``departments/<name>/open_data.py``, ``DATASETS``, written with the vocabulary of
:mod:`balanco.departments.open_data_spec`); this module collects them in the registry's order
(a department without ``open_data`` publishes nothing), applies the free-text
columns the municipality opts in (:mod:`balanco.open_data.free_text`) and selects a
year's rows of a processed table under the published names.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from types import ModuleType

import pandas as pd

from ..departments.open_data_spec import COUNTS_COLUMN, Dataset
from ..settings import Settings
from . import free_text

#: The optional part of a department package that declares its datasets.
PART = "open_data"


# --------------------------------------------------------------------------- datasets


def open_data_of(department: ModuleType) -> ModuleType | None:
    """A department's ``open_data`` submodule, or None when it has none (then it
    publishes nothing)."""
    name = f"{department.__name__}.{PART}"
    try:
        return import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:  # the part exists but something it imports does not
            raise
        return None


def _declared(departments: Iterable[ModuleType]) -> list[Dataset]:
    out: list[Dataset] = []
    for department in departments:
        part = open_data_of(department)
        if part is not None:
            out.extend(part.DATASETS)
    return out


def all_datasets() -> tuple[Dataset, ...]:
    """Every published dataset of the registered departments, in the registry's
    order (each department's ``open_data.DATASETS``)."""
    from .. import departments

    return tuple(_declared(departments.DEPARTMENTS))


def known_datasets() -> tuple[Dataset, ...]:
    """The datasets a municipality file may name in ``publicar_texto_livre``: the
    run's departments' and the packaged ones' (a run that replaces the registry,
    ``BALANCO_DEPARTAMENTOS``, does not make the municipality's file wrong)."""
    from .. import departments

    modules = {m.__name__: m for m in departments.DEPARTMENTS}
    for name in departments.REGISTRY:
        if name not in modules:
            modules[name] = import_module(name)
    return tuple(_declared(modules.values()))


def __getattr__(name: str) -> object:
    """``DATASETS`` (:func:`all_datasets`), ``BY_KEY`` and, by its name in its
    department's ``open_data``, any one dataset (``datasets.AUDIENCIAS``);
    collected on each use, so they follow the departments of the run."""
    if name == "DATASETS":
        return all_datasets()
    if name == "BY_KEY":
        return {(d.department, d.table): d for d in all_datasets()}
    if not name.startswith("_"):
        from .. import departments

        for department in departments.DEPARTMENTS:
            value = getattr(open_data_of(department), name, None)
            if isinstance(value, Dataset):
                return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def datasets(settings: Settings | None) -> list[Dataset]:
    """The datasets of the departments the municipality enables (``departments.enabled``),
    with the free-text columns its file opts in (``publicar_texto_livre``) published."""
    from ..departments import enabled

    chosen = free_text.chosen(settings, known_datasets())
    return free_text.applied(_declared(enabled(settings)), chosen)


def as_published(spec: Dataset, settings: Settings | None) -> Dataset:
    """``spec`` with the free-text columns the municipality's file opts in published."""
    return free_text.applied([spec], free_text.chosen(settings, known_datasets()))[0]


def dataset(department: str, table: str) -> Dataset:
    """The dataset of a department's processed table (KeyError when unknown)."""
    return {(d.department, d.table): d for d in all_datasets()}[(department, table)]


def year_rows(frame: pd.DataFrame, spec: Dataset, year: int) -> pd.DataFrame:
    """The year's rows (processed ``ano`` = year) under their published names,
    every column kept (personal ones too), plus ``conta_no_indicador`` from the
    department's own rule."""
    counted = spec.rule(frame, year).index
    of_year = frame[frame["ano"].eq(year).fillna(False).astype(bool)]
    data = {}
    for col in spec.columns:
        if col.source is None:
            continue
        if col.source in of_year.columns:
            data[col.name] = of_year[col.source]
        elif col.optional:
            data[col.name] = pd.Series(pd.NA, index=of_year.index, dtype="object")
        else:
            raise KeyError(f"{spec.department}/{spec.table}: processed column {col.source!r}")
    out = pd.DataFrame(data, index=of_year.index)
    out[COUNTS_COLUMN] = of_year.index.isin(counted)
    return out.reset_index(drop=True)
