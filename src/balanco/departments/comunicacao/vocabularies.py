"""Comunicação: the closed vocabularies of the columns that decide whether a record counts."""

from __future__ import annotations

from ..vocabulary import Vocabulary
from .sources import DEMANDS, POSTS

#: The closed vocabularies of the columns that decide whether a record counts
#: (``balanco.departments.vocabulary``).
SITUACAO_DEMANDA = Vocabulary(
    DEMANDS.key,
    "Situação",
    ("Em andamento", "Respondida", "Sem retorno", "Sem retorno da secretaria"),
    "uma situação de demanda da imprensa",
    "Respondida (com data da resposta) conta como respondida; as demais e o vazio, como "
    "sem resposta.",
    required=False,
)
#: WordPress's post statuses (REST API, field "status").
STATUS_POST = Vocabulary(
    POSTS.key,
    "status",
    ("publish", "future", "draft", "pending", "private", "trash", "auto-draft", "inherit"),
    "um status de post do WordPress",
    "Só os posts publish contam como releases (rascunhos, agendados, pendentes e privados não).",
    required=False,
    note="Status do próprio WordPress (API REST /wp-json/wp/v2/posts). Sem status: o post "
    "não conta.",
)
VOCABULARIES = (STATUS_POST, SITUACAO_DEMANDA)
