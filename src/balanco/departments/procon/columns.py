"""What the Procon's raw files must look like (see balanco.departments.layout)."""

from __future__ import annotations

from ..layout import CODE, DATE, DATETIME, INTEGER, TEXT, Field, Layout, category
from . import (
    AUDIENCIAS,
    FISCALIZACOES,
    RESULTADO_AUDIENCIA,
    RESULTADO_FISCALIZACAO,
    SINDEC,
    SITUACAO_AUDIENCIA,
    tipo_vocabulary,
)

LAYOUTS = (
    Layout(
        SINDEC.key,
        SINDEC.files[0],
        "atendimentos do Sindec",
        (
            Field(
                "DataAtendimento",
                DATETIME,
                "24/05/2023 15:58",
                description="O atendimento conta no ano desta data (também "
                "2019-10-04 11:12:54.000).",
            ),
            category(tipo_vocabulary(), "CIP"),
            Field("GrupoAssunto", TEXT, "Serviços Essenciais", required=False),
            Field("DescricaoAssunto", TEXT, "Telefonia Celular", required=False),
            Field("FaixaEtariaConsumidor", TEXT, "entre 31 a 40 anos", required=False),
            Field("SexoConsumidor", TEXT, "F", required=False),
            Field(
                "CEPConsumidor",
                CODE,
                "8576000",
                required=False,
                description="O zero à esquerda perdido é recolocado.",
            ),
        ),
        note="Dados abertos do Sindec (separador `;`, `NULL` ou vazio para ausente).",
    ),
    Layout(
        AUDIENCIAS.key,
        AUDIENCIAS.files[0],
        "audiências de conciliação",
        (
            Field("Nº", INTEGER, "1"),
            Field(
                "Data",
                DATE,
                "05/03/2024",
                description="A audiência realizada conta no ano desta data; uma não "
                "realizada (agendada, redesignada, cancelada) pode ficar sem data.",
            ),
            Field("Processo", CODE, "0123/2024"),
            Field("Fornecedor", TEXT, "Loja Exemplo Ltda."),
            category(SITUACAO_AUDIENCIA, "Realizada"),
            category(RESULTADO_AUDIENCIA, "Acordo"),
        ),
        template=True,
        note="Planilha mantida pelo Procon.",
    ),
    Layout(
        FISCALIZACOES.key,
        FISCALIZACOES.files[0],
        "fiscalizações",
        (
            Field("Nº", INTEGER, "1"),
            Field("Data", DATE, "12/04/2024"),
            Field("Estabelecimento", TEXT, "Mercado Exemplo"),
            Field("Ramo", TEXT, "Supermercado"),
            Field("Bairro", TEXT, "Centro"),
            category(RESULTADO_FISCALIZACAO, "Regular"),
        ),
        template=True,
        note="Planilha mantida pelo Procon.",
    ),
)
