"""Convênios: federal agreements (Transferegov), state agreements (the
department's spreadsheet) and the ofícios register.

Its modules, by job: ``sources`` (the source systems and what the checks look at),
``vocabularies``, ``loading`` (I/O), ``cleaning``, ``rules`` (what counts, the figures,
the tables); ``sentences``, ``views``, ``generator``, ``open_data`` and ``columns``.
"""

from __future__ import annotations

from ..base import lazy_parts
from .cleaning import clean, clean_federal, clean_oficios, clean_state
from .loading import load, load_federal, municipal_rows, name_pattern
from .rules import breakdowns, counted, federal_of_year, oficios_of_year, state_of_year, summarise
from .sources import (
    ARTICLE,
    BOUNDED,
    CHECKS,
    CONVENIO_COLUMNS,
    COVER_TITLE,
    DATES,
    EXCLUDED,
    FEDERAL_CONVENIO,
    FEDERAL_PROPOSTA,
    FEDERAL_VOID,
    NAME,
    OFICIO_CANCELLED,
    OFICIO_COLUMNS,
    OFICIOS,
    PROPOSTA_COLUMNS,
    SOURCES,
    STATE,
    STATE_CANCELLED,
    STATE_COLUMNS,
    TITLE,
    VOID,
)
from .vocabularies import (
    NATUREZA,
    SITUACAO_ESTADUAL,
    SITUACAO_FEDERAL,
    SITUACAO_OFICIO,
    VOCABULARIES,
)

# isort: split
# The department's sentences (cheap) now; its views and sample generator on first use.
from . import sentences as sentences  # noqa: E402

__getattr__ = lazy_parts(__name__)

__all__ = [
    "CHECKS",
    "ARTICLE",
    "BOUNDED",
    "CONVENIO_COLUMNS",
    "COVER_TITLE",
    "DATES",
    "EXCLUDED",
    "FEDERAL_CONVENIO",
    "FEDERAL_PROPOSTA",
    "FEDERAL_VOID",
    "NAME",
    "NATUREZA",
    "OFICIOS",
    "OFICIO_CANCELLED",
    "OFICIO_COLUMNS",
    "PROPOSTA_COLUMNS",
    "SITUACAO_ESTADUAL",
    "SITUACAO_FEDERAL",
    "SITUACAO_OFICIO",
    "SOURCES",
    "STATE",
    "STATE_CANCELLED",
    "STATE_COLUMNS",
    "TITLE",
    "VOCABULARIES",
    "VOID",
    "breakdowns",
    "clean",
    "clean_federal",
    "clean_oficios",
    "clean_state",
    "counted",
    "federal_of_year",
    "load",
    "load_federal",
    "municipal_rows",
    "name_pattern",
    "oficios_of_year",
    "sentences",
    "state_of_year",
    "summarise",
]
