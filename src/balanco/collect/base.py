"""The contract between ``balanco coletar`` and each source's collector.

A collector is a function ``collect(ctx: CollectContext) -> list[CollectedFile]``.
It writes every file it collects into ``ctx.staging`` (named as the department
reads it in the year's raw folder) and never touches the raw folder itself: the
command moves a year's collection into place only once every source asked for has
succeeded, so a failed collection leaves the raw folder as it was.

"Nothing changed" is one contract: a collector returns an empty list when the
files it would write are the ones already in place — its entries in
``ctx.previous``, written by ``balanco coletar`` — and then writes nothing; the
command keeps those files and their manifest entries as they are and says the
source had nothing new. How a collector knows is its own affair, as long as it
downloads nothing that did not change: WordPress and GLPI ask for one record and
compare the source's totals and newest modification with the entries' ``totais``;
Transferegov asks only for the load-date file (or the dumps with their validators)
and compares the municipality's records, taken from the machine's cache, with the
entries' SHA-256, ``url``, ``validadores`` and ``totais``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import Settings

#: How the manifest signs the files a collection wrote (``gerado_por``).
SIGNATURE = "balanco coletar"

#: Progress report: ``progress(what, done, total, unit)``; ``total`` is ``None`` when
#: unknown (then no ETA), ``unit`` is "B" (bytes), "páginas" or "registros".
Progress = Callable[[str, int, int | None, str], None]


@dataclass(frozen=True)
class CollectContext:
    """What a collector gets: the run's settings, the balance year, where to write
    (``staging``), the machine-wide cache shared by every municipality and year
    (``cache``: ``$BALANCO_CACHE``, else ``~/.cache/balanco``; a subfolder a
    source, e.g. ``transferegov/``), where to report progress and the environment (tokens are read
    from it, never from a file)."""

    settings: Settings
    year: int
    staging: Path
    cache: Path
    progress: Progress
    env: Mapping[str, str]
    #: The manifest entries of the files already in the year's raw folder whose
    #: bytes still match, by file name (``gerado_por``, ``url``, ``validadores``,
    #: ``totais``, ``sha256`` …).
    previous: Mapping[str, Mapping[str, object]] = field(default_factory=dict)


@dataclass(frozen=True)
class CollectedFile:
    """One file written into the staging folder, as the manifest records it.

    ``url`` never carries a credential; ``validators`` are the HTTP validators the
    source gave (``etag``, ``last_modified``); ``totals`` are the source's own
    totals (e.g. ``X-WP-Total``), which ``balanco prepare`` checks the file against.
    """

    name: str
    url: str
    size: int
    sha256: str
    validators: Mapping[str, str] = field(default_factory=dict)
    totals: Mapping[str, int | str] = field(default_factory=dict)
