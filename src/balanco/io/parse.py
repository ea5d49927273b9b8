"""Parsing values as the exports write them: '1.234,56', dates, integers, folded text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from ..errors import ProblemLog
from ..missing import is_missing
from .paths import LINE

_MONEY_PLAIN = re.compile(r"^-?\d+(,\d+)?$")


_MONEY_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


_MONEY_DOT_DECIMAL = re.compile(r"^-?\d+\.\d{1,2}$")


MONEY_EXPECTED = "não é um valor em reais; esperado formato brasileiro, ex.: 1.234,56"


DATE_EXPECTED = (
    "não é uma data; esperado dia/mês/ano (ex.: 31/12/2024) ou ano-mês-dia (ex.: 2024-12-31)"
)


FORMULA_EXPECTED = (
    "é uma fórmula ({formula}) sem o resultado salvo no arquivo; abra a planilha no "
    "Excel ou no LibreOffice e salve-a de novo (o resultado é gravado ao salvar)"
)


def parse_money(value: object) -> Decimal | None:
    """Parse a Brazilian money value; None when missing. Raises ValueError when unparseable.

    >>> parse_money("119473,56"), parse_money("R$ 1.234,56"), parse_money(1611000)
    (Decimal('119473.56'), Decimal('1234.56'), Decimal('1611000'))
    >>> parse_money("1.234.56")
    Traceback (most recent call last):
    ValueError: 1.234.56
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).replace("\xa0", " ").strip()
    if text.upper().startswith("R$"):
        text = text[2:].strip()
    text = text.replace(" ", "")
    if not text:
        return None
    if _MONEY_PLAIN.match(text):
        return Decimal(text.replace(",", "."))
    if _MONEY_GROUPED.match(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    raise ValueError(str(value))


_DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%dT%H:%M:%S",
)


def parse_datetime(value: object, formats: Sequence[str] = _DATE_FORMATS) -> datetime | None:
    """Parse a date as the Brazilian systems write it; None when missing.

    >>> parse_datetime("24/05/2023 15:58"), parse_datetime("2019-10-04 11:12:54.000")
    (datetime.datetime(2023, 5, 24, 15, 58), datetime.datetime(2019, 10, 4, 11, 12, 54))
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = re.sub(r"\s+", " ", str(value)).strip()
    if not text:
        return None
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(str(value))


def parse_int(value: object) -> int | None:
    """Parse an integer id, accepting a space or dot as thousands separator ("2 553")."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).replace("\xa0", " ").strip()
    if not text:
        return None
    if re.fullmatch(r"\d{1,3}([ .]\d{3})+|\d+", text):
        return int(re.sub(r"[ .]", "", text))
    raise ValueError(str(value))


def convert(
    frame: pd.DataFrame,
    column: str,
    parser: Callable[[object], object],
    *,
    file: str,
    log: ProblemLog,
    expected: str,
    required: bool = True,
    shown_column: str | None = None,
) -> list[object]:
    """Apply ``parser`` to a column, logging every failure (and every missing
    value when ``required``) with its line; return the parsed values.

    A categorical column (see :func:`read_columns`) is parsed once per distinct
    value. A spreadsheet formula without a saved result is reported as such.
    """
    if isinstance(frame[column].dtype, pd.CategoricalDtype):
        return list(
            convert_series(
                frame,
                column,
                parser,
                file=file,
                log=log,
                expected=expected,
                required=required,
                shown_column=shown_column,
            )
        )
    formulas = frame.attrs.get("formulas", {})
    out: list[object] = []
    for value, line in zip(frame[column], frame[LINE], strict=True):
        try:
            parsed = parser(value)
        except (ValueError, InvalidOperation, TypeError, OverflowError):
            log.add(file, expected, line=int(line), column=shown_column or column, value=value)
            parsed = None
        else:
            if parsed is None and required:
                formula = formulas.get((int(line), column))
                log.add(
                    file,
                    FORMULA_EXPECTED.format(formula=formula)
                    if formula
                    else "está vazio; " + expected.split("; ", 1)[-1],
                    line=int(line),
                    column=shown_column or column,
                )
        out.append(parsed)
    return out


def convert_series(
    frame: pd.DataFrame,
    column: str,
    parser: Callable[[object], object],
    *,
    file: str,
    log: ProblemLog,
    expected: str,
    required: bool = True,
    shown_column: str | None = None,
    dtype: str | None = None,
) -> pd.Series:
    """:func:`convert` for a categorical column: each distinct value is parsed
    once and every line holding a bad one is logged; returns a Series (of
    ``dtype`` when given; ``"datetime64"`` for dates) with a fresh index."""
    col = frame[column]
    cat = col.astype("category").cat if not isinstance(col.dtype, pd.CategoricalDtype) else col.cat
    codes = cat.codes.to_numpy()
    parsed: list[object] = []
    bad: list[int] = []
    for code, value in enumerate(cat.categories):
        try:
            parsed.append(parser(value))
        except (ValueError, InvalidOperation, TypeError, OverflowError):
            parsed.append(None)
            bad.append(code)
    shown = shown_column or column
    line_numbers = frame[LINE].to_numpy()
    empty = [i for i, v in enumerate(parsed) if v is None and i not in set(bad)]
    if bad:
        categories = cat.categories
        for row in np.flatnonzero(np.isin(codes, bad)):
            log.add(
                file,
                expected,
                line=int(line_numbers[row]),
                column=shown,
                value=categories[codes[row]],
            )
    if required:
        for row in np.flatnonzero((codes == -1) | np.isin(codes, empty)):
            log.add(
                file,
                "está vazio; " + expected.split("; ", 1)[-1],
                line=int(line_numbers[row]),
                column=shown,
            )
    if dtype and dtype.startswith("datetime64"):
        # the resolution pandas infers from datetime objects, as the row-by-row
        # conversion did before
        values = pd.to_datetime(pd.Series([*parsed, None], dtype=object))
    else:
        values = pd.Series([*parsed, None], dtype=dtype or object)
    # code -1 (missing) picks the trailing None
    return pd.Series(values.to_numpy()[np.where(codes == -1, len(parsed), codes)])


def map_text(series: pd.Series, func: Callable[[str], object]) -> pd.Series:
    """Apply ``func`` to each distinct text of a categorical column (once per
    value); missing stays missing. When every result is text (or None) the
    column is built in Arrow, one compact buffer, instead of one Python
    string per row."""
    if not isinstance(series.dtype, pd.CategoricalDtype):
        return series.map(lambda v: None if is_missing(v) else func(v))
    import pyarrow as pa
    import pyarrow.compute as pc

    cat = series.cat
    mapped = [func(v) for v in cat.categories]
    codes = cat.codes.to_numpy()
    if all(v is None or isinstance(v, str) for v in mapped):
        index = pa.array(codes.astype("int32"), mask=codes == -1)
        taken = pc.take(pa.array(mapped, pa.string()), index)
        return pd.Series(taken, dtype="str", index=series.index)
    values = np.array([*mapped, None], dtype=object)
    return pd.Series(values[np.where(codes == -1, len(mapped), codes)], index=series.index)


def fold(text: str) -> str:
    """Upper-case ASCII form for matching names written with or without accents."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", plain).strip().upper()
