"""indicador_zero (warning): an indicator equal to zero, which an incomplete export
also gives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..check_spec import INDICATOR, WARNING, Check
from ..errors import Problem
from .context import Context

if TYPE_CHECKING:
    from ..departments.base import Indicator


def check(ctx: Context, ind: Indicator) -> Iterator[Problem]:
    if ind.value is not None and ind.value == 0:
        yield CHECK.problem(
            f"{ind.label}: zero em {ctx.year}; confira se a exportação está completa "
            "antes de publicar",
            file=ind.sources[0] if ind.sources else None,
            department=ind.department,
        )


CHECK = Check(
    "indicador_zero",
    WARNING,
    "Número do balanço igual a zero",
    check,
    each=INDICATOR,
    listed=90,
    runs=91,
)
