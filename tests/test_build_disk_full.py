"""A disk that fills up while the reports are built: exit 3 with a Portuguese
sentence naming the folder, the build stopped at once, the staging folder gone
and the previous reports untouched. The notebook run is replaced by a stand-in
(``build_one``), as in test_build_faults."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from balanco import cli, files, report
from balanco.build import export as build_export
from balanco.build import run as build_run
from balanco.build import staging as build_staging

QUIET = {"progress": lambda _m: None}
FULL = "No space left on device"


def tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def stand_in(version, *, full_at=None, calls=None):
    def build_one(settings, name, year, wanted, out=None):
        if calls is not None:
            calls.append(name)
        out = settings.reports_path(year) if out is None else out
        (out / "notebooks").mkdir(parents=True, exist_ok=True)
        (out / "notebooks" / f"{name}.ipynb").write_text(f"{name} {version}")
        if name == full_at:
            raise OSError(errno.ENOSPC, FULL, str(out / f"{name}-{year}.pdf"))
        pdf = files.atomic_write(out / report.pdf_name(name, year), f"{name} {version}")
        return report.Built(year, name, pdf, 0.1, wanted)

    return build_one


def report_2024(settings, monkeypatch, capsys):
    monkeypatch.chdir(settings.root)
    monkeypatch.setenv("BALANCO_ROOT", str(settings.root))
    code = cli.main(["report", "--year", "2024", "--jobs", "1", "--force"])
    return code, capsys.readouterr().err


@pytest.fixture
def built_once(prepared, monkeypatch):
    monkeypatch.setattr(build_run, "build_one", stand_in("v1"))
    (first,) = report.build(prepared, [2024], jobs=1, force=True, **QUIET)
    assert first.status == "ok"
    return prepared, tree(prepared.reports_path(2024))


def test_disk_full_in_a_notebook_exits_3_naming_the_folder(built_once, monkeypatch, capsys):
    settings, before = built_once
    calls: list[str] = []
    second = report.NOTEBOOKS[1]
    monkeypatch.setattr(build_run, "build_one", stand_in("v2", full_at=second, calls=calls))
    code, err = report_2024(settings, monkeypatch, capsys)
    assert code == 3, err
    assert "erro inesperado" not in err.lower()
    assert (
        "não foi possível gravar os relatórios de 2024 em reports/2024: disco cheio; libere "
        "espaço em disco e rode de novo. Nada foi alterado nessa pasta" in err
    )
    assert "Traceback" not in err
    # Stopped at once: no notebook after the one that met the full disk.
    assert calls == list(report.NOTEBOOKS[:2])
    out = settings.reports_path(2024)
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.glob(".*")) == [".2024.lock"]


def test_disk_full_while_copying_the_year_into_staging(built_once, monkeypatch, capsys):
    settings, before = built_once

    def half_copy(src, dst, **kw):
        (dst / "notebooks").mkdir(parents=True)
        (dst / "notebooks" / "meio.ipynb").write_text("metade")
        raise shutil.Error([(str(src / "x.pdf"), str(dst / "x.pdf"), f"[Errno 28] {FULL}")])

    monkeypatch.setattr(build_staging.shutil, "copytree", half_copy)
    monkeypatch.setattr(build_run, "build_one", stand_in("v2"))
    code, err = report_2024(settings, monkeypatch, capsys)
    assert code == 3
    assert "reports/2024: disco cheio" in err
    out = settings.reports_path(2024)
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.glob(".*")) == [".2024.lock"]


def test_disk_full_while_exporting_is_not_a_notebook_failure(prepared, monkeypatch, tmp_path):
    class Exporter:
        def from_filename(self, _name):
            raise OSError(errno.ENOSPC, FULL)

    monkeypatch.setattr(build_export, "exporter", lambda _s: Exporter())
    with pytest.raises(OSError) as exc:
        build_export.export(prepared, tmp_path / "x.ipynb", tmp_path / "x.pdf")
    assert exc.value.errno == errno.ENOSPC  # not a ReportError ("o notebook falhou")


@pytest.mark.parametrize(
    ("exc", "full"),
    [
        (OSError(errno.ENOSPC, FULL), True),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (shutil.Error([("a", "b", f"[Errno 28] {FULL}")]), True),
        (OSError(errno.EACCES, "Permission denied"), False),
        (ValueError(FULL), False),
    ],
)
def test_what_counts_as_a_full_disk(exc, full):
    assert build_staging.disk_full(exc) is full


# ------------------------------------------------------- a fresh reports folder


def test_disk_full_in_a_fresh_reports_folder_leaves_it_as_it_was(prepared, monkeypatch, capsys):
    """The reports folder exists but is empty (a new mount): after a run that
    met a full disk there is no ``2024/`` folder and no lock file in it."""
    fresh = prepared.root / "novos-relatorios"
    fresh.mkdir()
    monkeypatch.setattr(build_run, "build_one", stand_in("v1", full_at=report.NOTEBOOKS[0]))
    monkeypatch.chdir(prepared.root)
    monkeypatch.setenv("BALANCO_ROOT", str(prepared.root))
    code = cli.main(["report", "--year", "2024", "--jobs", "1", "--reports-dir", str(fresh)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "disco cheio" in err and "Nada foi alterado nessa pasta" in err
    assert sorted(p.name for p in fresh.iterdir()) == []


def test_a_failed_notebook_kept_on_a_full_disk_leaves_no_empty_folder(prepared, monkeypatch):
    """keep_failed keeps the executed notebook for diagnosis in reports/<ano>/notebooks;
    when that write meets a full disk, the folders it made for it go too."""
    from papermill.exceptions import PapermillExecutionError

    from balanco.build import execute as build_execute

    def failing_notebook(_source, out, **_kw):
        Path(out).write_text("executado pela metade")
        raise PapermillExecutionError(0, 1, "x = 1", "OSError", "disco", [])

    def full(*_a, **_kw):
        raise OSError(errno.ENOSPC, FULL)

    class Kernel:
        def ready(self):
            return None

    monkeypatch.setattr("papermill.execute_notebook", failing_notebook)
    monkeypatch.setattr(build_execute, "KERNEL", Kernel())
    monkeypatch.setattr(build_execute.files, "atomic_write", full)
    fresh = prepared.root / "vazio"
    fresh.mkdir()
    staging = prepared.root / "staging"
    with pytest.raises(OSError):
        build_execute.execute(
            prepared,
            "procon",
            2024,
            out_dir=staging / "notebooks",
            failed_dir=fresh / "2024" / "notebooks",
        )
    assert list(fresh.iterdir()) == []
