"""Paths and run settings in one place."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

#: Environment variable that points at the project root (the folder holding ``data/``).
ROOT_ENV = "BALANCO_ROOT"

#: Folder (at the project root) with one TOML file per municipality, named by its slug.
MUNICIPIOS_DIR = "municipios"
#: The municipality selected when none is given (``--municipio``, notebook ``municipio``).
DEFAULT_MUNICIPIO = "itaquaquecetuba"
#: The source checkout's root: its ``municipios/`` is used when the project root
#: has none (a temporary root in tests, a data folder elsewhere).
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


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
    data_dir: str = field(default_factory=lambda: _default("data_dir"))
    reports_dir: str = field(default_factory=lambda: _default("reports_dir"))
    #: The municipality file's name without ``.toml`` (``municipios/<slug>.toml``).
    slug: str = DEFAULT_MUNICIPIO
    municipality: str = field(default_factory=lambda: _default("municipality"))
    uf: str = field(default_factory=lambda: _default("uf"))
    ibge_code: str = field(default_factory=lambda: _default("ibge_code"))
    # Transferegov name fallback: a proposta without COD_MUNIC_IBGE is the
    # municipality's when UF_PROPONENTE is ``uf`` and MUNIC_PROPONENTE is
    # ``municipality`` or one of these spellings (accents and case aside).
    name_variants: tuple[str, ...] = field(default_factory=lambda: _default("name_variants"))
    secretariat: str = field(default_factory=lambda: _default("secretariat"))
    # Who answers for the balance (colophon), and an optional cover logo (path
    # relative to the root).
    responsible: str = field(default_factory=lambda: _default("responsible"))
    logo: str = field(default_factory=lambda: _default("logo"))
    # Departments of the balance, in the consolidated report's order.
    departments: tuple[str, ...] = field(default_factory=lambda: _default("departments"))
    # The government that signs the state convênios.
    state_government: str = field(default_factory=lambda: _default("state_government"))
    # Fictitious demonstration data: said on the cover and in the colophon.
    fictitious: bool = field(default_factory=lambda: _default("fictitious"))
    # Transferegov: which legal nature marks the city hall itself (keeps NGOs out).
    municipal_nature: str = field(default_factory=lambda: _default("municipal_nature"))
    # WordPress: a post is a press release when it has one of these categories.
    release_categories: tuple[str, ...] = field(
        default_factory=lambda: _default("release_categories")
    )
    # Checks before publication (checks.py). One money value (one record) above this
    # blocks the run until the analyst confirms it in aceites.toml.
    max_record_value: float = field(default_factory=lambda: _default("max_record_value"))
    # An indicator that changed by more than this fraction (0.5 = 50%) against the
    # previous year is a warning.
    max_change: float = field(default_factory=lambda: _default("max_change"))
    # A month without records is a warning only in a source that averages at least
    # this many records a month in the year (fewer: empty months are ordinary).
    min_monthly_records: float = field(default_factory=lambda: _default("min_monthly_records"))
    # Posts per page of the WordPress export (the REST API's maximum, per_page=100).
    wordpress_per_page: int = 100
    # The sample generator's names and places (the file's [exemplo] section), as
    # (key, values) pairs so that the settings stay hashable.
    sample_names: tuple[tuple[str, tuple], ...] = field(
        default_factory=lambda: _default("sample_names")
    )
    #: SHA-256 of the municipality file's bytes: part of every fingerprint.
    config_hash: str = field(default_factory=lambda: _default("config_hash"))

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
    "config_hash",
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
    *,
    data_dir: str | None = None,
    reports_dir: str | None = None,
    root: str | Path | None = None,
    municipio: str | None = None,
) -> Settings:
    """Settings for a run, with optional overrides (as notebooks pass them).

    ``municipio`` (a slug, default :data:`DEFAULT_MUNICIPIO`) selects
    ``municipios/<slug>.toml``; ``data_dir``/``reports_dir`` override its folders.
    """
    base_root = Path(root).resolve() if root else find_root()
    base = load_municipio(base_root, municipio or DEFAULT_MUNICIPIO)
    changes: dict[str, object] = {}
    if data_dir:
        changes["data_dir"] = data_dir
    if reports_dir:
        changes["reports_dir"] = reports_dir
    return base.with_(**changes) if changes else base


# =========================================================================== municipality file

#: Keys of a municipality file: TOML key -> (Settings field, expected type, what
#: the analyst must write, required).
_KEYS: dict[str, tuple[str, type, str, bool]] = {
    "nome": ("municipality", str, "um texto não vazio (o nome oficial)", True),
    "uf": ("uf", str, "a sigla da UF, duas letras maiúsculas (ex.: SP)", True),
    "codigo_ibge": (
        "ibge_code",
        str,
        'o código IBGE de 7 dígitos, entre aspas (ex.: "3552502")',
        True,
    ),
    "variantes_nome": ("name_variants", list, "uma lista de textos", False),
    "secretaria": ("secretariat", str, "um texto não vazio", True),
    "responsavel": ("responsible", str, "um texto", False),
    "logo": ("logo", str, "o caminho de uma imagem, relativo à raiz do projeto", False),
    "departamentos": ("departments", list, "uma lista de departamentos", True),
    "categorias_release": ("release_categories", list, "uma lista de textos", True),
    "governo_estadual": ("state_government", str, "um texto não vazio", True),
    "natureza_municipal": ("municipal_nature", str, "um texto não vazio", False),
    "ficticio": ("fictitious", bool, "true ou false", False),
    "pasta_dados": ("data_dir", str, "uma pasta relativa à raiz do projeto", False),
    "pasta_relatorios": ("reports_dir", str, "uma pasta relativa à raiz do projeto", False),
}
_PLAUSIBILITY: dict[str, tuple[str, str]] = {
    "valor_maximo_registro": ("max_record_value", "um número maior que zero"),
    "variacao_maxima": ("max_change", "um número maior que zero (0,5 = 50%)"),
    "registros_mensais_minimos": ("min_monthly_records", "um número maior que zero"),
}
_OPTIONAL_DEFAULTS: dict[str, object] = {
    "name_variants": (),
    "responsible": "",
    "logo": "",
    "municipal_nature": "Administração Pública Municipal",
    "fictitious": False,
    "max_record_value": 50_000_000.0,
    "max_change": 0.5,
    "min_monthly_records": 5.0,
    "sample_names": (),
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def municipio_file(root: Path, slug: str) -> Path:
    """``<root>/municipios/<slug>.toml``, or the source checkout's when the root has none."""
    own = Path(root) / MUNICIPIOS_DIR / f"{slug}.toml"
    if own.exists():
        return own
    shipped = _PACKAGE_ROOT / MUNICIPIOS_DIR / f"{slug}.toml"
    return shipped if shipped.exists() else own


