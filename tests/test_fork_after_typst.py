"""A build with worker processes after Typst has compiled in the same process (an
analyst's second build in JupyterLab, a batch after an export): Typst's threads do
not survive a fork, so workers forked from such a process hung on their first PDF.
Slow: builds one department's report, in a child process with a deadline."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path({tests!r})))
    import nbformat
    from test_report import project_copy

    from balanco import report
    from balanco.build.typst_exporter import TypstPDFExporter

    # Typst compiles here first, as an in-process export does.
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Olá")])
    pdf, _ = TypstPDFExporter(root=str(Path({tmp!r}))).from_notebook_node(nb)
    assert pdf.startswith(b"%PDF")

    settings = project_copy(Path({tmp!r}))
    (outcome,) = report.build(
        settings, [2024], names=("cpd", "procon"), jobs=2, progress=lambda _m: None
    )
    assert outcome.status == "ok", outcome.errors
    print("ok")
    """
)


def test_workers_started_after_a_typst_compile_still_export(tmp_path):
    code = SCRIPT.format(tests=str(ROOT / "tests"), tmp=str(tmp_path))
    # Its own session, so that a hang is ended with its workers and kernels.
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        start_new_session=True,
    )
    try:
        out, err = child.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail("the build hung: workers forked after a Typst compile")
    assert child.returncode == 0, err[-3000:]
    assert out.strip().endswith("ok")
    for name in ("cpd", "procon"):
        assert (tmp_path / "reports" / "2024" / f"{name}-2024.pdf").read_bytes()[:5] == b"%PDF-"
