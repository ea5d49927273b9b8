"""One way to write an output: files.atomic_write for a file, files.atomic_folder
for a folder; a killed writer's leftovers are undone by the next run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from balanco import files

SRC = Path(files.__file__).parent


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_atomic_folder_replaces_the_folder_whole(tmp_path):
    target = tmp_path / "dados-abertos"
    target.mkdir()
    (target / "velho.csv").write_text("a\n")
    with files.atomic_folder(target) as new:
        assert new.parent == tmp_path and new.name.startswith(".dados-abertos.tmp-")
        (new / "novo.csv").write_text("b\n")
        assert (target / "velho.csv").exists()  # readers still see the old folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dados-abertos"]
    assert [p.name for p in target.iterdir()] == ["novo.csv"]


def test_atomic_folder_creates_a_missing_target(tmp_path):
    target = tmp_path / "processed" / "2024"
    with files.atomic_folder(target) as new:
        (new / "indicadores.json").write_text("{}")
    assert (target / "indicadores.json").read_text() == "{}"


def test_a_failed_atomic_folder_leaves_the_old_folder_and_nothing_else(tmp_path):
    target = tmp_path / "2024"
    target.mkdir()
    (target / "velho.csv").write_text("a\n")
    with pytest.raises(OSError, match="disco cheio"), files.atomic_folder(target) as new:
        (new / "novo.csv").write_text("b\n")
        raise OSError("disco cheio")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024"]
    assert [p.name for p in target.iterdir()] == ["velho.csv"]


def test_restore_folder_puts_back_the_folder_a_killed_writer_moved_aside(tmp_path):
    # Killed between the two renames: the old folder aside, the new one not in place.
    dead = _dead_pid()
    old = tmp_path / f".2024.old-{dead}"
    old.mkdir()
    (old / "indicadores.json").write_text("{}")
    (tmp_path / f".2024.tmp-{dead}-ab12").mkdir()
    live = tmp_path / f".2024.tmp-{os.getpid()}-cd34"
    live.mkdir()
    files.restore_folder(tmp_path / "2024")
    assert (tmp_path / "2024" / "indicadores.json").read_text() == "{}"
    # A running writer's folder is not ours to remove.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["2024", live.name])


def test_no_module_renames_a_temporary_output_by_hand():
    # Outputs are written through files.atomic_write / files.atomic_folder only.
    # The sample generator moves each finished file into a raw folder that may hold
    # real exports (one atomic rename per file, the manifest last): not a folder swap.
    allowed = {"files.py", "sample.py"}
    # Path.rename(x) or os.replace/os.rename; not pandas' rename(columns=…), whose
    # argument is a keyword, a mapping or on the next line.
    by_hand = re.compile(r"os\.(replace|rename)\(|shutil\.move\(|\.rename\((?![\s{]*$|\w+=|\{)")
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if path.relative_to(SRC).as_posix() not in allowed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []


def _age(path: Path, days: float) -> None:
    import time

    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_writing_a_plan_cache_removes_those_unused_for_30_days(tmp_path, monkeypatch):
    from balanco import declared as plan

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "balanco"
    folder.mkdir()
    for name, days in (("plano-antigo.json", 31), ("plano-recente.json", 29), ("outro.txt", 90)):
        (folder / name).write_text("{}")
        _age(folder / name, days)
    (folder / f".plano-x.json.tmp-{_dead_pid()}-ab12").write_text("{")
    plan.declared()
    current = plan._cache_file().name
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [current, "plano-recente.json", "outro.txt"]
    )


def test_a_plan_cache_in_use_is_not_old(tmp_path, monkeypatch):
    import time

    from balanco import declared as plan

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = plan.declared()
    cache = plan._cache_file()
    _age(cache, 40)
    assert plan.declared() == first  # read from the cache...
    assert cache.stat().st_mtime > time.time() - 86400  # ...which is now recently used
