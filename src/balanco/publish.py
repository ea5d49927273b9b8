"""Publishing a year's open data: open the year (preparing it when missing or
stale) and write ``reports/<ano>/dados-abertos/`` from it."""

from __future__ import annotations

from pathlib import Path

from .open_data import free_text, writer
from .open_data.datasets import known_datasets
from .open_data.lgpd import K_DEFAULT
from .pipeline import YearData, open_year
from .settings import Settings


def export(
    settings: Settings, year: int, *, k: int = K_DEFAULT, data: YearData | None = None
) -> Path:
    """Write ``reports/<ano>/dados-abertos/`` (atomically: a new folder is filled
    beside the old one and swapped in only when complete) and return it."""
    # A free-text opt-in the municipality's file gets wrong stops here, before anything.
    free_text.chosen(settings, known_datasets())
    if data is None:
        data = open_year(settings, year)
    return writer.write(settings, data, k=k)
