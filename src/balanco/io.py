"""Reading raw exports: encodings, ';' separators, '1.234,56', dates, line numbers.

Every reader keeps the position of each record in the source as the column
``_linha`` (physical line of a CSV, row of a spreadsheet, item of a JSON list),
so that a problem found later can point the analyst at it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from .errors import BadInput, Problem, ProblemLog, did_you_mean
from .fingerprint import file_hash

LINE = "_linha"

#: Encodings tried in order when a source's encoding varies between exports.
UTF8_OR_LATIN = ("utf-8-sig", "cp1252", "latin-1")
UTF8_ONLY = ("utf-8-sig",)

_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "latin-1": "ISO-8859-1"}


def display_path(path: Path) -> str:
    """The path as an analyst knows it: relative to the working directory if possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


#: SHA-256 of a file's bytes (one implementation, shared with incremental builds).
sha256 = file_hash


# --------------------------------------------------------------------------- text


def decode(path: Path, *, encodings: Sequence[str] = UTF8_OR_LATIN) -> tuple[str, str]:
    """Read a text file trying ``encodings`` in order; return (text, encoding).

    Raises BadInput naming the first undecodable line when none fits, and for
    an empty file.
    """
    data = path.read_bytes()
    shown = display_path(path)
    if not data.strip():
        raise BadInput([Problem(shown, "arquivo vazio; esperado um cabeçalho e linhas de dados")])
    if b"\x00" in data[:4096]:
        raise BadInput(
            [
                Problem(
                    shown,
                    "o arquivo contém bytes nulos (parece UTF-16 ou binário); "
                    "exporte novamente como texto CSV em UTF-8",
                )
            ]
        )
    first_error: UnicodeDecodeError | None = None
    for enc in encodings:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    # "utf-8-sig" reports offsets after the BOM it strips.
    start = first_error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    line = data[:start].count(b"\n") + 1
    byte = data[start : start + 1]
    names = " ou ".join(_ENCODING_NAMES.get(e, e) for e in encodings)
    raise BadInput(
        [
            Problem(
                shown,
                f"não pode ser lido como {names} (byte 0x{byte.hex()}); "
                f"exporte o arquivo novamente em {names}",
                line=line,
            )
        ]
    )


