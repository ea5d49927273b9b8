"""Charts legible on a 375 px phone (issue 14, item 9; WCAG 1.4.4): every chart
of the report has a phone version whose text is at least 12 CSS px when the HTML
page shows it in a 375 px screen's column, and the page shows it there."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from balanco import charts, phone  # noqa: E402
from balanco.display import PHONE_SVG, Chart  # noqa: E402

#: The page's column on a 375 px screen: 375 px less 0.75rem (12 px) each side.
COLUMN_PX = 375 - 2 * 12


def shown_font_px(svg: str) -> list[float]:
    """Each text's size in CSS px as the page shows the SVG: at its own size (its
    ``width`` in pt, 4/3 px each) or shrunk to the column (``max-width: 100%``)."""
    width_px = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1)) * 4 / 3
    scale = min(1.0, COLUMN_PX / width_px)
    # matplotlib writes SVG font sizes in the SVG's user units (pt).
    return [float(s) * 4 / 3 * scale for s in re.findall(r"font-size: ([\d.]+)px", svg)]


LONG = [
    "Ministério do Desenvolvimento e Assistência Social, Família e Combate à Fome",
    "Secretaria de Desenvolvimento Urbano e Habitação",
    "Ministério da Saúde",
]

DRAWINGS = {
    "hbar": lambda fig: charts.hbar(
        fig.add_subplot(),
        LONG,
        [27_300_000, 20_800_000, 8_400_000],
        title="Um título longo que diz o que o gráfico mostra e não cabe numa linha",
        fmt=charts.formatting.money_millions,
    ),
    "monthly": lambda fig: charts.monthly(
        fig.add_subplot(), list(range(1, 13)), [3, 5, 2, 9, 4, 4, 4, 1, 0, 2, 3, 7], title="Por mês"
    ),
    "stacked": lambda fig: charts.stacked_monthly(
        fig.add_subplot(),
        list(range(1, 13)),
        {"Federais": [1e6] * 12, "Estaduais": [2e6] * 12},
        title="Assinaturas por mês",
    ),
    "split": lambda fig: charts.split_bar(
        fig.add_subplot(), {"Federais": 97_300_000, "Estaduais": 53_100_000}, title="Repasses"
    ),
    "compare": lambda fig: (
        charts.compare_years(
            fig.add_subplot(),
            ["Demandas da imprensa respondidas", "Releases produzidos"],
            [1103, 352],
            [1214, 390],
            years=(2023, 2024),
            title="Os releases produzidos cresceram 10,8% em relação a 2023",
        ),
        charts.footnote(fig, "Fora da comparação, por não estarem disponíveis: Tempo mediano."),
    ),
}


@pytest.mark.parametrize("kind", list(DRAWINGS))
def test_the_wide_chart_shrunk_to_a_phone_is_too_small(kind):
    # The reason for the phone version: the 6,3-inch chart shows its labels under 12 px.
    with charts.figure(height=3.0) as fig:
        DRAWINGS[kind](fig)
        svg, _pdf = charts.render(fig)
    assert min(shown_font_px(svg)) < 12


@pytest.mark.parametrize("kind", list(DRAWINGS))
def test_every_text_of_the_phone_version_is_at_least_12_px(kind):
    svg = phone.svg(3.0, DRAWINGS[kind])
    sizes = shown_font_px(svg)
    assert sizes and min(sizes) >= 12, (kind, min(sizes))
    width_px = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1)) * 4 / 3
    assert width_px <= COLUMN_PX  # shown at its own size, never shrunk, on a 375 px phone


def test_twelve_month_columns_on_a_phone_even_with_initials():
    # June and July are both "J": the columns are placed by position, all twelve drawn.
    svg = phone.svg(3.0, DRAWINGS["monthly"])
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert [t for t in texts if len(t) == 1 and t.isalpha()] == list("JFMAMJJASOND")


def test_the_wide_chart_stays_as_it_was():
    # The PDF and the desktop page keep the 6,3-inch chart and its sizes.
    with charts.figure(height=3.0) as fig:
        DRAWINGS["hbar"](fig)
        svg, pdf = charts.render(fig)
    assert pdf.startswith(b"%PDF")
    assert 'width="453.6pt"' in svg or float(re.search(r'width="([\d.]+)pt"', svg)[1]) > 400
    assert "font-size: 8.5px" in svg


def test_the_phone_version_travels_beside_the_chart():
    chart = Chart("<svg/>", b"%PDF", "Título", "Gráfico: Título.", "<svg id='c'/>")
    data, _meta = chart._repr_mimebundle_()
    assert data[PHONE_SVG] == "<svg id='c'/>" and data["image/svg+xml"] == "<svg/>"
    assert re.fullmatch(r"[a-zA-Z0-9]+/[a-zA-Z0-9\-\+\.]+", PHONE_SVG)  # nbformat's mime rule


def rendered_labels(monkeypatch, draw):
    """The value labels of the phone version as drawn: (text, box, axes box)."""
    real = charts.render
    seen = []

    def keep(fig, **kw):
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            frame = ax.get_window_extent(renderer)
            seen.extend((t.get_text(), t.get_window_extent(renderer), frame) for t in ax.texts)
        return real(fig, **kw)

    monkeypatch.setattr(charts, "render", keep)
    phone.svg(3.0, draw)
    return seen


@pytest.mark.parametrize("peaks", [(3, 4), (3, 4, 5), (0, 1, 11)])
def test_labels_of_tied_peaks_never_run_together_on_a_phone(monkeypatch, peaks):
    # April and May tied at 126 were shown "126126" at the phone's 10 pt.
    values = [114, 100, 112, 121, 120, 113, 108, 121, 111, 111, 98, 118]
    for i in peaks:
        values[i] = 126
    labels = rendered_labels(
        monkeypatch,
        lambda fig: charts.monthly(
            fig.add_subplot(), list(range(1, 13)), values, title="Chamados abertos por mês"
        ),
    )
    assert [t for t, _box, _frame in labels] == ["126"] * len(peaks)
    boxes = [box for _t, box, _frame in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    for _t, box, frame in labels:  # inside the chart: clear of the title
        assert box.y1 <= frame.y1


def test_a_single_peak_label_stays_horizontal_on_a_phone(monkeypatch):
    labels = rendered_labels(monkeypatch, DRAWINGS["monthly"])
    ((text, box, _frame),) = labels
    assert text == "9" and box.width > box.height * 0.5
