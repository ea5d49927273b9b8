"""Procon: which records count in a year, the figures and the report's tables."""

from __future__ import annotations

import pandas as pd

from ..base import COUNT, Indicator, is_missing
from ..frames import in_year, monthly_counts, unavailable
from .sources import AUDIENCIAS, FISCALIZACOES, NAME, NOT_HELD, SINDEC
from .vocabularies import type_table


def atendimentos_of_year(at: pd.DataFrame, year: int) -> pd.DataFrame:
    """A Sindec atendimento counts in the year of DataAtendimento."""
    return at[in_year(at["data_atendimento"], year)]


def audiencias_of_year(aud: pd.DataFrame, year: int) -> pd.DataFrame:
    """An audiência counts in the year it was held (Situação = Realizada:
    :data:`NOT_HELD` never counts)."""
    return aud[in_year(aud["data"], year) & ~NOT_HELD.mask(aud)]


def fiscalizacoes_of_year(fis: pd.DataFrame, year: int) -> pd.DataFrame:
    return fis[in_year(fis["data"], year)]


def counted(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """The rows of ``year`` that count, per dataset (the rules above)."""
    return {
        "atendimentos": atendimentos_of_year(clean["atendimentos"], year),
        "audiencias": audiencias_of_year(clean["audiencias"], year),
        "fiscalizacoes": fiscalizacoes_of_year(clean["fiscalizacoes"], year),
    }


def summarise(clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]:
    """The department's figures of ``year``. The published total of
    atendimentos is the Sindec atendimentos plus audiências plus fiscalizações."""
    c = counted(clean, year=year)
    at, aud, fis = c["atendimentos"], c["audiencias"], c["fiscalizacoes"]
    cips = int((at["categoria"] == "cip").sum())
    prelim = int((at["categoria"] == "atendimento_preliminar").sum())
    all_src = (*SINDEC.files, *AUDIENCIAS.files, *FISCALIZACOES.files)
    return [
        Indicator(
            "procon_atendimentos",
            NAME,
            "Atendimentos do Procon",
            "Todos os atendimentos do ano no Sindec (pela data do atendimento), de qualquer tipo "
            "(Simples Consulta, CIP, Atendimento Preliminar, Abertura Direta de Reclamação, "
            "Cálculo e os demais), mais as audiências realizadas e as fiscalizações do ano. "
            "Não é só a soma de CIPs e atendimentos preliminares.",
            COUNT,
            len(at) + len(aud) + len(fis),
            all_src,
        ),
        Indicator(
            "procon_cips",
            NAME,
            "Cartas de Informação Preliminar (CIPs)",
            "Atendimentos do ano no Sindec do tipo CIP.",
            COUNT,
            cips,
            SINDEC.files,
        ),
        Indicator(
            "procon_atendimentos_preliminares",
            NAME,
            "Atendimentos preliminares",
            "Atendimentos do ano no Sindec do tipo Atendimento Preliminar.",
            COUNT,
            prelim,
            SINDEC.files,
        ),
        Indicator(
            "procon_audiencias",
            NAME,
            "Audiências realizadas",
            "Audiências de conciliação do ano com situação Realizada (canceladas e "
            "redesignadas não contam).",
            COUNT,
            len(aud),
            AUDIENCIAS.files,
        ),
        Indicator(
            "procon_fiscalizacoes",
            NAME,
            "Fiscalizações",
            "Fiscalizações em estabelecimentos comerciais com data no ano.",
            COUNT,
            len(fis),
            FISCALIZACOES.files,
        ),
    ]


def breakdowns(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """Tables for the report: atendimentos by type and month; fiscalizações by outcome."""
    c = counted(clean, year=year)
    at, aud, fis = c["atendimentos"], c["audiencias"], c["fiscalizacoes"]
    labels = type_table().drop_duplicates("categoria").set_index("categoria")["rotulo"]
    by_type = pd.concat(
        [
            at["categoria"]
            .map(labels)
            .value_counts()
            .rename_axis("tipo")
            .reset_index(name="quantidade"),
            pd.DataFrame(
                {
                    "tipo": ["Audiências realizadas", "Fiscalizações"],
                    "quantidade": [len(aud), len(fis)],
                }
            ),
        ],
        ignore_index=True,
    ).sort_values("quantidade", ascending=False, ignore_index=True)
    by_month = monthly_counts(at["data_atendimento"], year)
    # Blank results and subjects stay missing here; formatting shows them as "Não informado".
    outcome = (
        fis["resultado"]
        .value_counts(dropna=False)
        .rename_axis("resultado")
        .reset_index(name="quantidade")
    )
    hearings = (
        aud["resultado"]
        .value_counts(dropna=False)
        .rename_axis("resultado")
        .reset_index(name="quantidade")
    )
    subjects = pd.DataFrame({"assunto": [], "quantidade": []})
    if "grupoassunto" not in at.columns:
        subjects = unavailable(subjects, "a exportação do Sindec não tem a coluna GrupoAssunto")
    elif at["grupoassunto"].map(is_missing).all():
        subjects = unavailable(
            subjects, f"nenhum atendimento de {year} no Sindec tem o GrupoAssunto preenchido"
        )
    else:
        subjects = (
            at["grupoassunto"]
            .value_counts(dropna=False)
            .head(8)
            .rename_axis("assunto")
            .reset_index(name="quantidade")
        )
    return {
        "por_tipo": by_type,
        "por_mes": by_month,
        "fiscalizacoes_resultado": outcome,
        "audiencias_resultado": hearings,
        "por_assunto": subjects,
    }
