"""periodo_misturado (blocking): whether an export of one period is an export of
the balance's year.

A file that a system exports for a chosen period (Sindec, WordPress, GLPI: its
department declares it with ``Dated(one_period=True)``) holds the year's records
and, at most, a few of the neighbouring years at its edges. The period it covers
runs from 1 January to 31 December of the balance's year, or to the export date
when the export was made during that year (a report in November of the running
year: records up to the export are normal). Two shapes say the wrong period was
exported (the 2023 WordPress export in the 2024 folder, holding three posts of
January 2024; a Sindec export of the first six weeks of the year):

- most of its records are of another year: fewer than :data:`MAJORITY` (half) of
  the dated records are of the balance's year;
- its records of the year do not cover the period: they must start in its first
  quarter and reach into its last quarter (:data:`EDGE_SHARE`; for a whole year
  of 366 days, the first and the last 91 days: by 31 March and from 2 October on).
  An export of the first or the last six weeks, or of any stretch up to about
  nine months at one end, fails; a full year with one or two empty months (a
  January without records, a December without records) passes.

The coverage rule needs at least :data:`MIN_WINDOW_DAYS` days of the period to
mean anything (an export made on 20 January of the running year is not judged by
it). A source with fewer than :data:`MIN_RECORDS` dated records (a handful of
hearings) is not judged at all: a few records may fall anywhere. The records no
rule counts by their status (``EXCLUDED``: a scheduled post) are left out. A
source that accumulates years by nature (the Transferegov dumps, a register kept
across years) is never judged: its department does not declare it
``one_period``. The message gives the years and months found, the rule, and the
``[[aceite]]`` that accepts an export that is right on purpose.
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
#: The year's records must start within this share of the period covered (from its
#: start) and reach into the same share at its end: a quarter, 91 days of a year.
EDGE_SHARE = 0.25
#: The coverage rule needs the period (up to the export) to be at least this long.
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
    late_start: bool  # the year's records start after the period's first part
    early_end: bool  # the year's records end before the period's last part
    first: datetime | None  # the year's first and last record
    last: datetime | None
    period: tuple[date, date]  # the period the export covers (see window)
    by_year: dict[int, list[int]]  # year -> [count of each month 1..12]

    @property
    def head(self) -> tuple[date, date]:
        """The first part of the period: the year's records must start in it."""
        return parts(*self.period)[0]

    @property
    def tail(self) -> tuple[date, date]:
        """The last part of the period: the year's records must reach into it."""
        return parts(*self.period)[1]


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


def parts(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The first and the last part (:data:`EDGE_SHARE`) of the period from ``start``
    to ``end``, both days included.

    >>> [(a.isoformat(), b.isoformat()) for a, b in parts(date(2024, 1, 1), date(2024, 12, 31))]
    [('2024-01-01', '2024-03-31'), ('2024-10-02', '2024-12-31')]
    >>> [(a.isoformat(), b.isoformat()) for a, b in parts(date(2025, 1, 1), date(2025, 11, 10))]
    [('2025-01-01', '2025-03-19'), ('2025-08-25', '2025-11-10')]
    """
    days = int(((end - start).days + 1) * EDGE_SHARE)
    return (start, start + timedelta(days=days - 1)), (end - timedelta(days=days - 1), end)


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
    late_start = early_end = False
    if (span[1] - span[0]).days + 1 >= MIN_WINDOW_DAYS:
        head, tail = parts(*span)
        late_start = own.min().date() > head[1]
        early_end = own.max().date() < tail[0]
    if not (mostly_other or late_start or early_end):
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
        late_start,
        early_end,
        own.min(),
        own.max(),
        span,
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
    pieces = []
    for y, counts in verdict.by_year.items():
        months = _months(counts)
        where = months if months.startswith("de ") else f"em {months}"
        pieces.append(f"{y}: {formatting.plural(sum(counts), 'registro', 'registros')}, {where}")
    return "; ".join(pieces)


def _span(part: tuple[date, date]) -> str:
    return f"de {formatting.short_date(part[0])} a {formatting.short_date(part[1])}"


def explain(verdict: Verdict, *, what: str, limit_label: str) -> str:
    """The check's message (Portuguese): what was found, the rule and its
    thresholds, and what to do. ``limit_label`` names the export date (it holds
    parentheses: it is never put inside others)."""
    y = verdict.year
    why = []
    if verdict.mostly_other_year:
        why.append(
            f"dos {formatting.count(verdict.total)} {what}, só "
            f"{formatting.count(verdict.in_year)} {'é' if verdict.in_year == 1 else 'são'} "
            f"de {y} ({formatting.percent(verdict.in_year / verdict.total, 0)}, menos da "
            "metade)"
        )
    if verdict.late_start:
        why.append(
            f"os de {y} começam só em {formatting.short_date(verdict.first.date())}, depois "
            f"do primeiro quarto do período ({_span(verdict.head)})"
        )
    if verdict.early_end:
        why.append(
            f"os de {y} vão só até {formatting.short_date(verdict.last.date())}, sem chegar "
            f"ao último quarto do período ({_span(verdict.tail)})"
        )
    start, end = verdict.period
    period = ""
    if end < date(y, 12, 31):
        period = (
            f" O período de {y} vai de {formatting.short_date(start)} até a {limit_label}, "
            "pois a exportação foi feita durante o ano."
        )
    return (
        f"a exportação parece ser de outro período: {formatting.join_pt(why)}. Anos e "
        f"meses encontrados: {found(verdict)}.{period} Uma exportação de um período deve "
        "ter ao menos metade dos registros no ano do balanço, e os do ano devem começar no "
        "primeiro quarto do período e chegar ao último quarto dele (o período vai de 1º de "
        "janeiro a 31 de dezembro, ou até a data da exportação no ano corrente); fontes com "
        f"menos de {MIN_RECORDS} registros não são julgadas. Exporte de novo o período de "
        f"{y}; se a exportação estiver certa, aceite-a"
    )


def check(ctx: Context) -> Iterator[Problem]:
    """An export of one period (``Dated.one_period``) whose records are mostly of
    another year, or whose records of the year do not cover the period (from its
    first quarter to its last); the records no rule counts (``EXCLUDED``) are left
    out."""
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
