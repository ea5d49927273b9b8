"""Publishing a year's open data: open the year (preparing it when missing or
stale) and write ``reports/<ano>/dados-abertos/`` from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .open_data import free_text, writer
from .open_data.datasets import known_datasets
from .open_data.lgpd import K_DEFAULT
from .pipeline import YearData, open_year
from .settings import Settings


def export(
    settings: Settings,
    year: int,
    *,
    k: int = K_DEFAULT,
    data: YearData | None = None,
    on_wait: Callable[[], None] | None = None,
) -> Path:
    """Write ``reports/<ano>/dados-abertos/`` (atomically: a new folder is filled
    beside the old one and swapped in only when complete) and return it.

    Under the year's report lock (``build.staging.lock_path``, taken before the
    processed data's, as a build does): a build replaces ``reports/<ano>`` whole
    with its staged copy, and open data written meanwhile would be lost with the
    old folder. ``on_wait`` is called once if a build holds the lock."""
    from .build.staging import lock_path
    from .fingerprint import locked

    # A free-text opt-in the municipality's file gets wrong stops here, before anything.
    free_text.chosen(settings, known_datasets())
    with locked(lock_path(settings, year), on_wait=on_wait):
        if data is None:
            data = open_year(settings, year)
        return writer.write(settings, data, k=k)


def reports_behind(settings: Settings, year: int, folder: Path) -> str | None:
    """What the year's reports lack for the open data just written to ``folder``
    (Portuguese, or None): built from other processed data (their figures differ,
    and their HTML may link to these), or built without the link to them. Reports
    built before their record held the digest say nothing."""
    from .build.plan import BUILT_FROM, LINK, read_record
    from .open_data.origin import CURRENT, recorded_digest

    digest = recorded_digest(folder)
    entries = [
        e for e in read_record(settings, year).get("notebooks", {}).values() if isinstance(e, dict)
    ]
    if any(e.get(BUILT_FROM) not in (None, digest) for e in entries):
        return "foram gerados a partir de outros dados processados que não os destes dados abertos"
    if any((e.get("entradas") or {}).get(LINK) != CURRENT for e in entries):
        return "ainda não têm, no HTML, o link para estes dados abertos"
    return None
