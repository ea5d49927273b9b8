"""CPD (Centro de Processamento de Dados): helpdesk tickets exported from GLPI 10,
and the year's projects (qualitative, from the highlights file).

Its modules, by job: ``sources`` (the source systems and what the checks look at),
``vocabularies``, ``loading`` (I/O), ``cleaning``, ``rules`` (what counts, the figures,
the tables); ``sentences``, ``views``, ``generator``, ``open_data`` and ``columns``.
"""

from __future__ import annotations

from ..base import lazy_parts
from .cleaning import clean, clean_tickets
from .loading import load
from .rules import (
    breakdowns,
    category_unavailable,
    counted,
    solution_days,
    solution_unavailable,
    summarise,
    tickets_of_year,
)
from .sources import (
    ARTICLE,
    COVER_TITLE,
    DATES,
    GLPI_DATE_EXPECTED,
    GLPI_DATES,
    NAME,
    OPTIONAL,
    OTHER_DATES,
    REQUIRED,
    SOURCES,
    TICKETS,
    TITLE,
)
from .vocabularies import SOLVED, STATUS, STATUSES, VOCABULARIES

# isort: split
# The department's sentences (cheap) now; its views and sample generator on first use.
from . import sentences as sentences  # noqa: E402

__getattr__ = lazy_parts(__name__)

__all__ = [
    "ARTICLE",
    "COVER_TITLE",
    "DATES",
    "GLPI_DATES",
    "GLPI_DATE_EXPECTED",
    "NAME",
    "OPTIONAL",
    "OTHER_DATES",
    "REQUIRED",
    "SOLVED",
    "SOURCES",
    "STATUS",
    "STATUSES",
    "TICKETS",
    "TITLE",
    "VOCABULARIES",
    "breakdowns",
    "category_unavailable",
    "clean",
    "clean_tickets",
    "counted",
    "load",
    "sentences",
    "solution_days",
    "solution_unavailable",
    "summarise",
    "tickets_of_year",
]
