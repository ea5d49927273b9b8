"""raw export -> clean DataFrames -> indicators, written to ``data/processed/<ano>/``.

``prepare`` is the only writer of processed data; ``open_year`` is how the
notebooks read it back. The write is atomic: a new folder is filled beside the
old one and swapped in only when complete.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__, highlights
from .config import Settings
from .departments import DEPARTMENTS
from .departments.base import Indicator
from .errors import BadInput, Problem, ProblemLog
from .fingerprint import code_hash, locked, processed_is_current
from .io import check_input_file, display_path, sha256

INDICATORS_FILE = "indicadores.json"
MANIFEST = "manifest.toml"


@dataclass
class YearData:
    """Everything the report of one year reads."""

    year: int
    indicators: dict[str, Indicator]
    tables: dict[str, dict[str, pd.DataFrame]]
    highlights: highlights.Highlights
    sources: list[dict[str, object]]
    synthetic: bool
    data_hash: str
    extra: dict[str, object] = field(default_factory=dict)

    def by_department(self, name: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.department == name]


def raw_sources(settings: Settings, year: int) -> list[dict[str, object]]:
    """Every raw file of the year with its system, description and SHA-256,
    plus the manifest's synthetic flag. Missing files are reported together."""
    raw_dir = settings.raw_dir(year)
    if not raw_dir.is_dir():
        raise BadInput(
            [
                Problem(
                    display_path(raw_dir),
                    f"pasta de dados brutos de {year} não "
                    "encontrada; coloque as exportações em data/raw/<ano>/ ou gere "
                    "dados de exemplo com: balanco sample --year " + str(year),
                )
            ]
        )
    manifest = read_manifest(raw_dir)
    log = ProblemLog()
    out = []
    for dept in DEPARTMENTS:
        for src in dept.SOURCES:
            for path in src.paths(raw_dir):
                if not path.exists() and not path.is_symlink():
                    log.add(
                        display_path(path),
                        f"arquivo não encontrado; esperado: {src.description} ({src.system})",
                    )
                    continue
                try:  # a folder, a FIFO or a link out of data/raw is refused before hashing
                    check_input_file(path, root=settings.data_path / "raw")
                except BadInput as exc:
                    log.extend(exc.problems)
                    continue
                out.append(
                    {
                        "arquivo": path.name,
                        "departamento": dept.NAME,
                        "conjunto": src.key,
                        "sistema": src.system,
                        "descricao": src.description,
                        "sha256": sha256(path),
                        "sintetico": bool(manifest.get("sintetico", False)),
                    }
                )
    hl = raw_dir / highlights.FILE
    if hl.exists() or hl.is_symlink():
        check_input_file(hl, root=settings.data_path / "raw")
        out.append(
            {
                "arquivo": hl.name,
                "departamento": "secretaria",
                "conjunto": "destaques",
                "sistema": "Arquivo editado à mão pela Secretaria",
                "descricao": "Destaques qualitativos do ano",
                "sha256": sha256(hl),
                "sintetico": bool(manifest.get("sintetico", False)),
            }
        )
    log.raise_if_any()
    return out


