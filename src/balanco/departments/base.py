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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Protocol, runtime_checkable

import pandas as pd

from ..errors import BadInput, Problem, ProblemLog
from ..formatting import is_missing  # noqa: F401 - the one definition, re-exported
from ..indicator import COUNT, DAYS, MONEY, UNITS, Indicator  # noqa: F401 - re-exported
from ..io import (
    DATE_EXPECTED,
    LINE,
    check_unique,
    convert,
    display_path,
    fold,
    parse_datetime,
)
from ..rounding import rounded


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


def with_source(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Tag a raw frame with the file it came from (for error messages); a
    spreadsheet's sheet is named too."""
    out = frame.copy()
    sheet = frame.attrs.get("sheet")
    out.attrs["source"] = display_path(path) + (f', planilha "{sheet}"' if sheet else "")
    return out


def columns_as_written(
    problems: Iterable[Problem], frames: Mapping[str, pd.DataFrame]
) -> list[Problem]:
    """``problems`` naming a column by its declared name, named instead as the
    file the frame came from writes it (``attrs["as_written"]`` of the readers:
    a header matched with other case, accents or spaces, e.g. "Situacao")."""
    names = {
        (frame.attrs.get("source"), declared): written
        for frame in frames.values()
        if isinstance(frame, pd.DataFrame)
        for declared, written in (frame.attrs.get("as_written") or {}).items()
    }
    return [
        replace(p, column=names[(p.file, p.column)]) if (p.file, p.column) in names else p
        for p in problems
    ]


def source_of(frame: pd.DataFrame) -> str:
    return str(frame.attrs.get("source", "<desconhecido>"))


def drop_line(frame: pd.DataFrame) -> pd.DataFrame:
    """Processed frames keep the source line as ``linha_origem``."""
    return frame.rename(columns={LINE: "linha_origem"})


def in_year(dates: pd.Series, year: int) -> pd.Series:
    """True where a timestamp falls in ``year``."""
    return pd.to_datetime(dates).dt.year.eq(year).fillna(False)


def monthly_counts(dates: pd.Series, year: int) -> pd.DataFrame:
    """Count per month 1..12 of ``year`` (months without records count zero)."""
    ts = pd.to_datetime(dates)
    months = ts[ts.dt.year == year].dt.month
    counts = months.value_counts().reindex(range(1, 13), fill_value=0).sort_index()
    return pd.DataFrame({"mes": counts.index.astype(int), "quantidade": counts.to_numpy()})


def text(value: object) -> str | None:
    """A text cell with its whitespace collapsed; None when missing or blank.

    Codes (CEP, IBGE, CNPJ, numbers of processes) stay text.

    >>> text("  Fulano   de  Tal "), text(float("nan")), text("   "), text(pd.NA), text(8576)
    ('Fulano de Tal', None, None, None, '8576')
    """
    if is_missing(value):
        return None
    out = " ".join(str(value).split())
    return out or None


_text = text


def unavailable(frame: pd.DataFrame, reason: str) -> pd.DataFrame:
    """Mark a breakdown as "não disponível" (its input column is absent or has no
    valid value): the report shows ``reason`` instead of drawing it."""
    out = frame.copy()
    out.attrs["motivo"] = reason
    return out


def reason_unavailable(frame: pd.DataFrame) -> str | None:
    """Why a breakdown is not available (None when it is)."""
    return frame.attrs.get("motivo")


def clean_register(
    frame: pd.DataFrame,
    *,
    id_column: str | None,
    text: dict[str, str],
    dates: dict[str, str],
    optional_dates: tuple[str, ...] = (),
    never: Sequence[bool] | None = None,
    log: ProblemLog,
) -> pd.DataFrame:
    """Normalise a register (one record per row, an id, dates, text fields).

    ``text`` and ``dates`` map the column as written in the file to the
    processed name; the first date gives ``ano``. ``never`` marks the records the
    rules never count by their status (the department's :class:`Excluded`): their
    dates may be empty (:func:`required_if_counted`). Problems go to ``log``; the
    caller raises. Whitespace inside text is collapsed.
    """
    file = source_of(frame)
    if id_column is not None:
        ids = [_text(v) for v in frame[id_column]]
        check_unique(frame, id_column, file=file, log=log, values=ids)
    never = [False] * len(frame) if never is None else never
    parsed = {
        dst: required_if_counted(
            frame,
            never,
            lambda rows, log, required, src=src: convert(
                rows,
                src,
                parse_datetime,
                file=file,
                log=log,
                expected=DATE_EXPECTED,
                required=required and src not in optional_dates,
            ),
            log=log,
        )
        for src, dst in dates.items()
    }
    out = pd.DataFrame(
        {dst: [_text(v) for v in frame[src]] for src, dst in text.items()}, index=frame.index
    )
    for dst, values in parsed.items():
        out[dst] = pd.to_datetime(pd.Series(values, index=frame.index, dtype=object))
    first = next(iter(dates.values()))
    out.insert(0, "ano", out[first].dt.year.astype("Int64"))
    out[LINE] = frame[LINE]
    return drop_line(out.reset_index(drop=True))


def median_days(days: pd.Series) -> float | None:
    """Median of durations in days, one decimal rounded half up (the one rule of
    :mod:`balanco.rounding`); None ("não disponível", never 0) when there is no
    duration.

    >>> median_days(pd.Series([1.0, 3.0])), median_days(pd.Series([], dtype=float))
    (2.0, None)
    >>> median_days(pd.Series([1.0, 1.5]))  # 1.25 days: 1.3, not round()'s 1.2
    1.3
    """
    days = days.dropna()
    return rounded(float(days.median()), 1) if len(days) else None


def calendar_days(start: pd.Series, end: pd.Series) -> pd.Series:
    """Calendar days from ``start`` to ``end``, whatever the hours: 0 when both fall
    on the same day (09:00 → 11:00), 1 on the next day (23:50 → 00:10).

    >>> ts = pd.to_datetime(pd.Series(["2024-03-01 09:00", "2024-03-01 23:50"]))
    >>> end = pd.to_datetime(pd.Series(["2024-03-01 11:00", "2024-03-02 00:10"]))
    >>> calendar_days(ts, end).tolist()
    [0.0, 1.0]
    """
    return (end.dt.normalize() - start.dt.normalize()).dt.days.astype(float)


def binned(days: pd.Series, edges: list[float], labels: list[str], *, name: str) -> pd.DataFrame:
    """Count durations into labelled bins (every bin listed, empty ones as zero).

    Bins are right-closed, ``(edges[i], edges[i + 1]]``: with whole calendar days
    and edges ``[-1, 0, 1, 3, 7, inf]`` they are 0 | 1 | 2–3 | 4–7 | 8 or more,
    each day count in exactly one bin."""
    counts = pd.cut(days, bins=edges, labels=labels).value_counts().reindex(labels, fill_value=0)
    return counts.rename_axis(name).reset_index(name="quantidade")


def clean_sources(steps: dict[str, Callable[[], pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The one way a department's ``clean`` collects problems: each step cleans one
    dataset and raises :class:`BadInput` with every problem it found; every step
    runs, then all problems of all steps are raised together."""
    log = ProblemLog()
    out: dict[str, pd.DataFrame] = {}
    for key, step in steps.items():
        try:
            out[key] = step()
        except BadInput as exc:
            log.extend(exc.problems)
    log.raise_if_any()
    return out


def checked(step: Callable[[ProblemLog], pd.DataFrame]) -> pd.DataFrame:
    """Run a cleaning step that writes its problems to a log, raising them at the end
    (so it fits :func:`clean_sources`)."""
    log = ProblemLog()
    out = step(log)
    log.raise_if_any()
    return out


def uncounted_aside(
    frame: pd.DataFrame,
    never: Sequence[bool],
    convert_rows: Callable[[pd.DataFrame, ProblemLog], list[object]],
    *,
    log: ProblemLog,
) -> list[object]:
    """Convert a column the rules read only for the records they count.

    ``convert_rows(rows, log)`` parses the rows given (logging each problem, as
    :func:`balanco.io.convert` does); the records marked in ``never`` (their status
    excludes them: see :class:`Excluded`) are converted apart and their problems
    are no error: an empty value stays missing and an unreadable one becomes
    missing (the check ``valor_ignorado`` warns of it, from the raw file). Returns
    the values in the order of ``frame``.
    """
    never = pd.Series(list(never), index=frame.index, dtype=bool)
    out = pd.Series(None, index=frame.index, dtype=object)
    counted_rows = frame[~never]
    if len(counted_rows):
        out[~never] = pd.Series(convert_rows(counted_rows, log), index=counted_rows.index)
    aside = frame[never]
    if len(aside):  # a value that fails to parse comes back missing; its problem is dropped
        values = convert_rows(aside, ProblemLog())
        out[never] = pd.Series(values, index=aside.index, dtype=object)
    return out.tolist()


def required_if_counted(
    frame: pd.DataFrame,
    never: Sequence[bool],
    convert_rows: Callable[[pd.DataFrame, ProblemLog, bool], list[object]],
    *,
    log: ProblemLog,
) -> list[object]:
    """Convert a column every record needs only when it counts.

    ``convert_rows(rows, log, required)`` parses the rows given; the records marked
    in ``never`` (their status excludes them: see :class:`Excluded`) are converted
    with ``required=False``: no rule reads the value, so it may be empty (a
    cancelled ofício's number, an audiência cancelled before it had a date). A value
    written must still be readable: its problem is an error like any other. Returns
    the values in the order of ``frame``.
    """
    never = pd.Series(list(never), index=frame.index, dtype=bool)
    out = pd.Series(None, index=frame.index, dtype=object)
    for part, required in ((frame[~never], True), (frame[never], False)):
        if len(part):
            values = convert_rows(part, log, required)
            out[part.index] = pd.Series(values, index=part.index, dtype=object)
    return out.tolist()
