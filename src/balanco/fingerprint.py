"""Hashes of inputs, for incremental builds, and file locks for concurrent runs.

Kept free of heavy imports: a re-run with nothing to do must answer in well
under a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from .declared import CONSOLIDATED, companion_owners, notebook_names, owners_of
from .io.paths import file_hash  # the lowest layer owns the one implementation
from .package_hash import code_hash, tree_hash  # noqa: F401 - re-exported
from .settings import INDICATORS_FILE


@contextmanager
def locked(path: Path, *, on_wait=None) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing). If another process
    holds it, call ``on_wait`` once and wait: two runs of the same year never
    interleave their writes.

    The lock is ``filelock.FileLock`` (flock on POSIX, msvcrt on Windows): nothing
    POSIX-only is imported with the package. A folder where the lock cannot be
    created is an ``EnvironmentFault`` that names it. When the block fails, the
    lock file and the folders this call created are removed again.
    """
    from filelock import FileLock, Timeout

    from .errors import os_fault
    from .files import new_folders

    with ExitStack() as stack:
        try:
            stack.enter_context(new_folders(path.parent))
            created = not path.exists()
            lock = FileLock(str(path))
            try:
                lock.acquire(timeout=0)
            except Timeout:
                if on_wait is not None:
                    on_wait()
                lock.acquire()
        except OSError as exc:
            raise os_fault(
                exc, path=path.parent, doing=f"criar nesta pasta o arquivo de trava {path.name}"
            ) from exc
        try:
            yield
        except BaseException:
            # A failed run leaves the folder as it found it: the lock file it
            # created goes (unlinked while held; filelock makes a waiter that
            # locked the unlinked file try again on the new one).
            if created:
                with suppress(OSError):
                    path.unlink()
            raise
        finally:
            lock.release()


def cached_hash(cache: dict[Path, str], path: Path) -> str:
    """``file_hash`` memoised in ``cache`` (one run hashes each file once)."""
    if path not in cache:
        cache[path] = file_hash(path)
    return cache[path]


#: Raw files every run reads besides its departments' declared ``SOURCES`` and
#: ``COMPANIONS`` (the manifest is hashed apart): the Secretaria's highlights and
#: acceptances.
EVERY_RUN = frozenset({"destaques.toml", "aceites.toml"})


def enabled_names(settings) -> set[str]:
    """The names of the departments of a run (``departments.enabled``), from the
    declared sources' cache (``balanco.declared``): no department is imported."""
    return set(notebook_names(settings)) - {CONSOLIDATED}


def owners(fname: str) -> set[str]:
    """The registered departments a raw file belongs to: those whose ``SOURCES``
    declare it, or that declare it a companion (``COMPANIONS``). Empty for a file no
    department reads (a stray file, or a file read by every run: :data:`EVERY_RUN`)."""
    if fname in EVERY_RUN:
        return set()
    return owners_of(fname) | companion_owners(fname)


def reads(settings, fname: str, *, enabled: set[str] | None = None) -> bool:
    """Whether a run with ``settings`` reads the raw file ``fname``: a file every run
    reads, or one of an enabled department (``enabled``: :func:`enabled_names`, when
    already at hand). A stray file (``notas.txt``) or a file of a disabled department
    is not read: it changes neither the data nor the reports."""
    if fname in EVERY_RUN:
        return True
    enabled = enabled_names(settings) if enabled is None else enabled
    return bool(owners(fname) & enabled)


def foreign(settings, fname: str, *, enabled: set[str] | None = None) -> bool:
    """Whether ``fname`` belongs only to departments the run does not enable (its
    checks skip such a file: it is not part of this balance)."""
    mine = owners(fname)
    enabled = enabled_names(settings) if enabled is None else enabled
    return bool(mine) and not mine & enabled


def processed_is_current(settings, year: int, hashes: dict[Path, str] | None = None) -> bool:
    """True when ``data/processed/<year>`` lists exactly the raw files present now that
    the run reads (:func:`reads`: those of the enabled departments, the highlights, the
    acceptances), with the same SHA-256 (and the same manifest), and was built by this
    code with the same cleaning settings (``Settings.cleaning_hash``). A file the run
    does not read changes nothing. Reads JSON only (no pandas): a run with nothing to
    do must stay fast."""
    import json

    hashes = {} if hashes is None else hashes
    path = settings.processed_dir(year) / INDICATORS_FILE
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    if payload.get("codigo_balanco") != code_hash():
        return False
    # Settings that change which records count (IBGE code, name variants, ...).
    if payload.get("hash_configuracao") != settings.cleaning_hash():
        return False
    # The checks compare with the previous year's processed figures (variacao_grande).
    try:
        before = json.loads(
            (settings.processed_dir(year - 1) / INDICATORS_FILE).read_text(encoding="utf-8")
        ).get("hash_dados")
    except (OSError, json.JSONDecodeError):
        before = None
    if payload.get("hash_dados_ano_anterior") != before:
        return False
    folder = settings.raw_dir(year)
    manifest = folder / "manifest.toml"
    recorded = payload.get("sha256_manifesto")
    if (cached_hash(hashes, manifest) if manifest.is_file() else None) != recorded:
        return False
    enabled = enabled_names(settings)
    present = {
        p.name: p
        for p in (folder.iterdir() if folder.is_dir() else ())
        if p.is_file() and p.name != "manifest.toml" and reads(settings, p.name, enabled=enabled)
    }
    listed = {s["arquivo"]: s["sha256"] for s in payload.get("fontes", [])}
    if set(listed) != set(present):
        return False
    return all(cached_hash(hashes, present[n]) == sha for n, sha in listed.items())