def read_manifest(raw_dir: Path) -> dict[str, object]:
    path = raw_dir / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}
    check_input_file(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        # tomllib says where in English: "Invalid value (at line 2, column 1)".
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        raise BadInput(
            [
                Problem(
                    display_path(path),
                    "não é um TOML válido"
                    + (f" (erro de sintaxe na posição {where[2]} da linha)" if where else "")
                    + (" (o arquivo termina no meio de um valor)" if "end of" in str(exc) else "")
                    + "; corrija o arquivo (veja data/raw/README.md)",
                    line=int(where[1]) if where else None,
                )
            ]
        ) from None
    except UnicodeDecodeError:
        raise BadInput(
            [Problem(display_path(path), "não pode ser lido como UTF-8; salve-o em UTF-8")]
        ) from None


def combined_hash(sources: list[dict[str, object]]) -> str:
    """One hash for all of a year's inputs (printed in the colophon)."""
    import hashlib

    h = hashlib.sha256()
    for s in sorted(sources, key=lambda s: str(s["arquivo"])):
        h.update(f"{s['arquivo']}:{s['sha256']}\n".encode())
    return h.hexdigest()


def compute(
    settings: Settings, year: int
) -> tuple[dict[str, dict[str, pd.DataFrame]], list[Indicator], highlights.Highlights]:
    """Load, clean and summarise every department; every department's problems
    are reported together."""
    raw_dir = settings.raw_dir(year)
    log = ProblemLog()
    cleaned: dict[str, dict[str, pd.DataFrame]] = {}
    indicators: list[Indicator] = []
    for dept in DEPARTMENTS:
        try:
            raw = dept.load(raw_dir, settings=settings)
            cleaned[dept.NAME] = dept.clean(raw, year=year, settings=settings)
        except BadInput as exc:
            log.extend(exc.problems)
            continue
        indicators.extend(dept.summarise(cleaned[dept.NAME], year=year))
    try:
        hl = highlights.load(raw_dir)
    except BadInput as exc:
        log.extend(exc.problems)
        hl = highlights.Highlights()
    log.raise_if_any()
    return cleaned, indicators, hl


def prepare(settings: Settings, year: int) -> YearData:
    """Build ``data/processed/<year>/`` from ``data/raw/<year>/`` (atomically; one
    process at a time per year)."""
    lock = settings.data_path / "processed" / f".{year}.lock"
    with locked(lock):
        return _prepare(settings, year)


def _prepare(settings: Settings, year: int) -> YearData:
    sources = raw_sources(settings, year)
    cleaned, indicators, hl = compute(settings, year)
    hashes = {s["arquivo"]: s["sha256"] for s in sources}
    manifest = read_manifest(settings.raw_dir(year))
    synthetic = bool(manifest.get("sintetico", False))
    data_hash = combined_hash(sources)
    payload = {
        "ano": year,
        "municipio": settings.municipality,
        "secretaria": settings.secretariat,
        "versao_balanco": __version__,
        "codigo_balanco": code_hash(),
        "dados_sinteticos": synthetic,
        "dados_demonstracao": bool(manifest.get("demonstracao", False)),
        "hash_dados": data_hash,
        "indicadores": [
            {**ind.as_dict(), "sha256_fontes": {f: hashes.get(f) for f in ind.sources}}
            for ind in indicators
        ],
        "fontes": sources,
        "destaques": hl.as_dict(),
    }
    target = settings.processed_dir(year)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{year}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        for dept, frames in cleaned.items():
            for name, frame in frames.items():
                frame.to_parquet(tmp / f"{dept}__{name}.parquet", index=False)
        (tmp / INDICATORS_FILE).write_text(
            json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
        _swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return YearData(
        year,
        {i.key: i for i in indicators},
        cleaned,
        hl,
        sources,
        synthetic,
        data_hash,
        extra={"demo": bool(manifest.get("demonstracao", False))},
    )


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` so that readers see the old or the new folder whole."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def is_current(settings: Settings, year: int) -> bool:
    """True when the processed folder was built from exactly the current raw files
    by this code (see ``fingerprint.processed_is_current``)."""
    return processed_is_current(settings, year)


def open_year(settings: Settings, year: int, *, build: bool = True) -> YearData:
    """Read a year's processed data, preparing it first when missing or stale."""
    if build and not is_current(settings, year):
        with locked(settings.data_path / "processed" / f".{year}.lock"):
            # Another process may have prepared the year while this one waited.
            if not is_current(settings, year):
                return _prepare(settings, year)
    folder = settings.processed_dir(year)
    payload = json.loads((folder / INDICATORS_FILE).read_text(encoding="utf-8"))
    indicators = {
        d["key"]: Indicator(
            d["key"],
            d["department"],
            d["label"],
            d["definition"],
            d["unit"],
            d["value"],
            tuple(d["sources"]),
        )
        for d in payload["indicadores"]
    }
    tables: dict[str, dict[str, pd.DataFrame]] = {}
    for file in sorted(folder.glob("*__*.parquet")):
        dept, name = file.stem.split("__", 1)
        tables.setdefault(dept, {})[name] = pd.read_parquet(file)
    return YearData(
        year,
        indicators,
        tables,
        highlights.Highlights.from_dict(payload["destaques"]),
        payload["fontes"],
        bool(payload["dados_sinteticos"]),
        payload["hash_dados"],
        extra={"demo": bool(payload.get("dados_demonstracao", False))},
    )
