"""CSV dialects: which separator a header line uses, and its column names.

Any valid CSV dialect is the same file: ';', ',' or a tab; quoted fields or not;
a trailing separator. The readers (:mod:`.delimited`, :mod:`.scan`) use these on the
header line before reading the records."""

from __future__ import annotations

import csv
from collections.abc import Sequence

#: Separators a delimited export may use: ';' (Brazilian exports, Excel in
#: Portuguese), ',' (GLPI's other choice, LibreOffice's default) and the tab.
SEPARATORS = (";", ",", "\t")


def split_header(first: str, sep: str) -> list[str]:
    """The column names of a header line, quoted or not; a trailing separator (an
    empty last column) is dropped.

    >>> split_header('\\ufeff"ID";"Título";', ";"), split_header("A,B", ",")
    (['ID', 'Título'], ['A', 'B'])
    """
    cells = next(csv.reader([first.lstrip("\ufeff")], delimiter=sep), [])
    header = [h.strip().strip('"').strip() for h in cells]
    return header[:-1] if header and header[-1] == "" else header


def separator_name(sep: str) -> str:
    """How a message names a separator.

    >>> separator_name(";"), separator_name("\\t")
    ("';'", 'tabulação')
    """
    return "tabulação" if sep == "\t" else f"'{sep}'"


def sniff_separator(first: str, required: Sequence[str] = ()) -> str:
    """The separator of a header line: the first of :data:`SEPARATORS` whose
    columns include every ``required`` one (without ``required``: the first
    found in the line); ';' when none fits (the missing columns are reported).

    >>> sniff_separator("ID;VALOR", ["VALOR"]), sniff_separator('"ID","VALOR"', ["VALOR"])
    (';', ',')
    >>> sniff_separator("A\\tB"), sniff_separator("A")
    ('\\t', ';')
    """
    for sep in SEPARATORS:
        if required and set(required) <= set(split_header(first, sep)):
            return sep
        if not required and sep in first:
            return sep
    return SEPARATORS[0]
