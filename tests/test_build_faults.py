"""Faults while building reports: a year is replaced whole or not at all, a killed
run leaves nothing behind for long, outputs get the user's permissions, a year
without data creates nothing. The quick tests replace the notebook run by a
stand-in (``report.build_one``); the slow ones run the real thing."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from balanco import cli, files, report
from balanco.build import export as build_export
from balanco.build import run as build_run
from balanco.config import Settings
from balanco.processed import remove_leftovers

QUIET = {"progress": lambda _m: None}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name -> bytes)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not files.pid_alive(child.pid)
    return child.pid


@pytest.fixture
def umask():
    """Set the process umask for one test, then restore it."""
    saved = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(saved)


# =========================================================================== permissions


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_atomic_write_gives_the_mode_of_any_file_the_user_creates(tmp_path, umask, mask, mode):
    umask(mask)
    target = files.atomic_write(tmp_path / "balanco-2024.pdf", b"%PDF-1.7 ...")
    assert target.stat().st_mode & 0o777 == mode
    assert target.read_bytes() == b"%PDF-1.7 ..."


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_record_and_pdf_get_the_users_umask(tmp_path, umask, monkeypatch, mask, mode):
    umask(mask)
    settings = Settings(root=tmp_path)
    report.write_record(settings, 2024, {"ano": 2024})
    assert (settings.reports_path(2024) / report.RECORD).stat().st_mode & 0o777 == mode

    class FakeExporter:
        def from_filename(self, _path):
            return b"%PDF-1.7 fake", {}

    monkeypatch.setattr(build_export, "exporter", lambda _s: FakeExporter())
    pdf = report.export(settings, tmp_path / "x.ipynb", tmp_path / "out" / "cpd-2024.pdf")
    assert pdf.stat().st_mode & 0o777 == mode


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "construcao.json"
    target.write_text("antigo")

    def disk_full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        files.atomic_write(target, "novo")
    assert target.read_text() == "antigo"
    assert [p.name for p in tmp_path.iterdir()] == ["construcao.json"]


# =========================================================================== year without data


def test_a_year_without_data_creates_nothing(tmp_settings):
    (outcome,) = report.build(tmp_settings, [2030], **QUIET)
    assert outcome.status == "falhou" and outcome.exit_code == 2
    assert "data/raw/2030" in outcome.reason
    assert not (tmp_settings.root / "reports").exists()
    assert not (tmp_settings.root / "data" / "processed").exists()


def test_report_without_data_from_the_command_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BALANCO_ROOT", raising=False)
    assert cli.main(["report", "--year", "2026"]) == 2
    assert "Não há dados de 2026" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["raw"]


# =========================================================================== leftovers


def test_leftovers_of_dead_runs_are_removed_and_live_ones_kept(tmp_path, monkeypatch):
    settings = Settings(root=tmp_path)
    dead, live = dead_pid(), os.getpid()
    reports = tmp_path / "reports"
    year = reports / "2024"
    (year / "notebooks").mkdir(parents=True)
    (year / "balanco-2024.pdf").write_bytes(b"pdf")
    left = [
        reports / f".2024.staging-{dead}" / "cpd-2024.pdf",
        year / f".construcao.json.tmp-{dead}-ab12",
        year / f".cpd-2024.pdf.tmp-{dead}-cd34",
        year / "notebooks" / f".cpd.tmp-{dead}.ipynb",
        year / ".construcao.k2j3h4.tmp",  # mkstemp name of earlier versions
        year / "notebooks" / "procon.erro.ipynb",  # empty: written on a full disk
    ]
    kept = [
        reports / f".2024.staging-{live}" / "cpd-2024.pdf",
        year / f".construcao.json.tmp-{live}-ef56",
        year / "notebooks" / "cpd.erro.ipynb",
    ]
    for p in left + kept:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"" if p.name == "procon.erro.ipynb" else b"x")
    processed = tmp_path / "data" / "processed"
    (processed / f".2024.tmp-{dead}").mkdir(parents=True)
    (processed / f".2024.tmp-{dead}" / "indicadores.json").write_text("{}")
    (processed / f".2024.tmp-{live}").mkdir()
    scratch_base = tmp_path / "temp"
    scratch_base.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_base))
    (scratch_base / f"balanco-{dead}-a1b2" / "tmpxyz").mkdir(parents=True)
    (scratch_base / f"balanco-{dead}-a1b2" / "kernel-1.json").write_text("{}")
    (scratch_base / f"balanco-{live}-c3d4").mkdir()
    (scratch_base / "tmp-de-outro-programa").mkdir()

    report.remove_leftovers(settings, 2024)
    remove_leftovers(settings.processed_dir(2024))
    files.remove_dead_scratch()

    assert [p for p in left if p.exists()] == []
    assert not (reports / f".2024.staging-{dead}").exists()
    assert all(p.exists() for p in kept)
    assert (year / "balanco-2024.pdf").read_bytes() == b"pdf"
    assert sorted(p.name for p in processed.iterdir()) == [f".2024.tmp-{live}"]
    assert sorted(p.name for p in scratch_base.iterdir()) == [
        f"balanco-{live}-c3d4",
        "tmp-de-outro-programa",
    ]


@pytest.mark.parametrize("where", ["reports", "processed"])
def test_a_year_caught_between_the_two_renames_of_a_swap_is_put_back(tmp_path, where):
    settings = Settings(root=tmp_path)
    final = settings.reports_path(2024) if where == "reports" else settings.processed_dir(2024)
    old = final.parent / f".2024.old-{dead_pid()}"
    old.mkdir(parents=True)
    (old / "balanco-2024.pdf").write_bytes(b"anterior")
    if where == "reports":
        report.remove_leftovers(settings, 2024)
    else:
        remove_leftovers(final)
    assert (final / "balanco-2024.pdf").read_bytes() == b"anterior"
    assert not old.exists()


# =========================================================================== whole or nothing
# The notebook run is replaced by a stand-in that writes a PDF and an executed
# notebook into the folder it is given, and fails for one notebook.


def stand_in(version: str, fail: str | None = None, calls: list | None = None):
    def build_one(settings, name, year, wanted, out=None):
        if calls is not None:
            calls.append(name)
        out = settings.reports_path(year) if out is None else out
        (out / "notebooks").mkdir(parents=True, exist_ok=True)
        (out / "notebooks" / f"{name}.ipynb").write_text(f"{name} {version}")
        if name == fail:
            raise report.ReportError(f"O notebook notebooks/{name}.ipynb ({year}) falhou")
        pdf = files.atomic_write(out / report.pdf_name(name, year), f"{name} {version}")
        return report.Built(year, name, pdf, 0.1, wanted)

    return build_one


@pytest.mark.parametrize("failing", report.NOTEBOOKS)
def test_a_failing_notebook_leaves_the_previous_year_byte_identical(prepared, monkeypatch, failing):
    monkeypatch.setattr(build_run, "build_one", stand_in("v1"))
    (first,) = report.build(prepared, [2024], jobs=1, force=True, **QUIET)
    assert first.status == "ok"
    out = prepared.reports_path(2024)
    before = tree(out)
    assert sorted(before) == sorted(
        [report.RECORD]
        + [report.pdf_name(n, 2024) for n in report.NOTEBOOKS]
        + [f"notebooks/{n}.ipynb" for n in report.NOTEBOOKS]
    )

    monkeypatch.setattr(build_run, "build_one", stand_in("v2", fail=failing))
    (second,) = report.build(prepared, [2024], jobs=1, force=True, **QUIET)

    assert second.status == "falhou" and second.exit_code == 1
    assert f"notebooks/{failing}.ipynb" in second.reason
    assert tree(out) == before  # every PDF, notebook and construcao.json as they were
    assert sorted(p.name for p in out.parent.glob(".*")) == [".2024.lock"]


def test_unchanged_pdfs_carry_over_into_the_new_year(prepared, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(build_run, "build_one", stand_in("v1"))
    report.build(prepared, [2024], jobs=1, force=True, **QUIET)
    out = prepared.reports_path(2024)
    before = tree(out)

    monkeypatch.setattr(build_run, "build_one", stand_in("v2", calls=calls))
    (same,) = report.build(prepared, [2024], jobs=1, **QUIET)
    assert same.status == "sem mudanças" and calls == []
    assert tree(out) == before

    glpi = prepared.raw_dir(2024) / "glpi_chamados.csv"
    original = glpi.read_bytes()
    try:
        # Same tickets, different bytes: CPD's PDF and the consolidated one (it reads all).
        glpi.write_bytes(original + b"\n")
        (changed,) = report.build(prepared, [2024], jobs=1, **QUIET)
    finally:
        glpi.write_bytes(original)
    assert sorted(changed.built) == ["balanco", "cpd"] and sorted(calls) == ["balanco", "cpd"]
    after = tree(out)
    assert after["cpd-2024.pdf"] == b"cpd v2"
    for name in ("convenios", "procon", "comunicacao"):
        assert after[report.pdf_name(name, 2024)] == before[report.pdf_name(name, 2024)]
    assert after[report.RECORD] != before[report.RECORD]


def test_an_interrupt_leaves_the_previous_year_and_no_staging(prepared, monkeypatch):
    monkeypatch.setattr(build_run, "build_one", stand_in("v1"))
    report.build(prepared, [2024], jobs=1, force=True, **QUIET)
    out = prepared.reports_path(2024)
    before = tree(out)

    def interrupted(settings, name, year, wanted, out=None):
        if name == "procon":
            raise KeyboardInterrupt
        return stand_in("v2")(settings, name, year, wanted, out)

    monkeypatch.setattr(build_run, "build_one", interrupted)
    with pytest.raises(KeyboardInterrupt):
        report.build(prepared, [2024], jobs=1, force=True, **QUIET)
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.glob(".*")) == [".2024.lock"]


def test_sigterm_interrupts_like_ctrl_c(prepared, monkeypatch):
    def killed(settings, name, year, wanted, out=None):
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM should have interrupted the build")

    monkeypatch.setattr(build_run, "build_one", killed)
    with pytest.raises(KeyboardInterrupt):
        report.build(prepared, [2024], jobs=1, force=True, **QUIET)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # restored


# =========================================================================== slow: the real thing


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project whose 2024 reports were built once, for real."""
    from test_report import project_copy

    settings = project_copy(tmp_path_factory.mktemp("real"))
    (outcome,) = report.build(settings, [2024], jobs=2, **QUIET)
    assert outcome.status == "ok", outcome.errors
    return settings


