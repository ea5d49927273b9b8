"""Charts that say what they show (issue 17, item 2): a chart's title, its colours,
its axis and its text alternative make the same claim; every percentage has its
base; a partial view says it is partial. Each case is a small table whose
expected title, colours and notes are written by hand from the definition."""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from balanco import charts, formatting  # noqa: E402
from balanco.departments import comunicacao, convenios, cpd, procon  # noqa: E402


def drawn(dept, name, tables, indicators=None):
    """The chart as drawn: its title, alternative text, every text on the figure,
    each horizontal bar's colour by its label, the legend (label → colour) and the
    horizontal lines (their y)."""
    with charts.figure() as fig:
        ax = fig.add_subplot()
        title = dept.views.CHARTS[name](ax, tables, indicators or {})
        fig.canvas.draw()
        alt = charts.alt_text(fig, title)
        texts = [t.get_text().replace("\\$", "$") for t in fig.findobj(matplotlib.text.Text)]
        ticks = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
        bars = {
            ticks[round(p.get_y() + p.get_height() / 2)]: to_hex(p.get_facecolor()).upper()
            for p in ax.patches
            if round(p.get_y() + p.get_height() / 2) in ticks and p.get_width() > 0
        }
        legend = ax.get_legend()
        swatches = (
            {
                t.get_text(): to_hex(h.get_facecolor()).upper()
                for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)
            }
            if legend
            else {}
        )
        lines = [ln.get_ydata()[0] for ln in ax.get_lines()]
        yticks = [t.get_text().replace("\\$", "$") for t in ax.get_yticklabels()]
    assert alt.startswith(f"Gráfico: {title}.")  # the alternative text opens with the title
    # Compared with hand-typed text: an amount's non-breaking spaces as ordinary ones.
    title, alt = formatting.plain_spaces(title), formatting.plain_spaces(alt)
    texts = [formatting.plain_spaces(t) for t in texts]
    return SimpleNamespace(
        title=title, alt=alt, texts=texts, bars=bars, legend=swatches, lines=lines, yticks=yticks
    )


def available(value):
    return SimpleNamespace(value=value, available=True)


# ------------------------------------------------------------------ Procon: fiscalizações


def test_every_irregular_inspection_has_one_colour_apart_from_regular():
    # 7 autuadas and 2 notificadas found an irregularity; 6 were regular.
    df = pd.DataFrame({"resultado": ["Autuado", "Regular", "Notificado"], "quantidade": [7, 6, 2]})
    chart = drawn(procon, "fiscalizacoes", {"fiscalizacoes_resultado": df})
    assert chart.title == "9 de 15 fiscalizações encontraram irregularidades"
    assert chart.bars["Autuado"] == chart.bars["Notificado"] != chart.bars["Regular"]
    assert chart.legend == {
        "Com irregularidade": chart.bars["Autuado"],
        "Regular": chart.bars["Regular"],
    }
    assert chart.alt.endswith(
        "Autuado (com irregularidade): 7; Notificado (com irregularidade): 2; Regular: 6."
    )


def test_an_inspection_without_result_is_neither_irregular_nor_regular():
    df = pd.DataFrame({"resultado": [None, "Autuado", "Regular"], "quantidade": [2, 1, 1]})
    chart = drawn(procon, "fiscalizacoes", {"fiscalizacoes_resultado": df})
    assert chart.title == "1 de 4 fiscalizações encontrou irregularidades"
    colours = {chart.bars["Autuado"], chart.bars["Regular"], chart.bars["Não informado"]}
    assert len(colours) == 3
    assert chart.legend["Sem resultado"] == chart.bars["Não informado"]


# ------------------------------------------------------------------ Procon: the Sindec's months


def test_the_sindec_months_say_what_they_cover_and_why_the_year_has_more():
    months = pd.DataFrame({"mes": range(1, 13), "quantidade": [1] * 10 + [0, 0]})
    # 10 in the Sindec + 3 hearings + 1 inspection = 14 atendimentos in the year.
    ind = {
        "procon_atendimentos": available(14),
        "procon_audiencias": available(3),
        "procon_fiscalizacoes": available(1),
    }
    chart = drawn(procon, "por_mes", {"por_mes": months}, ind)
    note = (
        "O gráfico conta os 10 atendimentos registrados no Sindec. Os 14 atendimentos do "
        "ano incluem também 3 audiências realizadas e 1 fiscalização, registradas em "
        "planilhas próprias, fora do Sindec."
    )
    assert chart.title.startswith("Atendimentos no Sindec por mês")
    assert note in " ".join(" ".join(t.split()) for t in chart.texts)
    assert chart.alt.endswith(note)


