"""The one writer of the CSVs the project publishes (open data, ``dicionario.csv``):
Excel in pt-BR (``;``, decimal comma, UTF-8 with BOM), with no cell that a
spreadsheet would run as a formula.

CSV injection (OWASP, "CSV Injection"): a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return may be run as a formula when the file is
opened in a spreadsheet (``=cmd|' /C calc'!A0``). Following OWASP, such a text
cell is written with a single quote in front (``'=cmd|' /C calc'!A0``); the CSV
writer quotes a cell that holds the separator, a quote or a line break (CR or LF;
lines end in CRLF).

Numbers are written as numbers: a negative amount in a numeric column
(``-1234,50``) keeps its minus sign, so that Excel still reads a number. Only
text columns are changed; a numeric column holds values the program formatted,
never text from a source, so nothing in it can be a formula. The Parquet files
keep the values as they are (no spreadsheet runs them).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

#: A text cell starting with one of these is neutralised (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: What is put in front of such a cell.
PREFIX = "'"
#: How the published CSVs write booleans, dates and times (Excel in pt-BR).
TRUE, FALSE = "sim", "não"
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a single quote
    in front; anything else unchanged.

    >>> neutralise("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> neutralise("-1+1"), neutralise("\\tx"), neutralise("Centro - SP"), neutralise(-1.5)
    ("'-1+1", "'\\tx", 'Centro - SP', -1.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return PREFIX + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text columns (object or string dtype) have every
    formula-like cell neutralised; numeric, boolean and date columns unchanged."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            out[name] = column.astype(object).map(neutralise)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as a CSV for Excel in pt-BR, every formula-like text cell
    neutralised (the only CSV writer of published files)."""
    # Excel in pt-BR: ';' separator, decimal comma, UTF-8 with BOM; money has two places.
    # Lines end in CRLF (RFC 4180, as Excel writes): the writer then quotes a cell
    # holding a CR as well as one holding a LF (with "\n" it would leave a bare CR
    # unquoted, and a spreadsheet would break the row there).
    neutralised(frame).to_csv(
        path,
        sep=";",
        decimal=",",
        float_format="%.2f",
        index=False,
        encoding="utf-8-sig",
        lineterminator="\r\n",
    )
