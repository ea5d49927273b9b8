"""Procon: the closed vocabularies of the columns that decide whether a record counts."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import pandas as pd

from ...io import fold
from ..vocabulary import Vocabulary
from .sources import AUDIENCIAS, FISCALIZACOES, SINDEC

#: The closed vocabularies of the columns that decide whether a record counts or
#: in which category (``balanco.departments.vocabulary``). The Sindec types are
#: those of ``resources/sindec_tipos.csv`` (:func:`tipo_vocabulary`).
SITUACAO_AUDIENCIA = Vocabulary(
    AUDIENCIAS.key,
    "Situação",
    ("Agendada", "Realizada", "Redesignada", "Cancelada"),
    "uma situação de audiência",
    "Só as audiências Realizada contam (vazio: não realizada).",
    required=False,
)
RESULTADO_AUDIENCIA = Vocabulary(
    AUDIENCIAS.key,
    "Resultado",
    ("Acordo", "Sem acordo", "Fornecedor ausente", "Consumidor ausente"),
    "um resultado de audiência",
    "Categoria do gráfico de resultados das audiências; vazio nas não realizadas "
    "(aparece como Não informado).",
    required=False,
)
RESULTADO_FISCALIZACAO = Vocabulary(
    FISCALIZACOES.key,
    "Resultado",
    ("Regular", "Orientado", "Notificado", "Autuado", "Interditado"),
    "um resultado de fiscalização",
    "Categoria do gráfico de resultados das fiscalizações; todas as fiscalizações do ano "
    "contam, e um resultado vazio aparece como Não informado.",
    required=False,
)


@cache
def type_table() -> pd.DataFrame:
    """The editable table mapping Sindec's DescricaoTipoAtendimento to a report
    category (``resources/sindec_tipos.csv``). Spellings are not confirmed by
    Sindec's documentation: add a line there when an export spells a type anew."""
    text = resources.files("balanco").joinpath("resources/sindec_tipos.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    return pd.DataFrame(rows).assign(chave=lambda d: d["descricao"].map(fold))


@cache
def tipo_vocabulary() -> Vocabulary:
    """Sindec's DescricaoTipoAtendimento: the descriptions of the editable table
    (``resources/sindec_tipos.csv``); each description's category is the table's."""
    return Vocabulary(
        SINDEC.key,
        "DescricaoTipoAtendimento",
        tuple(type_table()["descricao"]),
        "um tipo de atendimento do Sindec (resources/sindec_tipos.csv)",
        "Todos os tipos contam nos atendimentos; CIP e Atendimento Preliminar têm "
        "indicadores próprios.",
        note="Grafias não confirmadas pela documentação do Sindec: uma grafia nova do "
        "Sindec entra como linha nova em resources/sindec_tipos.csv.",
    )


VOCABULARIES = (tipo_vocabulary(), SITUACAO_AUDIENCIA, RESULTADO_AUDIENCIA, RESULTADO_FISCALIZACAO)
