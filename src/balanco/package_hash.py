"""The hash of the package's code (and of the departments a run adds from outside
it): a change to the code invalidates what it built, even without a version bump.

Kept free of heavy imports: a re-run with nothing to do must answer in well
under a second.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .departments import from_environment  # the registry alone: no department imported
from .io.paths import file_hash  # the lowest layer owns the one implementation


def tree_hash(paths: Iterable[Path], *, root: Path) -> str:
    """One hash over files' relative names and contents."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(root)).encode() + b"\0" + file_hash(p).encode() + b"\n")
    return h.hexdigest()


def code_hash() -> str:
    """Hash of the installed package's code and resources, and of the departments a
    run adds from outside the package (``BALANCO_DEPARTAMENTOS``): a change to the
    code invalidates what it built, even without a version bump."""
    return _code_hash(",".join(from_environment()))


@cache
def _code_hash(added: str) -> str:
    pkg = Path(__file__).resolve().parent
    files = [p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    own = tree_hash(files, root=pkg)
    outside = outside_department_files(added)
    if not outside:
        return own
    h = hashlib.sha256(own.encode())
    for p in sorted(outside):
        h.update(str(p).encode() + b"\0" + file_hash(p).encode() + b"\n")
    return h.hexdigest()


def outside_department_files(added: str) -> list[Path]:
    """The files of the departments named in ``added`` (module names separated by
    commas) that live outside this package, found without importing them (a
    package's parents are imported by ``find_spec``). A name that cannot be found
    is left for the registry, which reports it when it imports it."""
    import importlib.util

    out: list[Path] = []
    for name in (n.strip() for n in added.split(",")):
        if not name or name == "balanco" or name.startswith("balanco."):
            continue  # the package's own departments: already in its tree
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None:
            continue
        if spec.submodule_search_locations:  # a package: every file of its folder
            for folder in spec.submodule_search_locations:
                out += [
                    p
                    for p in Path(folder).rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts
                ]
        elif spec.origin and Path(spec.origin).is_file():
            out.append(Path(spec.origin))
    return out
