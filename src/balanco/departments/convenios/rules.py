"""Convênios: which records count in a year, the figures and the report's tables."""

from __future__ import annotations

import pandas as pd

from ...rounding import rounded
from ..base import COUNT, MONEY, Indicator
from ..frames import in_year
from .sources import (
    FEDERAL_CONVENIO,
    FEDERAL_PROPOSTA,
    FEDERAL_VOID,
    NAME,
    OFICIO_CANCELLED,
    OFICIOS,
    STATE,
    STATE_CANCELLED,
)


def federal_of_year(conv: pd.DataFrame, year: int) -> pd.DataFrame:
    """A federal convênio counts in the year it was signed (DIA_ASSIN_CONV),
    unless annulled or cancelled (:data:`FEDERAL_VOID`)."""
    return conv[in_year(conv["data_assinatura"], year) & ~FEDERAL_VOID.mask(conv)]


def state_of_year(conv: pd.DataFrame, year: int) -> pd.DataFrame:
    """A state convênio counts in the year it was signed, unless cancelled
    (:data:`STATE_CANCELLED`)."""
    return conv[in_year(conv["data_assinatura"], year) & ~STATE_CANCELLED.mask(conv)]


def oficios_of_year(reg: pd.DataFrame, year: int) -> pd.DataFrame:
    """An ofício counts in the year of its date; a cancelled number does not count
    (:data:`OFICIO_CANCELLED`)."""
    return reg[in_year(reg["data"], year) & ~OFICIO_CANCELLED.mask(reg)]


def counted(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """The rows of ``year`` that count, per dataset (the rules above)."""
    return {
        "convenios_federais": federal_of_year(clean["convenios_federais"], year),
        "convenios_estaduais": state_of_year(clean["convenios_estaduais"], year),
        "oficios": oficios_of_year(clean["oficios"], year),
    }


def summarise(clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]:
    """The department's figures of ``year``."""
    c = counted(clean, year=year)
    fed, est, ofi = c["convenios_federais"], c["convenios_estaduais"], c["oficios"]
    fed_value = rounded(float(fed["valor_repasse"].sum()), 2)
    est_value = rounded(float(est["valor_repasse"].sum()), 2)
    fed_src = (FEDERAL_CONVENIO.files[0], FEDERAL_PROPOSTA.files[0])
    return [
        Indicator(
            "convenios_federais",
            NAME,
            "Convênios federais celebrados",
            # Written for a citizen; the export's columns behind each condition
            # (COD_MUNIC_IBGE, DIA_ASSIN_CONV, SIT_CONVENIO) are in the open data's
            # dictionary.
            "Convênios do Transferegov cuja proposta é da Prefeitura: com o código IBGE "
            "do município (sem o código, com a UF e o nome do município ou uma das "
            "variantes do nome aceitas) e com a natureza jurídica Administração Pública "
            "Municipal (organizações da sociedade civil ficam de fora); contam no ano da "
            "assinatura, não no da proposta; os anulados ou cancelados não contam.",
            COUNT,
            len(fed),
            fed_src,
        ),
        Indicator(
            "convenios_federais_valor",
            NAME,
            "Valor dos convênios federais",
            "Soma do valor de repasse da União desses convênios; a contrapartida do "
            "município não é recurso captado.",
            MONEY,
            fed_value,
            fed_src,
        ),
        Indicator(
            "convenios_estaduais",
            NAME,
            "Convênios estaduais celebrados",
            "Convênios da planilha do departamento assinados no ano (Data de Assinatura), "
            "exceto os de situação Cancelado. A linha TOTAL da planilha é conferida com a "
            "soma das linhas e descartada.",
            COUNT,
            len(est),
            STATE.files,
        ),
        Indicator(
            "convenios_estaduais_valor",
            NAME,
            "Valor dos convênios estaduais",
            "Soma do valor do repasse do Estado desses convênios.",
            MONEY,
            est_value,
            STATE.files,
        ),
        Indicator(
            "recursos_captados",
            NAME,
            "Total de recursos captados",
            "Repasses federais mais estaduais dos convênios celebrados no ano, somados "
            "antes de arredondar.",
            MONEY,
            rounded(fed_value + est_value, 2),
            (*fed_src, *STATE.files),
        ),
        Indicator(
            "oficios",
            NAME,
            "Ofícios enviados",
            "Ofícios registrados no livro do departamento com data no ano, exceto números "
            "cancelados.",
            COUNT,
            len(ofi),
            OFICIOS.files,
        ),
    ]


def breakdowns(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """Tables for the report: by granting body, by month of signature."""
    c = counted(clean, year=year)
    both = pd.concat([c["convenios_federais"], c["convenios_estaduais"]], ignore_index=True)
    by_body = (
        # dropna=False: a convênio without a granting body still counts (shown "Não informado").
        both.groupby(["esfera", "orgao_concedente"], as_index=False, dropna=False)
        .agg(quantidade=("nr_convenio", "size"), valor_repasse=("valor_repasse", "sum"))
        .sort_values("valor_repasse", ascending=False, ignore_index=True)
    )
    months = pd.to_datetime(both["data_assinatura"]).dt.month
    by_month = (
        both.assign(mes=months)
        .pivot_table(
            index="mes", columns="esfera", values="valor_repasse", aggfunc="sum", fill_value=0.0
        )
        .reindex(range(1, 13), fill_value=0.0)
        .reindex(columns=["federal", "estadual"], fill_value=0.0)
        .rename_axis(columns=None)
        .reset_index()
    )
    listing = both[
        ["esfera", "nr_convenio", "data_assinatura", "orgao_concedente", "objeto", "valor_repasse"]
    ].sort_values(["esfera", "data_assinatura"], ignore_index=True)
    return {"por_orgao": by_body, "por_mes": by_month, "lista": listing}
