"""The one rounding rule of every published number: half up, as a person rounding
by hand does (the methodology says so), never Python's ``round`` nor babel's
default, which both round half to even.

A float is read to 15 significant digits (what a double holds exactly), so that
binary noise does not decide a tie: a duration of 30 hours, 1.25 days, rounds to
1.3 (``round(1.25, 1)`` gives 1.2), and the median of 1 and 6 767 minutes, which
float arithmetic makes 2.3499999999999996 days, is 2.35 and rounds to 2.4.
Displays (:mod:`balanco.formatting`) and stored values (``indicadores.json``)
both go through :func:`half_up`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def half_up(value: float | int | Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, as a Decimal.

    >>> half_up(1.25, 1), half_up(2.5, 0), half_up(-1.25, 1), half_up(0.125, 2)
    (Decimal('1.3'), Decimal('3'), Decimal('-1.3'), Decimal('0.13'))
    >>> half_up(2.3499999999999996, 1), half_up(0.049999999999999996, 1)
    (Decimal('2.4'), Decimal('0.1'))
    """
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(str(value))
    return exact.quantize(quantum, rounding=ROUND_HALF_UP)


def rounded(value: float | int | Decimal, places: int) -> float:
    """``value`` rounded half up to ``places`` decimals, as a float to store.

    >>> rounded(1.25, 1), rounded(0.35, 1), rounded(97342718.455, 2)
    (1.3, 0.4, 97342718.46)
    """
    return float(half_up(value, places))
