"""Planning: which notebooks a year has (the consolidated balance and one per
registered department), what each PDF depends on — planned from the
departments' declared ``SOURCES`` —, and the record of what was built
(``reports/<ano>/construcao.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, files
from ..declared import CONSOLIDATED, declared, notebook_names, owners_of  # noqa: F401
from ..fingerprint import cached_hash as _hash
from ..fingerprint import code_hash, enabled_names, file_hash, reads
from ..open_data.origin import ORIGIN_KEY, year_state  # no pandas
from ..settings import Settings

RECORD = "construcao.json"
#: Raw files every notebook depends on, whatever its department.
SHARED_RAW = ("destaques.toml", "manifest.toml", "aceites.toml")


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
    #: Unaccepted warnings of the year's checks (``errors.Problem``).
    alerts: list = field(default_factory=list)
    #: The published figures that differ from the computed ones
    #: (``release_check.Divergences``), or None.
    release: object = None
    #: Notebooks whose HTML alone was exported again: only the open data's link
    #: changed (:func:`only_the_link_changed`).
    relinked: list[str] = field(default_factory=list)

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
    # The HTML links to the open data only when they were written from this data
    # (build.html): the page is rebuilt when they appear, go, or fall behind, so its
    # link is there, never dead, and never to other figures.
    out[LINK] = year_state(settings, year)
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


#: The key of a notebook's entry in ``construcao.json`` holding the digest of the
#: processed data (``open_data.origin``) its report was built from: the same name
#: as in the open data's ``datapackage.json``.
BUILT_FROM = ORIGIN_KEY

#: The input that decides only the HTML's link to the open data (see :func:`inputs`).
LINK = "dados_abertos"


def only_the_link_changed(
    settings: Settings, year: int, name: str, current: dict[str, str], record: dict
) -> bool:
    """True when the notebook's report is up to date but for its HTML's link to the
    open data (they appeared, went or fell behind): its HTML can be exported again
    from the kept executed notebook, without running it."""
    entry = record.get("notebooks", {}).get(name)
    if not entry:
        return False
    before = dict(entry.get("entradas") or {})
    if before.get(LINK) == current.get(LINK):
        return False
    if {k: v for k, v in before.items() if k != LINK} != {
        k: v for k, v in current.items() if k != LINK
    }:
        return False
    folder = settings.reports_path(year)
    pdf = folder / pdf_name(name, year)
    executed = folder / "notebooks" / f"{name}.ipynb"
    return executed.is_file() and pdf.exists() and file_hash(pdf) == entry.get("sha256_pdf")


def up_to_date(
    settings: Settings, year: int, name: str, current: dict[str, str], record: dict
) -> bool:
    entry = record.get("notebooks", {}).get(name)
    if not entry or entry.get("entradas") != current:
        return False
    pdf = settings.reports_path(year) / pdf_name(name, year)
    return pdf.exists() and file_hash(pdf) == entry.get("sha256_pdf")
