"""Reading raw exports, in four layers: :mod:`.read` (encodings, ';', sheets,
chosen columns), :mod:`.parse` ('1.234,56', dates), :mod:`.validate` (files fit
to read, required columns, unique keys) and :mod:`.scan` (the national
Transferegov dumps). The lowest layer of the package: it imports nothing from
the build (fingerprints, reports). ``from balanco.io import X`` keeps working.

Names are loaded on first use (:pep:`562`), so importing :mod:`.paths` (file
hashes, for the fingerprints) does not import pandas.
"""

from __future__ import annotations

from importlib import import_module

#: Public name -> the submodule that defines it.
_WHERE = {
    "BLOCK": "scan",
    "BLOCKS_PER_TASK": "scan",
    "CHUNK_ROWS": "read",
    "DATE_EXPECTED": "parse",
    "FIELD_LIMIT": "read",
    "FORMULA_EXPECTED": "parse",
    "HEADER_ONLY": "read",
    "HEADER_SEARCH_ROWS": "read",
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
    "decode": "read",
    "detect_encoding": "read",
    "display_path": "paths",
    "file_hash": "paths",
    "fold": "parse",
    "grep_delimited": "scan",
    "header_line": "read",
    "json_text": "read",
    "map_text": "parse",
    "multiline": "scan",
    "parse_datetime": "parse",
    "parse_int": "parse",
    "parse_money": "parse",
    "read_columns": "read",
    "read_delimited": "read",
    "read_header": "read",
    "read_json_list": "read",
    "read_sheet": "read",
    "require_columns": "validate",
    "sha256": "paths",
    "sniff_separator": "dialect",
    "split_header": "dialect",
    "split_total": "read",
    "union_categoricals": "read",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