def _hashes(folder: Path) -> dict[str, str]:
    import hashlib

    return {name: hashlib.sha256(data).hexdigest() for name, data in tree(folder).items()}


@pytest.mark.slow
def test_a_real_notebook_failing_after_others_succeeded_changes_nothing(built):
    import json

    out = built.reports_path(2024)
    before = _hashes(out)
    nb_path = built.notebooks_dir / "convenios.ipynb"
    original = nb_path.read_text("utf-8")
    nb = json.loads(original)
    # Fails at its last cell, after the consolidated balance (first in line) has finished.
    nb["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "quebra",
            "metadata": {},
            "outputs": [],
            "source": ["import time; time.sleep(8); report.chart('convenios', 'nao_existe')"],
        }
    )
    nb_path.write_text(json.dumps(nb), "utf-8")
    try:
        (outcome,) = report.build(built, [2024], jobs=2, force=True, **QUIET)
    finally:
        nb_path.write_text(original, "utf-8")
    assert outcome.status == "falhou"
    assert "balanco" in outcome.built  # it succeeded, and still replaced nothing
    assert "reports/2024/notebooks/convenios.erro.ipynb" in outcome.errors[0]
    erro = out / "notebooks" / "convenios.erro.ipynb"
    assert erro.stat().st_size > 0
    erro.unlink()
    assert _hashes(out) == before
    assert sorted(p.name for p in out.parent.glob(".*")) == [".2024.lock"]


