"""indicador_nao_disponivel (warning): an indicator not available in the year,
with its reason (missing is not zero)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..check_spec import INDICATOR, WARNING, Check
from ..errors import Problem
from .context import Context

if TYPE_CHECKING:
    from ..departments.base import Indicator


def check(ctx: Context, ind: Indicator) -> Iterator[Problem]:
    if ind.value is None:
        yield CHECK.problem(
            f"{ind.label}: não disponível em {ctx.year} ({ind.reason})",
            file=ind.sources[0] if ind.sources else None,
            department=ind.department,
        )


CHECK = Check(
    "indicador_nao_disponivel",
    WARNING,
    "Número do balanço que não pôde ser calculado",
    check,
    each=INDICATOR,
    listed=130,
    runs=90,
)
