"""What the registered departments declare, as a run needs it before importing
them: the notebooks of the balance (the consolidated one, then one per department)
and each department's raw files (the patterns of its ``SOURCES``, the names of its
``COMPANIONS``), cached per code version so that a run with nothing to do answers
without importing pandas."""

from __future__ import annotations

import json
from contextlib import suppress
from fnmatch import fnmatch
from pathlib import Path

from . import files
from .departments import from_environment
from .package_hash import code_hash

CONSOLIDATED = "balanco"


def _cache_file() -> Path:
    """Where the declared sources of this code and registry are cached: the user's
    cache folder (``$XDG_CACHE_HOME/balanco``, default ``~/.cache/balanco``), named
    by the package's code hash and ``BALANCO_DEPARTAMENTOS``, so that a run with
    nothing to do answers without importing the departments (pandas)."""
    import hashlib
    import os

    key = f"{code_hash()} {','.join(from_environment())}"
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
    """``{"notebooks": [...], "fontes": {department: [file patterns]}, "companheiros":
    {department: [file names]}}`` from the registered departments' ``SOURCES`` and
    ``COMPANIONS`` (cached, see :func:`_cache_file`)."""
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
    from .departments import DEPARTMENTS

    out = {
        "notebooks": [CONSOLIDATED, *(d.NAME for d in DEPARTMENTS)],
        "fontes": {d.NAME: [p for s in d.SOURCES for p in s.files] for d in DEPARTMENTS},
        "companheiros": {
            d.NAME: [c.file for c in getattr(d, "COMPANIONS", ())] for d in DEPARTMENTS
        },
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
    from .departments import REGISTRY

    own = {m.rsplit(".", 1)[-1] for m in REGISTRY}
    return tuple(n for n in names if n == CONSOLIDATED or n in wanted or n not in own)


def owners_of(fname: str) -> set[str]:
    """The departments whose declared ``SOURCES`` include the raw file ``fname``."""
    fontes = declared()["fontes"]
    return {name for name, patterns in fontes.items() if any(fnmatch(fname, p) for p in patterns)}


def companion_owners(fname: str) -> set[str]:
    """The departments that declare the raw file ``fname`` a companion of their
    sources (``COMPANIONS``: the WordPress total of Comunicação)."""
    companions = declared().get("companheiros", {})
    return {name for name, names in companions.items() if fname in names}
