"""One kernel per build process, reused from notebook to notebook: each notebook
starts with an empty namespace (the previous one's variables forgotten, its
modules kept). Slow: runs a real kernel."""

from __future__ import annotations

import json
import os

import pytest

from balanco.build import execute as build_execute
from balanco.config import Settings

pytestmark = pytest.mark.slow


def _notebook(path, *sources):
    cells = [
        {
            "id": f"celula-{i}",
            "cell_type": "code",
            "metadata": {},
            "source": src,
            "outputs": [],
            "execution_count": None,
        }
        for i, src in enumerate(sources)
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def _outputs(path) -> str:
    nb = json.loads(path.read_text("utf-8"))
    return "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))


def test_a_reused_kernel_forgets_the_previous_notebooks_variables(tmp_path):
    s = Settings(root=tmp_path)
    first = _notebook(
        tmp_path / "primeiro.ipynb", "segredo = 42\nimport json as modulo_lembrado\nprint('ok')"
    )
    second = _notebook(
        tmp_path / "segundo.ipynb",
        "print('segredo' in dir(), 'modulo_lembrado' in dir())\n"
        "import sys\nprint('json' in sys.modules)",
    )
    try:
        a = build_execute.execute(s, "primeiro", 2024, out_dir=tmp_path / "out", source=first)
        pid = build_execute.KERNEL.manager.provisioner.pid
        b = build_execute.execute(s, "segundo", 2024, out_dir=tmp_path / "out", source=second)
        assert build_execute.KERNEL.manager.provisioner.pid == pid  # the same kernel
    finally:
        build_execute.shutdown_kernel()
    assert "ok" in _outputs(a)
    assert _outputs(b).split() == ["False", "False", "True"]


def test_the_kernel_finds_the_builds_project_whatever_balanco_root_says(tmp_path, monkeypatch):
    """The notebooks find the project by $BALANCO_ROOT first: a worker forked from a
    forkserver started by an earlier build (or a caller's own variable) may hold
    another project's; the kernel must get this build's, and the caller's stays."""
    elsewhere = tmp_path / "outro-projeto"
    elsewhere.mkdir()
    monkeypatch.setenv("BALANCO_ROOT", str(elsewhere))
    root = tmp_path / "projeto"
    root.mkdir()
    s = Settings(root=root)
    nb = _notebook(root / "raiz.ipynb", "import os\nprint(os.environ['BALANCO_ROOT'])")
    try:
        out = build_execute.execute(s, "raiz", 2024, out_dir=root / "out", source=nb)
    finally:
        build_execute.shutdown_kernel()
    assert _outputs(out).split() == [str(root)]
    assert os.environ["BALANCO_ROOT"] == str(elsewhere)
