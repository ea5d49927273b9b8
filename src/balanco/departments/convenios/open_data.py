"""The open-data datasets of Convênios (``balanco exportar``): each processed table
published, its columns, their descriptions and what is done to personal data before
publication (LGPD). The rule of ``conta_no_indicador`` is the department's own.
"""

from __future__ import annotations

from ...open_data_spec import (
    CABINET,
    MONEY,
    NO_PERSONAL,
    OMITTED,
    REDACT,
    Column,
    Dataset,
    ano_column,
    counts_column,
    line_column,
)
from . import (
    federal_of_year,
    oficios_of_year,
    state_of_year,
)

CONVENIOS_FEDERAIS = Dataset(
    "convenios_federais",
    "convenios",
    "convenios_federais",
    "Convênios federais da Prefeitura (Transferegov)",
    "siconv_convenio.csv",
    federal_of_year,
    "convenios_federais, convenios_federais_valor",
    (
        ano_column("da assinatura do convênio", "DIA_ASSIN_CONV"),
        Column(
            "nr_convenio",
            "nr_convenio",
            "string",
            "Número do convênio no Transferegov.",
            "NR_CONVENIO",
            NO_PERSONAL,
        ),
        Column(
            "id_proposta",
            "id_proposta",
            "string",
            "Identificador da proposta no Transferegov.",
            "ID_PROPOSTA",
            NO_PERSONAL,
        ),
        Column("esfera", "esfera", "string", "Esfera do concedente: federal.", "", NO_PERSONAL),
        Column(
            "data_assinatura",
            "data_assinatura",
            "date",
            "Data de assinatura do convênio.",
            "DIA_ASSIN_CONV",
            NO_PERSONAL,
        ),
        Column(
            "situacao",
            "situacao",
            "string",
            "Situação do convênio no Transferegov.",
            "SIT_CONVENIO",
            NO_PERSONAL,
        ),
        Column(
            "orgao_concedente",
            "orgao_concedente",
            "string",
            "Órgão superior concedente (siconv_proposta.csv).",
            "DESC_ORGAO_SUP",
            NO_PERSONAL,
            raw_file="siconv_proposta.csv",
        ),
        Column(
            "objeto",
            "objeto",
            "string",
            "Objeto da proposta (siconv_proposta.csv); já público no Transferegov.",
            "OBJETO_PROPOSTA",
            NO_PERSONAL,
            raw_file="siconv_proposta.csv",
        ),
        Column(
            "valor_global",
            "valor_global",
            "number",
            "Valor global do convênio.",
            "VL_GLOBAL_CONV",
            NO_PERSONAL,
            unit=MONEY,
        ),
        Column(
            "valor_repasse",
            "valor_repasse",
            "number",
            "Valor do repasse da União.",
            "VL_REPASSE_CONV",
            NO_PERSONAL,
            unit=MONEY,
        ),
        Column(
            "valor_contrapartida",
            "valor_contrapartida",
            "number",
            "Valor da contrapartida do município.",
            "VL_CONTRAPARTIDA_CONV",
            NO_PERSONAL,
            unit=MONEY,
        ),
        Column(
            "natureza_juridica",
            "natureza_juridica",
            "string",
            "Natureza jurídica do proponente (siconv_proposta.csv).",
            "NATUREZA_JURIDICA",
            NO_PERSONAL,
            raw_file="siconv_proposta.csv",
        ),
        Column(
            "cod_municipio_ibge",
            "cod_municipio_ibge",
            "string",
            "Código IBGE do município proponente, como texto (siconv_proposta.csv).",
            "COD_MUNIC_IBGE",
            NO_PERSONAL,
            raw_file="siconv_proposta.csv",
        ),
        line_column("siconv_convenio.csv"),
        counts_column(
            "assinado no ano (DIA_ASSIN_CONV) e não anulado nem cancelado (SIT_CONVENIO)."
        ),
    ),
)


CONVENIOS_ESTADUAIS = Dataset(
    "convenios_estaduais",
    "convenios",
    "convenios_estaduais",
    "Convênios estaduais (planilha do Departamento de Convênios)",
    "convenios_estaduais.xlsx",
    state_of_year,
    "convenios_estaduais, convenios_estaduais_valor",
    (
        ano_column("da assinatura do convênio", "Data de Assinatura"),
        Column("nr_convenio", "nr_convenio", "string", "Número do convênio.", "Nº", NO_PERSONAL),
        Column("esfera", "esfera", "string", "Esfera do concedente: estadual.", "", NO_PERSONAL),
        Column(
            "data_assinatura",
            "data_assinatura",
            "date",
            "Data de assinatura.",
            "Data de Assinatura",
            NO_PERSONAL,
        ),
        Column("situacao", "situacao", "string", "Situação do convênio.", "Situação", NO_PERSONAL),
        Column(
            "orgao_concedente",
            "orgao_concedente",
            "string",
            "Órgão estadual concedente.",
            "Órgão Concedente",
            NO_PERSONAL,
        ),
        Column("objeto", "objeto", "string", "Objeto do convênio.", "Objeto", NO_PERSONAL),
        Column(
            "valor_repasse",
            "valor_repasse",
            "number",
            "Valor do repasse do Estado.",
            "Valor do Repasse",
            NO_PERSONAL,
            unit=MONEY,
        ),
        line_column("convenios_estaduais.xlsx"),
        counts_column("assinado no ano e não cancelado."),
    ),
)


OFICIOS = Dataset(
    "oficios",
    "convenios",
    "oficios",
    "Ofícios do Departamento de Convênios",
    "oficios.csv",
    oficios_of_year,
    "oficios",
    (
        ano_column("do ofício", "Data"),
        Column("numero", "numero", "string", "Número do ofício.", "Número", NO_PERSONAL),
        Column("data", "data", "date", "Data do ofício.", "Data", NO_PERSONAL),
        Column(
            "destinatario",
            "destinatario",
            "string",
            "Órgão destinatário do ofício.",
            "Destinatário",
            "generalizada: o nome da pessoa depois de “Gabinete de” é substituído por "
            f"“{OMITTED}”; fica o órgão",
            CABINET,
            personal="pode conter nome de pessoa (parlamentar)",
        ),
        Column(
            "assunto",
            "assunto",
            "string",
            "Assunto do ofício.",
            "Assunto",
            f"texto livre: nomes de pessoas dos registros do ano trocados por “{OMITTED}”",
            REDACT,
            personal="texto livre; pode conter nome de pessoa",
        ),
        Column("situacao", "situacao", "string", "Situação do ofício.", "Situação", NO_PERSONAL),
        line_column("oficios.csv"),
        counts_column("ofício com data no ano e número não cancelado."),
    ),
)


#: The department's published datasets, in the order of the report.
DATASETS = (CONVENIOS_FEDERAIS, CONVENIOS_ESTADUAIS, OFICIOS)
