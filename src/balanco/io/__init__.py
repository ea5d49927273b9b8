"""Reading raw exports, one module per job: :mod:`.encoding` (which encoding
reads a file), :mod:`.dialect` (';', ',' or tab, quoted or not),
:mod:`.delimited` (CSV exports, whole or by chosen columns), :mod:`.sheet`
(hand-kept spreadsheets, their formulas and total row), :mod:`.json_list`
(JSON pages of a REST export), :mod:`.parse` ('1.234,56', dates),
:mod:`.validate` (files fit to read, required columns, unique keys) and
:mod:`.scan` (the national Transferegov dumps). The lowest layer of the
package: it imports nothing from the build (fingerprints, reports).
``from balanco.io import X`` keeps working.

Names are loaded on first use (:pep:`562`), so importing :mod:`.paths` (file
hashes, for the fingerprints) does not import pandas.
"""

from __future__ import annotations

from importlib import import_module

#: Public name -> the submodule that defines it.
_WHERE = {
    "BLOCK": "scan",
    "BLOCKS_PER_TASK": "scan",
    "CHUNK_ROWS": "delimited",
    "DATE_EXPECTED": "parse",
    "FIELD_LIMIT": "delimited",
    "FORMULA_EXPECTED": "parse",
    "HEADER_ONLY": "delimited",
    "HEADER_SEARCH_ROWS": "sheet",
    "LINE": "paths",
    "MONEY_EXPECTED": "parse",
    "UTF8_ONLY": "paths",
    "UTF8_OR_LATIN": "paths",
    "XLSX_MAX_BYTES": "validate",
    "check_input_file": "validate",
    "check_not_negative": "validate",
    "check_unique": "validate",
    "check_xlsx": "validate",
    "column_pattern": "scan",
    "column_pattern_in": "scan",
    "convert": "parse",
    "convert_series": "parse",
    "decode": "encoding",
    "detect_encoding": "encoding",
    "display_path": "paths",
    "file_hash": "paths",
    "fold": "parse",
    "grep_delimited": "scan",
    "header_line": "encoding",
    "json_text": "json_list",
    "map_text": "parse",
    "multiline": "scan",
    "parse_datetime": "parse",
    "parse_int": "parse",
    "parse_money": "parse",
    "read_columns": "delimited",
    "read_delimited": "delimited",
    "read_header": "delimited",
    "read_json_list": "json_list",
    "read_sheet": "sheet",
    "require_columns": "validate",
    "sha256": "paths",
    "sniff_separator": "dialect",
    "split_header": "dialect",
    "split_total": "sheet",
    "union_categoricals": "delimited",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
