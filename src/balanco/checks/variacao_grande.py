"""variacao_grande (warning): an indicator that changed by more than ``max_change``
from the previous year's processed figure (preparing a year prepares the previous
one first, when its raw folder exists). Nothing to compare when either value is
missing or zero."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import formatting
from ..check_spec import INDICATOR, WARNING, Check
from ..errors import Problem
from .context import Context

if TYPE_CHECKING:
    from ..departments.base import Indicator


def check(ctx: Context, ind: Indicator) -> Iterator[Problem]:
    if ind.value is None or ind.value == 0:
        return  # indicador_nao_disponivel's or indicador_zero's
    before = (ctx.previous or {}).get(ind.key)
    old = before.get("value") if isinstance(before, dict) else None
    if not isinstance(old, int | float) or isinstance(old, bool) or old == 0:
        return
    ratio = ind.value / old - 1
    if abs(ratio) > ctx.settings.max_change:
        yield CHECK.problem(
            f"{ind.label}: variação de {formatting.signed_percent(ratio)} em relação a "
            f"{ctx.year - 1} ({formatting.indicator_value(old, ind.unit)} → "
            f"{formatting.indicator_value(ind.value, ind.unit)}); limite de alerta: "
            f"{formatting.percent(ctx.settings.max_change, 0)}. Confira se as "
            "exportações dos dois anos são completas e comparáveis",
            file=ind.sources[0] if ind.sources else None,
            department=ind.department,
        )


CHECK = Check(
    "variacao_grande",
    WARNING,
    "Variação grande em relação ao ano anterior",
    check,
    each=INDICATOR,
    listed=100,
    runs=92,
)
