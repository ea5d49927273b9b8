"""mes_sem_registros (warning): an empty month in a dated source (``DATES`` with
``monthly``) busy in the other months (on average at least ``min_monthly_records``
a month, up to the export's month in the running year)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import formatting
from ..check_spec import WARNING, Check
from ..errors import Problem
from .context import Context, declared


def check(ctx: Context) -> Iterator[Problem]:
    import pandas as pd

    last = 12
    if ctx.limit.year == ctx.year:
        last = ctx.limit.month
    elif ctx.limit.year < ctx.year:
        return
    for spec in declared("DATES"):
        frame = ctx.frame(spec)
        if frame is None or frame.empty or not spec.monthly:
            continue
        when = pd.to_datetime(frame[spec.column])
        months = when[when.dt.year == ctx.year].dt.month
        if months.empty or len(months) / last < ctx.settings.min_monthly_records:
            continue
        empty = sorted(set(range(1, last + 1)) - {int(m) for m in months.unique()})
        for m in empty:
            yield CHECK.problem(
                f"nenhum registro ({spec.what}) em {formatting.month_name(m)} de {ctx.year}, "
                f"mas há {formatting.count(len(months))} nos outros meses; confira se a "
                "exportação cobre o ano inteiro",
                file=spec.file,
                column=spec.raw_column,
                department=spec.department,
            )


CHECK = Check(
    "mes_sem_registros",
    WARNING,
    "Mês sem registros",
    check,
    listed=110,
    runs=100,
)