# ------------------------------------------------------------------ Convênios


def test_signing_months_title_axis_and_alt_all_speak_of_money():
    m = pd.DataFrame(
        {
            "mes": range(1, 13),
            "federal": [500_000.0] + [0.0] * 8 + [2_000_000.0, 0.0, 0.0],
            "estadual": [0.0] * 9 + [1_000_000.0, 0.0, 0.0],
        }
    )
    chart = drawn(convenios, "por_mes", {"por_mes": m})
    # October: 2,0 + 1,0 = R$ 3,0 milhões, the largest month.
    assert chart.title == (
        "Valor dos convênios assinados por mês: outubro teve o maior, R$ 3,0 milhões"
    )
    assert chart.yticks and all(t.startswith("R$") for t in chart.yticks)
    assert "Federais, outubro: R$ 2,0 milhões" in chart.alt
    assert "Estaduais, outubro: R$ 1,0 milhão" in chart.alt


def test_signing_months_write_every_amount_in_one_format():
    # Issue 17 (review): "R$ 0,00" and "R$ 394.101,41" beside "R$ 20,7 milhões" in
    # one description. As the release writes: millions from R$ 1 milhão, thousands
    # with one decimal below it, and a month without signings says so.
    m = pd.DataFrame(
        {
            "mes": [1, 2, 3],
            "federal": [20_650_000.0, 394_101.41, 0.0],
            "estadual": [0.0, 0.0, 0.0],
        }
    )
    chart = drawn(convenios, "por_mes", {"por_mes": m})
    assert chart.alt == (
        "Gráfico: Valor dos convênios assinados por mês: janeiro teve o maior, "
        "R$ 20,7 milhões. Federais, janeiro: R$ 20,7 milhões; Federais, fevereiro: "
        "R$ 394,1 mil; Federais, março: sem assinaturas; Estaduais, janeiro: sem "
        "assinaturas; Estaduais, fevereiro: sem assinaturas; Estaduais, março: sem "
        "assinaturas."
    )


def test_a_description_opens_each_sentence_with_a_capital():
    # Issue 17 (review): "…levaram até 1 dia. no mesmo dia: 423".
    with charts.figure() as fig:
        charts.hbar(fig.add_subplot(), ["no mesmo dia", "até 1 dia"], [423, 738], title="T")
        charts.footnote(fig, "até 1 dia: mais de 0 e até 24 horas")
        alt = charts.alt_text(fig, "T")
    assert alt == (
        "Gráfico: T. No mesmo dia: 423; até 1 dia: 738. Até 1 dia: mais de 0 e até 24 horas."
    )


def bodies(n_federal: int, state: list[float]) -> pd.DataFrame:
    federal = [float(10_000_000 - i * 1_000_000) for i in range(n_federal)]
    names = [f"Ministério {chr(65 + i)}" for i in range(n_federal)]
    return pd.DataFrame(
        {
            "esfera": ["federal"] * n_federal + ["estadual"] * len(state),
            "orgao_concedente": names + [f"Secretaria {i + 1}" for i in range(len(state))],
            "quantidade": [1] * (n_federal + len(state)),
            "valor_repasse": federal + state,
        }
    )


def test_the_bodies_chart_marks_federal_and_state_and_says_it_is_partial():
    # 6 federal (10 to 5 million) and 4 state bodies (4,5; 3; 2; 1 million): the
    # chart draws the 8 largest, the other 2 (Secretarias 3 and 4) sum 3,0 million.
    df = bodies(6, [4_500_000.0, 3_000_000.0, 2_000_000.0, 1_000_000.0])
    chart = drawn(convenios, "por_orgao", {"por_orgao": df})
    assert set(chart.bars) == {f"Ministério {c}" for c in "ABCDEF"} | {
        "Secretaria 1",
        "Secretaria 2",
    }
    federal = {chart.bars[f"Ministério {c}"] for c in "ABCDEF"}
    state = {chart.bars["Secretaria 1"], chart.bars["Secretaria 2"]}
    assert len(federal) == 1 and len(state) == 1 and federal != state
    assert chart.legend == {"Federal": federal.pop(), "Estadual": state.pop()}
    note = (
        "Os 8 maiores de 10 órgãos concedentes; os outros 2 somam R$ 3,0 milhões. "
        "A tabela a seguir lista todos."
    )
    assert note in " ".join(" ".join(t.split()) for t in chart.texts)
    assert chart.alt.endswith(note)
    assert "Ministério A (federal): R$ 10,0 milhões" in chart.alt
    assert "Secretaria 1 (estadual): R$ 4,5 milhões" in chart.alt


