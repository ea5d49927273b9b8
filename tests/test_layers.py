"""The house (docs/arquitetura.md): data flows one way, and no module does so many
jobs that it outgrows a reader's head.

The floors are import-linter's layers contract in pyproject.toml ([tool.importlinter]);
grimp counts imports inside functions and under TYPE_CHECKING, so a circle hidden in a
function breaks the contract too. `exhaustive` makes a new top-level module fail until
it is given a floor.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "balanco"
#: CONVENTIONS.md: a module fits in a reader's head — under ~300 lines usually,
#: never over 500.
MAX_LINES = 500


def lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(command), "--no-cache", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layers_contract_is_kept():
    out = lint_imports(ROOT / "pyproject.toml")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 kept, 0 broken" in out.stdout


def test_the_contract_breaks_on_an_import_up_a_floor_inside_a_function(tmp_path):
    # The same floors, checked against a copy of the package where a department reaches
    # up to the pipeline from inside a function: the contract must say so.
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(SRC, copy / "balanco", ignore=shutil.ignore_patterns("__pycache__"))
    base = copy / "balanco" / "departments" / "base.py"
    base.write_text(
        base.read_text("utf-8") + "\n\ndef _up():\n    from ..pipeline import prepare  # noqa\n",
        "utf-8",
    )
    config = tmp_path / "pyproject.toml"
    config.write_text((ROOT / "pyproject.toml").read_text("utf-8"), "utf-8")
    command = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run(
        [str(command), "--no-cache", str(config)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode != 0, out.stdout
    assert "balanco.departments.base -> balanco.pipeline" in out.stdout


def test_no_module_is_over_500_lines():
    sizes = {
        str(p.relative_to(SRC)): len(p.read_text("utf-8").splitlines()) for p in SRC.rglob("*.py")
    }
    assert {p: n for p, n in sizes.items() if n > MAX_LINES} == {}


def test_the_departments_helpers_never_call_back_into_the_registry():
    # The modules every department imports (base, layout, the generators' helpers, ...)
    # sit below the registry (balanco.departments, which imports the departments): not
    # even an import inside a function may reach it, directly or through another module.
    import grimp

    graph = grimp.build_graph("balanco", cache_dir=None)
    helpers = {m for m in graph.find_children("balanco.departments") if not graph.find_children(m)}
    assert {"balanco.departments.layout", "balanco.departments.sampling"} <= helpers
    back = {m for m in helpers if graph.chain_exists(importer=m, imported="balanco.departments")}
    assert back == set()
