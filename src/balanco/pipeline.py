"""raw export -> clean DataFrames -> indicators, written to ``data/processed/<ano>/``.

``prepare`` is the only writer of processed data; ``open_year`` is how the
notebooks read it back. The write is atomic: a new folder is filled beside the
old one and swapped in only when complete.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__, checks, files, highlights, provenance
from .departments import enabled, registered, vocabulary
from .departments.base import Indicator
from .errors import BadInput, Problem, ProblemLog, os_fault
from .fingerprint import code_hash, locked, processed_is_current
from .io import check_input_file, display_path, sha256
from .settings import Settings

INDICATORS_FILE = "indicadores.json"
MANIFEST = provenance.MANIFEST


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
    #: Unaccepted warnings of the checks (checks.py) and accepted findings.
    alertas: list[checks.Finding] = field(default_factory=list)
    aceites: list[checks.Finding] = field(default_factory=list)
    #: The municipality's spellings of closed vocabularies used by this year's
    #: files (``[grafias]``; see ``departments.vocabulary``), one record each.
    grafias: list[dict[str, object]] = field(default_factory=list)

    def by_department(self, name: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.department == name]


def raw_sources(settings: Settings, year: int) -> list[dict[str, object]]:
    """Every raw file of the year with its system, description, SHA-256 and
    origin: ``sintetico`` is true only when the manifest lists the file as
    synthetic with this very SHA-256 (verified on every prepare; see
    ``provenance``). Missing files are reported together."""
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

    def origin_of(path: Path, digest: str) -> dict[str, object]:
        o = provenance.origin(manifest, path.name, digest)
        return {"sintetico": o.synthetic, "origem": o.reason}

    out = []
    for dept in enabled(settings):
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
                digest = sha256(path)
                out.append(
                    {
                        "arquivo": path.name,
                        "departamento": dept.NAME,
                        "conjunto": src.key,
                        "sistema": src.system,
                        "descricao": src.description,
                        "sha256": digest,
                        **origin_of(path, digest),
                    }
                )
    hl = raw_dir / highlights.FILE
    hl_ok = hl.exists() or hl.is_symlink()
    if hl_ok:
        try:
            check_input_file(hl, root=settings.data_path / "raw")
        except BadInput as exc:
            log.extend(exc.problems)
            hl_ok = False
    if hl_ok:
        digest = sha256(hl)
        out.append(
            {
                "arquivo": hl.name,
                "departamento": "secretaria",
                "conjunto": "destaques",
                "sistema": "Arquivo editado à mão pela Secretaria",
                "descricao": "Destaques qualitativos do ano",
                "sha256": digest,
                **origin_of(hl, digest),
            }
        )
    # Optional hand-kept or exported companions: hashed with the year's inputs, so that
    # accepting a check (aceites.toml) or saving the WordPress total re-runs the year.
    for name, dept, key, system, what in (
        (
            checks.ACCEPTANCE_FILE,
            "secretaria",
            "aceites",
            "Arquivo editado à mão pela Secretaria",
            "Aceites de verificações bloqueantes, com o motivo",
        ),
        (
            checks.WP_TOTAL_FILE,
            "comunicacao",
            "total_posts",
            "WordPress (cabeçalho X-WP-Total da API REST)",
            "Total de posts informado pelo WordPress na exportação",
        ),
    ):
        if dept != "secretaria" and dept not in {d.NAME for d in enabled(settings)}:
            continue  # a disabled department's companion is not part of this balance
        path = raw_dir / name
        if path.exists() and not path.is_file():
            log.add(display_path(path), _NOT_A_FILE + what)
        elif path.exists():
            digest = sha256(path)
            entry = {
                "arquivo": name,
                "departamento": dept,
                "conjunto": key,
                "sistema": system,
                "descricao": what,
                "sha256": digest,
                **origin_of(path, digest),
            }
            if key == "aceites":
                entry.update(sintetico=False, origem="editado à mão pela Secretaria")
            out.append(entry)
    log.raise_if_any()
    return out


_NOT_A_FILE = "é uma pasta, não um arquivo; remova ou renomeie a pasta. Esperado: "


def read_manifest(raw_dir: Path) -> provenance.Manifest:
    """The year's manifest (see ``provenance.read_manifest``)."""
    return provenance.read_manifest(raw_dir)


def synthetic_flags(sources: list[dict[str, object]], manifest: provenance.Manifest):
    """(any file synthetic, demonstration data): a year whose files were all
    replaced by real exports is neither, whatever the manifest's header says."""
    synthetic = any(bool(s.get("sintetico")) for s in sources)
    return synthetic, bool(manifest.demo and synthetic)