def read_delimited(
    path: Path,
    *,
    required: Sequence[str],
    sep: str = ";",
    encodings: Sequence[str] = UTF8_OR_LATIN,
    na_values: Iterable[str] = ("",),
) -> pd.DataFrame:
    """Read a small delimited export as strings, keeping physical line numbers.

    Quoted fields may hold the separator and newlines (GLPI does both). Columns
    are selected by header name; extra columns are kept, missing ones reported.
    A trailing separator (an empty last column) is dropped. Values in
    ``na_values`` become missing.
    """
    text, _ = decode(path, encodings=encodings)
    shown = display_path(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"')
    try:
        header = next(reader)
    except StopIteration:  # pragma: no cover - decode() already refused empty files
        raise BadInput([Problem(shown, "arquivo vazio")]) from None
    header = [h.strip() for h in header]
    if header and header[-1] == "":
        header = header[:-1]
    require_columns(header, required, shown)
    rows: list[list[str]] = []
    lines: list[int] = []
    log = ProblemLog()
    width = len(header)
    start = reader.line_num + 1
    for record in reader:
        if record and len(record) == width + 1 and record[-1] == "":
            record = record[:-1]
        if not any(cell.strip() for cell in record):
            start = reader.line_num + 1
            continue
        if len(record) != width:
            log.add(
                shown,
                f"tem {len(record)} campos; esperados {width} como no cabeçalho "
                f"(separador '{sep}')",
                line=start,
            )
        else:
            rows.append(record)
            lines.append(start)
        start = reader.line_num + 1
    log.raise_if_any()
    na = set(na_values)
    # Missing cells become None in an object column before pandas sees them: under
    # pandas 3, DataFrame.map would infer the str dtype and turn None into NaN.
    rows = [[None if v.strip() in na else v for v in r] for r in rows]
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return frame.assign(**{LINE: lines})


def require_columns(header: Sequence[str], required: Sequence[str], shown: str) -> None:
    """Report every required column missing from ``header``, with suggestions."""
    present = set(header)
    missing = [c for c in required if c not in present]
    if missing:
        raise BadInput(
            [
                Problem(
                    shown,
                    f'coluna obrigatória "{c}" não encontrada no cabeçalho.'
                    + did_you_mean(c, header),
                    line=1,
                )
                for c in missing
            ]
        )


# --------------------------------------------------------------------------- spreadsheets


def _norm_header(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().casefold() if value is not None else ""


def read_sheet(path: Path, *, required: Sequence[str], sheet: str | None = None) -> pd.DataFrame:
    """Read a hand-kept ``.xlsx``: find the header row under any title rows,
    return the rows below it with their spreadsheet row number in ``_linha``.

    Cells keep their Excel types (numbers, datetimes, text); empty rows are
    skipped; merged title cells above the header are ignored.
    """
    from openpyxl import load_workbook  # imported here: only spreadsheet sources need it

    shown = display_path(path)
    if path.stat().st_size == 0:
        raise BadInput([Problem(shown, "arquivo vazio; esperada uma planilha .xlsx")])
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for non-xlsx input
        raise BadInput(
            [Problem(shown, f"não é uma planilha .xlsx válida ({type(exc).__name__})")]
        ) from None
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        want = {_norm_header(c) for c in required}
        header: list[str] | None = None
        header_row = 0
        rows: list[list[object]] = []
        lines: list[int] = []
        for idx, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if header is None:
                if want <= {_norm_header(v) for v in values}:
                    header = [
                        re.sub(r"\s+", " ", str(v)).strip() if v is not None else "" for v in values
                    ]
                    header_row = idx
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            rows.append(list(values)[: len(header)])
            lines.append(idx)
    finally:
        wb.close()
    if header is None:
        raise BadInput(
            [
                Problem(
                    shown,
                    "cabeçalho não encontrado: nenhuma linha contém as colunas "
                    + ", ".join(f'"{c}"' for c in required),
                )
            ]
        )
    width = len(header)
    rows = [r + [None] * (width - len(r)) for r in rows]
    keep = [i for i, h in enumerate(header) if h]
    frame = pd.DataFrame(
        [[r[i] for i in keep] for r in rows], columns=[header[i] for i in keep], dtype=object
    )
    frame.attrs["header_row"] = header_row
    # Rename to the spelling asked for, so later code can use the canonical names.
    canon = {_norm_header(c): c for c in required}
    frame = frame.rename(columns={c: canon.get(_norm_header(c), c) for c in frame.columns})
    if not rows:
        raise BadInput(
            [
                Problem(
                    shown, "a planilha não tem linhas de dados abaixo do cabeçalho", line=header_row
                )
            ]
        )
    return frame.assign(**{LINE: lines})


def split_total(
    frame: pd.DataFrame, *, label: str = "TOTAL"
) -> tuple[pd.DataFrame, pd.Series | None]:
    """Separate a hand-kept sheet's total row (any cell reading ``TOTAL``) from the data."""

    def is_total(row: pd.Series) -> bool:
        return any(
            isinstance(v, str) and v.strip().casefold() == label.casefold()
            for k, v in row.items()
            if k != LINE
        )

    mask = frame.apply(is_total, axis=1) if len(frame) else pd.Series([], dtype=bool)
    total = frame[mask]
    return frame[~mask], (total.iloc[-1] if len(total) else None)


# --------------------------------------------------------------------------- JSON


def read_json_list(path: Path) -> list[object]:
    """Read a JSON file holding a list (one page of a REST export)."""
    shown = display_path(path)
    text, _ = decode(path, encodings=UTF8_ONLY)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput([Problem(shown, f"JSON inválido: {exc.msg}", line=exc.lineno)]) from None
    if not isinstance(data, list):
        raise BadInput(
            [Problem(shown, "esperada uma lista JSON ([...]) como a API do WordPress devolve")]
        )
    return data


# --------------------------------------------------------------------------- values

_MONEY_PLAIN = re.compile(r"^-?\d+(,\d+)?$")
_MONEY_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_MONEY_DOT_DECIMAL = re.compile(r"^-?\d+\.\d{1,2}$")

MONEY_EXPECTED = "não é um valor em reais; esperado formato brasileiro, ex.: 1.234,56"
DATE_EXPECTED = "não é uma data; esperado dia/mês/ano, ex.: 31/12/2024"


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
    value when ``required``) with its line; return the parsed values."""
    out: list[object] = []
    for value, line in zip(frame[column], frame[LINE], strict=True):
        try:
            parsed = parser(value)
        except (ValueError, InvalidOperation, TypeError):
            log.add(file, expected, line=int(line), column=shown_column or column, value=value)
            parsed = None
        else:
            if parsed is None and required:
                log.add(
                    file,
                    "está vazio; " + expected.split("; ", 1)[-1],
                    line=int(line),
                    column=shown_column or column,
                )
        out.append(parsed)
    return out


def check_unique(
    frame: pd.DataFrame,
    column: str,
    *,
    file: str,
    log: ProblemLog,
    values: Sequence[object] | None = None,
) -> None:
    """Log each repeated identifier with the line where it first appeared."""
    seen: dict[object, int] = {}
    vals = values if values is not None else list(frame[column])
    for value, line in zip(vals, frame[LINE], strict=True):
        if value is None:
            continue
        if value in seen:
            log.add(
                file,
                f"repetido; já aparece na linha {seen[value]} (esperado identificador único)",
                line=int(line),
                column=column,
                value=value,
            )
        else:
            seen[value] = int(line)


def check_not_negative(
    values: Sequence[object], frame: pd.DataFrame, column: str, *, file: str, log: ProblemLog
) -> None:
    for value, line in zip(values, frame[LINE], strict=True):
        if value is not None and value < 0:
            log.add(
                file,
                "é negativo; esperado valor maior ou igual a zero",
                line=int(line),
                column=column,
                value=value,
            )


def fold(text: str) -> str:
    """Upper-case ASCII form for matching names written with or without accents."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", plain).strip().upper()


# --------------------------------------------------------------------------- large files


def read_header(
    path: Path, *, sep: str = ";", encodings: Sequence[str] = UTF8_OR_LATIN
) -> tuple[list[str], str]:
    """The header of a delimited file and the encoding that decodes its first 1 MiB."""
    shown = display_path(path)
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    if not head.strip():
        raise BadInput([Problem(shown, "arquivo vazio; esperado um cabeçalho e linhas de dados")])
    if b"\x00" in head[:4096]:
        raise BadInput(
            [
                Problem(
                    shown,
                    "o arquivo contém bytes nulos (parece UTF-16 ou binário); "
                    "exporte novamente como texto CSV",
                )
            ]
        )
    # Cut at the last complete line so a multi-byte character is never split.
    cut = head[: head.rfind(b"\n") + 1] or head
    for enc in encodings:
        try:
            text = cut.decode(enc)
        except UnicodeDecodeError:
            continue
        first = text.lstrip("\ufeff").splitlines()[0]
        return [h.strip().strip('"') for h in first.split(sep)], enc
    names = " ou ".join(_ENCODING_NAMES.get(e, e) for e in encodings)
    raise BadInput([Problem(shown, f"não pode ser lido como {names}")])


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
