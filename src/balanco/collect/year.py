"""A year's collection: every source asked for into a staging folder, then the
year's raw folder replaced whole (the files of the collected sources swapped, the
others copied as they were, the manifest updated) — only when every source
succeeded. A failure anywhere leaves the raw folder as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..errors import BadInput, Problem
from ..files import atomic_folder, new_folders, promote, remove_dead, restore_folder
from ..fingerprint import locked
from ..io import sha256
from ..processed import lock_path
from ..provenance import MANIFEST, read_manifest
from ..settings import Settings
from .base import SIGNATURE, CollectContext, CollectedFile, Progress
from .sources import SOURCES, ByHand, CollectSource, by_hand

#: Environment variable naming the machine-wide cache (default: ~/.cache/balanco).
CACHE_ENV = "BALANCO_CACHE"


@dataclass
class Outcome:
    """What a collection did: the files written (by source), the sources found
    unchanged (nothing downloaded), and what remains to be placed by hand."""

    raw_dir: Path
    written: dict[str, list[CollectedFile]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    by_hand: list[ByHand] = field(default_factory=list)


def cache_dir(env: Mapping[str, str]) -> Path:
    """The cache shared by every municipality and year of this machine."""
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "balanco"


def url_of(settings: Settings, source: CollectSource) -> str:
    """The source's address from ``[coleta]`` (or its default); a missing one is
    bad input naming the municipality file."""
    url = dict(settings.collect_urls).get(source.name) or source.default_url
    if url:
        return url
    shown = f"municipios/{settings.slug}.toml"
    example = _EXAMPLES.get(source.name, '"https://…"')
    raise BadInput(
        [
            Problem(
                shown,
                f"falta o endereço de {source.title}: escreva-o na seção [coleta], ex.: "
                f"{source.name} = {example} "
                "(veja municipios/README.md)",
                column=f"coleta.{source.name}",
            )
        ]
    )


_EXAMPLES = {
    "wordpress": '"https://www.prefeitura.exemplo.gov.br"',
    "glpi": '"https://glpi.prefeitura.exemplo.gov.br/apirest.php"',
}


def intact_entries(raw_dir: Path) -> dict[str, Mapping[str, object]]:
    """The manifest entries of the files still in ``raw_dir`` with their recorded bytes."""
    if not (raw_dir / MANIFEST).is_file():
        return {}
    manifest = read_manifest(raw_dir)
    out = {}
    for name, entry in manifest.files.items():
        path = raw_dir / name
        if path.is_file() and entry.get("sha256") == sha256(path):
            out[name] = entry
    return out


def collect_year(
    settings: Settings,
    year: int,
    names: list[str],
    *,
    env: Mapping[str, str],
    progress: Progress,
) -> Outcome:
    """Collect ``names`` (keys of :data:`SOURCES`) for ``year`` into the raw folder."""
    sources = [SOURCES[n] for n in names]
    for source in sources:  # every address checked before any request
        url_of(settings, source)
    raw_dir = settings.raw_dir(year)
    outcome = Outcome(raw_dir, by_hand=by_hand(settings, tuple(names)))
    previous = intact_entries(raw_dir)
    with new_folders(raw_dir.parent):
        # A killed collection's staging folder (its pid no longer runs) goes first.
        remove_dead(raw_dir.parent, f".{year}.coleta.staging-*")
        staging = Path(
            tempfile.mkdtemp(prefix=f".{year}.coleta.staging-{os.getpid()}-", dir=raw_dir.parent)
        )
        try:
            for source in sources:
                folder = staging / source.name
                folder.mkdir()
                ctx = CollectContext(
                    settings=settings,
                    year=year,
                    staging=folder,
                    cache=cache_dir(env),
                    progress=progress,
                    env=env,
                    previous=previous,
                )
                files = source.collect(ctx)
                if files:
                    outcome.written[source.name] = files
                else:
                    outcome.unchanged.append(source.name)
            if outcome.written:
                with locked(lock_path(settings, year)):
                    restore_folder(raw_dir)  # a swap a killed run left half done
                    _move_into_place(raw_dir, staging, outcome.written, year=year)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return outcome


def _move_into_place(
    raw_dir: Path, staging: Path, written: dict[str, list[CollectedFile]], *, year: int
) -> None:
    """Replace ``raw_dir`` whole by: its files not written by the collected sources,
    the staged files, and the manifest updated (``files.atomic_folder``)."""
    replaced = [p for name in written for p in SOURCES[name].files]
    new_names = {f.name for files in written.values() for f in files}
    with atomic_folder(raw_dir) as new:
        kept = []
        if raw_dir.is_dir():
            for path in sorted(raw_dir.iterdir()):
                if path.name == MANIFEST or path.name in new_names:
                    continue
                if path.is_file() and any(path.match(p) for p in replaced):
                    continue
                if path.is_dir():
                    shutil.copytree(path, new / path.name, symlinks=True)
                else:
                    shutil.copy2(path, new / path.name, follow_symlinks=False)
                    kept.append(path.name)
        for name, files in written.items():
            for f in files:
                promote(staging / name / f.name, new / f.name)
        _write_manifest(raw_dir, new, written, kept=kept, year=year)


def _entry(f: CollectedFile, system: str, when: datetime) -> dict[str, object]:
    from ..provenance import _describe

    what, declared_system = _describe(f.name)
    if not what:  # a file saved with the export (wordpress_total.json): its companion's words
        from ..departments import DEPARTMENTS

        companion = next(
            (c for d in DEPARTMENTS for c in getattr(d, "COMPANIONS", ()) if c.file == f.name),
            None,
        )
        if companion is not None:
            what, declared_system = companion.description, companion.system
    entry: dict[str, object] = {
        "nome": f.name,
        "descricao": what,
        "sistema": declared_system or system,
        "sintetico": False,
        "data_exportacao": when.date(),
        "coletado_em": when.replace(microsecond=0),
        "gerado_por": SIGNATURE,
        "url": f.url,
        "tamanho": f.size,
    }
    if f.validators:
        entry["validadores"] = dict(f.validators)
    if f.totals:
        entry["totais"] = dict(f.totals)
    entry["sha256"] = f.sha256
    return entry


def _write_manifest(
    raw_dir: Path,
    new: Path,
    written: dict[str, list[CollectedFile]],
    *,
    kept: list[str],
    year: int,
) -> None:
    import tomli_w

    old_path = raw_dir / MANIFEST
    doc: dict[str, object] = {}
    if old_path.is_file():
        read_manifest(raw_dir)  # an invalid manifest stops here, with its line
        doc = tomllib.loads(old_path.read_text(encoding="utf-8"))
    old_entries = {e["nome"]: e for e in doc.get("arquivos", []) if isinstance(e, dict)}
    when = datetime.now(UTC)
    entries = [e for name in kept if (e := old_entries.get(name)) is not None]
    for name, files in written.items():
        entries.extend(_entry(f, SOURCES[name].title, when) for f in files)
    entries.sort(key=lambda e: str(e["nome"]))
    default_synthetic = bool(doc.get("sintetico", False))
    synthetic = [bool(e.get("sintetico", default_synthetic)) for e in entries]
    out = {k: v for k, v in doc.items() if k not in ("arquivos", "aviso")}
    out["ano"] = year
    out["sintetico"] = bool(entries) and all(synthetic)
    out["demonstracao"] = bool(doc.get("demonstracao", False)) and any(synthetic)
    if all(synthetic) and "aviso" in doc:
        out["aviso"] = doc["aviso"]
    out.setdefault("gerado_por", SIGNATURE)
    # Entries that relied on the manifest's old top-level "sintetico" keep their word.
    for e in entries:
        e.setdefault("sintetico", default_synthetic)
    out["arquivos"] = entries
    text = f"# Manifesto dos dados brutos de {year}\n\n" + tomli_w.dumps(out)
    (new / MANIFEST).write_text(text, encoding="utf-8")
