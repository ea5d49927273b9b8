"""Batch builds: incremental skip, --force, a failing year, locking. Slow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from test_report import pdf_text, project_copy

from balanco import report
from balanco.fingerprint import locked
from balanco.io import sha256

pytestmark = pytest.mark.slow
QUIET = {"progress": lambda _m: None}


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    settings = project_copy(tmp_path_factory.mktemp("anos"), years=(2023, 2024))
    outcomes = report.build(settings, [2023, 2024], names=("procon", "cpd"), jobs=2, **QUIET)
    assert [o.status for o in outcomes] == ["ok", "ok"]
    return settings


def test_batch_builds_both_years_and_2024_compares_with_demo_2023(two_years):
    out = two_years.reports_path(2024)
    text = pdf_text(out / "procon-2024.pdf")
    # Issue 17 (8): against demonstration data the comparison is shown, marked, but no
    # growth rate is written in a sentence or a chart title a journalist could quote.
    assert "Comparação com 2023 (dados fictícios de demonstração)" in text
    assert "cresceram" not in text
    cover = pdf_text(two_years.reports_path(2023) / "procon-2023.pdf")
    assert "DADOS FICTÍCIOS DE DEMONSTRAÇÃO" in cover
    record = json.loads((out / "construcao.json").read_text("utf-8"))
    entradas = record["notebooks"]["procon"]["entradas"]
    assert "data/raw/2024/sindec_atendimentos.csv" in entradas
    assert "data/raw/2023/sindec_atendimentos.csv" in entradas  # the comparison reads it
    assert "data/raw/2024/glpi_chamados.csv" not in entradas  # not Procon's


def test_unchanged_inputs_are_skipped_and_one_raw_file_rebuilds_its_department(two_years):
    again = report.build(two_years, [2023, 2024], names=("procon", "cpd"), **QUIET)
    assert [o.status for o in again] == ["sem mudanças", "sem mudanças"]

    procon_pdf = two_years.reports_path(2024) / "procon-2024.pdf"
    before = sha256(procon_pdf)
    glpi = two_years.raw_dir(2024) / "glpi_chamados.csv"
    glpi.write_bytes(glpi.read_bytes() + b"\n")  # same tickets, different bytes
    changed = report.build(two_years, [2023, 2024], names=("procon", "cpd"), **QUIET)
    o2023, o2024 = changed
    assert o2023.status == "sem mudanças"
    assert o2024.built == ["cpd"] and o2024.skipped == ["procon"]
    assert sha256(procon_pdf) == before

    forced = report.build(two_years, [2024], names=("procon", "cpd"), force=True, **QUIET)
    assert sorted(forced[0].built) == ["cpd", "procon"]


def test_a_failing_year_does_not_stop_the_others(tmp_path):
    settings = project_copy(tmp_path, years=(2023, 2024))
    sindec = settings.raw_dir(2023) / "sindec_atendimentos.csv"
    lines = sindec.read_bytes().split(b"\n")
    cells = lines[3].split(b";")
    cells[3] = b"ontem"
    lines[3] = b";".join(cells)
    sindec.write_bytes(b"\n".join(lines))

    outcomes = report.build(settings, [2023, 2024], names=("procon",), jobs=2, **QUIET)

    o2023, o2024 = outcomes
    assert o2023.status == "falhou"
    assert "sindec_atendimentos.csv" in o2023.reason and "linha 4" in o2023.reason
    assert o2024.status == "ok" and o2024.built == ["procon"]
    text = pdf_text(settings.reports_path(2024) / "procon-2024.pdf")
    assert "Os dados de 2023 não passaram nas verificações" in text
    assert not (settings.reports_path(2023) / "procon-2023.pdf").exists()

    cli = subprocess.run(
        [sys.executable, "-m", "balanco.cli", "batch", "--years", "2022-2023"],
        cwd=settings.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert cli.returncode == 2  # bad input: 2022 has no data, 2023 a bad file
    assert "2022: FALHOU" in cli.stdout and "2023: FALHOU" in cli.stdout
    assert "Traceback" not in cli.stderr


def test_two_runs_of_the_same_year_do_not_interleave(two_years):
    lock = report.lock_path(two_years, 2024)
    messages: list[str] = []
    result: list = []

    with locked(lock):
        worker = threading.Thread(
            target=lambda: result.append(
                report.build(two_years, [2024], names=("procon",), progress=messages.append)
            )
        )
        worker.start()
        time.sleep(1.0)
        assert worker.is_alive() and result == []  # waiting for the lock
        assert any("aguardando" in m for m in messages)
    worker.join(timeout=120)
    assert result and result[0][0].status == "sem mudanças"


def test_no_previous_year_reads_as_such(tmp_path):
    settings = project_copy(tmp_path, years=(2024,))
    report.build(settings, [2024], names=("procon",), jobs=1, **QUIET)
    text = pdf_text(settings.reports_path(2024) / "procon-2024.pdf")
    assert "Não há dados de 2023" in text
    assert os.path.getsize(settings.reports_path(2024) / "procon-2024.pdf") > 20_000
