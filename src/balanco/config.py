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
#: The key that marks the municipality used when none is given (``--municipio``,
#: the notebooks' ``municipio``): ``padrao = true`` in exactly one file, so that
#: no town is named in the code.
DEFAULT_KEY = "padrao"
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
    slug: str = field(default_factory=lambda: _default("slug"))
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
    # Open data: the free-text columns typed by staff that the municipality publishes
    # ("conjunto.coluna"; none by default, LGPD; see balanco.open_data.free_text).
    open_free_text: tuple[str, ...] = field(default_factory=lambda: _default("open_free_text"))
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
    # The municipality's own spellings of closed vocabularies (the file's [grafias]
    # section): (source, column, spelling, accepted value, line in the file).
    # Validated against the departments' vocabularies by
    # ``balanco.departments.vocabulary.check_spellings``.
    spellings: tuple[tuple[str, str, str, str, int | None], ...] = field(
        default_factory=lambda: _default("spellings")
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

    ``municipio`` (a slug; empty or None: :func:`default_municipio`) selects
    ``municipios/<slug>.toml``; ``data_dir``/``reports_dir`` override its folders.
    """
    base_root = Path(root).resolve() if root else find_root()
    base = load_municipio(base_root, municipio or default_municipio(base_root))
    changes: dict[str, object] = {}
    if data_dir:
        changes["data_dir"] = data_dir
    if reports_dir:
        changes["reports_dir"] = reports_dir
    return base.with_(**changes) if changes else base


# =========================================================================== municipality file

#: Where the keys of a municipality file are described (in Portuguese).
KEYS_DOC = f"{MUNICIPIOS_DIR}/README.md"

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
    "publicar_texto_livre": (
        "open_free_text",
        list,
        'uma lista de colunas de texto livre dos dados abertos, "conjunto.coluna" '
        '(ex.: "oficios.assunto")',
        False,
    ),
}
#: ``padrao = true``: the municipality used without ``--municipio`` (read by
#: :func:`default_municipio`, not a Settings field).
_FLAGS: dict[str, str] = {DEFAULT_KEY: "true ou false"}
_PLAUSIBILITY: dict[str, tuple[str, str]] = {
    "valor_maximo_registro": ("max_record_value", "um número maior que zero"),
    "variacao_maxima": ("max_change", "um número maior que zero (0.5 = 50%)"),
    "registros_mensais_minimos": ("min_monthly_records", "um número maior que zero"),
}
#: The sample generator's ``[exemplo]`` keys (read by ``balanco.sample``).
_SAMPLE_KEYS: dict[str, str] = {
    "bairros": "uma lista de textos (bairros do município)",
    "vizinhos": 'uma lista de pares ["código IBGE", "NOME"] (municípios vizinhos)',
    "veiculos_imprensa": "uma lista de textos (veículos de imprensa da região)",
    "podcast": "um texto (nome do podcast da Prefeitura)",
    "assembleia": "um texto (nome da Assembleia Legislativa do estado)",
    "faixa_cep": 'um par ["08570", "08599"]: os 5 primeiros dígitos do primeiro e do último '
    "CEP do município",
}
_SECTIONS = ("plausibilidade", "exemplo", "grafias")
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
    "open_free_text": (),
    "spellings": (),
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: The 27 federative units and their IBGE codes: the first two digits of a
#: municipality's 7-digit IBGE code are its UF's code (IBGE, "Códigos dos
#: municípios": 35 = SP, 33 = RJ, ...).
UF_CODES: dict[str, str] = {
    "RO": "11",
    "AC": "12",
    "AM": "13",
    "RR": "14",
    "PA": "15",
    "AP": "16",
    "TO": "17",
    "MA": "21",
    "PI": "22",
    "CE": "23",
    "RN": "24",
    "PB": "25",
    "PE": "26",
    "AL": "27",
    "SE": "28",
    "BA": "29",
    "MG": "31",
    "ES": "32",
    "RJ": "33",
    "SP": "35",
    "PR": "41",
    "SC": "42",
    "RS": "43",
    "MS": "50",
    "MT": "51",
    "GO": "52",
    "DF": "53",
}


def check_uf_and_code(uf: str, code: str) -> list[tuple[str, str, str]]:
    """What is wrong with a UF and an IBGE code, as ``(key, value, expected)``
    triples in Portuguese (empty when both are fine and agree).

    >>> check_uf_and_code("SP", "3552502")
    []
    >>> [key for key, _, _ in check_uf_and_code("SP", "3304557")]
    ['codigo_ibge']
    """
    from .errors import did_you_mean

    found: list[tuple[str, str, str]] = []
    uf_ok = uf in UF_CODES
    if not uf_ok:
        found.append(
            (
                "uf",
                uf,
                "não é a sigla de uma UF; esperada uma das 27, em maiúsculas (ex.: SP)."
                + did_you_mean(uf.upper(), UF_CODES),
            )
        )
    if not re.fullmatch(r"\d{7}", code):
        found.append(
            (
                "codigo_ibge",
                code,
                'não serve: era esperado o código IBGE de 7 dígitos (ex.: "3552502")',
            )
        )
    elif uf_ok and code[:2] != UF_CODES[uf]:
        other = next((u for u, c in UF_CODES.items() if c == code[:2]), None)
        where = f"é de um município de {other}" if other else "não começa pelo código de uma UF"
        found.append(
            (
                "codigo_ibge",
                code,
                f"não é de {uf}: os dois primeiros dígitos do código IBGE são o código da UF "
                f"({code[:2]} {where}; {uf} é {UF_CODES[uf]}); confira o código ou a UF",
            )
        )
    return found


def municipio_dirs(root: Path) -> tuple[Path, ...]:
    """The folders that may hold municipality files: ``<root>/municipios``, then
    the source checkout's (used for a file the root lacks)."""
    own = Path(root) / MUNICIPIOS_DIR
    shipped = _PACKAGE_ROOT / MUNICIPIOS_DIR
    return (own,) if own.resolve() == shipped.resolve() else (own, shipped)


def available_municipios(root: Path) -> tuple[str, ...]:
    """The slugs of the municipality files found under ``root`` (and shipped)."""
    slugs = {p.stem for d in municipio_dirs(root) if d.is_dir() for p in d.glob("*.toml")}
    return tuple(sorted(slugs))


def municipio_file(root: Path, slug: str) -> Path:
    """``<root>/municipios/<slug>.toml``, or the source checkout's when the root has none."""
    own = Path(root) / MUNICIPIOS_DIR / f"{slug}.toml"
    if own.exists():
        return own
    shipped = _PACKAGE_ROOT / MUNICIPIOS_DIR / f"{slug}.toml"
    return shipped if shipped.exists() else own


def _stamps(folder: Path) -> tuple[tuple[str, int, int], ...]:
    if not folder.is_dir():
        return ()
    out = []
    for p in sorted(folder.glob("*.toml")):
        st = p.stat()
        out.append((p.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


@functools.lru_cache(maxsize=32)
def _marked_default(folder: Path, stamps: tuple[tuple[str, int, int], ...]) -> tuple[str, ...]:
    """The slugs of ``folder``'s files that say ``padrao = true``."""
    import tomllib

    marked = []
    for name, _, _ in stamps:
        path = folder / name
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue  # reported when that file is read
        if data.get(DEFAULT_KEY) is True:
            marked.append(path.stem)
    return tuple(marked)


def default_municipio(root: Path | None = None) -> str:
    """The slug of the municipality used without ``--municipio``: the one file
    of ``<root>/municipios/`` with ``padrao = true``, else the source checkout's."""
    from .errors import BadInput, Problem

    for folder in municipio_dirs(find_root() if root is None else Path(root)):
        marked = _marked_default(folder, _stamps(folder))
        if len(marked) > 1:
            raise BadInput(
                [
                    Problem(
                        str(folder),
                        f"mais de um município tem {DEFAULT_KEY} = true ("
                        + ", ".join(f"{m}.toml" for m in marked)
                        + "); deixe true em um só",
                    )
                ]
            )
        if marked:
            return marked[0]
    raise BadInput(
        [
            Problem(
                MUNICIPIOS_DIR,
                f"nenhum município tem {DEFAULT_KEY} = true; escolha um com --municipio ou "
                f"escreva {DEFAULT_KEY} = true no arquivo do município padrão",
            )
        ]
    )


def __getattr__(name: str) -> object:
    # ``DEFAULT_MUNICIPIO`` is read from the files, not written in the code.
    if name == "DEFAULT_MUNICIPIO":
        return default_municipio()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _line_of(text: str, key: str, section: str = "") -> int | None:
    """The line where ``key = ...`` is written (1-based), inside ``[section]``
    when given, for messages."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    header = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]")
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opened = header.match(line)
        if opened:
            current = opened.group(1)
            continue
        if current == section and pattern.match(line):
            return number
    return None


def _as_toml(value: object) -> object:
    """A value the way it is written in the TOML file (3552502 stays "3552502",
    0.5 stays "0.5"), for messages; None stays None (nothing shown)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        import json

        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return str(value)


def _unknown(key: str, choices: object, where: str) -> str:
    from .errors import did_you_mean

    return (
        f"chave desconhecida{where}.{did_you_mean(key, choices)} "  # type: ignore[arg-type]
        f"As chaves estão descritas em {KEYS_DOC}"
    )


def read_municipio(path: Path) -> dict[str, object]:
    """Read and validate a municipality file; return Settings fields.

    Every problem is reported at once as a Portuguese :class:`BadInput` naming
    the file, the line and the key.
    """
    from .errors import BadInput, Problem, did_you_mean

    shown = str(path)
    slug = path.stem
    if not path.exists():
        known = available_municipios(path.parent.parent)
        hint = did_you_mean(slug, known)
        listed = " Municípios disponíveis: " + ", ".join(known) + "." if known else ""
        raise BadInput(
            [
                Problem(
                    shown,
                    f"o município {slug!r} não tem arquivo de configuração.{hint}{listed} "
                    "Para um novo município: balanco init --ibge <código> --nome <Nome> --uf <UF>",
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
            Problem(
                shown,
                expected,
                line=_line_of(text, key, section),
                column=name,
                value=_as_toml(value),
            )
        )

    out: dict[str, object] = {"slug": slug, "config_hash": hashlib.sha256(raw).hexdigest()}
    top = (*_KEYS, *_FLAGS, *_SECTIONS)
    for key in sorted(set(data) - set(top)):
        bad(key, _unknown(key, top, ""), None)
    for key, expected in _FLAGS.items():
        if key in data and not isinstance(data[key], bool):
            bad(key, f"não serve: era esperado {expected}", data[key])
    for key, (name, kind, expected, required) in _KEYS.items():
        if key not in data:
            if required:
                problems.append(
                    Problem(shown, f"falta a chave {key!r}: {expected} (veja {KEYS_DOC})")
                )
            continue
        value = data[key]
        if key == "codigo_ibge" and isinstance(value, int) and not isinstance(value, bool):
            bad(
                key,
                "está escrito como número: escreva o código IBGE entre aspas, "
                f'codigo_ibge = "{value}" (um código é texto; zeros à esquerda se perdem)',
                value,
            )
            continue
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
    if "ibge_code" in out:
        uf = str(out.get("uf", ""))
        for key, value, expected in check_uf_and_code(uf or "SP", str(out["ibge_code"])):
            if key == "uf" and not uf:
                continue
            bad(key, expected, value)
            out.pop("uf" if key == "uf" else "ibge_code", None)
    if "departments" in out:
        from .departments import known_names

        # The package's departments, and those a run adds (BALANCO_DEPARTAMENTOS),
        # without importing them (pandas): the CLI's description reads this file.
        known = list(known_names())
        unknown = [d for d in out["departments"] if d not in known]  # type: ignore[union-attr]
        if unknown or not out["departments"]:
            hints = "".join(did_you_mean(d, known) for d in unknown)
            bad(
                "departamentos",
                "não serve: era esperada uma lista não vazia de departamentos entre "
                + ", ".join(known)
                + "."
                + hints,
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
        bad(key, _unknown(key, _PLAUSIBILITY, " em [plausibilidade]"), None, "plausibilidade")
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
    for key in sorted(set(sample) - set(_SAMPLE_KEYS)):
        bad(key, _unknown(key, _SAMPLE_KEYS, " em [exemplo]"), None, "exemplo")
    sample = {k: v for k, v in sample.items() if k in _SAMPLE_KEYS}
    ceps = sample.get("faixa_cep")
    if ceps is not None and not (
        isinstance(ceps, list)
        and len(ceps) == 2
        and all(isinstance(c, str) and re.fullmatch(r"\d{5}", c) for c in ceps)
        and ceps[0] <= ceps[1]
    ):
        bad("faixa_cep", f"não serve: era esperado {_SAMPLE_KEYS['faixa_cep']}", ceps, "exemplo")
        sample.pop("faixa_cep")
    out["sample_names"] = tuple(
        (
            k,
            tuple(tuple(x) if isinstance(x, list) else x for x in v)
            if isinstance(v, list)
            else (v,),
        )
        for k, v in sorted(sample.items())
    )
    spellings, found = _spellings(data.get("grafias", {}), text, shown)
    problems.extend(found)
    out["spellings"] = spellings
    if problems:
        raise BadInput(problems)
    if "data_dir" not in out:
        default = data.get(DEFAULT_KEY) is True
        out["data_dir"] = "data" if default else f"data/municipios/{slug}"
    if "reports_dir" not in out:
        default = data.get(DEFAULT_KEY) is True
        out["reports_dir"] = "reports" if default else f"reports/municipios/{slug}"
    return {**_OPTIONAL_DEFAULTS, **out}


def _spellings(section: object, text: str, shown: str):
    """The ``[grafias]`` section as (source, column, spelling, accepted value, line)
    entries, and the problems of its shape (its meaning is checked against the
    departments' vocabularies when a year is prepared)."""
    from .errors import Problem

    expected = (
        'esperado [grafias.<fonte>."<coluna>"] com linhas "grafia do município" = '
        '"valor aceito" (veja municipios/README.md)'
    )
    entries: list[tuple[str, str, str, str, int | None]] = []
    problems: list[Problem] = []
    lines = text.splitlines()

    def line_of(*words: str) -> int | None:
        for number, line in enumerate(lines, start=1):
            if all(w in line for w in words):
                return number
        return None

    if not isinstance(section, dict):
        return (), [Problem(shown, f"não serve: {expected}", column="grafias")]
    for source, columns in section.items():
        if not isinstance(columns, dict):
            problems.append(
                Problem(shown, f"não serve: {expected}", line_of(source), f"grafias.{source}")
            )
            continue
        for column, pairs in columns.items():
            where = f'grafias.{source}."{column}"'
            if not isinstance(pairs, dict) or not pairs:
                problems.append(Problem(shown, f"não serve: {expected}", line_of(column), where))
                continue
            for written, target in pairs.items():
                if not isinstance(target, str) or not target.strip() or not written.strip():
                    problems.append(
                        Problem(
                            shown,
                            f"não serve: {expected}",
                            line_of(written),
                            where,
                            _as_toml(target),
                        )
                    )
                    continue
                entries.append((source, column, written, target.strip(), line_of(written, "=")))
    return tuple(entries), problems


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
    root = find_root()
    return _fields_of(root, default_municipio(root))[name]


def load_municipio(root: Path, slug: str | None = None) -> Settings:
    """Settings of the municipality ``slug`` (``municipios/<slug>.toml``; None:
    :func:`default_municipio`) under ``root``."""
    from .errors import BadInput, Problem, did_you_mean

    if slug is None:
        slug = default_municipio(Path(root))
    if not _SLUG.match(slug):
        known = available_municipios(Path(root))
        hint = did_you_mean(slugify(slug), known) or did_you_mean(slug, known)
        listed = " Municípios disponíveis: " + ", ".join(known) + "." if known else ""
        raise BadInput(
            [
                Problem(
                    "--municipio",
                    "não serve: era esperado o nome de um arquivo de municipios/ sem .toml, "
                    f"em minúsculas, sem acentos nem espaços.{hint}{listed}",
                    value=slug,
                )
            ]
        )
    values = _fields_of(Path(root), slug)
    known_fields = {f.name for f in fields(Settings)}
    return Settings(root=Path(root), **{k: v for k, v in values.items() if k in known_fields})


def slugify(name: str) -> str:
    """``"São José dos Campos"`` -> ``"sao-jose-dos-campos"`` (a municipality file's name)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
