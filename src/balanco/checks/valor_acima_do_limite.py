"""valor_acima_do_limite (blocking, per record): one record's money value (a
department's ``BOUNDED`` columns) above the plausible bound (``max_record_value``),
unless no rule reads it: the record never counts by its status (``EXCLUDED``) or,
for a value read only in its record's year (``Bounded.read_in_year``), it is of
another year than the balance's. The message shows the value as
written in the file."""

from __future__ import annotations

from collections.abc import Iterator

from .. import formatting
from ..check_spec import BLOCKING, Check
from ..errors import Problem
from .context import Context, declared


def check(ctx: Context) -> Iterator[Problem]:
    import pandas as pd

    bound = ctx.settings.max_record_value
    for spec in declared("BOUNDED"):
        dept, column, file, raw_column = spec.department, spec.column, spec.file, spec.raw_column
        frame = ctx.cleaned.get(dept, {}).get(spec.frame) if dept in ctx.enabled else None
        if frame is None or column not in frame.columns:
            continue
        values = pd.to_numeric(frame[column], errors="coerce")
        beyond = (values > bound).fillna(False) & ~ctx.unread(spec, frame)
        for i in frame.index[beyond.to_numpy()]:
            line = int(frame.at[i, "linha_origem"])
            yield CHECK.problem(
                f"está acima do limite plausível de {formatting.money(bound)} por registro "
                "(max_record_value nas configurações); confira o valor na exportação",
                file=file,
                line=line,
                column=raw_column,
                value=ctx.written(dept, file, raw_column, line)
                or formatting.money(float(values[i])),
                department=dept,
            )


def _bounded() -> set[str]:
    return {b.department for b in declared("BOUNDED")}


CHECK = Check(
    "valor_acima_do_limite",
    BLOCKING,
    "Valor acima do limite plausível",
    check,
    per_record=True,
    listed=80,
    runs=70,
    tied_to=_bounded,
)
