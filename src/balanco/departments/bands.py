"""Bands of whole calendar days (time to answer, time to solve), named from their
edges so that the words say exactly which durations a band holds.

A duration of ``d`` whole calendar days (0: the same day) belongs to band ``i``
when ``edges[i] < d <= edges[i + 1]`` (right-closed, as :func:`frames.binned`
counts): every duration in exactly one band, and the band's name says its two
edges the same way, "mais de" the lower, "até" the upper — "até 1 dia",
"mais de 1 até 3 dias", "mais de 30 dias" never share a day, where "1 a 3" and
"3 a 7 dias" seemed to share the third.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _days(n: float) -> str:
    return f"{n:g} {'dia' if n == 1 else 'dias'}"


def day_bands(edges: Sequence[float]) -> list[str]:
    """The name of each band between consecutive ``edges`` (the first below 0, the
    last may be infinite).

    >>> for name in day_bands([-1, 1, 3, 7, 30, math.inf]):
    ...     print(name)
    até 1 dia
    mais de 1 até 3 dias
    mais de 3 até 7 dias
    mais de 7 até 30 dias
    mais de 30 dias
    >>> day_bands([-1, 0, 1, 3, math.inf])
    ['no mesmo dia', '1 dia', 'mais de 1 até 3 dias', 'mais de 3 dias']
    """
    names = []
    for low, high in zip(edges, edges[1:], strict=False):
        if low < 0:
            names.append("no mesmo dia" if high == 0 else f"até {_days(high)}")
        elif math.isinf(high):
            names.append(f"mais de {_days(low)}")
        elif high - low == 1:  # whole days: the band holds one count of days
            names.append(_days(high))
        else:
            names.append(f"mais de {low:g} até {_days(high)}")
    return names


def within(edges: Sequence[float], limit: float) -> tuple[str, ...]:
    """The bands that hold only durations of at most ``limit`` days.

    >>> within([-1, 0, 1, 3, math.inf], 1)
    ('no mesmo dia', '1 dia')
    """
    return tuple(
        name for name, high in zip(day_bands(edges), edges[1:], strict=True) if high <= limit
    )
