"""Small wrong public numbers (issue 14, item 8): response-time bins by calendar
day, one half-up rounding rule for every display and stored value, and chart
titles that name every maximum when two tie."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from test_rules import comunicacao_dir, cpd_dir, run  # noqa: E402

from balanco import formatting, narrative  # noqa: E402
from balanco.departments import comunicacao, cpd  # noqa: E402
from balanco.departments.frames import median_days  # noqa: E402
from balanco.rounding import rounded  # noqa: E402

T = pd.Timestamp


def demand(n, received, answered, outlet="Jornal A"):
    return [n, T(received), outlet, "J", "Assunto", "Obras", "Respondida", T(answered)]


def press_bins(tmp_path, demands) -> dict[str, int]:
    clean, _ = run(comunicacao, comunicacao_dir(tmp_path, demands=demands))
    by_time = comunicacao.breakdowns(clean, year=2024)["demandas_por_prazo"]
    return dict(zip(by_time["prazo"], by_time["quantidade"], strict=True))


# ----------------------------------------------------------------- same calendar day


def test_an_answer_two_hours_later_on_the_same_day_is_no_mesmo_dia(tmp_path):
    # Received 09:00, answered 11:00 the same day: 0 calendar days.
    bins = press_bins(tmp_path, [demand(1, "2024-03-05 09:00", "2024-03-05 11:00")])
    assert bins["no mesmo dia"] == 1 and bins["1 dia"] == 0


def test_an_answer_past_midnight_is_1_dia(tmp_path):
    # Received 23:50, answered 00:10 the next day: twenty minutes, but the next day.
    bins = press_bins(tmp_path, [demand(1, "2024-03-05 23:50", "2024-03-06 00:10")])
    assert bins["no mesmo dia"] == 0 and bins["1 dia"] == 1


def test_press_bins_are_calendar_days_each_in_one_bin(tmp_path):
    received = "2024-03-05 12:00"
    # Each answer's calendar days after a demand received on 5 March at 12:00:
    answers = {
        "2024-03-05 23:59": 0,
        "2024-03-06 00:00": 1,
        "2024-03-06 23:59": 1,
        "2024-03-07 00:01": 2,
        "2024-03-08 23:00": 3,
        "2024-03-09 00:30": 4,
        "2024-03-12 22:00": 7,
        "2024-03-13 01:00": 8,
    }
    demands = [demand(n, received, a) for n, a in enumerate(answers, start=1)]
    assert press_bins(tmp_path, demands) == {
        "no mesmo dia": 1,  # 0
        "1 dia": 2,  # 1, 1
        "mais de 1 até 3 dias": 2,  # 2, 3
        "mais de 3 até 7 dias": 2,  # 4, 7
        "mais de 7 dias": 1,  # 8
    }


def test_solution_bins_labels_do_not_overlap(tmp_path):
    tickets = [("1", "Solucionado", "2024-05-01 08:00", "2024-05-04 07:00", "A")]  # 3 days
    clean, _ = run(cpd, cpd_dir(tmp_path, tickets))
    by_time = cpd.breakdowns(clean, year=2024)["por_prazo"]
    labels = by_time["prazo"].tolist()
    # No day count is named by two labels ("1 a 3 dias" and "3 a 7 dias" both said 3).
    assert labels == [
        "até 1 dia",
        "mais de 1 até 3 dias",
        "mais de 3 até 7 dias",
        "mais de 7 até 30 dias",
        "mais de 30 dias",
    ]
    assert by_time.loc[by_time["prazo"] == "mais de 1 até 3 dias", "quantidade"].item() == 1


def test_solution_bands_at_their_edges(tmp_path):
    # Issue 17: a ticket solved d whole calendar days after it was opened is in the
    # band with lower edge < d <= upper edge; the names say both edges the same way.
    opened = "2024-05-01 10:00"
    solved = {  # solution date: calendar days after the opening
        "2024-05-01 18:00": 0,
        "2024-05-02 09:00": 1,
        "2024-05-03 08:00": 2,
        "2024-05-04 23:00": 3,
        "2024-05-05 00:30": 4,
        "2024-05-08 12:00": 7,
        "2024-05-09 09:00": 8,
        "2024-05-31 12:00": 30,
        "2024-06-01 09:00": 31,
    }
    tickets = [(str(n), "Solucionado", opened, s, "A") for n, s in enumerate(solved, 1)]
    clean, _ = run(cpd, cpd_dir(tmp_path, tickets))
    by_time = cpd.breakdowns(clean, year=2024)["por_prazo"]
    assert dict(zip(by_time["prazo"], by_time["quantidade"], strict=True)) == {
        "até 1 dia": 2,  # 0, 1
        "mais de 1 até 3 dias": 2,  # 2, 3
        "mais de 3 até 7 dias": 2,  # 4, 7
        "mais de 7 até 30 dias": 2,  # 8, 30
        "mais de 30 dias": 1,  # 31
    }


def test_band_names_are_written_from_their_edges():
    from balanco.departments.bands import day_bands, within

    inf = float("inf")
    assert day_bands([-1, 1, 3, 7, 30, inf]) == [
        "até 1 dia",
        "mais de 1 até 3 dias",
        "mais de 3 até 7 dias",
        "mais de 7 até 30 dias",
        "mais de 30 dias",
    ]
    # A band one day wide holds one count of days: "1 dia"; 0 is the same day.
    assert day_bands([-1, 0, 1, 2, 5, inf]) == [
        "no mesmo dia",
        "1 dia",
        "2 dias",
        "mais de 2 até 5 dias",
        "mais de 5 dias",
    ]
    assert day_bands([-1, 2, inf]) == ["até 2 dias", "mais de 2 dias"]
    assert within([-1, 0, 1, 3, inf], 1) == ("no mesmo dia", "1 dia")
    assert within([-1, 1, 3, inf], 1) == ("até 1 dia",)


# ----------------------------------------------------------------- half up, everywhere


def test_one_rounding_rule_half_up():
    # round(1.25, 1) is 1.2 (half to even); the methodology says half up.
    assert rounded(1.25, 1) == 1.3
    assert rounded(0.05, 1) == 0.1
    assert rounded(2.5, 0) == 3.0
    assert median_days(pd.Series([1.0, 1.5])) == 1.3  # median 1,25
    assert median_days(pd.Series([1.25])) == 1.3
    # Answers after 1 and 6 767 minutes: the median is 3 384 min = 2,35 days exactly,
    # which float arithmetic makes 2.3499999999999996; half up gives 2,4.
    assert median_days(pd.Series([1 * 60 / 86400, 6767 * 60 / 86400])) == 2.4
    # 1 and 143 minutes: 72 min = 0,05 days (0.049999999999999996 in floats): 0,1.
    assert median_days(pd.Series([1 * 60 / 86400, 143 * 60 / 86400])) == 0.1


def test_a_median_of_exactly_1_25_days_is_1_3_in_text_tables_and_json(tmp_path):
    # Two answers, after 24 h and 36 h: the median is 30 h = exactly 1,25 days.
    demands = [
        demand(1, "2024-04-01 08:00", "2024-04-02 08:00"),
        demand(2, "2024-04-03 08:00", "2024-04-04 20:00"),
    ]
    clean, _ = run(comunicacao, comunicacao_dir(tmp_path, demands=demands))
    ind = {i.key: i for i in comunicacao.summarise(clean, year=2024)}
    median = ind["demandas_tempo_mediano"]
    assert median.value == 1.3  # stored
    assert json.loads(json.dumps(median.as_dict()))["value"] == 1.3  # indicadores.json
    assert (
        formatting.indicator_value(median.value, median.unit) == "1,3 dia"
    )  # tables (singular below 2)
    assert narrative.median_sentence("comunicacao", ind) == (
        "O tempo mediano de resposta à imprensa foi de 1,3 dia."
    )


def test_solution_median_of_1_25_days_is_stored_1_3(tmp_path):
    # 30 hours from opening to solution.
    tickets = [("1", "Solucionado", "2024-05-01 08:00", "2024-05-02 14:00", "A")]
    _, figures = run(cpd, cpd_dir(tmp_path, tickets))
    assert figures["chamados_tempo_mediano"] == 1.3


# ----------------------------------------------------------------- tied peaks


def draw(dept, name, tables) -> str:
    fig, ax = plt.subplots()
    try:
        return dept.views.CHARTS[name](ax, tables, {})
    finally:
        plt.close(fig)


def months(values) -> pd.DataFrame:
    return pd.DataFrame({"mes": range(1, 13), "quantidade": values})


def test_a_monthly_peak_tied_between_two_months_names_both():
    values = [1, 7, 7, 2, 0, 0, 0, 0, 0, 0, 0, 3]
    title = draw(cpd, "por_mes", {"por_mes": months(values)})
    assert title == "Chamados registrados por mês: picos em fevereiro e março"


def test_a_single_monthly_peak_is_named_alone():
    values = [1, 7, 6, 2, 0, 0, 0, 0, 0, 0, 0, 3]
    title = draw(cpd, "por_mes", {"por_mes": months(values)})
    assert title == "Chamados registrados por mês: pico em fevereiro"


def test_many_tied_months_are_counted_not_listed():
    title = draw(cpd, "por_mes", {"por_mes": months([5] * 12)})
    assert title == "Chamados registrados por mês: o mesmo máximo em 12 meses"


def test_outlets_tied_at_the_top_are_all_named():
    df = pd.DataFrame({"veiculo": ["Jornal A", "Rádio B", "TV C"], "quantidade": [4, 4, 1]})
    title = draw(comunicacao, "demandas_por_veiculo", {"demandas_por_veiculo": df})
    assert title == "Jornal A e Rádio B foram os veículos que mais demandaram a Prefeitura"


def test_signing_months_tied_in_money_are_both_named():
    from balanco.departments import convenios

    m = pd.DataFrame(
        {
            "mes": range(1, 13),
            "federal": [0, 1_000_000.0, 0, 500_000.0] + [0.0] * 8,
            "estadual": [0, 0, 1_000_000.0, 500_000.0] + [0.0] * 8,
        }
    )
    title = draw(convenios, "por_mes", {"por_mes": m})
    # Issue 17: the title speaks of money, as the axis does (not of signatures); an
    # amount's spaces are non-breaking (formatting.NBSP).
    assert formatting.plain_spaces(title) == (
        "Valor dos convênios assinados por mês: fevereiro, março e abril tiveram o maior, "
        "R$ 1,0 milhão cada"
    )


def test_bodies_tied_at_the_top_are_both_named():
    from balanco.departments import convenios

    df = pd.DataFrame(
        {
            "esfera": ["federal", "estadual", "federal"],
            "orgao_concedente": ["MINISTÉRIO DA SAÚDE", "Secretaria da Educação", "MINISTÉRIO X"],
            "quantidade": [1, 2, 1],
            "valor_repasse": [2_000_000.0, 2_000_000.0, 1_000_000.0],
        }
    )
    title = formatting.plain_spaces(draw(convenios, "por_orgao", {"por_orgao": df}))
    assert title == (
        "Ministério da Saúde e Secretaria da Educação são os maiores concedentes: "
        "R$ 2,0 milhões cada"
    )


@pytest.mark.parametrize("values", [[3, 3], [5, 1]])
def test_tied_titles_match_the_labelled_bars(values):
    # The monthly chart labels every bar at the peak (the title names them all).
    from balanco import charts

    fig, ax = plt.subplots()
    try:
        charts.monthly(ax, [1, 2], values, title="t")
        labelled = [t.get_text() for t in ax.texts]
    finally:
        plt.close(fig)
    assert labelled == [str(v) for v in values if v == max(values)]
