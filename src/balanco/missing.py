"""What counts as a missing value: the one definition, below every other layer.

It imports nothing (not pandas, not babel), so the readers (:mod:`balanco.io`),
the error messages (:mod:`balanco.errors`) and the display layer
(:mod:`balanco.formatting`, which re-exports it) can all share it.
"""

from __future__ import annotations


def is_missing(value: object) -> bool:
    """None, NaN (any float or Decimal kind), pd.NA or NaT, without importing pandas.

    A text is never missing, not even "nan" or ""; an array is not a value.

    >>> [is_missing(v) for v in (None, float("nan"), "", "nan", 0)]
    [True, True, False, False, False]
    """
    if value is None:
        return True
    # pd.NA and pd.NaT: their own types, whose truth value is ambiguous or missing-like.
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(value != value)  # NaN, whatever its type, is not equal to itself
    except (TypeError, ValueError, ArithmeticError):  # an array; a signalling Decimal NaN
        return False
