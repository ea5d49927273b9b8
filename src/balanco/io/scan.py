"""Scanning large files (the national Transferegov dumps) for the lines of one municipality."""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import BadInput, Problem
from .delimited import _csv_expected, _field_limit
from .dialect import as_written, positions, separator_name, sniff_separator, split_header
from .encoding import header_line
from .paths import LINE, UTF8_OR_LATIN, display_path
from .validate import require_columns

#: grep_delimited cuts files into blocks of about this size (candidates are
#: re-read line by line only in blocks with a match), scanned in groups per task.
BLOCK = 64 << 10


BLOCKS_PER_TASK = 256


def multiline(pattern: str) -> str:
    """Anchors match at line ends when a block of many lines is searched."""
    return "(?m)" + pattern if ("^" in pattern or "$" in pattern) else pattern


def column_pattern(index: int, values: Sequence[str], *, sep: str = ";") -> str:
    """A pattern for :func:`grep_delimited` matching a record whose field number
    ``index`` (from 0) is one of ``values``, quoted or not (a quoted field before
    it may hold the separator).

    >>> import re
    >>> p = re.compile(column_pattern(1, ["722642"]))
    >>> [bool(p.search(s)) for s in ('1;722642;x', '"1";"722642";"x"', '"1;2";722642', '722642;1')]
    [True, True, True, False]
    """
    s = re.escape(sep)
    field = rf'(?:"(?:[^"]|"")*"|[^{s}]*)'
    alternatives = "|".join(re.escape(v) for v in values)
    return rf'^(?:{field}{s}){{{index}}}\s*"?\s*(?:{alternatives})\s*"?\s*(?:{s}|$)'


def column_pattern_in(
    path: Path,
    column: str,
    values: Sequence[str],
    *,
    required: Sequence[str] = (),
    encodings: Sequence[str] = UTF8_OR_LATIN,
) -> str:
    """:func:`column_pattern` for the column named ``column`` of the file at
    ``path``, with the separator of its header (see :func:`grep_delimited`)."""
    first, _ = header_line(path, encodings=encodings)
    sep = sniff_separator(first, required or [column])
    header = split_header(first, sep)
    return column_pattern(positions(header, [column]).get(column, 0), values, sep=sep)


def grep_delimited(
    path: Path,
    *,
    columns: Sequence[str],
    patterns: Sequence[str] | None = None,
    prefilter: Sequence[str] | None = None,
    sep: str | None = None,
    encodings: Sequence[str] = UTF8_OR_LATIN,
) -> pd.DataFrame:
    """Rows of a large delimited dump (Transferegov's national files) whose
    record, as written in the file, matches any of the regular expressions
    ``patterns`` (None: every record), read as text by header name, with
    physical line numbers.

    The file is memory-mapped and cut into blocks at line ends; the patterns
    (RE2, on bytes) find the few blocks that can hold a match, scanning blocks
    in parallel without splitting them into lines; only those blocks are split
    and matched record by record. Patterns are a generous first cut: callers
    apply the exact rule to the rows returned (:func:`column_pattern` matches a
    field whether quoted or not). Only those rows are validated, so a malformed
    line of some other municipality does not stop the balance. ``prefilter``
    (default: ``patterns``) is used for the block scan; it must match wherever
    ``patterns`` do (unanchored literals scan fastest).

    Every CSV dialect is read the same: a file without a single ``"`` (the
    usual dump) is split on ``sep`` line by line (the fast path); a file with
    quotes, on all fields or some, is read by the csv module from the nearest
    record boundary before each candidate block (a quoted field may hold the
    separator, ``""`` and newlines; a line end is a record boundary when the
    quotes before it are even in number; a quote inside an unquoted value, kept
    as written, only makes the part read by the csv module longer, up to the
    whole file). CRLF or LF, a BOM and a trailing
    separator are accepted in both; ``sep`` None: found from the header
    (``;``, ``,`` or a tab).
    """
    import mmap
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.compute as pc

    shown = display_path(path)
    first, encoding = header_line(path, encodings=encodings)
    sep = sep or sniff_separator(first, columns)
    header = split_header(first, sep)
    require_columns(header, columns, shown)
    block = BLOCK
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        size = len(mm)
        bounds = [mm.find(b"\n") + 1]  # data starts after the header line
        while bounds[-1] < size:
            nl = mm.find(b"\n", min(bounds[-1] + block, size - 1))
            bounds.append(size if nl < 0 else nl + 1)
        n = len(bounds) - 1
        data = pa.py_buffer(mm)
        blocks = pa.LargeBinaryArray.from_buffers(
            pa.large_binary(), n, [None, pa.array(bounds, pa.int64()).buffers()[1], data]
        )
        parts = [blocks.slice(k, BLOCKS_PER_TASK) for k in range(0, n, BLOCKS_PER_TASK)]

        def scan(part):
            # RE2 counts newlines several times faster than count_substring.
            lines = pc.count_substring_regex(part, "\n")
            if patterns is None:
                return lines, None
            hit = None
            for pattern in prefilter or patterns:
                m = pc.match_substring_regex(part, multiline(pattern))
                hit = m if hit is None else pc.or_(hit, m)
            return lines, hit

        with ThreadPoolExecutor(os.cpu_count()) as pool:  # pyarrow compute releases the GIL
            running = pool.map(scan, parts)
            # While the threads scan: one memchr over the dump (about 10 ms per 250 MB)
            # and, for a dump with quotes, where each block starts: in a quoted field or not.
            quoted = mm.find(b'"', bounds[0]) >= 0
            quotes = _quote_counts(mm, bounds) if quoted else []
            scanned = list(running)
        del blocks, parts, data
        counts: list[int] = []
        flags: list[bool] = []
        for lines, hit in scanned:
            counts.extend(lines.to_pylist())
            flags.extend(hit.to_pylist() if hit is not None else [True] * len(lines))
        del scanned

        def matching(records: list[Record]) -> list[Record]:
            """The records that are not empty and match a pattern (RE2, on the
            record as written)."""
            if not records:
                return records
            raws = pa.array([raw for _, raw, _ in records], pa.binary())
            keep = pc.not_equal(pc.binary_length(raws), 0)
            if patterns:
                hit = None
                for pattern in patterns:
                    m = pc.match_substring_regex(raws, pattern)
                    hit = m if hit is None else pc.or_(hit, m)
                keep = pc.and_(keep, hit)
            return [records[i] for i in pc.indices_nonzero(keep).to_pylist()]

        if quoted:
            found = _quoted_records(
                mm, bounds, counts, flags, quotes, encoding, sep, shown, matching
            )
        else:
            found = matching(_plain_records(mm, bounds, counts, flags))
    width = len(header)
    at = positions(header, columns)
    index = [at[c] for c in columns]
    rows, numbers, problems = [], [], []
    for number, raw, cells in found:
        if cells is None:  # the fast path splits only the lines that matched
            cells = _decode(raw.rstrip(b"\r"), encoding).split(sep)
        if len(cells) == width + 1 and cells[-1] == "":
            cells = cells[:-1]  # a trailing separator
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != width:
            # An odd number of quotes: one opened and never closed ran to the file's end.
            unclosed = raw.count(b'"') % 2 == 1
            problems.append(
                Problem(
                    shown,
                    f'tem {len(cells)} campos; esperados {width} como no cabeçalho: uma aspa (") '
                    "aberta e não fechada; verifique as aspas desta linha"
                    if unclosed
                    else f"tem {len(cells)} campos; esperados {width} como no "
                    f"cabeçalho (separador {separator_name(sep)})",
                    line=number,
                )
            )
            continue
        rows.append([cells[i] if cells[i].strip() else None for i in index])
        numbers.append(number)
    if problems:
        raise BadInput(problems)
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object).assign(**{LINE: numbers})
    frame.attrs["as_written"] = as_written(header, at)
    return frame


