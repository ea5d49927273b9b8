"""periodo_misturado (blocking): whether an export of one period is an export of
the balance's year.

A file that a system exports for a chosen period (Sindec, WordPress, GLPI: its
department declares it with ``Dated(one_period=True)``) holds the year's records
and, at most, a few of the neighbouring years at its edges. Two shapes say the
wrong period was exported (the 2023 WordPress export in the 2024 folder, holding
three posts of January 2024):

- most of its records are of another year: fewer than :data:`MAJORITY` of the
  dated records are of the balance's year;
- its records of the year cover only the first or the last weeks of the year:
  all of them within :data:`EDGE_DAYS` days of the year's start, or of its end.

The year ends at the export date when the export was made during the year (a
report in November of the running year: records up to the export are normal),
and the edge rule needs at least :data:`MIN_WINDOW_DAYS` days of that year to
mean anything. A source with fewer than :data:`MIN_RECORDS` dated records (a
handful of hearings) is not judged: a few records may fall anywhere. A source
that accumulates years by nature (the Transferegov dumps, a register kept across
years) is never judged: its department does not declare it ``one_period``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .. import formatting
from ..check_spec import BLOCKING, Check
from ..errors import Problem
from .context import Context, declared

if TYPE_CHECKING:  # imported when a source is judged (stored warnings need no pandas)
    import pandas as pd

#: Below this share of its dated records in the balance's year, an export of one
#: period is "mostly of another year".
MAJORITY = 0.5
#: "The first or the last weeks of the year": the year's records all within this
#: many days of its start (or of its end).
EDGE_DAYS = 31
#: The edge rule needs the year (up to the export) to be at least this long.
MIN_WINDOW_DAYS = 91
#: Fewer dated records than this: not judged.
MIN_RECORDS = 10


@dataclass(frozen=True)
class Verdict:
    """Why a source looks like an export of another period."""

    year: int
    total: int  # dated records considered
    in_year: int
    mostly_other_year: bool
    edge: str | None  # "início" / "fim": the year's records only at that edge
    first: datetime | None  # the year's first and last record
    last: datetime | None
    by_year: dict[int, list[int]]  # year -> [count of each month 1..12]


def window(year: int, limit: datetime) -> tuple[date, date] | None:
    """The part of ``year`` an export made at ``limit`` can cover (None when the
    export is older than the year).

    >>> window(2024, datetime(2025, 1, 31))
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> window(2025, datetime(2025, 11, 10, 23, 59))
    (datetime.date(2025, 1, 1), datetime.date(2025, 11, 10))
    """
    start, end = date(year, 1, 1), min(date(year, 12, 31), limit.date())
    return (start, end) if end >= start else None


def judge(dates: pd.Series, *, year: int, limit: datetime) -> Verdict | None:
    """The verdict on the dates of an export of one period (None: it looks like
    an export of ``year``, or there is too little to say). Missing dates are left
    out; a source without any record of the year is ``sem_registros_no_ano``'s."""
    import pandas as pd

    when = pd.to_datetime(dates).dropna()
    span = window(year, limit)
    if len(when) < MIN_RECORDS or span is None:
        return None
    own = when[when.dt.year == year]
    if own.empty:
        return None
    mostly_other = len(own) / len(when) < MAJORITY
    start, end = span
    edge = None
    if (end - start).days + 1 >= MIN_WINDOW_DAYS:
        if own.max().date() < start + timedelta(days=EDGE_DAYS):
            edge = "início"
        elif own.min().date() > end - timedelta(days=EDGE_DAYS):
            edge = "fim"
    if not mostly_other and edge is None:
        return None
    by_year = {
        int(y): [int((group.dt.month == m).sum()) for m in range(1, 13)]
        for y, group in when.groupby(when.dt.year)
    }
    return Verdict(
        year,
        len(when),
        len(own),
        mostly_other,
        edge,
        own.min(),
        own.max(),
        dict(sorted(by_year.items())),
    )


def _months(counts: list[int]) -> str:
    """The months with records, as read: "janeiro", "de janeiro a dezembro",
    "janeiro, março e julho"."""
    months = [m for m, n in enumerate(counts, start=1) if n]
    names = [formatting.month_name(m) for m in months]
    if len(months) > 2 and months == list(range(months[0], months[-1] + 1)):
        return f"de {names[0]} a {names[-1]}"
    return formatting.join_pt(names)


def found(verdict: Verdict) -> str:
    """The years and months found, e.g. "2023: 411 registros, de janeiro a
    dezembro; 2024: 3 registros, em janeiro"."""
    parts = []
    for y, counts in verdict.by_year.items():
        months = _months(counts)
        where = months if months.startswith("de ") else f"em {months}"
        parts.append(f"{y}: {formatting.plural(sum(counts), 'registro', 'registros')}, {where}")
    return "; ".join(parts)


def explain(verdict: Verdict, *, what: str, limit_label: str) -> str:
    """The check's message (Portuguese): what was found, the rule and its
    thresholds, and what to do."""
    y = verdict.year
    why = []
    if verdict.mostly_other_year:
        why.append(
            f"dos {formatting.count(verdict.total)} {what}, só "
            f"{formatting.count(verdict.in_year)} {'é' if verdict.in_year == 1 else 'são'} "
            f"de {y} ({formatting.percent(verdict.in_year / verdict.total, 0)}, menos da "
            "metade)"
        )
    if verdict.edge == "início":
        why.append(
            f"os de {y} vão só até {formatting.short_date(verdict.last.date())}, nos "
            f"primeiros {EDGE_DAYS} dias do ano"
        )
    elif verdict.edge == "fim":
        why.append(
            f"os de {y} começam só em {formatting.short_date(verdict.first.date())}, nos "
            f"últimos {EDGE_DAYS} dias do ano (até a {limit_label})"
        )
    return (
        f"a exportação parece ser de outro período: {formatting.join_pt(why)}. Anos e "
        f"meses encontrados: {found(verdict)}. Uma exportação de um período deve ter ao "
        f"menos metade dos registros no ano do balanço, e os do ano não podem ficar só "
        f"nos primeiros ou nos últimos {EDGE_DAYS} dias dele (até a data da exportação, "
        f"no ano corrente); fontes com menos de {MIN_RECORDS} registros não são julgadas. "
        f"Exporte de novo o período de {y}; se a exportação estiver certa, aceite-a"
    )


def check(ctx: Context) -> Iterator[Problem]:
    """An export of one period (``Dated.one_period``) whose records are mostly of
    another year, or whose records of the year cover only its first or last weeks;
    the records no rule counts (``EXCLUDED``) are left out."""
    for spec in declared("DATES"):
        frame = ctx.frame(spec)
        if not spec.one_period or frame is None or spec.column not in frame.columns:
            continue
        counted = frame[~ctx.never_counted(spec.department, spec.frame, frame)]
        verdict = judge(counted[spec.column], year=ctx.year, limit=ctx.limit)
        if verdict is not None:
            yield CHECK.problem(
                explain(verdict, what=spec.what, limit_label=ctx.limit_label),
                file=spec.file,
                column=spec.raw_column,
                department=spec.department,
            )


def _one_period() -> set[str]:
    return {d.department for d in declared("DATES") if d.one_period}


CHECK = Check(
    "periodo_misturado",
    BLOCKING,
    "Exportação de outro período",
    check,
    listed=60,
    runs=50,
    tied_to=_one_period,
)