def test_a_whole_view_of_the_bodies_has_no_partial_note():
    chart = drawn(convenios, "por_orgao", {"por_orgao": bodies(2, [1_000_000.0])})
    assert not [t for t in chart.texts if "maiores de" in t]
    assert "maiores de" not in chart.alt


# ------------------------------------------------------------------ Comunicação: the mean


@pytest.mark.parametrize(
    ("values", "mean"),
    [
        # 390 / 12 = 32,5: said with its decimal, not rounded to a count (33).
        ([32, 30, 41, 27, 29, 40, 26, 34, 28, 40, 38, 25], "32,5"),
        # 387 / 12 = 32,25: one decimal, half up (the project's one rounding): 32,3.
        ([32, 30, 41, 27, 29, 40, 26, 34, 28, 40, 38, 22], "32,3"),
    ],
)
def test_the_releases_mean_has_its_decimal_and_is_drawn(values, mean):
    chart = drawn(
        comunicacao,
        "releases_por_mes",
        {"releases_por_mes": pd.DataFrame({"mes": range(1, 13), "quantidade": values})},
    )
    assert chart.title == f"Releases por mês: média de {mean}"
    assert chart.lines == [pytest.approx(sum(values) / 12)]  # the line the title speaks of
    assert f"média: {mean}" in chart.texts
    assert chart.alt.endswith(f"média: {mean}.")


# ------------------------------------------------------------------ every percentage, its base


def test_percentages_carry_their_base():
    press = pd.DataFrame(
        {
            "prazo": [
                "no mesmo dia",
                "1 dia",
                "mais de 1 até 3 dias",
                "mais de 3 até 7 dias",
                "mais de 7 dias",
            ],
            "quantidade": [5, 3, 1, 0, 1],
        }
    )
    # 5 + 3 of 10 answered demands within a day: 80%.
    chart = drawn(comunicacao, "demandas_por_prazo", {"demandas_por_prazo": press})
    assert chart.title == "80% das 10 demandas respondidas levaram até 1 dia"
    tickets = pd.DataFrame(
        {
            "prazo": [
                "até 1 dia",
                "mais de 1 até 3 dias",
                "mais de 3 até 7 dias",
                "mais de 7 até 30 dias",
                "mais de 30 dias",
            ],
            "quantidade": [1, 1, 1, 0, 1],
        }
    )
    chart = drawn(cpd, "por_prazo", {"por_prazo": tickets})
    assert chart.title == "25% dos 4 chamados solucionados levaram até 1 dia"
    types = pd.DataFrame(
        {
            "tipo": ["Cartas de Informação Preliminar (CIPs)", "Audiências realizadas"],
            "quantidade": [6, 4],
        }
    )
    chart = drawn(procon, "por_tipo", {"por_tipo": types})
    assert chart.title == "Cartas de Informação Preliminar (CIPs) são 60% dos 10 atendimentos"
    categories = pd.DataFrame({"categoria": ["Hardware", "Redes"], "quantidade": [3, 1]})
    chart = drawn(cpd, "por_categoria", {"por_categoria": categories})
    assert chart.title == "Hardware responde por 75% dos 4 chamados"


def test_a_base_of_one_is_singular():
    press = pd.DataFrame({"prazo": ["no mesmo dia", "1 dia"], "quantidade": [1, 0]})
    chart = drawn(comunicacao, "demandas_por_prazo", {"demandas_por_prazo": press})
    assert chart.title == "100% da 1 demanda respondida levou até 1 dia"


def test_the_hearings_shares_carry_their_base():
    # 3 + 1 = 4 hearings: the shares 75% and 25% are of these 4.
    df = pd.DataFrame({"resultado": ["Acordo", "Sem acordo"], "quantidade": [3, 1]})
    table = procon.views.TABLES["audiencias"]({"audiencias_resultado": df})
    assert table.caption == "Resultado das 4 audiências realizadas"
    assert [r[2] for r in table.rows] == ["75%", "25%"]
