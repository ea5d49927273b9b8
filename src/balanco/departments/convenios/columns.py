"""What Convênios' raw files must look like (see balanco.departments.layout)."""

from __future__ import annotations

from ..layout import CODE, DATE, MONEY, TEXT, Field, Layout, category
from . import (
    FEDERAL_CONVENIO,
    FEDERAL_PROPOSTA,
    NATUREZA,
    OFICIOS,
    SITUACAO_ESTADUAL,
    SITUACAO_FEDERAL,
    SITUACAO_OFICIO,
    STATE,
)

NATIONAL = (
    "Arquivo nacional de dados abertos do Transferegov (separador `;`, UTF-8 ou latin-1, "
    "datas DD/MM/AAAA, valores como 119473,56); as demais colunas do arquivo são ignoradas."
)

LAYOUTS = (
    Layout(
        FEDERAL_CONVENIO.key,
        FEDERAL_CONVENIO.files[0],
        "convênios federais",
        (
            Field("NR_CONVENIO", CODE, "789952", description="Número do convênio."),
            Field("ID_PROPOSTA", CODE, "722642", description="Liga o convênio à proposta."),
            Field(
                "DIA_ASSIN_CONV",
                DATE,
                "26/12/2013",
                description="Data de assinatura: o convênio conta no ano dela.",
            ),
            category(SITUACAO_FEDERAL, "Em execução"),
            Field("VL_GLOBAL_CONV", MONEY, "1611000"),
            Field(
                "VL_REPASSE_CONV",
                MONEY,
                "1482100",
                description="Repasse da União: o valor somado no balanço.",
            ),
            Field("VL_CONTRAPARTIDA_CONV", MONEY, "128900"),
        ),
        note=NATIONAL,
    ),
    Layout(
        FEDERAL_PROPOSTA.key,
        FEDERAL_PROPOSTA.files[0],
        "propostas dos convênios federais",
        (
            Field("ID_PROPOSTA", CODE, "722642"),
            Field("UF_PROPONENTE", TEXT, "SP"),
            Field("MUNIC_PROPONENTE", TEXT, "SÃO PAULO"),
            Field(
                "COD_MUNIC_IBGE",
                CODE,
                "3550308",
                description="Código IBGE do município; sem ele, valem a UF e o nome.",
            ),
            category(NATUREZA, "Administração Pública Municipal"),
            Field("DESC_ORGAO_SUP", TEXT, "MINISTÉRIO DA SAÚDE"),
            Field("OBJETO_PROPOSTA", TEXT, "Reforma da UBS Central"),
        ),
        note=NATIONAL,
    ),
    Layout(
        STATE.key,
        STATE.files[0],
        "convênios estaduais",
        (
            Field("Nº", CODE, "001/2024"),
            Field("Objeto", TEXT, "Reforma da praça central"),
            Field("Órgão Concedente", TEXT, "Secretaria da Saúde"),
            Field(
                "Data de Assinatura",
                DATE,
                "05/02/2024",
                description="O convênio conta no ano da assinatura; um cancelado pode "
                "ficar sem data.",
            ),
            Field("Valor do Repasse", MONEY, "1.000.000,00"),
            category(SITUACAO_ESTADUAL, "Em execução"),
        ),
        template=True,
        note="Planilha mantida pelo departamento. Linhas de título acima do cabeçalho são "
        "aceitas; uma linha TOTAL no fim é conferida com a soma das linhas e descartada.",
    ),
    Layout(
        OFICIOS.key,
        OFICIOS.files[0],
        "ofícios",
        (
            Field("Número", CODE, "012/2024"),
            Field(
                "Data",
                DATE,
                "10/01/2024",
                description="O ofício conta no ano desta data; um número cancelado pode "
                "ficar sem data.",
            ),
            Field("Destinatário", TEXT, "Ministério da Saúde"),
            Field("Assunto", TEXT, "Pedido de recursos para a UBS"),
            category(SITUACAO_OFICIO, "Enviado"),
        ),
        note="Livro de registro em CSV (separador `;`).",
    ),
)
