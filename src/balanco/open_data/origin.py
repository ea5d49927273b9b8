"""Which processed data a year's open data were written from (no pandas).

``balanco exportar`` records in ``datapackage.json`` a digest of the processed
data it read (:func:`digest_of`: the SHA-256 of ``data/processed/<ano>/
indicadores.json`` without what the open data do not depend on: the comparison
with the previous year, the checks' alerts and acceptances, the highlights). It
changes when the open data's sources do (a raw file, the municipality's cleaning
settings, the package's code), so comparing the two tells whether the open data
still match the report. A report links only open data that match it: after a raw
file changes, ``balanco report`` alone would otherwise publish new figures beside
a link to the old ones.
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


#: What of the processed ``indicadores.json`` the open data do not depend on: the
#: previous year's data (the year-over-year checks) and the checks' findings.
NOT_IN_OPEN_DATA = ("hash_dados_ano_anterior", "alertas", "aceites", "destaques")


def digest_of(payload: dict) -> str:
    """The digest of a processed ``indicadores.json`` (as parsed) that the open data
    record (see the module's docstring).

    >>> digest_of({"a": 1, "alertas": [1]}) == digest_of({"a": 1, "alertas": []})
    True
    >>> digest_of({"a": 1}) == digest_of({"a": 2})
    False
    """
    kept = {k: v for k, v in payload.items() if k not in NOT_IN_OPEN_DATA}
    text = json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def processed_digest(processed_dir: Path) -> str | None:
    """:func:`digest_of` the processed data in ``processed_dir``; None without them."""
    try:
        payload = json.loads((processed_dir / INDICATORS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return digest_of(payload) if isinstance(payload, dict) else None


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
    recorded = recorded_digest(folder)
    return CURRENT if digest is not None and recorded == digest else STALE


def recorded_digest(folder: Path) -> str | None:
    """The processed data's digest the open data in ``folder`` record, if any."""
    try:
        recorded = json.loads((folder / PACKAGE).read_text(encoding="utf-8")).get(ORIGIN_KEY)
    except (OSError, ValueError, AttributeError):
        return None
    return recorded if isinstance(recorded, str) else None


def year_state(settings: Settings, year: int) -> str:
    """:func:`state` of the year's reports folder against its processed data."""
    return state(settings.reports_path(year), processed_digest(settings.processed_dir(year)))
