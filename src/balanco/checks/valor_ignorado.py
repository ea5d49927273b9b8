"""valor_ignorado (warning, per record): a money value (``BOUNDED``) that could not
be read, where no rule of the balance reads it: in a record no rule counts by its
status (``EXCLUDED``), or, for a value read only in its record's year
(``Bounded.read_in_year``: the federal convênios by their signing date), in a
record of another year (the previous year's balance reads its records from its own
folder) or without a date. It does not stop the run, but it is not silence either."""

from __future__ import annotations

from collections.abc import Iterator

from .. import formatting
from ..check_spec import WARNING, Check
from ..errors import Problem
from ..io import LINE
from .context import Context, declared


def _why(ctx: Context, never: bool, situation: object, signed: object) -> str:
    """Why no rule reads the value (Portuguese)."""
    if never:
        return (
            f'o registro não conta (situação "{situation}"), então nenhuma regra lê o valor '
            "e ele foi ignorado. Corrija-o na origem se o registro voltar a contar"
        )
    if formatting.is_missing(signed):
        return (
            f"o registro não tem data, então não conta em nenhum ano: nenhuma regra do "
            f"balanço de {ctx.year} lê o valor, e ele foi ignorado. Corrija-o na origem"
        )
    y = signed.year
    return (
        f"o registro é de {y} ({formatting.short_date(signed.date())}), fora do ano do "
        f"balanço ({ctx.year}): nenhuma regra do balanço de {ctx.year} lê o valor, e ele "
        f"foi ignorado (o balanço de {y} lê os registros de {y} da sua própria pasta). "
        "Corrija-o na origem"
    )


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
        never = ctx.never_counted(dept, name, frame)
        unreadable = (
            ctx.unread(spec, frame) & pd.to_numeric(frame[spec.column], errors="coerce").isna()
        )
        written = raw.set_index(LINE)[spec.raw_column]
        signed = frame[spec.read_in_year] if spec.read_in_year in frame.columns else None
        for i in frame.index[unreadable.to_numpy(dtype=bool)]:
            line = int(frame.at[i, "linha_origem"])
            value = written.get(line)
            if formatting.is_missing(value) or not str(value).strip():
                continue  # an empty value no rule reads: nothing to say
            when = signed[i] if signed is not None else None
            yield CHECK.problem(
                "não é um valor em reais legível; "
                + _why(ctx, bool(never[i]), frame.at[i, status], when),
                file=spec.file,
                line=line,
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
    "Valor ilegível num registro que não entra nas contas",
    check,
    per_record=True,
    listed=120,
    runs=80,
    tied_to=_bounded_and_excluded,
)
