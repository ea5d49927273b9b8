"""Figures as published (``data/published/<ano>.toml``) and their reconciliation
with what the pipeline computes from records."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from . import formatting, release_check
from .departments.base import Indicator
from .settings import Settings


@dataclass(frozen=True)
class Published:
    year: int
    source: str
    figures: dict[str, str]
    release_text: str | None


def load(settings: Settings, year: int) -> Published | None:
    """The published figures of ``year``, or None when the year has none."""
    found = release_check.published_figures(settings, year)
    if found is None:
        return None
    data, figures = found
    path = settings.published_file(year)
    text_file = path.parent / data["arquivo"] if data.get("arquivo") else None
    text = text_file.read_text(encoding="utf-8") if text_file and text_file.exists() else None
    return Published(year, str(data.get("fonte", "")), dict(figures), text)


def reconcile(indicators: dict[str, Indicator], published: Published | None) -> pd.DataFrame:
    """One row per published figure: as published, as computed, and whether they agree.

    A computed figure that is not available is "não disponível" (``disponivel``
    False, ``motivo`` says why) and never agrees with the published one. A figure
    no department of the run computes (its department is not enabled) has
    ``no_balanco`` False.
    """
    cols = [
        "indicador",
        "chave",
        "publicado",
        "calculado",
        "confere",
        "disponivel",
        "motivo",
        "no_balanco",
    ]
    if published is None:
        return pd.DataFrame(columns=cols)
    rows = []
    for key, text in published.figures.items():
        ind = indicators.get(key)
        computed = formatting.indicator_value(ind.value, ind.unit) if ind else None
        available = bool(ind and ind.available)
        rows.append(
            {
                "indicador": ind.label if ind else key,
                "chave": key,
                "publicado": text,
                "calculado": computed,
                "confere": bool(ind) and release_check.agrees(ind, text),
                "disponivel": available,
                "motivo": ind.reason if ind and not available else None,
                "no_balanco": ind is not None,
            }
        )
    return pd.DataFrame(rows, columns=cols)


def in_balance(table: pd.DataFrame, typos: Collection[str] = ()) -> tuple[pd.DataFrame, str | None]:
    """The rows of :func:`reconcile` that this balance computes, and the sentences
    for the published figures it does not (None when there are none): those of
    departments that are not part of it, and ``typos``, keys that match no number
    of the balance (``release_check.typo_keys``) — one wording for the PDF and the
    terminal."""
    rows = table[table["no_balanco"].astype(bool)]
    typo = table[table["chave"].isin(list(typos))]
    outside = len(table) - len(rows) - len(typo)
    said = []
    if outside:
        one = outside == 1
        said.append(
            f"{formatting.plural(outside, 'número', 'números')} do release "
            + (
                "é de um departamento que não faz parte deste balanço: não foi conferido."
                if one
                else "são de departamentos que não fazem parte deste balanço: não foram conferidos."
            )
        )
    if len(typo):
        one = len(typo) == 1
        keys = ", ".join(str(k) for k in typo["chave"])
        said.append(
            f"{formatting.plural(len(typo), 'número', 'números')} do release não "
            + (
                f"corresponde a nenhum número do balanço ({keys}): não foi conferido."
                if one
                else f"correspondem a nenhum número do balanço ({keys}): não foram conferidos."
            )
        )
    return rows, " ".join(said) or None


def reconciled(
    settings: Settings, indicators: dict[str, Indicator], pub: Published
) -> tuple[pd.DataFrame, str | None]:
    """:func:`in_balance` of :func:`reconcile`, the typos told apart
    (``release_check.typo_keys``): what the PDF and ``prepare`` show."""
    typos = release_check.typo_keys(settings, pub.figures, indicators)
    return in_balance(reconcile(indicators, pub), typos)
