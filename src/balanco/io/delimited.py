"""Reading delimited exports (CSV): a small file whole, a large one streaming by
the columns asked for, and a header alone.

Any valid CSV dialect is the same file (:mod:`.dialect` finds the separator);
every reader keeps the physical line of each record in the column ``_linha``, so
that a problem found later can point the analyst at it."""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import BadInput, Problem, ProblemLog
from .dialect import (
    as_written,
    csv_error_text,
    header_key,
    positions,
    separator_name,
    sniff_separator,
    split_header,
)
from .encoding import decode, detect_encoding, header_line
from .paths import LINE, UTF8_OR_LATIN, display_path
from .validate import require_columns


def read_delimited(
    path: Path,
    *,
    required: Sequence[str],
    sep: str | None = None,
    encodings: Sequence[str] = UTF8_OR_LATIN,
    na_values: Iterable[str] = ("",),
) -> pd.DataFrame:
    """Read a small delimited export as strings, keeping physical line numbers.

    Quoted fields may hold the separator and newlines (GLPI does both). Columns
    are selected by header name; extra columns are kept, missing ones reported.
    A trailing separator (an empty last column) is dropped. Values in
    ``na_values`` become missing. ``sep`` None: found from the header
    (:func:`sniff_separator`).
    """
    text, _ = decode(path, encodings=encodings)
    shown = display_path(path)
    sep = sep or sniff_separator(text.split("\n", 1)[0], required)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"')
    header = _header(reader, required, shown)
    # The declared spelling for the columns asked for, whatever the file's case,
    # accents and spaces; the spelling as written travels in attrs["as_written"].
    found = positions(header, required)
    written = as_written(header, found)
    header = list(header)
    for name, i in found.items():
        header[i] = name
    rows: list[list[str]] = []
    lines: list[int] = []
    log = ProblemLog()
    for line, record in _records(reader, len(header), sep=sep, shown=shown, log=log):
        rows.append(record)
        lines.append(line)
    log.raise_if_any()
    na = set(na_values)
    # Missing cells become None in an object column before pandas sees them: under
    # pandas 3, DataFrame.map would infer the str dtype and turn None into NaN.
    rows = [[None if v.strip() in na else v for v in r] for r in rows]
    frame = pd.DataFrame(rows, columns=header, dtype=object).assign(**{LINE: lines})
    frame.attrs["as_written"] = written
    return frame


HEADER_ONLY = (
    "o arquivo só tem o cabeçalho, nenhuma linha de dados; exporte de novo, com o "
    "período do ano selecionado"
)


#: Rows parsed before they are packed into categorical columns (bounds memory).
CHUNK_ROWS = 200_000


def read_columns(
    path: Path,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    sep: str | None = None,
    encodings: Sequence[str] = UTF8_OR_LATIN,
    na_values: Iterable[str] = ("",),
) -> pd.DataFrame:
    """Read the ``required`` and ``optional`` columns of a large delimited export,
    streaming, as categorical columns of text, with physical line numbers.

    The same rules as :func:`read_delimited` (quoted fields may hold the
    separator and newlines, a trailing separator is dropped, every record
    with a wrong number of fields is reported), but only the asked-for
    columns are kept, and each column is stored once per distinct value
    (exports repeat the same few texts on every line): a 200 MB Sindec export
    fits in a few hundred MB. Values in ``na_values`` (after stripping
    spaces) become missing; other values are kept as written. ``sep`` None:
    found from the header (:func:`sniff_separator`).
    """
    shown = display_path(path)
    encoding = detect_encoding(path, encodings=encodings)
    wanted: list[str] = []
    log = ProblemLog()
    with open(path, encoding=encoding, newline="") as fh, _field_limit():
        if not sep:
            sep = sniff_separator(fh.readline(), required)
            fh.seek(0)
        reader = csv.reader(fh, delimiter=sep, quotechar='"')
        header = _header(reader, required, shown)
        declared = {header_key(c) for c in required}
        extra = [c for c in optional if header_key(c) not in declared]
        found = positions(header, [*required, *extra])
        wanted = list(found)
        pick = operator.itemgetter(*found.values())
        columns: list[list[pd.Categorical]] = [[] for _ in wanted]
        lines: list[np.ndarray] = []
        rows: list[object] = []
        numbers: list[int] = []
        for line, record in _records(reader, len(header), sep=sep, shown=shown, log=log):
            rows.append(pick(record))
            numbers.append(line)
            if len(numbers) >= CHUNK_ROWS:
                _pack(rows, columns, numbers, lines)
        _pack(rows, columns, numbers, lines)
    log.raise_if_any()
    if not lines:
        # A system's export without a single record is a wrong export, not zero
        # (a hand-kept register read by read_delimited may legitimately be empty).
        raise BadInput([Problem(shown, HEADER_ONLY, line=1)])
    na = set(na_values)
    data = {}
    for name, parts in zip(wanted, columns, strict=True):
        cat = union_categoricals(parts) if parts else pd.Categorical([], categories=[])
        missing = [c for c in cat.categories if c.strip() in na]
        data[name] = pd.Series(cat.remove_categories(missing) if missing else cat)
    frame = pd.DataFrame(data)
    frame[LINE] = np.concatenate(lines) if lines else np.array([], dtype="int64")
    frame.attrs["as_written"] = as_written(header, found)
    return frame


