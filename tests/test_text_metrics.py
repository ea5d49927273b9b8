"""Text measured once per process (balanco.text_metrics): every measurement equals
matplotlib's own, and a chart's SVG is the same bytes with the cache as without."""

from __future__ import annotations

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from balanco import charts, text_metrics
from balanco.chart_font import families

TEXTS = [
    "Janeiro",
    "R$\u00a01,0\u00a0milhão",
    "\u22123,7%",
    "Ação, avaliação, órgãos concedentes",
    "Sem acordo ✓",
    "",
    " ",
    "123.456",
]


@pytest.fixture
def cached():
    text_metrics.install()
    yield
    text_metrics.install()  # as the package leaves it (charts installs it at import)


def props():
    with charts.figure():  # the chart font is registered by the first figure
        names = list(families())
    yield FontProperties(family=names, size=8.5)
    yield FontProperties(family=names, size=10, weight="bold")
    yield FontProperties(family="DejaVu Sans", size=13)
    yield FontProperties(family="DejaVu Serif", size=8.5, style="italic")


@pytest.mark.filterwarnings("ignore:Glyph")
def test_every_measurement_is_matplotlibs_own(cached):
    t2p = TextToPath()
    for prop in props():
        for text in TEXTS:
            first = t2p.get_text_width_height_descent(text, prop, False)
            again = t2p.get_text_width_height_descent(text, prop, False)
            own = text_metrics._ORIGINAL(t2p, text, prop, False)
            assert first == again == own, (text, prop)


def test_same_text_other_size_or_font_is_measured_apart(cached):
    t2p = TextToPath()
    small = t2p.get_text_width_height_descent("Fevereiro", FontProperties(size=8), False)
    large = t2p.get_text_width_height_descent("Fevereiro", FontProperties(size=16), False)
    serif = t2p.get_text_width_height_descent(
        "Fevereiro", FontProperties(family="DejaVu Serif", size=8), False
    )
    assert large[0] == pytest.approx(2 * small[0])
    assert serif != small


def test_two_faces_of_one_font_collection_are_measured_apart(cached, tmp_path):
    # A .ttc holds several faces in one file: the face index is part of the key.
    import matplotlib.font_manager as fm
    from fontTools.ttLib import TTCollection, TTFont

    faces = []
    for family, name in (("DejaVu Sans", "Colecao Um"), ("DejaVu Serif", "Colecao Dois")):
        font = TTFont(fm.findfont(FontProperties(family=family)))
        for record in font["name"].names:
            if record.nameID in (1, 4, 16):
                record.string = name
            if record.nameID in (3, 6):
                record.string = name.replace(" ", "")
        faces.append(font)
    collection = TTCollection()
    collection.fonts = faces
    path = tmp_path / "colecao.ttc"
    collection.save(str(path))
    fm.fontManager.addfont(str(path))
    t2p = TextToPath()
    one = FontProperties(family="Colecao Um", size=10)
    two = FontProperties(family="Colecao Dois", size=10)
    text = "Janeiro Fevereiro"
    first = t2p.get_text_width_height_descent(text, one, False)
    second = t2p.get_text_width_height_descent(text, two, False)
    assert first == text_metrics._ORIGINAL(t2p, text, one, False)
    assert second == text_metrics._ORIGINAL(t2p, text, two, False)
    assert first != second


@pytest.mark.filterwarnings("ignore:Glyph")
# text.kerning_factor is deprecated since matplotlib 3.11, and still read when set.
@pytest.mark.filterwarnings("ignore::matplotlib.MatplotlibDeprecationWarning")
@pytest.mark.parametrize(
    ("setting", "value", "text"),
    [("font.enable_last_resort", False, "\u4e2d\u6587"), ("text.kerning_factor", 6, "AVAWAY To")],
)
def test_a_setting_matplotlib_measures_with_is_part_of_the_key(cached, setting, value, text):
    import matplotlib as mpl

    t2p = TextToPath()
    prop = FontProperties(family="DejaVu Sans", size=10)
    t2p.get_text_width_height_descent(text, prop, False)  # cached with the default
    with mpl.rc_context({setting: value}):
        got = t2p.get_text_width_height_descent(text, prop, False)
        assert got == text_metrics._ORIGINAL(t2p, text, prop, False)


def test_math_text_is_left_to_matplotlib(cached):
    text_metrics._CACHE.clear()
    TextToPath().get_text_width_height_descent(r"$x^2$", FontProperties(size=10), True)
    assert text_metrics._CACHE == {}


def _chart_svg() -> str:
    with charts.figure() as fig:
        charts.hbar(
            fig.add_subplot(),
            ["Ministério das Cidades", "Secretaria da Saúde", "Fevereiro"],
            [27_315_694.84, 5_925_415.78, 56],
            title="Ministério das Cidades é o maior concedente",
        )
        svg, _ = charts.render(fig, pdf=False)
    return svg


def _same_with_and_without_the_cache(draw):
    """``draw()`` without the cache, then twice with it (the second from a full
    cache): what it returns, the same each time."""
    text_metrics.uninstall()
    try:
        without = draw()
    finally:
        text_metrics.install()
    draw()  # fills the cache
    assert draw() == without
    return without


def test_a_chart_is_the_same_bytes_with_and_without_the_cache():
    _same_with_and_without_the_cache(_chart_svg)


def _every_chart_of_2024() -> dict:
    from balanco.departments import enabled
    from balanco.notebook import open_report

    report = open_report(year=2024, data_dir="", reports_dir="")
    drawn = {}
    for dept in enabled(report.settings):
        made = [(name, report.chart(dept.NAME, name)) for name in dept.views.CHARTS]
        made.append(("comparacao", report.comparison(dept.NAME)))
        for name, chart in made:
            if hasattr(chart, "_repr_mimebundle_"):
                drawn[dept.NAME, name] = chart._repr_mimebundle_()[0]
    return drawn


def test_every_chart_of_the_2024_reports_is_the_same_bytes_with_the_cache():
    # Wide SVG, phone SVG and the PDF form of every chart and comparison.
    assert len(_same_with_and_without_the_cache(_every_chart_of_2024)) >= 16
