"""Comunicação: press releases published on the city's WordPress site, and the
press office's log of demands from the press.

Its modules, by job: ``sources`` (the source systems and what the checks look at),
``vocabularies``, ``loading`` (I/O), ``cleaning``, ``rules`` (what counts, the figures,
the tables); ``sentences``, ``views``, ``generator``, ``open_data`` and ``columns``.
"""

from __future__ import annotations

from ..base import lazy_parts
from .cleaning import clean, clean_categories, clean_demands, clean_posts
from .loading import load
from .rules import (
    answered_of_year,
    breakdowns,
    counted,
    releases_of_year,
    response_days,
    response_unavailable,
    summarise,
)
from .sources import (
    ANSWERED,
    ARTICLE,
    CATEGORIES,
    CHECKS,
    COMPANIONS,
    COVER_TITLE,
    DATES,
    DEMAND_COLUMNS,
    DEMANDS,
    EXCLUDED,
    NAME,
    OTHER_DATES,
    POSTS,
    PUBLISHED,
    SOURCES,
    TITLE,
)
from .vocabularies import SITUACAO_DEMANDA, STATUS_POST, VOCABULARIES

# isort: split
# The department's sentences (cheap) now; its views and sample generator on first use.
from . import sentences as sentences  # noqa: E402

__getattr__ = lazy_parts(__name__)

__all__ = [
    "CHECKS",
    "COMPANIONS",
    "ANSWERED",
    "ARTICLE",
    "CATEGORIES",
    "COVER_TITLE",
    "DATES",
    "DEMANDS",
    "DEMAND_COLUMNS",
    "EXCLUDED",
    "NAME",
    "OTHER_DATES",
    "POSTS",
    "PUBLISHED",
    "SITUACAO_DEMANDA",
    "SOURCES",
    "STATUS_POST",
    "TITLE",
    "VOCABULARIES",
    "answered_of_year",
    "breakdowns",
    "clean",
    "clean_categories",
    "clean_demands",
    "clean_posts",
    "counted",
    "load",
    "releases_of_year",
    "response_days",
    "response_unavailable",
    "sentences",
    "summarise",
]
