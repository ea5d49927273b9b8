"""A run's settings: paths and the municipality's values, as one plain object.

:class:`Settings` imports no department and reads no file itself. A department
declares the municipality-file keys of its own source systems as :class:`FileKey`
entries (its ``settings_keys.SETTINGS``); their values reach it through
:meth:`Settings.department`.

A field left out takes the default municipality's value, which
:mod:`balanco.config` (the municipality file's reader) supplies through
:func:`use_defaults` when it is imported. No module of the package relies on it
(the reader gives every field, ``with_`` copies them, the sample generator takes
the settings it is given): it is kept for the tests and ``bench/`` that write
``Settings(root=...)`` after importing ``Settings`` from :mod:`balanco.config`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

#: Environment variable that points at the project root (the folder holding ``data/``).
ROOT_ENV = "BALANCO_ROOT"
#: A year's figures and findings in its processed folder (:meth:`Settings.processed_dir`).
INDICATORS_FILE = "indicadores.json"


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


class OwnValue(NamedTuple):
    """The value of one key a department declares for its own source systems
    (``<department>/settings_keys.py``), as the municipality file sets it.

    ``attribute`` is the name the department reads it by; ``counts``: it
    changes which records count, so it is part of the processed data's
    fingerprint (:meth:`Settings.cleaning_settings`).
    """

    department: str
    attribute: str
    value: object
    counts: bool = False


@dataclass(frozen=True)
class _Fields:
    """The fields of :class:`Settings` (whose constructor also takes the
    departments' own values by name)."""

    root: Path = field(default_factory=find_root)
    data_dir: str = field(default_factory=lambda: _default("data_dir"))
    reports_dir: str = field(default_factory=lambda: _default("reports_dir"))
    #: The municipality file's name without ``.toml`` (``municipios/<slug>.toml``).
    slug: str = field(default_factory=lambda: _default("slug"))
    municipality: str = field(default_factory=lambda: _default("municipality"))
    uf: str = field(default_factory=lambda: _default("uf"))
    ibge_code: str = field(default_factory=lambda: _default("ibge_code"))
    secretariat: str = field(default_factory=lambda: _default("secretariat"))
    # Who answers for the balance (colophon), and an optional cover logo (path
    # relative to the root).
    responsible: str = field(default_factory=lambda: _default("responsible"))
    logo: str = field(default_factory=lambda: _default("logo"))
    # Departments of the balance, in the consolidated report's order.
    departments: tuple[str, ...] = field(default_factory=lambda: _default("departments"))
    # Fictitious demonstration data: said on the cover and in the colophon.
    fictitious: bool = field(default_factory=lambda: _default("fictitious"))
    # Open data: the free-text columns typed by staff that the municipality publishes
    # ("conjunto.coluna"; none by default, LGPD; see balanco.open_data.free_text).
    open_free_text: tuple[str, ...] = field(default_factory=lambda: _default("open_free_text"))
    # Checks before publication (balanco.checks). One money value (one record) above this
    # blocks the run until the analyst confirms it in aceites.toml.
    max_record_value: float = field(default_factory=lambda: _default("max_record_value"))
    # An indicator that changed by more than this fraction (0.5 = 50%) against the
    # previous year is a warning.
    max_change: float = field(default_factory=lambda: _default("max_change"))
    # A month without records is a warning only in a source that averages at least
    # this many records a month in the year (fewer: empty months are ordinary).
    min_monthly_records: float = field(default_factory=lambda: _default("min_monthly_records"))
    # The sample generator's names and places (the file's [exemplo] section), as
    # (key, values) pairs so that the settings stay hashable.
    sample_names: tuple[tuple[str, tuple], ...] = field(
        default_factory=lambda: _default("sample_names")
    )
    # The municipality's own spellings of closed vocabularies (the file's [grafias]
    # section): (source, column, spelling, accepted value, line in the file).
    # Validated against the departments' vocabularies by
    # ``balanco.departments.vocabulary.check_spellings``.
    spellings: tuple[tuple[str, str, str, str, int | None], ...] = field(
        default_factory=lambda: _default("spellings")
    )
    # Where the reports are published (the PDF links its HTML there when set) and each
    # year's publication date, the cover's date (balanco.publication): (year, date).
    publication_url: str = field(default_factory=lambda: _default("publication_url"))
    publication_dates: tuple[tuple[int, object], ...] = field(  # date or publication.Month
        default_factory=lambda: _default("publication_dates")
    )
    #: SHA-256 of the municipality file's bytes: part of every fingerprint.
    config_hash: str = field(default_factory=lambda: _default("config_hash"))
    #: The values of the keys each department declares for its own source systems
    #: (Transferegov's name variants, WordPress's release categories, ...): read
    #: with :meth:`Settings.department`.
    own: tuple[OwnValue, ...] = field(default_factory=lambda: _default("own"))
    #: ``balanco coletar``'s addresses (the file's ``[coleta]`` section): (source,
    #: URL) pairs, e.g. ("wordpress", "https://…"). Not part of any fingerprint.
    collect_urls: tuple[tuple[str, str], ...] = ()


class Settings(_Fields):
    """Everything that locates data and names the institution, and each
    department's own values.

    Values marked *not confirmed* in DATA_SOURCES.md are settings here rather
    than assumptions buried in a loader. A department reads the values of its
    own keys with :meth:`department`; each is also an attribute
    (``settings.release_categories``) and a keyword of the constructor and of
    :meth:`with_` (``Settings(name_variants=(...))``), which changes the
    value and keeps the department that declared it.
    """

    def __init__(self, **values: object) -> None:
        own_changes = {k: values.pop(k) for k in list(values) if k not in _FIELD_NAMES}
        super().__init__(**values)  # type: ignore[arg-type]
        if not own_changes:
            return
        unknown = sorted(set(own_changes) - {v.attribute for v in self.own})
        if unknown:
            raise TypeError(f"Settings() got unexpected keyword arguments: {unknown}")
        own = tuple(
            v._replace(value=own_changes[v.attribute]) if v.attribute in own_changes else v
            for v in self.own
        )
        object.__setattr__(self, "own", own)

    def __getattr__(self, name: str) -> object:
        # Called only for a name that is not a field: a department's own value.
        for value in self.__dict__.get("own", ()):
            if value.attribute == name:
                return value.value
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def department(self, name: str) -> Mapping[str, object]:
        """The values of the keys department ``name`` declares, by attribute
        (read-only; empty for a department that declares none)."""
        return MappingProxyType({v.attribute: v.value for v in self.own if v.department == name})

    def sample(self, key: str) -> tuple:
        """A list of the municipality file's ``[exemplo]`` section (empty when absent)."""
        return dict(self.sample_names).get(key, ())

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

    def cleaning_settings(self) -> dict[str, object]:
        """The settings that change which records count: ``CLEANING_FIELDS`` and
        the departments' own values declared with ``counts``."""
        common = {name: _plain(getattr(self, name)) for name in CLEANING_FIELDS}
        return {**common, **{v.attribute: _plain(v.value) for v in self.own if v.counts}}

    def cleaning_hash(self) -> str:
        """SHA-256 of ``cleaning_settings``: part of the processed data's
        fingerprint, so changing a rule's setting rebuilds the data."""
        text = json.dumps(self.cleaning_settings(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def with_(self, **changes: object) -> Settings:
        """Return a copy with some fields changed."""
        return replace(self, **changes)


_FIELD_NAMES = frozenset(f.name for f in fields(_Fields))

#: Settings fields that a cleaning or counting rule reads. A field added here
#: (e.g. a plausibility bound) becomes part of the processed data's fingerprint,
#: as does a department's own key declared with ``counts=True``.
CLEANING_FIELDS: tuple[str, ...] = ("config_hash", "municipality", "uf", "ibge_code")


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


#: Marks a :class:`FileKey` the municipality file must write (it has no default).
REQUIRED = object()


@dataclass(frozen=True)
class FileKey:
    """One top-level key of the municipality file and the Settings value it sets
    (a field of :class:`Settings`, or a department's own value).

    ``kind`` is ``str`` (a non-empty text), ``list`` (a list of non-empty texts)
    or ``bool``; ``expected`` says in Portuguese what the analyst must write (it
    ends the message "não serve: era esperado …"); ``default`` is the field's
    value when the key is absent, :data:`REQUIRED` when it must be written, None
    when the reader works it out; ``after`` is the key it follows in the key
    table of ``municipios/README.md``, which is also the order the file's
    problems are listed in.

    A department's key also says whether it ``counts`` (changes which records
    count: part of the processed data's fingerprint), its ``description`` (in
    Portuguese: the comment above it in the file ``balanco init`` writes) and an
    ``example`` that ``balanco init`` writes when it has no default (texts may
    name the new municipality's ``{nome}`` and ``{uf}``).

    >>> FileKey("natureza_municipal", "municipal_nature", str, "um texto").required
    False
    >>> FileKey("governo_estadual", "state_government", str, "um texto", REQUIRED).required
    True
    """

    key: str
    attribute: str
    kind: type
    expected: str
    default: object = None
    after: str = ""
    counts: bool = False
    description: str = ""
    example: object = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


_defaults: Callable[[str], object] | None = None


def use_defaults(provider: Callable[[str], object]) -> None:
    """Make ``provider(field)`` the source of the values a :class:`Settings`
    leaves out (:mod:`balanco.config` installs the default municipality's file)."""
    global _defaults
    _defaults = provider


def _default(name: str) -> object:
    """A Settings field's default: the default municipality's file."""
    if _defaults is None:
        raise RuntimeError(
            "Settings() without this field needs the municipality file's reader: "
            "import balanco.config first"
        )
    return _defaults(name)
