"""The house (docs/arquitetura.md): data flows one way, and no module does so many
jobs that it outgrows a reader's head.

The floors are import-linter's layers contract in pyproject.toml ([tool.importlinter]);
grimp counts imports inside functions and under TYPE_CHECKING, so a circle hidden in a
function breaks the contracts too; the second contract (acyclic_siblings) forbids a
circle among the modules of one floor or one package. `exhaustive` makes a new
top-level module fail until it is given a floor.
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


def test_the_contracts_are_kept():
    out = lint_imports(ROOT / "pyproject.toml")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 kept, 0 broken" in out.stdout


def _broken_copy(tmp_path: Path, module: str, addition: str) -> str:
    """lint-imports' report on a copy of the package where ``module`` (a path under
    src/balanco) gets ``addition`` at its end."""
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(SRC, copy / "balanco", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "balanco" / module
    old = target.read_text("utf-8") if target.exists() else ""
    target.write_text(old + addition, "utf-8")
    config = tmp_path / "pyproject.toml"
    config.write_text((ROOT / "pyproject.toml").read_text("utf-8"), "utf-8")
    out = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", str(config)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode != 0, out.stdout
    return out.stdout


def test_an_import_up_a_floor_inside_a_function_breaks_the_layers(tmp_path):
    out = _broken_copy(
        tmp_path,
        "departments/base.py",
        "\n\ndef _up():\n    from ..pipeline import prepare  # noqa\n",
    )
    assert "balanco.departments.base -> balanco.pipeline" in out


def test_an_import_under_type_checking_counts_too(tmp_path):
    out = _broken_copy(
        tmp_path,
        "io/parse.py",
        "\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "    from ..settings import Settings  # noqa\n",
    )
    assert "balanco.io.parse -> balanco.settings" in out


def test_a_circle_between_two_siblings_of_one_floor_breaks_the_second_contract(tmp_path):
    # phone imports charts; charts importing phone (even inside a function) is a circle.
    out = _broken_copy(tmp_path, "charts.py", "\n\ndef _back():\n    from . import phone  # noqa\n")
    assert "No circle" in out and "BROKEN" in out


def test_a_new_module_without_a_floor_breaks_the_layers(tmp_path):
    out = _broken_copy(tmp_path, "sem_andar.py", "VALUE = 1\n")
    assert "balanco.sem_andar" in out


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
