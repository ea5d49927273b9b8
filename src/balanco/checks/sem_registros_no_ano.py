"""sem_registros_no_ano (blocking): a dated source (a department's ``DATES``) with
records, but none of the balance's year (by the table's first date); the message
lists the years found."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import formatting
from ..check_spec import BLOCKING, SOURCE, Check
from ..errors import Problem
from .context import Context

if TYPE_CHECKING:
    from ..departments.base import Dated


def check(ctx: Context, spec: Dated) -> Iterator[Problem]:
    frame = ctx.frame(spec)
    if frame is None or frame.empty:
        return
    year = ctx.year
    years = sorted(int(y) for y in frame["ano"].dropna().unique())
    if year not in years:
        found_txt = formatting.join_pt([str(y) for y in years]) if years else "nenhum"
        yield CHECK.problem(
            f'nenhum registro de {year} na coluna "{spec.raw_column}" '
            f"({formatting.count(len(frame))} {spec.what} de outros anos): exportação "
            f"de outro período? anos encontrados: {found_txt}",
            file=spec.file,
            department=spec.department,
        )


CHECK = Check(
    "sem_registros_no_ano",
    BLOCKING,
    "Nenhum registro no ano do balanço",
    check,
    each=SOURCE,
    listed=10,
    runs=31,
)