def combined_hash(sources: list[dict[str, object]]) -> str:
    """One hash for all of a year's inputs (printed in the colophon)."""
    import hashlib

    h = hashlib.sha256()
    for s in sorted(sources, key=lambda s: str(s["arquivo"])):
        h.update(f"{s['arquivo']}:{s['sha256']}\n".encode())
    return h.hexdigest()


def compute(
    settings: Settings, year: int, *, raw_out: dict[str, dict[str, pd.DataFrame]] | None = None
) -> tuple[dict[str, dict[str, pd.DataFrame]], list[Indicator], highlights.Highlights]:
    """Load, clean and summarise every department; every department's problems
    are reported together. ``raw_out``, when given, receives the frames as read
    (text as written), for the checks' messages."""
    raw_dir = settings.raw_dir(year)
    log = ProblemLog()
    cleaned: dict[str, dict[str, pd.DataFrame]] = {}
    indicators: list[Indicator] = []
    try:  # the municipality file's [grafias] name known sources, columns and values
        vocabulary.check_spellings(settings, registered())
    except BadInput as exc:
        log.extend(exc.problems)
    for dept in enabled(settings):
        try:
            raw = dept.load(raw_dir, settings=settings)
            if raw_out is not None:
                raw_out[dept.NAME] = raw
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


def prepare(settings: Settings, year: int, *, strict: bool = False) -> YearData:
    """Build ``data/processed/<year>/`` from ``data/raw/<year>/`` (atomically; one
    process at a time per year). Blocking checks raise ``checks.ChecksFailed``
    before anything is written; with ``strict`` (--rigoroso) warnings do too."""
    return _prepare(settings, year, strict=strict)


def _lock(settings: Settings, year: int) -> Path:
    return settings.data_path / "processed" / f".{year}.lock"


def previous_year(settings: Settings, year: int) -> tuple[dict[str, object] | None, str | None]:
    """The previous year's processed payload for the year-over-year checks, and
    why it is not available (Portuguese) when its raw data exist but are bad.

    When ``data/raw/<year-1>`` exists, that year is prepared first (under its own
    lock) if missing or stale, so the comparison never depends on what happened
    to be prepared before."""
    before = year - 1
    if settings.raw_dir(before).is_dir():
        try:
            open_year(settings, before)
        except BadInput as exc:
            first = exc.problems[0].render().replace("\n ", "") if exc.problems else ""
            return None, (
                f"os dados de {before} têm problemas e não foram preparados, então a "
                f"comparação com {before} não está disponível (rode balanco prepare --year "
                f"{before} para ver todos): {first}"
            )
    return checks.previous_payload(settings, year), None


def _prepare(settings: Settings, year: int, *, strict: bool = False) -> YearData:
    sources = raw_sources(settings, year)
    raw: dict[str, dict[str, pd.DataFrame]] = {}
    cleaned, indicators, hl = compute(settings, year, raw_out=raw)
    previous, why_not = previous_year(settings, year)
    outcome = checks.run(
        settings,
        year,
        cleaned=cleaned,
        indicators=indicators,
        previous=previous,
        previous_unavailable=why_not,
        raw=raw,
    )
    outcome.raise_if_failed(strict=strict)
    # Only a year that passed its checks takes the lock and writes: a blocked year
    # (another period, an empty export) leaves nothing behind, not even a lock file.
    # Two runs may compute the same year at once; their writes are serialised.
    with locked(_lock(settings, year)):
        return _write(
            settings,
            year,
            sources=sources,
            cleaned=cleaned,
            indicators=indicators,
            hl=hl,
            outcome=outcome,
            previous=previous,
        )


def _write(
    settings: Settings,
    year: int,
    *,
    sources: list[dict[str, object]],
    cleaned: dict[str, dict[str, pd.DataFrame]],
    indicators: list[Indicator],
    hl: highlights.Highlights,
    outcome: checks.Outcome,
    previous: dict[str, object] | None,
) -> YearData:
    """Write ``data/processed/<year>/`` atomically (call with the year's lock held)."""
    hashes = {s["arquivo"]: s["sha256"] for s in sources}
    manifest = read_manifest(settings.raw_dir(year))
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
            from .dados_abertos import write_personal_register

            write_personal_register(tmp)
            (tmp / INDICATORS_FILE).write_text(
                json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n",
                encoding="utf-8",
            )
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


def open_year(settings: Settings, year: int, *, build: bool = True) -> YearData:
    """Read a year's processed data, preparing it first when missing or stale."""
    if build and not is_current(settings, year):
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
            reason=d.get("motivo") or d.get("reason"),
        )
        for d in payload["indicadores"]
    }
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
    )
