"""Reading raw exports: encodings, ';' separators, spreadsheets, JSON lists, chosen columns.

Every reader keeps the position of each record in the source as the column
``_linha`` (physical line of a CSV, row of a spreadsheet, item of a JSON list),
so that a problem found later can point the analyst at it."""

from __future__ import annotations

import csv
import io
import json
import operator
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import BadInput, Problem, ProblemLog, did_you_mean
from .dialect import separator_name, sniff_separator, split_header
from .paths import _ENCODING_NAMES, LINE, UTF8_ONLY, UTF8_OR_LATIN, display_path
from .validate import check_input_file, check_xlsx, require_columns


def _refuse_empty_or_binary(head: bytes, shown: str) -> None:
    """An empty file, or one with NUL bytes in its first 4 KiB (UTF-16, a binary
    file), is not a CSV export: say so before trying encodings."""
    if not head.strip():
        raise BadInput([Problem(shown, "arquivo vazio; esperado um cabeçalho e linhas de dados")])
    if b"\x00" in head[:4096]:
        raise BadInput(
            [
                Problem(
                    shown,
                    "o arquivo contém bytes nulos (parece UTF-16 ou binário); "
                    "exporte novamente como texto CSV em UTF-8",
                )
            ]
        )


def decode(path: Path, *, encodings: Sequence[str] = UTF8_OR_LATIN) -> tuple[str, str]:
    """Read a text file trying ``encodings`` in order; return (text, encoding).

    Raises BadInput naming the first undecodable line when none fits, and for
    an empty file.
    """
    check_input_file(path)
    data = path.read_bytes()
    shown = display_path(path)
    _refuse_empty_or_binary(data, shown)
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
                f"(separador {separator_name(sep)})",
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
    _refuse_empty_or_binary(head, shown)
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
                        f"(separador {separator_name(sep)})",
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


def _norm_header(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().casefold() if value is not None else ""


#: How many rows of each sheet are searched for the header (title rows come first).
HEADER_SEARCH_ROWS = 50


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
    frame.attrs["formulas"] = Formulas(path, title, lines, header, canon)
    return frame


class Formulas(Mapping):
    """The formulas of a sheet's data rows, ``{(row, column): "=SUM(E6:E20)"}``,
    read from the workbook on first use.

    Only a message needs them (a formula whose result was never saved reads as
    empty), so a workbook that reads cleanly is parsed once, not twice: the second
    pass over the XML (``data_only=False``) was a quarter of ``prepare``.
    """

    def __init__(
        self, path: Path, title: str, lines: list[int], header: list[str], canon: dict[str, str]
    ) -> None:
        self._args = (path, title, lines, header, canon)
        self._read: dict[tuple[int, str], str] | None = None

    def _formulas(self) -> dict[tuple[int, str], str]:
        if self._read is None:
            path, title, lines, header, canon = self._args
            try:
                raw = _formulas(path, title, lines, header)
            except Exception:  # noqa: BLE001 - the values were read; a message loses its formula
                raw = {}
            self._read = {
                (line, canon.get(_norm_header(col), col)): text for (line, col), text in raw.items()
            }
        return self._read

    def __getitem__(self, key: tuple[int, str]) -> str:
        return self._formulas()[key]

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter(self._formulas())

    def __len__(self) -> int:
        return len(self._formulas())

    def __repr__(self) -> str:
        return f"Formulas({display_path(self._args[0])!r}, {self._args[1]!r})"


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
    path: Path, title: str, lines: list[int], header: list[str]
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


def header_line(path: Path, *, encodings: Sequence[str] = UTF8_OR_LATIN) -> tuple[str, str]:
    """The first line of a delimited file (BOM removed) and the encoding that
    decodes its first 1 MiB."""
    check_input_file(path)
    shown = display_path(path)
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    _refuse_empty_or_binary(head, shown)
    # Cut at the last complete line so a multi-byte character is never split.
    cut = head[: head.rfind(b"\n") + 1] or head
    for enc in encodings:
        try:
            text = cut.decode(enc)
        except UnicodeDecodeError:
            continue
        return text.lstrip("\ufeff").splitlines()[0], enc
    names = " ou ".join(_ENCODING_NAMES.get(e, e) for e in encodings)
    raise BadInput([Problem(shown, f"não pode ser lido como {names}")])
