"""The forms a chart travels in: one SVG for the HTML and the Typst PDF, and a PDF
for nbconvert's stock LaTeX route (``--to pdf``, JupyterLab's PDF menu) made from
that SVG by Typst, not drawn again by matplotlib's PDF backend."""

from __future__ import annotations

import base64
import io

from pypdf import PdfReader

from balanco import charts
from balanco.display import Chart


def test_a_chart_given_no_pdf_travels_as_svg_and_its_alt_text_only():
    data, meta = Chart("<svg/>", b"", "Título", "Gráfico: Título. A: 1.")._repr_mimebundle_()
    assert data == {"image/svg+xml": "<svg/>", "text/plain": "Gráfico: Título. A: 1."}
    assert meta == {"image/svg+xml": {"alt": "Gráfico: Título. A: 1.", "title": "Título"}}


def test_a_charts_pdf_is_its_svg_on_a_page_of_its_size_with_the_text_as_text():
    with charts.figure() as fig:
        charts.monthly(fig.add_subplot(), [1, 2, 3], [5, 7, 6], title="Março ficou no meio")
        svg, _ = charts.render(fig, pdf=False)
    pdf = PdfReader(io.BytesIO(charts.svg_pdf(svg)))
    assert len(pdf.pages) == 1
    # The SVG's own size, in points (matplotlib writes width="…pt").
    width = float(svg.split('width="', 1)[1].split("pt", 1)[0])
    assert abs(float(pdf.pages[0].mediabox.width) - width) < 1
    assert "Março ficou no meio" in pdf.pages[0].extract_text()
    assert charts.svg_pdf(svg) == charts.svg_pdf(svg)  # same chart, same bytes


def test_the_reports_charts_carry_a_pdf_made_by_typst_from_their_svg(prepared):
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
        bundle, meta = chart._repr_mimebundle_()
        pdf = PdfReader(io.BytesIO(base64.b64decode(bundle["application/pdf"])))
        assert str(pdf.metadata["/Creator"]).startswith("Typst")
        assert meta["application/pdf"]["alt"] == bundle["text/plain"]
