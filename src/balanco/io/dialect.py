"""CSV dialects: which separator a header line uses, and its column names.

Any valid CSV dialect is the same file: ';', ',' or a tab; quoted fields or not;
a trailing separator. The readers (:mod:`.delimited`, :mod:`.scan`) use these on the
header line before reading the records."""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence

from .parse import fold

#: Separators a delimited export may use: ';' (Brazilian exports, Excel in
#: Portuguese), ',' (GLPI's other choice, LibreOffice's default) and the tab.
SEPARATORS = (";", ",", "\t")


#: The csv module's reader errors (CPython's ``_csv.c``; matched as substrings,
#: since some carry a number or a character) → what the analyst reads.
CSV_ERRORS: tuple[tuple[str, str], ...] = (
    (
        "field larger than field limit",
        'tem um campo longo demais: provavelmente uma aspa (") aberta e não fechada; '
        "verifique as aspas desta linha",
    ),
    (
        "line contains NUL",
        "tem bytes nulos; exporte o arquivo novamente como texto CSV",
    ),
    (
        "new-line character seen in unquoted field",
        "tem uma quebra de linha solta (um caractere CR) no meio de um campo sem aspas; "
        "exporte o arquivo novamente ou ponha esse campo entre aspas",
    ),
    (
        "unexpected end of data",
        'termina no meio de um campo entre aspas: uma aspa (") aberta e não fechada; '
        "verifique as aspas desta linha",
    ),
)
#: ``'X' expected after '"'``: text right after the closing quote of a field.
_EXPECTED_AFTER = re.compile(r"'(.)' expected after '(.)'", re.DOTALL)


def csv_error_text(exc: csv.Error) -> str:
    """The Portuguese predicate of a line the csv module could not read (every
    reader error it has; the English text is never shown).

    >>> csv_error_text(csv.Error("unexpected end of data")).split(":")[0]
    'termina no meio de um campo entre aspas'
    >>> csv_error_text(csv.Error("',' expected after '\\"'")).split(";")[1]
    " esperado o separador ',' depois da aspa"
    """
    text = str(exc)
    for english, portuguese in CSV_ERRORS:
        if english in text:
            return portuguese
    after = _EXPECTED_AFTER.search(text)
    if after:
        return (
            "tem texto logo depois da aspa que fecha um campo; esperado o separador "
            f"{separator_name(after.group(1))} depois da aspa; verifique as aspas desta linha"
        )
    return "não pode ser lida como CSV; verifique aspas e separadores desta linha"


def header_key(name: object) -> str:
    """How a column name is matched: case, accents and spaces aside, as the
    values are (:func:`~balanco.io.parse.fold`).

    >>> header_key("SITUAÇÃO ") == header_key("Situacao") == header_key("situação")
    True
    >>> header_key(None)
    ''
    """
    return fold(str(name)) if name is not None else ""


def positions(header: Sequence[str], wanted: Sequence[str]) -> dict[str, int]:
    """The index in ``header`` of each name of ``wanted`` found there (first
    match, :func:`header_key` alike).

    >>> positions(["Nº", "SITUAÇÃO "], ["Situação", "Data"])
    {'Situação': 1}
    """
    keys: dict[str, int] = {}
    for i, h in enumerate(header):
        keys.setdefault(header_key(h), i)
    return {w: keys[header_key(w)] for w in wanted if header_key(w) in keys}


def as_written(header: Sequence[str], found: Mapping[str, int]) -> dict[str, str]:
    """``{declared name: name as written}`` for the columns written otherwise
    (frames carry it in ``attrs["as_written"]``: messages name the column as the
    file does)."""
    return {name: header[i] for name, i in found.items() if header[i] != name}


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
        found = {header_key(h) for h in split_header(first, sep)}
        if required and {header_key(c) for c in required} <= found:
            return sep
        if not required and sep in first:
            return sep
    return SEPARATORS[0]
