"""Reading hand-kept spreadsheets (``.xlsx``): the header row found under any
title rows and on any sheet, the data rows with their spreadsheet row number in
``_linha``, the formulas of those rows on demand, and a total row set apart."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..errors import BadInput, Problem, did_you_mean
from .dialect import header_key
from .paths import LINE, display_path
from .validate import check_xlsx

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
    want = {header_key(c) for c in required}
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
                        names = {header_key(v) for v in values}
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
    canon = {header_key(c): c for c in required}
    rename = {c: canon.get(header_key(c), c) for c in frame.columns}
    frame = frame.rename(columns=rename)
    written = {new: old for old, new in rename.items() if new != old}
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
    frame.attrs["as_written"] = written
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
                (line, canon.get(header_key(col), col)): text for (line, col), text in raw.items()
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
    present = {header_key(h) for h in header}
    missing = [c for c in required if header_key(c) not in present]
    others = [h for h in header if h and header_key(h) not in {header_key(c) for c in required}]
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
