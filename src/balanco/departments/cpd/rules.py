"""CPD: which records count in a year, the figures and the report's tables."""

from __future__ import annotations

import math

import pandas as pd

from ..bands import day_bands
from ..base import COUNT, DAYS, Indicator, is_missing
from ..frames import binned, calendar_days, in_year, median_days, monthly_counts, unavailable
from .sources import NAME, TICKETS
from .vocabularies import SOLVED

#: Bands of the time to solution, in whole calendar days (departments/bands.py):
#: the day of opening or the next, 2–3, 4–7, 8–30, more than 30.
TIME_EDGES = [-1, 1, 3, 7, 30, math.inf]


def tickets_of_year(tickets: pd.DataFrame, year: int) -> pd.DataFrame:
    """A ticket counts in the year it was opened (Data de abertura), whatever its status."""
    return tickets[in_year(tickets["data_abertura"], year)]


def solution_days(tickets: pd.DataFrame, *, calendar: bool = False) -> pd.Series:
    """Days from opening to "Data da solução", for every ticket that has a solution
    date (whatever its status now: the definition is by date, not by status);
    elapsed (fractional) days, or with ``calendar`` whole calendar days."""
    if "data_solucao" not in tickets.columns:
        return pd.Series([], dtype=float)
    done = tickets[tickets["data_solucao"].notna()]
    if calendar:
        return calendar_days(done["data_abertura"], done["data_solucao"])
    return (done["data_solucao"] - done["data_abertura"]).dt.total_seconds() / 86400


def solution_unavailable(tickets: pd.DataFrame, year: int) -> str | None:
    """Why the time to solution of the year's tickets cannot be computed (None if it can)."""
    if "data_solucao" not in tickets.columns:
        return "a exportação do GLPI não tem a coluna Data da solução"
    if solution_days(tickets).empty:
        return f"nenhum chamado aberto em {year} tem data da solução"
    return None


def category_unavailable(tickets: pd.DataFrame, year: int) -> str | None:
    """Why the year's tickets cannot be broken down by category (None if they can)."""
    if "categoria" not in tickets.columns:
        return "a exportação do GLPI não tem a coluna Categoria"
    if tickets["categoria"].isna().all():
        return f"nenhum chamado aberto em {year} tem a Categoria preenchida"
    return None


def counted(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """The rows of ``year`` that count: the tickets opened in the year."""
    return {"chamados": tickets_of_year(clean["chamados"], year)}


def summarise(clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]:
    """The department's figures of ``year``."""
    t = counted(clean, year=year)["chamados"]
    days = solution_days(t)
    no_time = solution_unavailable(t, year)
    return [
        Indicator(
            "chamados",
            NAME,
            "Chamados registrados",
            "Chamados do GLPI abertos no ano (coluna Data de abertura), qualquer que seja a "
            "situação na data da exportação; nunca pela data de solução.",
            COUNT,
            len(t),
            TICKETS.files,
        ),
        Indicator(
            "chamados_solucionados",
            NAME,
            "Chamados solucionados",
            "Chamados abertos no ano com situação Solucionado ou Fechado.",
            COUNT,
            int(t["status"].isin(SOLVED).sum()),
            TICKETS.files,
        ),
        Indicator(
            "chamados_tempo_mediano",
            NAME,
            "Tempo mediano de solução",
            "Mediana, em dias corridos, entre a Data de abertura e a Data da solução dos "
            "chamados abertos no ano que têm Data da solução (qualquer que seja a situação).",
            DAYS,
            None if no_time else median_days(days),
            TICKETS.files,
            reason=no_time,
        ),
    ]


def breakdowns(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """Tables for the report: per month, by category (first level), by time to solution."""
    t = counted(clean, year=year)["chamados"]
    no_category = category_unavailable(t, year)
    if no_category:
        by_cat = unavailable(pd.DataFrame({"categoria": [], "quantidade": []}), no_category)
    else:
        # Tickets without a category stay missing (shown as "Sem categoria" by formatting).
        top = t["categoria"].map(lambda c: None if is_missing(c) else c.split(" > ")[0])
        by_cat = (
            top.value_counts(dropna=False).rename_axis("categoria").reset_index(name="quantidade")
        )
    # Time to solution in calendar days, each day count in one band, named from its
    # edges (departments/bands.py): the day of opening or the next, 2–3, 4–7, 8–30,
    # more than 30.
    days = solution_days(t, calendar=True)
    by_time = binned(days, TIME_EDGES, day_bands(TIME_EDGES), name="prazo")
    no_time = solution_unavailable(t, year)
    if no_time:
        by_time = unavailable(by_time, no_time)
    by_status = t["status"].value_counts().rename_axis("status").reset_index(name="quantidade")
    return {
        "por_mes": monthly_counts(t["data_abertura"], year),
        "por_categoria": by_cat,
        "por_prazo": by_time,
        "por_status": by_status,
    }