KILLS = [
    # (signal, to the whole process group as Ctrl-C does / to the main process only, when)
    ("SIGINT", "group", "a executar"),
    ("SIGTERM", "main", "pronto"),
    ("SIGINT", "main", "pronto"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("signame", "target", "when"), KILLS)
def test_an_interrupted_batch_exits_130_and_leaves_previous_outputs(
    built, tmp_path, signame, target, when
):
    import psutil

    out = built.reports_path(2024)
    before = _hashes(out)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    env.pop("BALANCO_ROOT", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "balanco.cli", "batch", "--years", "2024", "--force", "--jobs", "2"],
        cwd=built.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=env,
    )
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if when in line:
            break
    children = psutil.Process(proc.pid).children(recursive=True)
    sig = getattr(signal, signame)
    if target == "group":
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    rest, err = proc.communicate(timeout=180)

    assert proc.returncode == 130, (seen, rest, err)
    assert err.count("Interrompido.") == 1 and "Traceback" not in err, err
    _gone, alive = psutil.wait_procs(children, timeout=60)  # workers and their kernels
    assert alive == []
    assert _hashes(out) == before
    assert sorted(p.name for p in out.parent.glob(".*")) == [".2024.lock"]
    assert list(temp.iterdir()) == []


@pytest.mark.slow
def test_the_next_run_removes_what_a_killed_batch_left(built, tmp_path):
    import psutil

    out = built.reports_path(2024)
    before = _hashes(out)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    env.pop("BALANCO_ROOT", None)
    cmd = [sys.executable, "-m", "balanco.cli", "batch", "--years", "2024"]
    proc = subprocess.Popen(
        [*cmd, "--force", "--jobs", "2"],
        cwd=built.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        env=env,
    )
    for line in proc.stdout:
        if "pronto" in line:
            break
    os.killpg(proc.pid, signal.SIGKILL)  # no chance to clean up
    proc.wait(timeout=60)
    psutil.wait_procs(psutil.Process().children(recursive=True), timeout=30)
    assert list(out.parent.glob(".2024.staging-*"))  # left behind
    assert list(temp.glob("balanco-*"))

    again = subprocess.run(cmd, cwd=built.root, capture_output=True, text=True, env=env)

    assert again.returncode == 0, again.stderr
    assert "sem mudanças" in again.stdout
    assert _hashes(out) == before
    assert sorted(p.name for p in out.parent.glob(".*")) == [".2024.lock"]
    assert list(temp.glob("balanco-*")) == []
    assert [p.name for p in built.processed_dir(2024).parent.glob(".*tmp*")] == []


@pytest.mark.slow
def test_a_run_with_nothing_to_do_imports_no_pandas(built):
    """bench (c): a re-run with nothing changed answers from hashes and JSON. It
    must not import the departments, the checks' pandas or the notebook machinery
    (the CLI's description reads the municipality file; it names the departments
    without importing them)."""
    code = (
        "import sys\n"
        "from balanco.cli import main\n"
        "rc = main(['batch', '--years', '2024'])\n"
        "heavy = sorted(m for m in ('pandas', 'numpy', 'papermill', 'nbconvert', "
        "'balanco.departments.procon', 'balanco.pipeline') if m in sys.modules)\n"
        "print('pesados:', heavy, 'rc:', rc)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "BALANCO_ROOT"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=built.root, capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    assert "sem mudanças" in out.stdout
    assert "pesados: [] rc: 0" in out.stdout
