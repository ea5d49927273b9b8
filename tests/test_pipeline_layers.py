"""The preparation is a one-way pipeline (issue 15): nothing below it — the checks,
the open data, the processed folder, the fingerprints, the departments — imports
the pipeline or anything above it, not even inside a function."""

from __future__ import annotations

import ast

from conftest import ROOT

SRC = ROOT / "src"
#: The pipeline and what opens a year through it (the build, the CLI, the notebooks'
#: API, the exploration, the publication of open data).
UPPER = (
    "balanco.pipeline",
    "balanco.publish",
    "balanco.build",
    "balanco.cli",
    "balanco.report",
    "balanco.explorar",
    "balanco.notebook",
)
#: Also above the pipeline, but not what this test is about (the sample data's
#: orchestration, the scaffolding of a municipality, the blank sheets).
BESIDE = ("balanco.sample", "balanco.scaffold", "balanco.blank_sheets", "balanco.export_html")


def _name(path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    name = _name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            out.add(module)
            out.update(f"{module}.{a.name}" for a in node.names)
    return out


def _within(module: str, names: tuple[str, ...]) -> bool:
    return any(module == u or module.startswith(u + ".") for u in names)


def _upper(module: str) -> bool:
    return _within(module, UPPER)


def test_nothing_below_the_pipeline_imports_it_or_what_is_above():
    below = [
        p for p in sorted((SRC / "balanco").rglob("*.py")) if not _within(_name(p), UPPER + BESIDE)
    ]
    crossings = sorted(f"{_name(p)} -> {m}" for p in below for m in _imports(p) if _upper(m))
    assert crossings == []
