"""Paths and run settings in one place."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

#: Environment variable that points at the project root (the folder holding ``data/``).
ROOT_ENV = "BALANCO_ROOT"


def find_root(start: Path | None = None) -> Path:
    """Return the project root: ``$BALANCO_ROOT``, else the nearest folder at or
    above ``start`` (default: the working directory) that holds ``data/raw``.

    Notebooks run from ``notebooks/`` and the CLI from the root; both find the
    same root this way.
    """
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "data" / "raw").is_dir():
            return candidate
    return here


@dataclass(frozen=True)
class Settings:
    """Everything that locates data and names the institution.

    Values marked *not confirmed* in DATA_SOURCES.md are settings here rather
    than assumptions buried in a loader.
    """

    root: Path = field(default_factory=find_root)
    data_dir: str = "data"
    reports_dir: str = "reports"
    municipality: str = "Itaquaquecetuba"
    uf: str = "SP"
    ibge_code: str = "3523107"
    # Transferegov name fallback: a proposta without COD_MUNIC_IBGE is the
    # municipality's when UF_PROPONENTE is ``uf`` and MUNIC_PROPONENTE is
    # ``municipality`` or one of these spellings (accents and case aside).
    name_variants: tuple[str, ...] = ()
    secretariat: str = "Secretaria de Governo"
    # Transferegov: which legal nature marks the city hall itself (keeps NGOs out).
    municipal_nature: str = "Administração Pública Municipal"
    # WordPress: a post is a press release when it has one of these categories.
    release_categories: tuple[str, ...] = ("Notícias",)
    # Checks before publication (checks.py). One money value (one record) above this
    # blocks the run until the analyst confirms it in aceites.toml.
    max_record_value: float = 50_000_000.0
    # An indicator that changed by more than this fraction (0.5 = 50%) against the
    # previous year is a warning.
    max_change: float = 0.5
    # A month without records is a warning only in a source that averages at least
    # this many records a month in the year (fewer: empty months are ordinary).
    min_monthly_records: float = 5.0
    # Posts per page of the WordPress export (the REST API's maximum, per_page=100).
    wordpress_per_page: int = 100

    @property
    def data_path(self) -> Path:
        return (self.root / self.data_dir).resolve()

    def raw_dir(self, year: int) -> Path:
        return self.data_path / "raw" / str(year)

    def processed_dir(self, year: int) -> Path:
        return self.data_path / "processed" / str(year)

    def published_file(self, year: int) -> Path:
        return self.data_path / "published" / f"{year}.toml"

    def targets_file(self, year: int) -> Path:
        return self.data_path / "targets" / f"{year}.toml"

    def reports_path(self, year: int) -> Path:
        return (self.root / self.reports_dir).resolve() / str(year)

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def municipality_names(self) -> tuple[str, ...]:
        """The official name and its configured variants, without repeats."""
        return tuple(dict.fromkeys((self.municipality, *self.name_variants)))

    def cleaning_settings(self) -> dict[str, object]:
        """The settings that change which records count (see ``CLEANING_FIELDS``)."""
        return {name: _plain(getattr(self, name)) for name in CLEANING_FIELDS}

    def cleaning_hash(self) -> str:
        """SHA-256 of ``cleaning_settings``: part of the processed data's
        fingerprint, so changing a rule's setting rebuilds the data."""
        text = json.dumps(self.cleaning_settings(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def with_(self, **changes: object) -> Settings:
        """Return a copy with some fields changed."""
        return replace(self, **changes)


#: Settings fields that a cleaning or counting rule reads. A field added here
#: (e.g. a plausibility bound) becomes part of the processed data's fingerprint.
CLEANING_FIELDS: tuple[str, ...] = (
    "municipality",
    "uf",
    "ibge_code",
    "name_variants",
    "municipal_nature",
    "release_categories",
)


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def settings(
    *, data_dir: str | None = None, reports_dir: str | None = None, root: str | Path | None = None
) -> Settings:
    """Settings for a run, with optional overrides (as notebooks pass them)."""
    base = Settings(root=Path(root).resolve()) if root else Settings()
    changes: dict[str, object] = {}
    if data_dir:
        changes["data_dir"] = data_dir
    if reports_dir:
        changes["reports_dir"] = reports_dir
    return base.with_(**changes) if changes else base
