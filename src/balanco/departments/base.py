"""The contract every department package follows (:class:`Department`), and the
types it returns.

A department package (``departments/<name>/``) exposes:

- ``NAME`` (key), ``TITLE`` (as printed) and ``SOURCES`` (its raw files);
  optionally ``ARTICLE`` (TITLE's article in running text: "o" for "do Procon";
  none by default, as in "de Convênios");
- ``load(raw_dir) -> dict[str, DataFrame]``: I/O only, one raw frame per
  source, each row keeping its position in the file (``_linha``) and each frame
  its file in ``attrs["source"]``;
- ``clean(raw, *, year, settings) -> dict[str, DataFrame]``: pure; validates
  every value, collects every problem, raises :class:`balanco.errors.BadInput`;
- ``counted(clean, *, year) -> dict[str, DataFrame]``: pure; the year's rows that
  count, per dataset (the department's rules; ``summarise`` and ``breakdowns``
  start from it, and analysts can call it);
- ``summarise(clean, *, year) -> list[Indicator]``: pure; numbers, not strings;
- ``breakdowns(clean, *, year) -> dict[str, DataFrame]``: pure; the tables the
  report charts;
- ``views`` (``CHARTS`` and ``TABLES`` by name), ``sentences`` (``paragraph``,
  ``HEADLINE``, ``MEDIAN``) and ``generator`` (``generate(g, out)``, the sample
  data) as submodules; ``views`` and ``generator`` are imported on first use
  (matplotlib, Faker);
- ``VOCABULARIES``: the closed vocabularies of the columns that decide whether
  a record counts or in which category (:mod:`balanco.departments.vocabulary`),
  applied by ``clean``; and optionally ``columns`` (``LAYOUTS``, what each raw
  file must look like: :mod:`balanco.departments.layout`), imported on first use;
- optionally ``open_data`` (``DATASETS``: the department's open-data datasets,
  :class:`balanco.departments.open_data_spec.Dataset`, with their columns, descriptions,
  classes (``kind``: coded, public by law, free text typed by staff, personal),
  LGPD treatments and the department's rule), imported on first use too;
  :mod:`balanco.open_data.datasets` collects it from every registered department
  that has one, and a department without it publishes no open data.

A department has several sources (Convênios has the Transferegov pair, the
state spreadsheet and the ofícios register), so the contract is per
department over a dict of frames rather than per file.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Protocol, runtime_checkable

import pandas as pd

from ..formatting import is_missing  # noqa: F401 - the one definition, re-exported
from ..indicator import COUNT, DAYS, MONEY, UNITS, Indicator  # noqa: F401 - re-exported
from ..io import (
    fold,
)


@dataclass(frozen=True)
class Dated:
    """A cleaned table whose records have a date, declared by its department
    (``DATES``, ``OTHER_DATES``) for the checks: the first date of each table decides
    the records' year (no record in the balance's year, an empty month), and no date
    may be after the export (``data_futura``).

    ``held`` restricts the future-date check to the records whose column holds that
    value (a hearing may be scheduled after the export; one held cannot).

    ``one_period`` says the file is an export of one period, chosen in the system
    that exported it (Sindec, WordPress, GLPI: the balance's year, give or take a few
    records at its edges), so the ``periodo_misturado`` check judges whether most of
    its records are of the year and cover it (:mod:`balanco.checks.periodo_misturado`).
    A source that accumulates years by nature (the national Transferegov dumps, every year since
    2008; a spreadsheet or register kept across years) is not judged so: False.
    ``department`` is filled in by :func:`balanco.checks.declared`.
    """

    frame: str
    column: str  # processed column
    file: str  # raw file name (or pattern)
    raw_column: str  # the column as written in the raw file
    what: str  # the records, in Portuguese (plural)
    monthly: bool = True  # subject to the month-without-records check
    held: tuple[str, str] | None = None  # (processed column, value)
    one_period: bool = False  # an export of one period (see above)
    # A JSON list's records are named by position and id ("3º post (id 11167)"), not
    # by "linha" (a page is one long line): the record's name, e.g. "post".
    item: str | None = None
    department: str = ""


@dataclass(frozen=True)
class Excluded:
    """Records of a cleaned table that no rule counts, whatever their date, because
    of their status, declared by its department (``EXCLUDED``) beside the rule: the
    records whose ``column`` holds one of ``values`` (accents, case and spaces
    aside) or, with ``only``, every record whose column holds none of them.

    The checks do not look at such a record as if it counted: a date after the
    export (a post scheduled, status ``future``) or a value beyond the bound does not
    block, and an unreadable value of it is a warning (``valor_ignorado``), not an
    error. ``department`` is filled in by :func:`balanco.checks.declared`.

    >>> Excluded("posts", "status", ("publish",), only=True).never_counts(
    ...     pd.Series(["publish", "future", None, " Publish "])).tolist()
    [False, True, True, False]
    """

    frame: str
    column: str  # processed column holding the status
    values: tuple[str, ...]
    only: bool = False  # True: the records with one of ``values`` are the only ones counted
    department: str = ""

    def never_counts(self, status: pd.Series) -> pd.Series:
        """True where a record with this status is never counted."""
        listed = status.map(lambda v: fold(str(v)) if not is_missing(v) else "").isin(
            {fold(v) for v in self.values}
        )
        return ~listed if self.only else listed

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """True for the records of ``frame`` that are never counted (none when the
        frame lacks the status column)."""
        if self.column not in frame.columns:
            return pd.Series(False, index=frame.index)
        return self.never_counts(frame[self.column])


@dataclass(frozen=True)
class Bounded:
    """A money column bounded per record (``valor_acima_do_limite``), declared by its
    department (``BOUNDED``).

    ``read_in_year`` names the processed date column when the rules read the value
    only for the records of the balance's year by that date (the national
    Transferegov dump holds every year since 2008; a figure of the previous year is
    prepared from that year's own folder): the value of a record of another year is
    read by no rule of this balance, so an unreadable one is a warning
    (``valor_ignorado``), not an error, and one beyond the bound does not block.
    None when every record's value is read (the state sheet's TOTAL adds them all).
    """

    frame: str
    column: str  # processed column
    file: str
    raw_column: str
    read_in_year: str | None = None
    department: str = ""


@dataclass(frozen=True)
class Source:
    """One raw dataset of a department."""

    key: str
    files: tuple[str, ...]
    system: str
    description: str

    def paths(self, raw_dir: Path) -> list[Path]:
        """The files of this source in ``raw_dir`` (patterns expanded, sorted)."""
        out: list[Path] = []
        for pattern in self.files:
            found = sorted(raw_dir.glob(pattern))
            out.extend(found if found else [raw_dir / pattern])
        return out


@dataclass(frozen=True)
class Companion:
    """An optional file a department reads beside its sources (``COMPANIONS``): kept
    by hand or saved with the export, hashed with the year's inputs (saving it
    re-runs the year) and listed among them."""

    file: str
    key: str
    system: str
    description: str


@runtime_checkable
class Department(Protocol):
    """What a department package provides (checked for every registered one in
    tests/test_contract.py)."""

    NAME: str
    TITLE: str
    COVER_TITLE: str
    SOURCES: tuple[Source, ...]
    sentences: ModuleType
    views: ModuleType
    generator: ModuleType
    # ``open_data`` (optional, see the module's docstring) is not a member: a
    # department without it still follows the contract.

    def load(self, raw_dir: Path, *, settings) -> dict[str, pd.DataFrame]: ...

    def clean(
        self, raw: dict[str, pd.DataFrame], *, year: int, settings
    ) -> dict[str, pd.DataFrame]: ...

    def counted(self, clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]: ...

    def summarise(self, clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]: ...

    def breakdowns(
        self, clean: dict[str, pd.DataFrame], *, year: int
    ) -> dict[str, pd.DataFrame]: ...


LAZY_PARTS = ("views", "generator", "open_data", "columns")
#: Parts a department may lack: reading one that is absent is an AttributeError.
#: ``columns`` (``LAYOUTS``: what its raw files must look like, see
#: :mod:`balanco.departments.layout`) feeds the column reference and the templates.
OPTIONAL_PARTS = ("open_data", "columns")


def lazy_parts(package: str):
    """A module ``__getattr__`` importing a department's ``views``, ``generator``
    and ``open_data`` on first use (they pull in matplotlib and Faker)."""

    def __getattr__(name: str) -> ModuleType:
        if name in LAZY_PARTS:
            try:
                return import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if name not in OPTIONAL_PARTS or exc.name != f"{package}.{name}":
                    raise
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
