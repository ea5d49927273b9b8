"""Which processed data a year's open data were written from (no pandas).

``balanco exportar`` records in ``datapackage.json`` the SHA-256 of the processed
data's ``indicadores.json`` it read. That file changes whenever the processed data
do (a raw file, the municipality's cleaning settings, the package's code), so
comparing the two tells whether the open data still match the report. A report
links only open data that match it. After a raw file changes, ``balanco report``
alone would otherwise publish new figures beside a link to the old ones.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..settings import INDICATORS_FILE, Settings
from .names import FOLDER, INDEX

#: The key of ``datapackage.json`` holding the processed data's digest.
ORIGIN_KEY = "sha256_dados_processados"
PACKAGE = "datapackage.json"

#: The open data of a year, in the build's record (``construcao.json``): they
#: match the processed data, they were written from other data, or there are none.
CURRENT, STALE, ABSENT = "sim", "desatualizados", "não"


def processed_digest(processed_dir: Path) -> str | None:
    """The SHA-256 of ``<processed_dir>/indicadores.json``, or None without it."""
    try:
        return hashlib.sha256((processed_dir / INDICATORS_FILE).read_bytes()).hexdigest()
    except OSError:
        return None


def state(year_folder: Path, digest: str | None) -> str:
    """Whether the open data in ``year_folder/dados-abertos/`` were written from the
    processed data whose digest is ``digest``. Open data that do not say where
    they come from (written before this record existed, or edited by hand) are
    stale: nothing shows that they match.

    >>> state(Path("/nao/existe"), "abc")
    'não'
    """
    folder = year_folder / FOLDER
    if not (folder / INDEX).is_file():
        return ABSENT
    try:
        recorded = json.loads((folder / PACKAGE).read_text(encoding="utf-8")).get(ORIGIN_KEY)
    except (OSError, ValueError, AttributeError):
        recorded = None
    return CURRENT if digest is not None and recorded == digest else STALE


def year_state(settings: Settings, year: int) -> str:
    """:func:`state` of the year's reports folder against its processed data."""
    return state(settings.reports_path(year), processed_digest(settings.processed_dir(year)))
