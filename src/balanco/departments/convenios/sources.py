"""Convênios: the source systems and their columns, and what the checks look at
(dated records, bounded money values, the records that never count)."""

from __future__ import annotations

from ..base import Bounded, Dated, Excluded, Source
from . import transferegov

NAME = "convenios"
TITLE = "Convênios"
#: The article of TITLE in running text (no article: "de Convênios"): ``sentences.of``.
ARTICLE = ""
COVER_TITLE = "Convênios"

FEDERAL_CONVENIO = Source(
    "convenios_federais",
    ("siconv_convenio.csv",),
    "Transferegov (dados abertos, arquivo siconv_convenio.csv)",
    "Convênios federais: número, data de assinatura, situação e valores.",
)
FEDERAL_PROPOSTA = Source(
    "propostas_federais",
    ("siconv_proposta.csv",),
    "Transferegov (dados abertos, arquivo siconv_proposta.csv)",
    "Propostas dos convênios federais: proponente, município (código IBGE), órgão e objeto.",
)
STATE = Source(
    "convenios_estaduais",
    ("convenios_estaduais.xlsx",),
    "Planilha do Departamento de Convênios",
    "Convênios estaduais (do governo do estado) controlados pelo departamento.",
)
OFICIOS = Source(
    "oficios",
    ("oficios.csv",),
    "Livro de registro de ofícios do Departamento de Convênios",
    "Ofícios enviados para formalizar parcerias e pedir recursos.",
)
SOURCES = (FEDERAL_CONVENIO, FEDERAL_PROPOSTA, STATE, OFICIOS)

#: What the checks look at (balanco.checks): dated records and bounded money values.
#: None of these is an export of one period: the Transferegov dumps hold every year
#: since 2008, the spreadsheet and the ofícios register are kept across years.
DATES = (
    Dated(
        "convenios_federais",
        "data_assinatura",
        "siconv_convenio.csv",
        "DIA_ASSIN_CONV",
        "convênios da Prefeitura",
    ),
    Dated(
        "convenios_estaduais",
        "data_assinatura",
        "convenios_estaduais.xlsx",
        "Data de Assinatura",
        "convênios estaduais",
    ),
    Dated("oficios", "data", "oficios.csv", "Data", "ofícios"),
)
#: The federal values are read only for the convênios signed in the balance's year
#: (rules.federal_of_year; the previous year is prepared from its own folder): a
#: convênio of another year in the national dump is read by no rule of this balance.
SIGNED = "data_assinatura"
BOUNDED = (
    Bounded(
        "convenios_federais", "valor_repasse", "siconv_convenio.csv", "VL_REPASSE_CONV", SIGNED
    ),
    Bounded("convenios_federais", "valor_global", "siconv_convenio.csv", "VL_GLOBAL_CONV", SIGNED),
    Bounded(
        "convenios_federais",
        "valor_contrapartida",
        "siconv_convenio.csv",
        "VL_CONTRAPARTIDA_CONV",
        SIGNED,
    ),
    Bounded("convenios_estaduais", "valor_repasse", "convenios_estaduais.xlsx", "Valor do Repasse"),
)

CONVENIO_COLUMNS = (
    "NR_CONVENIO",
    "ID_PROPOSTA",
    "DIA_ASSIN_CONV",
    "SIT_CONVENIO",
    "VL_GLOBAL_CONV",
    "VL_REPASSE_CONV",
    "VL_CONTRAPARTIDA_CONV",
)
PROPOSTA_COLUMNS = (
    "ID_PROPOSTA",
    "UF_PROPONENTE",
    "MUNIC_PROPONENTE",
    "COD_MUNIC_IBGE",
    "NATUREZA_JURIDICA",
    "DESC_ORGAO_SUP",
    "OBJETO_PROPOSTA",
)
STATE_COLUMNS = (
    "Nº",
    "Objeto",
    "Órgão Concedente",
    "Data de Assinatura",
    "Valor do Repasse",
    "Situação",
)
OFICIO_COLUMNS = ("Número", "Data", "Destinatário", "Assunto", "Situação")

#: Transferegov situations (SIT_CONVENIO) of agreements that never count.
VOID = ("Convênio Anulado", "Convênio Cancelado")


#: The records the rules (rules.py) never count, by their situation (accepted form, after
#: the vocabularies): the checks do not look at them as if they counted, and no rule
#: reads their values. The counting rules use the same declarations.
FEDERAL_VOID = Excluded("convenios_federais", "situacao", VOID)
STATE_CANCELLED = Excluded("convenios_estaduais", "situacao", ("Cancelado",))
OFICIO_CANCELLED = Excluded("oficios", "situacao", ("Cancelado",))
EXCLUDED = (FEDERAL_VOID, STATE_CANCELLED, OFICIO_CANCELLED)

#: Its source system's own checks (balanco.checks collects them): municipio_ausente.
CHECKS = (transferegov.CHECK,)
