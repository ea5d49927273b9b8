"""The CLI: figures printed, bad input reported without traceback, nothing half-written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from balanco.io import sha256


def balanco(*args: str, cwd, env_root=None) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if env_root is not None:
        env["BALANCO_ROOT"] = str(env_root)
    return subprocess.run(
        [sys.executable, "-m", "balanco.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_year(tmp_path, year=2024):
    shutil.copytree(ROOT / "data" / "raw" / str(year), tmp_path / "data" / "raw" / str(year))
    shutil.copytree(ROOT / "data" / "published", tmp_path / "data" / "published")
    return tmp_path


def test_prepare_prints_every_published_figure(tmp_path):
    root = copy_year(tmp_path)
    out = balanco("prepare", "--year", "2024", cwd=root)
    assert out.returncode == 0, out.stderr
    printed = out.stdout.replace("\xa0", " ")  # amounts' spaces are non-breaking
    for text in ("22", "R$ 97,3 milhões", "R$ 53,1 milhões", "R$ 150,5 milhões", "3.303"):
        assert text in printed
    assert "14 de 14 números iguais ao publicado" in out.stdout
    assert (root / "data" / "processed" / "2024" / "indicadores.json").exists()


def test_bad_input_exits_non_zero_keeps_old_output_and_raw(tmp_path):
    root = copy_year(tmp_path)
    assert balanco("prepare", "--year", "2024", cwd=root).returncode == 0
    processed = root / "data" / "processed" / "2024"
    before = {p.name: sha256(p) for p in processed.iterdir()}
    raw = root / "data" / "raw" / "2024"
    # Break one line of the Sindec export: an impossible date.
    sindec = raw / "sindec_atendimentos.csv"
    lines = sindec.read_bytes().split(b"\n")
    cells = lines[5].split(b";")
    cells[3] = b"31/02/2024 10:00"
    lines[5] = b";".join(cells)
    sindec.write_bytes(b"\n".join(lines))
    raw_before = {p.name: sha256(p) for p in raw.iterdir()}

    out = balanco("prepare", "--year", "2024", cwd=root)

    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert 'sindec_atendimentos.csv, linha 6, coluna "DataAtendimento"' in out.stderr
    assert 'valor "31/02/2024 10:00" não é uma data' in out.stderr
    assert {p.name: sha256(p) for p in processed.iterdir()} == before
    assert {p.name: sha256(p) for p in raw.iterdir()} == raw_before
    leftovers = [
        p.name for p in processed.parent.iterdir() if p.name != "2024" and p.suffix != ".lock"
    ]
    assert leftovers == []


def test_missing_year_is_a_clear_message(tmp_path):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    out = balanco("prepare", "--year", "2001", cwd=tmp_path)
    assert out.returncode == 2
    assert "pasta de dados brutos de 2001 não encontrada" in out.stderr
    assert "Traceback" not in out.stderr


def test_global_options_work_after_every_subcommand_and_are_in_its_help(capsys):
    from balanco.cli import build_parser

    parser = build_parser()
    for argv in (
        ["exportar", "--year", "2024"],
        ["manifesto", "--year", "2024", "--data-exportacao", "2025-01-15"],
        ["prepare", "--year", "2024"],
        ["sample", "--year", "2024"],
        ["report", "--year", "2024"],
        ["batch", "--years", "2024"],
    ):
        args = parser.parse_args([*argv, "--data-dir", "d", "--reports-dir", "r", "--debug"])
        assert (args.data_dir, args.reports_dir, args.debug) == ("d", "r", True), argv
        with pytest.raises(SystemExit):
            parser.parse_args([argv[0], "--help"])
        shown = capsys.readouterr().out
        assert all(o in shown for o in ("--data-dir", "--reports-dir", "--debug")), argv


def test_reports_go_beside_a_data_dir_unless_reports_dir_is_given(tmp_path):
    from balanco.cli import _settings, build_parser

    parser = build_parser()
    data = tmp_path / "outros"
    s = _settings(parser.parse_args(["--data-dir", str(data), "exportar", "--year", "2024"]))
    assert s.reports_path(2024) == data / "relatorios" / "2024"
    s = _settings(
        parser.parse_args(
            [
                "exportar",
                "--year",
                "2024",
                "--data-dir",
                str(data),
                "--reports-dir",
                str(tmp_path / "r"),
            ]
        )
    )
    assert s.reports_path(2024) == tmp_path / "r" / "2024"
    s = _settings(parser.parse_args(["exportar", "--year", "2024"]))
    assert s.reports_path(2024) == (s.root / "reports" / "2024").resolve()


def test_the_console_script_freezes_the_heap_after_main_and_keeps_its_code(monkeypatch):
    # `balanco` ends without Python collecting a build's whole heap at exit (~0,4 s):
    # the console script is entry(), which returns main()'s code, then freezes.
    import gc
    from importlib.metadata import entry_points

    import balanco.cli as cli

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "balanco"]
    assert script.value == "balanco.cli:entry"
    monkeypatch.setattr(cli, "main", lambda: 3)
    gc.unfreeze()
    try:
        assert cli.entry() == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_suggested_command_calls_the_program_as_this_run_did(monkeypatch):
    import argparse

    from balanco.cli.parser import command_line

    ns = argparse.Namespace(municipio=None, data_dir=None, reports_dir=None)
    monkeypatch.setattr("sys.argv", [".venv/bin/balanco", "report", "--year", "2024"])
    assert command_line(ns, "exportar", 2024) == ".venv/bin/balanco exportar --year 2024"
    monkeypatch.setattr("sys.argv", ["/opt/meu venv/bin/balanco"])
    assert command_line(ns, "exportar", 2024) == "'/opt/meu venv/bin/balanco' exportar --year 2024"
    # python -m balanco.cli, or a test: the name the README uses.
    monkeypatch.setattr("sys.argv", ["/x/balanco/cli/__main__.py"])
    assert command_line(ns, "exportar", 2024) == "balanco exportar --year 2024"
