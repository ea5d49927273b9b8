"""valor_ignorado (warning, per record): a money value (``BOUNDED``) that could not
be read, in a record no rule counts by its status (``EXCLUDED``): no rule reads it,
so it does not stop the run, but it is not silence either."""

from __future__ import annotations

from collections.abc import Iterator

from .. import formatting
from ..check_spec import WARNING, Check
from ..errors import Problem
from ..io import LINE
from .context import Context, declared


def check(ctx: Context) -> Iterator[Problem]:
    import pandas as pd

    for spec in declared("BOUNDED"):
        dept, name = spec.department, spec.frame
        frame = ctx.cleaned.get(dept, {}).get(name)
        raw = ctx.raw.get(dept, {}).get(name)
        if dept not in ctx.enabled or frame is None or raw is None:
            continue
        rules = [r for r in declared("EXCLUDED") if (r.department, r.frame) == (dept, name)]
        if not rules or spec.raw_column not in raw.columns:
            continue
        status = rules[0].column
        if spec.column not in frame.columns or status not in frame.columns:
            continue
        aside = frame[
            ctx.never_counted(dept, name, frame)
            & pd.to_numeric(frame[spec.column], errors="coerce").isna()
        ]
        written = raw.set_index(LINE)[spec.raw_column]
        for line, situation in zip(aside["linha_origem"], aside[status], strict=True):
            value = written.get(int(line))
            if formatting.is_missing(value) or not str(value).strip():
                continue  # an empty value of a record that never counts: nothing to say
            yield CHECK.problem(
                "não é um valor em reais legível; o registro não conta (situação "
                f'"{situation}"), então nenhuma regra lê o valor e ele foi ignorado. '
                "Corrija-o na origem se o registro voltar a contar",
                file=spec.file,
                line=int(line),
                column=spec.raw_column,
                value=str(value).strip(),
                department=dept,
            )


def _bounded_and_excluded() -> set[str]:
    bounded = {b.department for b in declared("BOUNDED")}
    return bounded & {e.department for e in declared("EXCLUDED")}


CHECK = Check(
    "valor_ignorado",
    WARNING,
    "Valor ilegível num registro que não conta",
    check,
    per_record=True,
    listed=120,
    runs=80,
    tied_to=_bounded_and_excluded,
)
