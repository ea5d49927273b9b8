"""Notebooks: thin, parameterised, committed without outputs (fast checks)."""

from __future__ import annotations

import ast
import json

import pytest
from conftest import ROOT

from balanco.report import NOTEBOOKS

PATHS = [ROOT / "notebooks" / f"{n}.ipynb" for n in NOTEBOOKS]


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_one_parameters_cell_of_commented_literals(path):
    tagged = [c for c in cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    source = "".join(tagged[0]["source"])
    tree = ast.parse(source)
    names = []
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign | ast.Assign), ast.dump(node)
        assert isinstance(node.value, ast.Constant), "parameters must be literals"
        target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
        names.append(target.id)
    assert names == ["year", "municipio", "data_dir", "reports_dir"]
    for line in source.splitlines():
        if line and not line.startswith("#"):
            assert "  # " in line, f"parameter without a comment: {line}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebooks_only_call_the_library(path):
    code = "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "code")
    tree = ast.parse(code)
    for node in ast.walk(tree):
        assert not isinstance(node, ast.FunctionDef | ast.Lambda | ast.ClassDef)
        if isinstance(node, ast.ImportFrom):
            assert node.module.startswith("balanco")
        assert not isinstance(node, ast.Import)
    for banned in ("read_csv", "read_excel", "sys.path", "Path(", "open(", "os.path"):
        assert banned not in code
