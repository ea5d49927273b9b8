"""Where the municipality files are, which one is the default, and a name's slug."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..settings import find_root

#: Folder (at the project root) with one TOML file per municipality, named by its slug.
MUNICIPIOS_DIR = "municipios"
#: The key that marks the municipality used when none is given (``--municipio``,
#: the notebooks' ``municipio``): ``padrao = true`` in exactly one file, so that
#: no town is named in the code.
DEFAULT_KEY = "padrao"
#: The source checkout's root: its ``municipios/`` is used when the project root
#: has none (a temporary root in tests, a data folder elsewhere).
_PACKAGE_ROOT = Path(__file__).resolve().parents[3]


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
    from ..errors import BadInput, Problem

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


def slugify(name: str) -> str:
    """``"São José dos Campos"`` -> ``"sao-jose-dos-campos"`` (a municipality file's name)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
