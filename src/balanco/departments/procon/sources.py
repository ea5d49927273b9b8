"""Procon: the source systems and their columns, and what the checks look at
(dated records)."""

from __future__ import annotations

from ..base import Dated, Excluded, Source

NAME = "procon"
TITLE = "Procon"
#: The article of TITLE in running text ("do Procon"): ``sentences.of``.
ARTICLE = "o"
COVER_TITLE = "Procon"

SINDEC = Source(
    "atendimentos",
    ("sindec_atendimentos.csv",),
    "Sindec (Sistema Nacional de Informações de Defesa do Consumidor)",
    "Atendimentos a consumidores registrados pelo Procon no Sindec.",
)
AUDIENCIAS = Source(
    "audiencias",
    ("procon_audiencias.xlsx",),
    "Planilha de audiências do Procon",
    "Audiências de conciliação marcadas e realizadas.",
)
FISCALIZACOES = Source(
    "fiscalizacoes",
    ("procon_fiscalizacoes.xlsx",),
    "Planilha de fiscalizações do Procon",
    "Fiscalizações em estabelecimentos comerciais e seu resultado.",
)
SOURCES = (SINDEC, AUDIENCIAS, FISCALIZACOES)

#: What the checks look at (balanco.checks): dated records.
DATES = (
    Dated(
        "atendimentos",
        "data_atendimento",
        "sindec_atendimentos.csv",
        "DataAtendimento",
        "atendimentos",
        one_period=True,
    ),
    Dated(
        "audiencias",
        "data",
        "procon_audiencias.xlsx",
        "Data",
        "audiências",
        held=("situacao", "REALIZADA"),
    ),
    Dated("fiscalizacoes", "data", "procon_fiscalizacoes.xlsx", "Data", "fiscalizações"),
)

SINDEC_COLUMNS = ("DataAtendimento", "DescricaoTipoAtendimento")
SINDEC_OPTIONAL = (
    "GrupoAssunto",
    "DescricaoAssunto",
    "FaixaEtariaConsumidor",
    "SexoConsumidor",
    "CEPConsumidor",
)
AUDIENCIA_COLUMNS = ("Nº", "Data", "Processo", "Fornecedor", "Situação", "Resultado")
FISCALIZACAO_COLUMNS = ("Nº", "Data", "Estabelecimento", "Ramo", "Bairro", "Resultado")


#: An audiência counts when it took place; scheduled-then-cancelled ones do not.
HELD = "REALIZADA"

#: The records the rules (rules.py) never count, by their situation (accepted form,
#: after the vocabularies): an audiência not held (Agendada, Redesignada, Cancelada or
#: empty). The checks do not look at them as if they counted, cleaning does not
#: require their date, and the counting rule uses the same declaration.
NOT_HELD = Excluded("audiencias", "situacao", ("Realizada",), only=True)
EXCLUDED = (NOT_HELD,)
