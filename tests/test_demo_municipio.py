"""The demonstration municipality (Suzano, fictitious data) builds its PDFs
through ``balanco batch --municipios``, apart from the default municipality."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT
from pypdf import PdfReader

from balanco import cli

pytestmark = pytest.mark.slow


def page_text(path, page=0) -> str:
    text = PdfReader(path).pages[page].extract_text() or ""
    return re.sub(r"\s+", " ", text)


def test_suzano_builds_with_fictitious_cover(tmp_path, monkeypatch, capsys):
    for folder in ("notebooks", "templates", "docs", "municipios"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copytree(
        ROOT / "data" / "municipios" / "suzano" / "raw",
        tmp_path / "data" / "municipios" / "suzano" / "raw",
    )
    (tmp_path / "data" / "raw").mkdir(parents=True)  # the project root marker
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))

    code = cli.main(["batch", "--municipios", "suzano", "--years", "2023-2024", "--jobs", "2"])
    out = capsys.readouterr().out
    assert code == 0, out
    # One status line per (municipality, year).
    assert re.search(r"^  suzano 2023: ok", out, re.M), out
    assert re.search(r"^  suzano 2024: ok", out, re.M), out

    reports = tmp_path / "reports" / "municipios" / "suzano"
    for year in (2023, 2024):
        cover = page_text(reports / str(year) / f"balanco-{year}.pdf")
        assert "Suzano" in cover
        assert "fictícios" in cover.lower()
        assert "Itaquaquecetuba" not in cover
    # Nothing of the default municipality was written.
    assert not (tmp_path / "reports" / "2024").exists()
    assert not (tmp_path / "data" / "processed").exists()
