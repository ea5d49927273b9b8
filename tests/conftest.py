"""Shared helpers: write small hand-made raw files in the real layouts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from balanco.config import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def write(path: Path, text: str, *, encoding: str = "utf-8", bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def sheet(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    titles: tuple[str, ...] = ("PREFEITURA", "Planilha de teste"),
) -> Path:
    """A hand-kept spreadsheet: title rows (merged), a blank row, header, rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r, title in enumerate(titles, start=1):
        ws.cell(row=r, column=1, value=title)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(header))
    start = len(titles) + 2
    for c, name in enumerate(header, start=1):
        ws.cell(row=start, column=c, value=name)
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def dt(d: str) -> datetime:
    return datetime.strptime(d, "%d/%m/%Y")


@pytest.fixture
def tmp_settings(tmp_path: Path) -> Settings:
    (tmp_path / "data" / "raw").mkdir(parents=True)
    return Settings(root=tmp_path)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A copy of the project with 2024 prepared (once per test module): notebooks,
    templates, docs, the published release and 2024's raw files; its Settings."""
    import shutil

    from balanco import pipeline

    root = tmp_path_factory.mktemp("projeto")
    for folder in ("notebooks", "templates", "docs", "data/published"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(ROOT / "data/raw/2024", root / "data/raw/2024")
    settings = Settings(root=root)
    pipeline.prepare(settings, 2024)
    return settings
