"""The /Alt text of each chart in the PDF: a marked-content span (BDC … EMC)
that a page break never splits. Slow: runs XeLaTeX."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pypdf import PdfReader

from balanco.build.export import export
from balanco.config import Settings

pytestmark = pytest.mark.slow


def _chart(number: int) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.3, 3.1))  # the house charts' size
    ax.bar(["jan", "fev", "mar"], [number, 2, 3])
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    plt.close(fig)
    return new_output(
        "display_data",
        data={"application/pdf": base64.b64encode(buf.getvalue()).decode("ascii")},
        metadata={"application/pdf": {"alt": f"Gráfico {number}: barras de janeiro a março"}},
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_a_chart_pushed_to_the_next_page_keeps_its_alt_span_whole(tmp_path):
    # Five charts of the house size in a row: they cannot all fit on one page, so
    # at least one starts where a page ends.
    cells = [new_markdown_cell("Um parágrafo antes dos gráficos. " * 12)]
    for n in range(1, 6):
        cell = new_code_cell("report.chart()", execution_count=n)
        cell.outputs = [_chart(n)]
        cells.append(cell)
    path = tmp_path / "graficos.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    pdf = export(Settings(root=ROOT), path, tmp_path / "graficos.pdf")

    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    for page in reader.pages:  # every span opened on a page is closed on it
        content = page.get_contents().get_data()
        assert len(re.findall(rb"\bBDC\b", content)) == len(re.findall(rb"\bEMC\b", content))
    alts = b"".join(p.get_contents().get_data() for p in reader.pages).count(b"/Alt")
    assert alts == 5
    poppler = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    assert "EMC" not in poppler.stderr
