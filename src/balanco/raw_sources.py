"""The year's raw files: listed from the departments' declared sources, checked,
hashed and marked synthetic or real (``provenance``); and what the colophon says of
them (one hash for all, whether any is synthetic)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import checks, highlights, provenance
from .departments import enabled
from .errors import BadInput, Problem, ProblemLog
from .io import check_input_file, display_path, sha256
from .settings import Settings


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
    manifest = provenance.read_manifest(raw_dir)
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
    # accepting a check (aceites.toml) or saving a department's companion (the WordPress
    # total) re-runs the year. A disabled department's companion is not part of this
    # balance.
    companions = [
        (
            checks.ACCEPTANCE_FILE,
            "secretaria",
            "aceites",
            "Arquivo editado à mão pela Secretaria",
            "Aceites de verificações bloqueantes, com o motivo",
        ),
        *(
            (c.file, dept.NAME, c.key, c.system, c.description)
            for dept in enabled(settings)
            for c in getattr(dept, "COMPANIONS", ())
        ),
    ]
    for name, dept_name, key, system, what in companions:
        path = raw_dir / name
        if path.exists() and not path.is_file():
            log.add(display_path(path), _NOT_A_FILE + what)
        elif path.exists():
            digest = sha256(path)
            entry = {
                "arquivo": name,
                "departamento": dept_name,
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


def synthetic_flags(sources: list[dict[str, object]], manifest: provenance.Manifest):
    """(any file synthetic, demonstration data): a year whose files were all
    replaced by real exports is neither, whatever the manifest's header says."""
    synthetic = any(bool(s.get("sintetico")) for s in sources)
    return synthetic, bool(manifest.demo and synthetic)


def combined_hash(sources: list[dict[str, object]]) -> str:
    """One hash for all of a year's inputs (printed in the colophon)."""
    h = hashlib.sha256()
    for s in sorted(sources, key=lambda s: str(s["arquivo"])):
        h.update(f"{s['arquivo']}:{s['sha256']}\n".encode())
    return h.hexdigest()