def _line_of(text: str, key: str) -> int | None:
    """The line where ``key = ...`` is written (1-based), for messages."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def read_municipio(path: Path) -> dict[str, object]:
    """Read and validate a municipality file; return Settings fields.

    Every problem is reported at once as a Portuguese :class:`BadInput` naming
    the file, the line and the key.
    """
    from .errors import BadInput, Problem

    shown = str(path)
    slug = path.stem
    if not path.exists():
        raise BadInput(
            [
                Problem(
                    shown,
                    f"o município {slug!r} não tem arquivo de configuração; crie-o com "
                    "balanco init --ibge <código> --nome <Nome> --uf <UF>",
                )
            ]
        )
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    from .toml_pt import loads

    data = loads(text, shown)
    problems: list[Problem] = []

    def bad(key: str, expected: str, value: object, section: str = "") -> None:
        name = f"{section}.{key}" if section else key
        problems.append(
            Problem(shown, expected, line=_line_of(text, key), column=name, value=value)
        )

    out: dict[str, object] = {"slug": slug, "config_hash": hashlib.sha256(raw).hexdigest()}
    for key in sorted(set(data) - set(_KEYS) - {"plausibilidade", "exemplo"}):
        bad(key, "chave desconhecida (veja municipios/README ou o README do projeto)", None)
    for key, (name, kind, expected, required) in _KEYS.items():
        if key not in data:
            if required:
                problems.append(Problem(shown, f"falta a chave {key!r}: {expected}"))
            continue
        value = data[key]
        if kind is list:
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                bad(key, f"não serve: era esperado {expected}", value)
                continue
            value = tuple(v.strip() for v in value)
        elif not isinstance(value, kind) or (
            kind is str and key != "responsavel" and not value.strip()
        ):
            bad(key, f"não serve: era esperado {expected}", value)
            continue
        elif kind is str:
            value = value.strip()
        out[name] = value
    if "uf" in out and not re.fullmatch(r"[A-Z]{2}", str(out["uf"])):
        bad(
            "uf",
            "não serve: era esperada a sigla da UF, duas letras maiúsculas (ex.: SP)",
            out.pop("uf"),
        )
    if "ibge_code" in out and not re.fullmatch(r"\d{7}", str(out["ibge_code"])):
        bad(
            "codigo_ibge",
            "não serve: era esperado um código IBGE de 7 dígitos",
            out.pop("ibge_code"),
        )
    if "departments" in out:
        from .departments import known_names

        # The package's departments, and those a run adds (BALANCO_DEPARTAMENTOS),
        # without importing them (pandas): the CLI's description reads this file.
        known = list(known_names())
        unknown = [d for d in out["departments"] if d not in known]  # type: ignore[union-attr]
        if unknown or not out["departments"]:
            bad(
                "departamentos",
                "não serve: era esperada uma lista não vazia de departamentos entre "
                + ", ".join(known),
                ", ".join(unknown) or None,
            )
    if out.get("logo"):
        # Relative to the project root (the folder that holds municipios/).
        image = path.parent.parent / str(out["logo"])
        if not image.is_file():
            bad(
                "logo",
                "não serve: era esperado o caminho de uma imagem (PNG, JPG ou PDF) "
                "existente, relativo à raiz do projeto",
                out.pop("logo"),
            )
    plaus = data.get("plausibilidade", {})
    if not isinstance(plaus, dict):
        bad("plausibilidade", "não serve: era esperada uma seção [plausibilidade]", None)
        plaus = {}
    for key in sorted(set(plaus) - set(_PLAUSIBILITY)):
        bad(key, "chave desconhecida em [plausibilidade]", None, "plausibilidade")
    for key, (name, expected) in _PLAUSIBILITY.items():
        if key in plaus:
            value = plaus[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                bad(key, f"não serve: era esperado {expected}", value, "plausibilidade")
            else:
                out[name] = float(value)
    sample = data.get("exemplo", {})
    if not isinstance(sample, dict):
        bad("exemplo", "não serve: era esperada uma seção [exemplo]", None)
        sample = {}
    out["sample_names"] = tuple(
        (
            k,
            tuple(tuple(x) if isinstance(x, list) else x for x in v)
            if isinstance(v, list)
            else (v,),
        )
        for k, v in sorted(sample.items())
    )
    if problems:
        raise BadInput(problems)
    if "data_dir" not in out:
        out["data_dir"] = "data" if slug == DEFAULT_MUNICIPIO else f"data/municipios/{slug}"
    if "reports_dir" not in out:
        out["reports_dir"] = (
            "reports" if slug == DEFAULT_MUNICIPIO else f"reports/municipios/{slug}"
        )
    return {**_OPTIONAL_DEFAULTS, **out}


@functools.lru_cache(maxsize=32)
def _read_cached(path: Path, stamp: tuple[int, int]) -> dict[str, object]:
    return read_municipio(path)


def _fields_of(root: Path, slug: str) -> dict[str, object]:
    path = municipio_file(root, slug)
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        return read_municipio(path)  # raises the Portuguese "no such municipality"
    return dict(_read_cached(path, stamp))


def _default(name: str) -> object:
    """A Settings field's default: the default municipality's file."""
    return _fields_of(find_root(), DEFAULT_MUNICIPIO)[name]


def load_municipio(root: Path, slug: str = DEFAULT_MUNICIPIO) -> Settings:
    """Settings of the municipality ``slug`` (``municipios/<slug>.toml``) under ``root``."""
    from .errors import BadInput, Problem

    if not _SLUG.match(slug):
        raise BadInput(
            [
                Problem(
                    "--municipio",
                    "não serve: era esperado o nome de um arquivo de municipios/ sem .toml, "
                    "em minúsculas, sem acentos nem espaços (ex.: itaquaquecetuba)",
                    value=slug,
                )
            ]
        )
    values = _fields_of(Path(root), slug)
    known = {f.name for f in fields(Settings)}
    return Settings(root=Path(root), **{k: v for k, v in values.items() if k in known})


def slugify(name: str) -> str:
    """``"São José dos Campos"`` -> ``"sao-jose-dos-campos"`` (a municipality file's name)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
