"""Reading raw exports: encodings, ';' separators, '1.234,56', dates, line numbers.

Every reader keeps the position of each record in the source as the column
``_linha`` (physical line of a CSV, row of a spreadsheet, item of a JSON list),
so that a problem found later can point the analyst at it.
"""

from __future__ import annotations

import csv
import io
import json
import operator
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
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


def check_input_file(path: Path, *, root: Path | None = None) -> None:
    """Refuse what cannot be read as an input file, with a Portuguese message:
    a missing file, a folder, a special file (a FIFO would hang the run), and,
    when ``root`` is given, a symbolic link leading out of ``root`` (raw data is
    copied into its folder, not linked from elsewhere)."""
    shown = display_path(path)
    if root is not None and _escapes(path, root):
        try:
            target = str(path.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            target = os.readlink(path) if path.is_symlink() else "?"
        raise BadInput(
            [
                Problem(
                    shown,
                    f"é um link simbólico que aponta para fora de {display_path(root)} "
                    f"({target}); copie o arquivo para a pasta em vez de usar um link",
                )
            ]
        )
    if not path.exists():
        if path.is_symlink():
            raise BadInput(
                [Problem(shown, f"é um link simbólico quebrado (aponta para {os.readlink(path)})")]
            )
        raise BadInput([Problem(shown, "arquivo não encontrado")])
    if path.is_dir():
        raise BadInput(
            [Problem(shown, "é uma pasta; esperado um arquivo com este nome (a exportação)")]
        )
    if not path.is_file():
        raise BadInput(
            [Problem(shown, "não é um arquivo comum (é um pipe, socket ou dispositivo)")]
        )


def _escapes(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    except (OSError, RuntimeError):  # a symlink loop
        return True
    return False


#: SHA-256 of a file's bytes (one implementation, shared with incremental builds).
sha256 = file_hash


# --------------------------------------------------------------------------- text


def decode(path: Path, *, encodings: Sequence[str] = UTF8_OR_LATIN) -> tuple[str, str]:
    """Read a text file trying ``encodings`` in order; return (text, encoding).

    Raises BadInput naming the first undecodable line when none fits, and for
    an empty file.
    """
    check_input_file(path)
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


HEADER_ONLY = (
    "o arquivo só tem o cabeçalho, nenhuma linha de dados; exporte de novo, com o "
    "período do ano selecionado"
)
#: Rows parsed before they are packed into categorical columns (bounds memory).
CHUNK_ROWS = 200_000


def detect_encoding(path: Path, *, encodings: Sequence[str] = UTF8_OR_LATIN) -> str:
    """The first of ``encodings`` that decodes the whole file, read in blocks.

    Raises BadInput naming the first undecodable line (of the first encoding)
    when none fits, and for an empty or binary file.
    """
    import codecs

    check_input_file(path)
    shown = display_path(path)
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise BadInput([Problem(shown, "arquivo vazio; esperado um cabeçalho e linhas de dados")])
    if b"\x00" in head:
        raise BadInput(
            [
                Problem(
                    shown,
                    "o arquivo contém bytes nulos (parece UTF-16 ou binário); "
                    "exporte novamente como texto CSV em UTF-8",
                )
            ]
        )
    first_failure: tuple[int, str] | None = None
    for enc in encodings:
        decoder = codecs.getincrementaldecoder(enc)()
        offset = 0
        with open(path, "rb") as fh:
            try:
                while block := fh.read(1 << 20):
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError as exc:
                        # The decoder keeps an incomplete character of the previous
                        # block; the failure lies within this block.
                        start = max(exc.start - len(exc.object) + len(block), 0) + offset
                        raise _Undecodable(start) from None
                    offset += len(block)
                decoder.decode(b"", final=True)
                return enc
            except _Undecodable as bad:
                if first_failure is None:
                    first_failure = (bad.offset, enc)
            except UnicodeDecodeError:
                if first_failure is None:
                    first_failure = (offset, enc)
    assert first_failure is not None
    where, _ = first_failure
    with open(path, "rb") as fh:
        line = 1
        read = 0
        while read < where and (block := fh.read(min(1 << 20, where - read))):
            line += block.count(b"\n")
            read += len(block)
        fh.seek(where)
        byte = fh.read(1)
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


class _Undecodable(Exception):
    def __init__(self, offset: int):
        self.offset = offset


def read_columns(
    path: Path,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    sep: str = ";",
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
    spaces) become missing; other values are kept as written.
    """
    shown = display_path(path)
    encoding = detect_encoding(path, encodings=encodings)
    wanted: list[str] = []
    log = ProblemLog()
    with open(path, encoding=encoding, newline="") as fh, _field_limit():
        reader = csv.reader(fh, delimiter=sep, quotechar='"')
        try:
            header = next(reader)
        except StopIteration:  # pragma: no cover - detect_encoding refused empty files
            raise BadInput([Problem(shown, "arquivo vazio")]) from None
        except csv.Error as exc:
            raise _csv_problem(shown, reader.line_num, exc) from None
        header = [h.strip() for h in header]
        if header and header[-1] == "":
            header = header[:-1]
        require_columns(header, required, shown)
        wanted = [*required, *(c for c in optional if c in header and c not in required)]
        pick = operator.itemgetter(*[header.index(c) for c in wanted])
        width = len(header)
        columns: list[list[pd.Categorical]] = [[] for _ in wanted]
        lines: list[np.ndarray] = []
        rows: list[object] = []
        numbers: list[int] = []
        start = reader.line_num + 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                log.add(shown, _csv_expected(exc), line=start)
                break
            if len(record) == width + 1 and record[-1] == "":
                record.pop()
            blank = not record or not (record[0].strip() or any(c.strip() for c in record))
            if len(record) != width:
                if not blank:
                    log.add(
                        shown,
                        f"tem {len(record)} campos; esperados {width} como no cabeçalho "
                        f"(separador '{sep}')",
                        line=start,
                    )
            elif not blank:
                rows.append(pick(record))
                numbers.append(start)
                if len(numbers) >= CHUNK_ROWS:
                    _pack(rows, columns, numbers, lines)
            start = reader.line_num + 1
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
    return frame


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
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            'campo longo demais: provavelmente uma aspa (") aberta e não fechada; '
            "verifique as aspas desta linha"
        )
    if "NUL" in text:
        return "a linha contém bytes nulos; exporte o arquivo novamente como texto CSV"
    return f"não pode ser lida como CSV ({text}); verifique aspas e separadores desta linha"


def _csv_problem(shown: str, line: int, exc: csv.Error) -> BadInput:
    return BadInput([Problem(shown, _csv_expected(exc), line=max(line, 1))])


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


#: Decompressed size above which an .xlsx is refused (a hand-kept sheet is a few MB).
XLSX_MAX_BYTES = 512 << 20
#: How many rows of each sheet are searched for the header (title rows come first).
HEADER_SEARCH_ROWS = 50


def check_xlsx(path: Path) -> None:
    """Refuse, before openpyxl opens it, what is not a plain .xlsx: an empty
    file, a CSV or old .xls renamed, a broken zip, a zip bomb, or XML with a
    DOCTYPE or entity declarations (XXE, "billion laughs"), which Excel and
    LibreOffice never write. openpyxl parses with defusedxml as well; this check
    holds even when ``OPENPYXL_DEFUSEDXML`` turns that off, and gives a
    Portuguese message instead of a parser's exception."""
    import zipfile
    import zlib

    check_input_file(path)
    shown = display_path(path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise BadInput([Problem(shown, "arquivo vazio; esperada uma planilha .xlsx")])
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadInput(
            [
                Problem(
                    shown,
                    "é uma planilha no formato antigo .xls (Excel 97-2003) ou protegida por "
                    "senha; abra no Excel ou no LibreOffice, tire a senha se houver e salve "
                    'como "Pasta de Trabalho do Excel (.xlsx)"',
                )
            ]
        )
    if not head.startswith(b"PK"):
        kind = "texto (parece um CSV com a extensão trocada)" if _looks_text(path) else "outro"
        raise BadInput(
            [
                Problem(
                    shown,
                    f"não é uma planilha .xlsx: o conteúdo é {kind}; abra o arquivo no Excel "
                    'ou no LibreOffice e salve como "Pasta de Trabalho do Excel (.xlsx)"',
                )
            ]
        )
    broken = (
        "a planilha está corrompida (o arquivo .xlsx, que é um zip, está incompleto ou "
        "danificado); copie o arquivo de novo ou abra e salve a planilha no Excel ou no "
        "LibreOffice"
    )
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            total = sum(m.file_size for m in members)
            if total > XLSX_MAX_BYTES:
                raise BadInput(
                    [
                        Problem(
                            shown,
                            f"descompactada, a planilha ocuparia {total >> 20} MB; esperada "
                            "uma planilha comum (o arquivo pode ser malicioso e não foi aberto)",
                        )
                    ]
                )
            for member in members:
                if not member.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(member) as fh:
                    start = fh.read(8192)
                if re.search(rb"<!(DOCTYPE|ENTITY)", start.replace(b"\x00", b""), re.I):
                    raise BadInput(
                        [
                            Problem(
                                shown,
                                f"a parte {member.filename} da planilha declara entidades XML "
                                "(DOCTYPE/ENTITY), o que o Excel e o LibreOffice nunca gravam; "
                                "o arquivo pode ser malicioso e não foi aberto. Peça a planilha "
                                "original ou salve-a de novo no Excel ou no LibreOffice",
                            )
                        ]
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise BadInput([Problem(shown, broken)]) from None
    except (OSError, ValueError, NotImplementedError) as exc:
        if isinstance(exc, IsADirectoryError | PermissionError):
            raise
        raise BadInput([Problem(shown, broken)]) from None


def _looks_text(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return b"\x00" not in head


def _cell_header(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def read_sheet(path: Path, *, required: Sequence[str], sheet: str | None = None) -> pd.DataFrame:
    """Read a hand-kept ``.xlsx``: find the header row under any title rows,
    return the rows below it with their spreadsheet row number in ``_linha``.

    The header is looked for on every sheet in order (an instructions sheet
    often comes first) unless ``sheet`` names one; the sheet used is in
    ``attrs["sheet"]`` and named in every message. Cells keep their Excel types
    (numbers, datetimes, text); empty rows are skipped; merged title cells
    above the header are ignored. A formula whose result was never saved reads
    as empty; its text is kept in ``attrs["formulas"]`` keyed by (row, column),
    so that the message can say to open and save the workbook.
    """
    from openpyxl import load_workbook  # imported here: only spreadsheet sources need it

    check_xlsx(path)
    shown = display_path(path)
    want = {_norm_header(c) for c in required}
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            sheets = [wb[sheet]] if sheet and sheet in wb.sheetnames else wb.worksheets
            if sheet and sheet not in wb.sheetnames:
                names = ", ".join(f'"{n}"' for n in wb.sheetnames)
                raise BadInput(
                    [
                        Problem(
                            shown,
                            f'a planilha não tem a aba "{sheet}"; abas: {names}.'
                            + did_you_mean(sheet, wb.sheetnames),
                        )
                    ]
                )
            found = None  # (sheet title, header row number, header)
            best: tuple[int, str, int, list[str]] | None = None  # partial matches
            rows: list[list[object]] = []
            lines: list[int] = []
            for ws in sheets:
                for idx, values in enumerate(ws.iter_rows(values_only=True), start=1):
                    if found is None:
                        if idx > HEADER_SEARCH_ROWS:
                            break
                        names = {_norm_header(v) for v in values}
                        hits = len(want & names)
                        if hits == len(want):
                            found = (ws.title, idx, [_cell_header(v) for v in values])
                        elif hits and (best is None or hits > best[0]):
                            best = (hits, ws.title, idx, [_cell_header(v) for v in values])
                        continue
                    if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                        continue
                    rows.append(list(values)[: len(found[2])])
                    lines.append(idx)
                if found is not None:
                    break
        finally:
            wb.close()
        formulas = _formulas(path, found[0], found[1], lines, found[2]) if found else {}
    except BadInput:
        raise
    except (PermissionError, IsADirectoryError):
        raise
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise BadInput(
            [
                Problem(
                    shown,
                    "a planilha não pôde ser lida (está danificada ou não foi gravada pelo "
                    f"Excel ou pelo LibreOffice: {type(exc).__name__}); abra e salve a "
                    "planilha de novo no Excel ou no LibreOffice",
                )
            ]
        ) from None
    if found is None:
        raise BadInput([_header_problem(shown, required, best, [ws.title for ws in sheets])])
    title, header_row, header = found
    where = f'{shown}, planilha "{title}"'
    width = len(header)
    rows = [r + [None] * (width - len(r)) for r in rows]
    keep = [i for i, h in enumerate(header) if h]
    frame = pd.DataFrame(
        [[r[i] for i in keep] for r in rows], columns=[header[i] for i in keep], dtype=object
    )
    # Rename to the spelling asked for, so later code can use the canonical names.
    canon = {_norm_header(c): c for c in required}
    rename = {c: canon.get(_norm_header(c), c) for c in frame.columns}
    frame = frame.rename(columns=rename)
    if not rows:
        raise BadInput(
            [
                Problem(
                    where,
                    "a planilha não tem linhas de dados abaixo do cabeçalho",
                    line=header_row,
                )
            ]
        )
    frame = frame.assign(**{LINE: lines})
    frame.attrs["header_row"] = header_row
    frame.attrs["sheet"] = title
    frame.attrs["formulas"] = {
        (line, canon.get(_norm_header(col), col)): text for (line, col), text in formulas.items()
    }
    return frame


def _header_problem(
    shown: str,
    required: Sequence[str],
    best: tuple[int, str, int, list[str]] | None,
    titles: list[str],
) -> Problem:
    """Name only the missing columns of the row that looked most like the header;
    when no row has any of them, name the sheets searched."""
    if best is None:
        searched = ", ".join(f'"{t}"' for t in titles)
        return Problem(
            shown,
            "cabeçalho não encontrado: nenhuma linha tem as colunas "
            + ", ".join(f'"{c}"' for c in required)
            + f" (procurado nas {HEADER_SEARCH_ROWS} primeiras linhas "
            + ("das abas " if len(titles) > 1 else "da aba ")
            + searched
            + ")",
        )
    _, title, row, header = best
    present = {_norm_header(h) for h in header}
    missing = [c for c in required if _norm_header(c) not in present]
    others = [h for h in header if h and _norm_header(h) not in {_norm_header(c) for c in required}]
    return Problem(
        f'{shown}, planilha "{title}"',
        "; ".join(
            f'coluna obrigatória "{c}" não encontrada no cabeçalho.' + did_you_mean(c, others)
            for c in missing
        ),
        line=row,
    )


def _formulas(
    path: Path, title: str, header_row: int, lines: list[int], header: list[str]
) -> dict[tuple[int, str], str]:
    """Formulas of the data rows (text as written, e.g. ``=SUM(E6:E20)``)."""
    from openpyxl import load_workbook

    wanted = set(lines)
    out: dict[tuple[int, str], str] = {}
    wb = load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[title]
        for idx, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if idx not in wanted:
                continue
            for col, value in zip(header, values, strict=False):
                if col and isinstance(value, str) and value.startswith("="):
                    out[(idx, col)] = value
    finally:
        wb.close()
    return out


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


_JSON_MESSAGES = {
    "Expecting value": "esperado um valor",
    "Unterminated string starting at": "texto sem as aspas de fechamento",
    "Expecting ',' delimiter": "esperada uma vírgula",
    "Expecting ':' delimiter": 'esperado ":"',
    "Extra data": "há conteúdo depois do fim do JSON",
    "Expecting property name enclosed in double quotes": "esperado um nome de campo entre aspas",
    "Invalid control character at": "caractere de controle dentro de um texto",
    "Invalid \\escape": "sequência de escape inválida",
}


def read_json_list(path: Path) -> list[object]:
    """Read a JSON file holding a list (one page of a REST export)."""
    shown = display_path(path)
    text, _ = decode(path, encodings=UTF8_ONLY)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        what = _JSON_MESSAGES.get(exc.msg, "")
        raise BadInput(
            [
                Problem(
                    shown,
                    f"não é um JSON válido (coluna {exc.colno}"
                    + (f": {what}" if what else "")
                    + "); a exportação pode ter sido interrompida: baixe de novo esta página "
                    "da API do WordPress",
                    line=exc.lineno,
                )
            ]
        ) from None
    except (RecursionError, ValueError):  # absurd nesting, or a number too long to read
        raise BadInput(
            [
                Problem(
                    shown,
                    "não é um JSON da API do WordPress (aninhamento ou número fora do comum); "
                    "baixe de novo esta página da API",
                )
            ]
        ) from None
    if not isinstance(data, list):
        raise BadInput(
            [Problem(shown, "esperada uma lista JSON ([...]) como a API do WordPress devolve")]
        )
    return data


def json_text(value: object) -> object:
    """A JSON value as written in the file, for messages (``11335``, not ``11.335``).

    >>> json_text(11335), json_text([3, 4]), json_text("2024-13-01"), json_text(None)
    ('11335', '[3, 4]', '2024-13-01', None)
    """
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- values

_MONEY_PLAIN = re.compile(r"^-?\d+(,\d+)?$")
_MONEY_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_MONEY_DOT_DECIMAL = re.compile(r"^-?\d+\.\d{1,2}$")

MONEY_EXPECTED = "não é um valor em reais; esperado formato brasileiro, ex.: 1.234,56"
DATE_EXPECTED = "não é uma data; esperado dia/mês/ano, ex.: 31/12/2024"
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
        return series.map(lambda v: None if _missing(v) else func(v))
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


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA


def check_unique(
    frame: pd.DataFrame,
    column: str,
    *,
    file: str,
    log: ProblemLog,
    values: Sequence[object] | None = None,
) -> None:
    """Log each repeated identifier with the line where it first appeared.

    ``values`` are the parsed identifiers compared ("2 553" and "2553" are the
    same ticket); the message shows the value as written in the file."""
    seen: dict[object, int] = {}
    vals = values if values is not None else list(frame[column])
    for value, raw, line in zip(vals, frame[column], frame[LINE], strict=True):
        if _missing(value):
            continue
        if value in seen:
            log.add(
                file,
                f"repetido; já aparece na linha {seen[value]} (esperado identificador único)",
                line=int(line),
                column=column,
                value=raw,
            )
        else:
            seen[value] = int(line)


def check_not_negative(
    values: Sequence[object], frame: pd.DataFrame, column: str, *, file: str, log: ProblemLog
) -> None:
    """Log each negative amount, shown as written in the file (a spreadsheet's
    number as an amount, ``-5.000,00``)."""
    for value, raw, line in zip(values, frame[column], frame[LINE], strict=True):
        if value is not None and value < 0:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                raw = Decimal(str(raw)).quantize(Decimal("0.01"))
            log.add(
                file,
                "é negativo; esperado valor maior ou igual a zero",
                line=int(line),
                column=column,
                value=raw,
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
    check_input_file(path)
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
