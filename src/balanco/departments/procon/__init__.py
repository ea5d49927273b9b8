"""Procon: atendimentos registered in Sindec, plus the Procon's own registers of
audiências (conciliation hearings) and fiscalizações (inspections of shops).

Its modules, by job: ``sources`` (the source systems and what the checks look at),
``vocabularies``, ``loading`` (I/O), ``cleaning``, ``rules`` (what counts, the figures,
the tables); ``sentences``, ``views``, ``generator``, ``open_data`` and ``columns``.
"""

from __future__ import annotations

from ..base import lazy_parts
from .cleaning import cep, clean, clean_atendimentos, clean_audiencias, clean_fiscalizacoes
from .loading import load
from .rules import (
    atendimentos_of_year,
    audiencias_of_year,
    breakdowns,
    counted,
    fiscalizacoes_of_year,
    summarise,
)
from .sources import (
    ARTICLE,
    AUDIENCIA_COLUMNS,
    AUDIENCIAS,
    COVER_TITLE,
    DATES,
    EXCLUDED,
    FISCALIZACAO_COLUMNS,
    FISCALIZACOES,
    HELD,
    NAME,
    NOT_HELD,
    SINDEC,
    SINDEC_COLUMNS,
    SINDEC_OPTIONAL,
    SOURCES,
    TITLE,
)
from .vocabularies import (
    RESULTADO_AUDIENCIA,
    RESULTADO_FISCALIZACAO,
    SITUACAO_AUDIENCIA,
    VOCABULARIES,
    tipo_vocabulary,
    type_table,
)

# isort: split
# The department's sentences (cheap) now; its views and sample generator on first use.
from . import sentences as sentences  # noqa: E402

__getattr__ = lazy_parts(__name__)

__all__ = [
    "ARTICLE",
    "AUDIENCIAS",
    "AUDIENCIA_COLUMNS",
    "COVER_TITLE",
    "DATES",
    "EXCLUDED",
    "FISCALIZACAO_COLUMNS",
    "FISCALIZACOES",
    "HELD",
    "NAME",
    "NOT_HELD",
    "RESULTADO_AUDIENCIA",
    "RESULTADO_FISCALIZACAO",
    "SINDEC",
    "SINDEC_COLUMNS",
    "SINDEC_OPTIONAL",
    "SITUACAO_AUDIENCIA",
    "SOURCES",
    "TITLE",
    "VOCABULARIES",
    "atendimentos_of_year",
    "audiencias_of_year",
    "breakdowns",
    "cep",
    "clean",
    "clean_atendimentos",
    "clean_audiencias",
    "clean_fiscalizacoes",
    "counted",
    "fiscalizacoes_of_year",
    "load",
    "sentences",
    "summarise",
    "tipo_vocabulary",
    "type_table",
]
