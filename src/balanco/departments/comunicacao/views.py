"""The charts and tables of the Comunicação report.

A chart is ``draw(ax, tables, indicators) -> title`` declared with
:func:`balanco.views.chart`; a table is ``table(tables) -> Table``; ``tables`` are
the department's ``breakdowns``.
"""

from __future__ import annotations

import pandas as pd

from ... import charts, formatting
from ...views import MAX_NAMED, chart, count_table, tied_first, within_a_day
from ..bands import within
from ..frames import unavailable
from .rules import TIME_EDGES

#: The free-text column (typed by staff, LGPD) the outlets chart shows: drawn only
#: when the municipality's file publishes it (``publicar_texto_livre``).
OUTLETS = "comunicacao_demandas.veiculo"
OUTLETS_WITHHELD = (
    "os nomes dos veículos de imprensa são digitados pela equipe e não são publicados "
    "neste balanço (proteção de dados pessoais, LGPD)"
)


@chart(
    2.8,
    what="Releases por mês",
    key="releases_por_mes",
    empty="nenhum release publicado em {year}",
)
def _com_releases(ax, t, ind) -> str:
    m = t["releases_por_mes"]
    # The mean of the twelve months with one decimal (390 / 12 = 32,5): a whole
    # number would round it to a count no month had.
    avg = formatting.number(m["quantidade"].mean(), 1)
    title = f"Releases por mês: média de {avg}"
    charts.monthly(
        ax,
        m["mes"].tolist(),
        m["quantidade"].tolist(),
        title=title,
        color=charts.GREEN,
        reference=(f"média: {avg}", m["quantidade"].mean()),
    )
    return title


@chart(
    3.2,
    what="Demandas da imprensa por veículo",
    key="demandas_por_veiculo",
    empty="nenhuma demanda da imprensa recebida em {year}",
)
def _com_outlets(ax, t, ind) -> str:
    df = t["demandas_por_veiculo"]
    named = df[df["veiculo"].notna()]
    top = tied_first(named["veiculo"].tolist(), named["quantidade"].tolist())
    if len(top) == 1:
        title = f"{top[0]} foi o veículo que mais demandou a Prefeitura"
    elif 1 < len(top) <= MAX_NAMED:
        title = f"{formatting.join_pt(top)} foram os veículos que mais demandaram a Prefeitura"
    else:
        title = "Demandas da imprensa por veículo"
    charts.hbar(
        ax, [formatting.label(v) for v in df["veiculo"]], df["quantidade"].tolist(), title=title
    )
    return title


def withhold(tables: dict[str, pd.DataFrame], published: frozenset[str]) -> dict[str, pd.DataFrame]:
    """The breakdowns without the free text the municipality does not publish: the
    outlets' names become a sentence saying so."""
    if OUTLETS in published:
        return tables
    key = "demandas_por_veiculo"
    return {**tables, key: unavailable(tables[key].iloc[0:0], OUTLETS_WITHHELD)}


CHARTS = {
    "releases_por_mes": _com_releases,
    "demandas_por_veiculo": _com_outlets,
    "demandas_por_prazo": within_a_day(
        "demandas_por_prazo",
        within(TIME_EDGES, 1),
        ("demanda respondida", "demandas respondidas"),
        feminine=True,
        shown="Tempo de resposta às demandas da imprensa",
        empty="nenhuma demanda da imprensa recebida em {year} foi respondida",
    ),
}
TABLES = {
    "situacao": count_table(
        "demandas_por_situacao",
        ["Situação", "Demandas"],
        "Demandas da imprensa recebidas no ano, por situação",
    ),
}


#: The report's own sections, in order: (heading, ((kind, name), ...)), kind
#: "chart" (CHARTS) or "table" (TABLES); the department's notebook is generated from them.
SECTIONS = (
    (
        "Releases",
        (("chart", "releases_por_mes"),),
    ),
    (
        "Demandas da imprensa",
        (
            ("chart", "demandas_por_veiculo"),
            ("chart", "demandas_por_prazo"),
            ("table", "situacao"),
        ),
    ),
)
