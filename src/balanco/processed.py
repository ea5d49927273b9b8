"""The processed folder of a year (``data/processed/<ano>/``): written atomically
from a year that passed its checks (call with the year's lock held), read back as a
:class:`~balanco.year_data.YearData`, and whether it is current."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import __version__, checks, files, highlights, provenance
from .departments import vocabulary
from .departments.base import Indicator
from .errors import os_fault
from .fingerprint import code_hash, processed_is_current
from .open_data.dictionary import write_personal_register
from .open_data.origin import digest_of
from .raw_sources import combined_hash, synthetic_flags
from .settings import INDICATORS_FILE, Settings
from .year_data import Checked, YearData


def lock_path(settings: Settings, year: int) -> Path:
    """The lock a year's writers take (``fingerprint.locked``)."""
    return settings.data_path / "processed" / f".{year}.lock"


def write(checked: Checked) -> YearData:
    """Write ``data/processed/<year>/`` atomically (call with the year's lock held)."""
    settings, year, sources = checked.inputs.settings, checked.inputs.year, checked.inputs.sources
    cleaned, indicators, hl = checked.tables, checked.indicators, checked.highlights
    outcome, previous = checked.outcome, checked.previous
    hashes = {s["arquivo"]: s["sha256"] for s in sources}
    manifest = provenance.read_manifest(settings.raw_dir(year))
    synthetic, demo = synthetic_flags(sources, manifest)
    data_hash = combined_hash(sources)
    payload = {
        "ano": year,
        "municipio": settings.municipality,
        "uf": settings.uf,
        "codigo_ibge": settings.ibge_code,
        "secretaria": settings.secretariat,
        "versao_balanco": __version__,
        "codigo_balanco": code_hash(),
        # The settings that decide which records count, and the manifest that
        # decides which files are synthetic: a change to either rebuilds the data.
        "configuracao_limpeza": settings.cleaning_settings(),
        "hash_configuracao": settings.cleaning_hash(),
        "sha256_manifesto": manifest.sha256,
        "dados_sinteticos": synthetic,
        # How many files are synthetic and how many real exports (per file in "fontes").
        "arquivos_sinteticos": sum(1 for s in sources if s.get("sintetico")),
        "arquivos_reais": sum(1 for s in sources if not s.get("sintetico")),
        "dados_demonstracao": demo,
        "hash_dados": data_hash,
        # An unavailable indicator is written with value null and its reason in
        # "motivo" (never 0).
        "indicadores": [
            {
                **ind.as_dict(),
                "motivo": ind.reason,
                "sha256_fontes": {f: hashes.get(f) for f in ind.sources},
            }
            for ind in indicators
        ],
        "fontes": sources,
        "destaques": hl.as_dict(),
        **outcome.as_json(),
        # The municipality's own spellings mapped to accepted values ([grafias]).
        "grafias": vocabulary.collected(cleaned),
        # The year-over-year warnings depend on the previous year's processed data.
        "hash_dados_ano_anterior": previous.get("hash_dados") if previous else None,
    }
    target = settings.processed_dir(year)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
        with files.atomic_folder(target) as tmp:
            for dept, frames in cleaned.items():
                for name, frame in frames.items():
                    frame.to_parquet(tmp / f"{dept}__{name}.parquet", index=False)
            # Which processed columns are personal data (LGPD), for the internal data.
            write_personal_register(tmp)
            text = json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
            (tmp / INDICATORS_FILE).write_text(text, encoding="utf-8")
    except OSError as exc:
        # Disk full, permissions: nothing was replaced; say where and what to do.
        raise os_fault(exc, path=target, doing=f"gravar os dados processados de {year}") from exc
    return YearData(
        year,
        {i.key: i for i in indicators},
        cleaned,
        hl,
        sources,
        synthetic,
        data_hash,
        extra={"demo": demo},
        alertas=outcome.warnings,
        aceites=outcome.accepted,
        grafias=payload["grafias"],
        # As written (and as read back): what the open data record (open_data.origin).
        processed_digest=digest_of(json.loads(text)),
    )


def remove_leftovers(target: Path) -> None:
    """Remove what a killed ``prepare`` left beside ``target`` (its temporary and
    old folders, named with the dead process's id); put the old folder back if the
    process died while swapping it. Call with the lock held."""
    files.restore_folder(target)


def is_current(settings: Settings, year: int) -> bool:
    """True when the processed folder was built from exactly the current raw files
    by this code (see ``fingerprint.processed_is_current``)."""
    return processed_is_current(settings, year)


def read(settings: Settings, year: int) -> YearData:
    """Read a year's processed data as it is (``pipeline.open_year`` prepares it
    first when missing or stale)."""
    folder = settings.processed_dir(year)
    payload = json.loads((folder / INDICATORS_FILE).read_text(encoding="utf-8"))
    indicators = {d["key"]: Indicator.from_dict(d) for d in payload["indicadores"]}
    alertas, aceites = checks.stored(payload)
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
        alertas=alertas,
        aceites=aceites,
        grafias=list(payload.get("grafias", [])),
        processed_digest=digest_of(payload),
    )
