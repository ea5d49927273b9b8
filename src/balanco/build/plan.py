"""Planning: which notebooks a year has (the consolidated balance and one per
registered department), what each PDF depends on — planned from the
departments' declared ``SOURCES`` —, and the record of what was built
(``reports/<ano>/construcao.json``)."""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from .. import __version__, files
from ..fingerprint import cached_hash as _hash
from ..fingerprint import code_hash, enabled_names, file_hash, reads
from ..settings import Settings

CONSOLIDATED = "balanco"
RECORD = "construcao.json"
#: Raw files every notebook depends on, whatever its department.
SHARED_RAW = ("destaques.toml", "manifest.toml", "aceites.toml")


def _cache_file() -> Path:
    """Where the declared sources of this code and registry are cached: the user's
    cache folder (``$XDG_CACHE_HOME/balanco``, default ``~/.cache/balanco``), named
    by the package's code hash and ``BALANCO_DEPARTAMENTOS``, so that a run with
    nothing to do answers without importing the departments (pandas)."""
    import hashlib
    import os

    # departments.ENV, spelled here: importing balanco.departments imports pandas.
    key = f"{code_hash()} {os.environ.get('BALANCO_DEPARTAMENTOS', '')}"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "balanco"
    return base / f"plano-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


#: A plan cache unused for this many days (its code version long gone) is removed
#: when another one is written.
CACHE_DAYS = 30


def _prune_cache(keep: Path, *, days: int = CACHE_DAYS) -> None:
    """Remove the plan caches beside ``keep`` unused for ``days`` days, and the
    temporary files of writers that died."""
    import time

    limit = time.time() - days * 86400
    for other in keep.parent.glob("plano-*.json"):
        if other.name == keep.name:
            continue
        with suppress(OSError):  # removed by another run meanwhile, or not ours
            if other.stat().st_mtime < limit:
                other.unlink()
    files.remove_dead(keep.parent, ".plano-*.tmp-*")


def declared() -> dict:
    """``{"notebooks": [...], "fontes": {department: [file patterns]}}`` from the
    registered departments' ``SOURCES`` (cached, see :func:`_cache_file`)."""
    import os

    cache = _cache_file()
    try:
        out = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    else:
        with suppress(OSError):
            os.utime(cache)  # used now: its age is the time since its last use
        return out
    from ..departments import DEPARTMENTS

    out = {
        "notebooks": [CONSOLIDATED, *(d.NAME for d in DEPARTMENTS)],
        "fontes": {d.NAME: [p for s in d.SOURCES for p in s.files] for d in DEPARTMENTS},
    }
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        files.atomic_write(cache, json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        _prune_cache(cache)
    except OSError:
        pass  # only a cache
    return out


def notebook_names(settings: object | None = None) -> tuple[str, ...]:
    """The notebooks of the balance, in order: the consolidated balance, then one
    per department of this run (``departments.registered()``), only those the
    municipality enables when ``settings`` are given (``departments.enabled``)."""
    names = tuple(declared()["notebooks"])
    wanted = getattr(settings, "departments", None)
    if wanted is None:
        return names
    from ..departments import REGISTRY

    own = {m.rsplit(".", 1)[-1] for m in REGISTRY}
    return tuple(n for n in names if n == CONSOLIDATED or n in wanted or n not in own)


def owners_of(fname: str) -> set[str]:
    """The departments whose declared ``SOURCES`` include the raw file ``fname``."""
    fontes = declared()["fontes"]
    return {name for name, patterns in fontes.items() if any(fnmatch(fname, p) for p in patterns)}


@dataclass(frozen=True)
class Built:
    year: int
    name: str
    pdf: Path
    seconds: float
    inputs: dict[str, str]


@dataclass
class YearOutcome:
    year: int
    status: str = "ok"  # "ok", "sem mudanças" or "falhou"
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    summary: str = ""
    #: Exit code this year asks for (``errors.EXIT_*``): 0 when it did not fail.
    exit_code: int = 0
    #: Unaccepted warnings of the year's checks (``checks.Finding``).
    alerts: list = field(default_factory=list)

    @property
    def reason(self) -> str:
        """One line saying why the year failed."""
        if self.summary:
            return self.summary
        return self.errors[0].splitlines()[0] if self.errors else ""


def pdf_name(name: str, year: int) -> str:
    return f"{name}-{year}.pdf"


def parameters(settings: Settings, year: int) -> dict[str, object]:
    return {
        "year": year,
        "municipio": settings.slug,
        "data_dir": settings.data_dir,
        "reports_dir": settings.reports_dir,
    }


def _rel(settings: Settings, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(settings.root.resolve()))
    except ValueError:
        return str(path)


def raw_files(settings: Settings, year: int) -> dict[str, Path]:
    folder = settings.raw_dir(year)
    if not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file()}


def inputs(
    settings: Settings,
    year: int,
    name: str,
    hashes: dict[Path, str],
    *,
    source: Path | None = None,
) -> dict[str, str]:
    """Everything a notebook's PDF depends on, with hashes: the notebook, the
    template, the package, the parameters, and the raw files it reads — of its
    year and of the year before (for the comparison). A department's raw files are
    those its ``SOURCES`` declare; a file no enabled department reads is no input;
    ``source`` is the notebook run (default:
    ``notebooks/<name>.ipynb``)."""
    files: list[Path] = [source or settings.notebooks_dir / f"{name}.ipynb"]
    files += sorted(p for p in settings.templates_dir.rglob("*") if p.is_file())
    if name == CONSOLIDATED:
        files += [
            settings.published_file(year),
            settings.published_file(year).parent / f"{year}_release.txt",
            settings.root / "docs" / "metodologia.md",
        ]
    enabled = enabled_names(settings)
    for y in (year, year - 1):
        for fname, path in raw_files(settings, y).items():
            if fname not in SHARED_RAW and not reads(settings, fname, enabled=enabled):
                continue  # a stray file, or a disabled department's: no notebook reads it
            owners = owners_of(fname)
            # Files no department declares count for everyone (conservative).
            if name == CONSOLIDATED or fname in SHARED_RAW or not owners or name in owners:
                files.append(path)
    out = {_rel(settings, p): _hash(hashes, p) for p in files if p.exists()}
    out["pacote"] = f"{__version__} {code_hash()}"
    out["parametros"] = json.dumps(parameters(settings, year), sort_keys=True, ensure_ascii=False)
    out["municipio"] = settings.config_hash  # the municipality file's SHA-256
    return out


def read_record(settings: Settings, year: int) -> dict:
    path = settings.reports_path(year) / RECORD
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def write_record(settings: Settings, year: int, record: dict, *, out: Path | None = None) -> None:
    """Write ``construcao.json`` into ``out`` (default: the year's reports folder)."""
    out = settings.reports_path(year) if out is None else out
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    files.atomic_write(out / RECORD, text)


def up_to_date(
    settings: Settings, year: int, name: str, current: dict[str, str], record: dict
) -> bool:
    entry = record.get("notebooks", {}).get(name)
    if not entry or entry.get("entradas") != current:
        return False
    pdf = settings.reports_path(year) / pdf_name(name, year)
    return pdf.exists() and file_hash(pdf) == entry.get("sha256_pdf")
