"""Comunicação: which records count in a year, the figures and the report's tables."""

from __future__ import annotations

import math

import pandas as pd

from ...io import fold
from ..bands import day_bands
from ..base import COUNT, DAYS, Indicator
from ..frames import binned, calendar_days, in_year, median_days, monthly_counts, unavailable
from .sources import ANSWERED, CATEGORIES, DEMANDS, NAME, POSTS

#: Bands of the time to answer, in whole calendar days (departments/bands.py):
#: the day of receipt, the next, 2–3, 4–7, more than 7.
TIME_EDGES = [-1, 0, 1, 3, 7, math.inf]


def releases_of_year(posts: pd.DataFrame, year: int) -> pd.DataFrame:
    """A release counts in the year of its publication date, when published
    (WordPress status "publish": drafts, pending and private posts do not count)."""
    published = posts["status"].fillna("").str.strip().str.lower() == "publish"
    return posts[posts["release"] & published & in_year(posts["data"], year)]


def answered_of_year(demands: pd.DataFrame, year: int) -> pd.DataFrame:
    """A demand counts for the year it was received, once answered."""
    answered = demands["situacao"].fillna("").map(fold) == ANSWERED
    return demands[in_year(demands["data_recebimento"], year) & answered]


def response_days(demands: pd.DataFrame) -> pd.Series:
    return (demands["data_resposta"] - demands["data_recebimento"]).dt.total_seconds() / 86400


def response_unavailable(answered: pd.DataFrame, year: int) -> str | None:
    """Why the response time of the year's answered demands cannot be computed."""
    if response_days(answered).dropna().empty:
        return f"nenhuma demanda da imprensa recebida em {year} foi respondida"
    return None


def counted(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """The rows of ``year`` that count: releases published in the year, demands
    received in the year, and those of them answered (the rules above)."""
    dem = clean["demandas"]
    return {
        "releases": releases_of_year(clean["posts"], year),
        "demandas": dem[in_year(dem["data_recebimento"], year)],
        "respondidas": answered_of_year(dem, year),
    }


def summarise(clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]:
    """The department's figures of ``year``."""
    c = counted(clean, year=year)
    rel, answered = c["releases"], c["respondidas"]
    open_ = c["demandas"][c["demandas"]["situacao"].fillna("").map(fold) != ANSWERED]
    days = response_days(answered)
    no_time = response_unavailable(answered, year)
    return [
        Indicator(
            "releases",
            NAME,
            "Releases produzidos",
            "Posts do site da Prefeitura publicados no ano numa das categorias que a "
            "Prefeitura usa para os releases; rascunhos e posts só de outras categorias "
            "(editais, concursos, avisos) não contam.",
            COUNT,
            len(rel),
            (*POSTS.files, *CATEGORIES.files),
        ),
        Indicator(
            "demandas_respondidas",
            NAME,
            "Demandas da imprensa respondidas",
            "Demandas recebidas no ano e com situação Respondida (com data da resposta).",
            COUNT,
            len(answered),
            DEMANDS.files,
        ),
        Indicator(
            "demandas_em_aberto",
            NAME,
            "Demandas da imprensa sem resposta",
            "Demandas recebidas no ano ainda sem resposta na data da exportação.",
            COUNT,
            len(open_),
            DEMANDS.files,
        ),
        Indicator(
            "demandas_tempo_mediano",
            NAME,
            "Tempo mediano de resposta à imprensa",
            "Mediana, em dias corridos, entre o recebimento e a resposta das demandas respondidas.",
            DAYS,
            None if no_time else median_days(days),
            DEMANDS.files,
            reason=no_time,
        ),
    ]


def breakdowns(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """Tables for the report: releases per month; demands by outlet, status, response time."""
    c = counted(clean, year=year)
    rel, dem_year, answered = c["releases"], c["demandas"], c["respondidas"]
    # Response time in calendar days: "no mesmo dia" is the day of receipt whatever
    # the hours (09:00 → 11:00); a reply at 00:10 to a demand of 23:50 is "1 dia".
    days = calendar_days(answered["data_recebimento"], answered["data_resposta"])
    by_time = binned(days, TIME_EDGES, day_bands(TIME_EDGES), name="prazo")
    no_time = response_unavailable(answered, year)
    if no_time:
        by_time = unavailable(by_time, no_time)
    # Blank outlets and situations stay missing; formatting shows them as "Não informado".
    by_outlet = (
        dem_year["veiculo"]
        .value_counts(dropna=False)
        .head(10)
        .rename_axis("veiculo")
        .reset_index(name="quantidade")
    )
    by_status = (
        dem_year["situacao"]
        .value_counts(dropna=False)
        .rename_axis("situacao")
        .reset_index(name="quantidade")
    )
    return {
        "releases_por_mes": monthly_counts(rel["data"], year),
        "demandas_por_veiculo": by_outlet,
        "demandas_por_situacao": by_status,
        "demandas_por_prazo": by_time,
    }
