"""Scanning large files (the national Transferegov dumps) for the lines of one municipality."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..errors import BadInput, Problem
from .paths import LINE, UTF8_OR_LATIN, display_path
from .read import read_header
from .validate import require_columns

#: grep_delimited cuts files into blocks of about this size (candidates are
#: re-read line by line only in blocks with a match), scanned in groups per task.
BLOCK = 64 << 10


BLOCKS_PER_TASK = 256


def multiline(pattern: str) -> str:
    """Anchors match at line ends when a block of many lines is searched."""
    return "(?m)" + pattern if ("^" in pattern or "$" in pattern) else pattern


def grep_delimited(
    path: Path,
    *,
    columns: Sequence[str],
    patterns: Sequence[str] | None = None,
    prefilter: Sequence[str] | None = None,
    sep: str = ";",
    encodings: Sequence[str] = UTF8_OR_LATIN,
) -> pd.DataFrame:
    """Rows of a large unquoted delimited dump (Transferegov's national files)
    whose line matches any of the regular expressions ``patterns`` (None: every
    line), read as text by header name, with physical line numbers.

    The file is memory-mapped and cut into blocks at line ends; the patterns
    (RE2, on bytes) find the few blocks that can hold a match, scanning blocks
    in parallel without splitting them into lines; only those blocks are split
    and matched line by line. Patterns are a generous first cut: callers apply
    the exact rule to the rows returned. Only those rows are validated, so a
    malformed line of some other municipality does not stop the balance.
    ``prefilter`` (default: ``patterns``) is used for the block scan; it must
    match wherever ``patterns`` do (unanchored literals scan fastest).
    """
    import mmap
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.compute as pc

    shown = display_path(path)
    header, encoding = read_header(path, sep=sep, encodings=encodings)
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
            scanned = list(pool.map(scan, parts))
        del blocks, parts, data
        # Second stage: the lines of the candidate blocks, matched by the same RE2 patterns.
        line_no = 2  # first data line
        numbers_all: list[int] = []
        lines_all: list[bytes] = []
        for (counts, hit), k0 in zip(scanned, range(0, n, BLOCKS_PER_TASK), strict=True):
            flags = hit.to_pylist() if hit is not None else None
            for j, count in enumerate(counts.to_pylist()):
                if flags is None or flags[j]:
                    chunk = mm[bounds[k0 + j] : bounds[k0 + j + 1]].split(b"\n")
                    lines_all.extend(chunk)
                    numbers_all.extend(range(line_no, line_no + len(chunk)))
                line_no += count
        del scanned
    candidates = pa.array(lines_all, pa.binary())
    keep = pc.not_equal(pc.binary_length(candidates), 0)
    if patterns:
        hit = None
        for pattern in patterns:
            m = pc.match_substring_regex(candidates, pattern)
            hit = m if hit is None else pc.or_(hit, m)
        keep = pc.and_(keep, hit)
    hits = [
        (numbers_all[i], lines_all[i].rstrip(b"\r")) for i in pc.indices_nonzero(keep).to_pylist()
    ]
    width = len(header)
    index = [header.index(c) for c in columns]
    rows, numbers, problems = [], [], []
    for number, raw in hits:
        try:
            text = raw.decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        cells = text.split(sep)
        if len(cells) != width:
            problems.append(
                Problem(
                    shown,
                    f"tem {len(cells)} campos; esperados {width} como no "
                    f"cabeçalho (separador '{sep}')",
                    line=number,
                )
            )
            continue
        rows.append([cells[i] if cells[i].strip() else None for i in index])
        numbers.append(number)
    if problems:
        raise BadInput(problems)
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
    return frame.assign(**{LINE: numbers})