Record = tuple[int, bytes, "list[str] | None"]


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _quote_counts(mm, bounds: list[int]) -> list[int]:
    """The number of '"' in each block (numpy counts a byte about ten times
    faster than pyarrow's count_substring)."""
    view = np.frombuffer(mm, dtype=np.uint8)
    try:
        quote = ord('"')
        return [
            int(np.count_nonzero(view[bounds[j] : bounds[j + 1]] == quote))
            for j in range(len(bounds) - 1)
        ]
    finally:
        del view  # the mmap cannot close while a view exports its buffer


def _plain_records(mm, bounds: list[int], counts: list[int], flags: list[bool]) -> list[Record]:
    """The lines of the candidate blocks of a file without quotes (split later)."""
    line_no = 2  # first data line
    out: list[Record] = []
    for j, count in enumerate(counts):
        if flags[j]:
            chunk = mm[bounds[j] : bounds[j + 1]].split(b"\n")
            out.extend((line_no + k, line, None) for k, line in enumerate(chunk))
        line_no += count
    return out


def _quoted_records(
    mm,
    bounds: list[int],
    counts: list[int],
    flags: list[bool],
    quotes: list[int],
    encoding: str,
    sep: str,
    shown: str,
    matching: Callable[[list[Record]], list[Record]],
) -> list[Record]:
    """The ``matching`` records around the candidate blocks of a file with
    quotes, read by the csv module from the nearest record boundary before each
    block to the nearest one after it (a quoted field may hold newlines)."""
    n = len(counts)
    odd = [False] * (n + 1)  # inside a quoted field at the start of block j
    first_line = [2] * (n + 1)
    for j in range(n):
        odd[j + 1] = odd[j] ^ (quotes[j] & 1 == 1)
        first_line[j + 1] = first_line[j] + counts[j]
    out: list[Record] = []
    j = 0
    while j < n:
        if not flags[j]:
            j += 1
            continue
        a = j
        while odd[a]:
            a -= 1
        b = j + 1
        while b < n and (odd[b] or flags[b]):
            b += 1
        batch: list[Record] = []
        for record in _csv_records(mm, bounds[a], bounds[b], first_line[a], encoding, sep, shown):
            batch.append(record)
            if len(batch) >= CSV_BATCH:  # bounded memory, even over a whole dump
                out += matching(batch)
                batch = []
        out += matching(batch)
        j = b
    return out


#: Records read by the csv module before the patterns pick out the few kept.
CSV_BATCH = 20_000


def _csv_records(
    mm, start: int, end: int, first_line: int, encoding: str, sep: str, shown: str
) -> Iterator[Record]:
    """Each record of ``mm[start:end]`` (whole records) as (first physical line,
    the record as written without its line end, its fields), read line by line."""
    pos = start
    fed = 0

    def feed() -> Iterator[str]:
        nonlocal pos, fed
        while pos < end:
            nl = mm.find(b"\n", pos, end)
            stop = end if nl < 0 else nl + 1
            raw = mm[pos:stop]
            pos = stop
            fed += 1
            yield _decode(raw, encoding)

    reader = csv.reader(feed(), delimiter=sep, quotechar='"')
    begin, done = start, 0
    with _field_limit():
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise BadInput(
                    [Problem(shown, _csv_expected(exc), line=first_line + done)]
                ) from None
            raw = mm[begin:pos]
            yield first_line + done, raw[:-1] if raw.endswith(b"\n") else raw, cells
            begin, done = pos, fed