def _header(reader: Iterator[list[str]], required: Sequence[str], shown: str) -> list[str]:
    """The header of a CSV reader's file, stripped, without a trailing separator's
    empty column, holding every ``required`` column (else BadInput)."""
    try:
        header = next(reader)
    except StopIteration:  # pragma: no cover - the decoders refuse empty files first
        raise BadInput([Problem(shown, "arquivo vazio")]) from None
    except csv.Error as exc:
        raise _csv_problem(shown, reader.line_num, exc) from None  # type: ignore[attr-defined]
    header = [h.strip() for h in header]
    if header and header[-1] == "":
        header = header[:-1]
    require_columns(header, required, shown)
    return header


def _records(
    reader: Iterator[list[str]], width: int, *, sep: str, shown: str, log: ProblemLog
) -> Iterator[tuple[int, list[str]]]:
    """Each data record of a CSV reader with the physical line it starts on (the
    rules of both readers): a trailing separator's empty field is dropped, blank
    records are skipped, a record with another number of fields than the header is
    reported to ``log``, and a record the csv module cannot read is reported and
    ends the reading."""
    start = reader.line_num + 1  # type: ignore[attr-defined]
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            log.add(shown, _csv_expected(exc), line=start)
            return
        if len(record) == width + 1 and record[-1] == "":
            record.pop()
        if record and (record[0].strip() or any(c.strip() for c in record)):
            if len(record) == width:
                yield start, record
            else:
                log.add(
                    shown,
                    f"tem {len(record)} campos; esperados {width} como no cabeçalho "
                    f"(separador {separator_name(sep)})",
                    line=start,
                )
        start = reader.line_num + 1  # type: ignore[attr-defined]


def _pack(
    rows: list[object], columns: list[list[pd.Categorical]], numbers: list[int], lines: list
) -> None:
    """Move the rows parsed so far into categorical chunks (in place). With one
    column, ``operator.itemgetter`` gives values, not tuples."""
    if not numbers:
        return
    cells = zip(*rows, strict=True) if len(columns) > 1 else [rows]
    for parts, column in zip(columns, cells, strict=True):
        parts.append(pd.Categorical(list(column)))
    rows.clear()
    lines.append(np.array(numbers, dtype="int64"))
    numbers.clear()


def union_categoricals(parts: list[pd.Categorical]) -> pd.Categorical:
    from pandas.api.types import union_categoricals as union

    return union(parts) if len(parts) > 1 else parts[0]


#: The longest field a real export has (a GLPI description with its <br>s);
#: a longer one is an unclosed quote swallowing the rest of the file.
FIELD_LIMIT = 131_072


@contextmanager
def _field_limit() -> Iterator[None]:
    """csv's field limit is process-wide and other libraries raise it
    (frictionless sets it to its maximum at import): set ours while reading."""
    previous = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_expected(exc: csv.Error) -> str:
    return csv_error_text(exc)


def _csv_problem(shown: str, line: int, exc: csv.Error) -> BadInput:
    return BadInput([Problem(shown, _csv_expected(exc), line=max(line, 1))])


def read_header(
    path: Path,
    *,
    sep: str | None = None,
    required: Sequence[str] = (),
    encodings: Sequence[str] = UTF8_OR_LATIN,
) -> tuple[list[str], str]:
    """The header of a delimited file, quoted or not, and the encoding that
    decodes its first 1 MiB. ``sep`` None: found from the header and ``required``
    (:func:`sniff_separator`)."""
    first, enc = header_line(path, encodings=encodings)
    return split_header(first, sep or sniff_separator(first, required)), enc
