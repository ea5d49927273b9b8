"""Year-over-year values on a small hand-made fixture."""

from __future__ import annotations

from balanco import narrative
from balanco.compare import change
from balanco.departments.base import COUNT, MONEY, Indicator


def ind(key: str, value, unit=COUNT) -> Indicator:
    return Indicator(key, "x", key, "definição", unit, value, ("f",))


def test_variations_worked_out_by_hand():
    # (3303 - 3162) / 3162 = 0.04459... -> +4,5%
    assert change(3303, 3162).word == "+4,5%"
    # (1194 - 1240) / 1240 = -0.03709... -> −3,7% (the minus sign, U+2212: issue 17)
    assert change(1194, 1240).word == "\u22123,7%"
    # (1001 - 1000) / 1000 = 0.1% -> below the 0.5% threshold: stable
    assert change(1001, 1000).word == "estável"
    assert change(12, 0).word == "não comparável"
    assert change(0, 0).word == "estável"
    assert change(5, None).word == "não comparável"


def test_comparison_sentences():
    now = {
        "recursos_captados": ind("recursos_captados", 150_481_278.72, MONEY),
        "procon_atendimentos": ind("procon_atendimentos", 3303),
        "releases": ind("releases", 390),
        "chamados": ind("chamados", 1385),
    }
    before = {
        "recursos_captados": ind("recursos_captados", 128_561_305.65, MONEY),
        "procon_atendimentos": ind("procon_atendimentos", 3162),
        "releases": ind("releases", 390),
        "chamados": ind("chamados", 0),
    }
    text = narrative.comparison(
        ["convenios", "procon", "comunicacao", "cpd"], now, before, previous_year=2023, demo=False
    )
    # 150481278.72 / 128561305.65 - 1 = 0.17050... -> 17,1%. The year is said once
    # (issue 17: not four "em relação a 2023" in a row).
    assert text == (
        "Em relação a 2023, o total de recursos captados em convênios cresceu 17,1%, "
        "os atendimentos do Procon cresceram 4,5% e os releases produzidos ficaram estáveis."
    )
    assert "chamados" not in text  # 0 the year before: not comparable, not said


def test_no_growth_rate_against_demonstration_data_in_a_sentence():
    """Issue 17: a comparison with a fictitious demonstration year stays in the
    tables, marked; the text never says "cresceu 17,1%" (quotable without its
    warning)."""
    now = {"recursos_captados": ind("recursos_captados", 150_481_278.72, MONEY)}
    before = {"recursos_captados": ind("recursos_captados", 128_561_305.65, MONEY)}
    text = narrative.comparison(["convenios"], now, before, previous_year=2023, demo=True)
    assert "%" not in text and "cresc" not in text and "17,1" not in text
    assert "fictícios de demonstração" in text and "2023" in text


def test_no_previous_year_is_said_plainly():
    text = narrative.comparison(["procon"], {}, None, previous_year=2023, demo=False)
    # Issue 17 (review): said once, tight ("disponíveis: não há comparação" was twice).
    assert text == "Não há dados de 2023 para comparar."


def _year(year: int, values: dict[str, float], *, demo: bool):
    from balanco import pipeline
    from balanco.highlights import Highlights

    indicators = {
        k: Indicator(k, "convenios", k, "definição", MONEY, v, ("f",)) for k, v in values.items()
    }
    return pipeline.YearData(year, indicators, {}, Highlights(), [], False, "h", {"demo": demo})


def test_the_comparison_chart_states_no_rate_against_demonstration_data(tmp_settings):
    """Issue 17 (review): the department's comparison chart read "O total de recursos
    captados em convênios cresceu 17,1% em relação a 2023 (2023: demonstração)" in its
    title, caption and alternative text. Against a demonstration year the chart
    shows the values only."""
    from balanco.notebook import Report

    now = _year(2024, {"recursos_captados": 150_481_278.72}, demo=False)
    demo = _year(2023, {"recursos_captados": 128_561_305.65}, demo=True)
    chart = Report(now, 2024, "X", "convenios", {}, tmp_settings, previous=demo).comparison()
    assert chart.title == "Comparação com 2023 (dados fictícios de demonstração)"
    for text in (chart.title, chart.alt):
        assert "%" not in text and "cresc" not in text and "17,1" not in text
    # The values are still drawn and described: R$ 128,6 milhões and R$ 150,5 milhões.
    assert "128,6" in chart.alt and "150,5" in chart.alt

    # Against real data, the title states the change: 150481278.72 / 128561305.65 - 1
    # = 0.1705 -> 17,1%.
    real = _year(2023, {"recursos_captados": 128_561_305.65}, demo=False)
    chart = Report(now, 2024, "X", "convenios", {}, tmp_settings, previous=real).comparison()
    assert chart.title == (
        "O total de recursos captados em convênios cresceu 17,1% em relação a 2023"
    )
