"""Helpers every department's cleaning and rules use on its frames: the source and
line of each record, text cells, dates of a year, missing breakdowns, registers,
durations, and the records no rule counts. The contract itself (the declarations
and the :class:`~balanco.departments.base.Department` protocol) is in
:mod:`balanco.departments.base`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ..errors import BadInput, Problem, ProblemLog
from ..formatting import is_missing
from ..io import (
    DATE_EXPECTED,
    LINE,
    check_unique,
    convert,
    display_path,
    parse_datetime,
)
from ..rounding import rounded


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
