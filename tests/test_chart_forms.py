"""The forms a chart travels in: one SVG for the HTML and the Typst PDF, no PDF
drawn in the kernel; nbconvert's optional LaTeX route (``--to pdf`` with the
project's configuration) gets each chart as PDF from that SVG through Typst, without
Inkscape."""

from __future__ import annotations

import io
import json
from pathlib import Path

from nbformat.v4 import new_code_cell, new_notebook, new_output
from pypdf import PdfReader
from traitlets.config import Config

from balanco import charts
from balanco.display import Chart

ROOT = Path(__file__).resolve().parents[1]


def test_a_chart_given_no_pdf_travels_as_svg_and_its_alt_text_only():
    data, meta = Chart("<svg/>", b"", "Título", "Gráfico: Título. A: 1.")._repr_mimebundle_()
    assert data == {"image/svg+xml": "<svg/>", "text/plain": "Gráfico: Título. A: 1."}
    assert meta == {"image/svg+xml": {"alt": "Gráfico: Título. A: 1.", "title": "Título"}}


def test_the_reports_charts_are_drawn_as_svg_only(prepared):
    from balanco import pipeline
    from balanco.departments import enabled
    from balanco.notebook import Report

    data = pipeline.open_year(prepared, 2024)
    report = Report(data, 2024, prepared.municipality, None, {}, prepared)
    drawn = [report.chart(d.NAME, name) for d in enabled(prepared) for name in d.views.CHARTS]
    drawn += [report.comparison(d.NAME) for d in enabled(prepared)]
    drawn = [c for c in drawn if isinstance(c, Chart)]
    assert len(drawn) >= 5
    for chart in drawn:
        bundle, _meta = chart._repr_mimebundle_()
        assert "application/pdf" not in bundle
        assert "<svg" in bundle["image/svg+xml"]


def test_the_latex_route_gets_each_chart_as_pdf_made_by_typst_from_its_svg():
    from nbconvert import LatexExporter

    with charts.figure() as fig:
        charts.monthly(fig.add_subplot(), [1, 2, 3], [5, 7, 6], title="Março ficou no meio")
        svg, _ = charts.render(fig, pdf=False)
    out = new_output(
        "display_data", data={"image/svg+xml": svg, "text/plain": "Gráfico"}, metadata={}
    )
    nb = new_notebook(cells=[new_code_cell("report.chart('x')", outputs=[out])])
    config = json.loads((ROOT / "templates" / "nbconvert_config.json").read_text("utf-8"))
    config["TemplateExporter"]["extra_template_basedirs"] = []
    latex, resources = LatexExporter(config=Config(config)).from_notebook_node(nb)
    pdfs = {k: v for k, v in resources["outputs"].items() if k.endswith(".pdf")}
    assert len(pdfs) == 1
    ((name, body),) = pdfs.items()
    assert body.startswith(b"%PDF-")
    assert name in latex
    # Vector, text kept as text: the chart's title is in the PDF's text.
    text = PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert "Março ficou no meio" in text
