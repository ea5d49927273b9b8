"""Staging and swap: a year is built in ``reports/.<ano>.staging-<pid>`` (a copy of
the current year, so unchanged PDFs carry over) and replaces ``reports/<ano>``
whole, or not at all; the lock of each year; what a killed run left behind."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from .. import files
from ..errors import EnvironmentFault, os_fault
from ..settings import Settings


def lock_path(settings: Settings, year: int) -> Path:
    """The lock of a year's build: beside ``reports/<ano>`` rather than inside it,
    since the folder itself is swapped."""
    return settings.reports_path(year).parent / f".{year}.lock"


def staging_path(settings: Settings, year: int) -> Path:
    final = settings.reports_path(year)
    return final.parent / f".{year}.staging-{os.getpid()}"


def remove_leftovers(settings: Settings, year: int) -> None:
    """Remove what a killed run of ``year`` left (call with the year's lock held):
    staging folders and temporary files whose process is dead, empty
    ``*.erro.ipynb``; and put back a year caught between the two renames of a swap."""
    final = settings.reports_path(year)
    parent = final.parent
    files.restore_folder(final)  # a swap's two renames (files.replace_folder)
    files.remove_dead(parent, f".{year}.staging-*")
    for folder in (final, final / "notebooks"):
        files.remove_dead(folder, ".*tmp-*")
        if folder.is_dir():
            for stale in folder.glob(".construcao.*.tmp"):  # mkstemp names of versions <= 0.1
                stale.unlink(missing_ok=True)
    notebooks = final / "notebooks"
    if notebooks.is_dir():
        for erro in notebooks.glob("*.erro.ipynb"):
            if erro.stat().st_size == 0:
                erro.unlink()


def outputs_of_others(folder: Path, year: int, keep: Iterable[str]) -> list[Path]:
    """The outputs in a year's folder of notebooks not in ``keep`` (a department
    switched off, or no longer registered): ``<nome>-<ano>.pdf`` and ``.html``, and
    ``notebooks/<nome>.*`` (executed notebook, log, failed notebook). Anything else
    (``construcao.json``, ``dados-abertos/``) is left alone."""
    keep = set(keep)
    out: list[Path] = []
    if not folder.is_dir():
        return out
    suffix = f"-{year}"
    out += [
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix in (".pdf", ".html")
        and p.stem.endswith(suffix)
        and p.stem[: -len(suffix)] not in keep
    ]
    notebooks = folder / "notebooks"
    if notebooks.is_dir():
        out += [p for p in notebooks.iterdir() if p.is_file() and p.name.split(".")[0] not in keep]
    return sorted(out)


def stage(settings: Settings, year: int, *, keep: Iterable[str] | None = None) -> Path:
    """A staging folder holding a copy of the year's current outputs (so PDFs that
    need no rebuild carry over), hidden files (locks, temporaries) excepted, and,
    when ``keep`` is given (the notebooks of this run), without the outputs of other
    notebooks: the year's folder holds the outputs of this run's departments only."""
    final = settings.reports_path(year)
    staging = staging_path(settings, year)
    if staging.exists():
        shutil.rmtree(staging)
    if final.is_dir():
        shutil.copytree(final, staging, ignore=lambda _d, names: [n for n in names if n[0] == "."])
    else:
        staging.mkdir(parents=True)
    if keep is not None:
        for path in outputs_of_others(staging, year, keep):
            path.unlink()
    return staging


def swap_in(staging: Path, final: Path) -> None:
    """Replace the folder ``final`` by ``staging``: two renames in the same folder.
    If the second fails, the first is undone; if the process dies between them,
    the next run's :func:`remove_leftovers` puts the old folder back."""
    files.replace_folder(staging, final)


#: A full disk (or an exhausted quota) stops the whole build: every year would fail alike.
_DISK_FULL = tuple(c for c in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if c is not None)


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk is full. ``shutil.copytree`` gathers its
    failures in one ``shutil.Error`` without an errno: the reason is in the text.

    >>> disk_full(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> disk_full(shutil.Error([("a", "b", "[Errno 28] No space left on device")]))
    True
    >>> disk_full(OSError(errno.EACCES, "Permission denied"))
    False
    """
    if not isinstance(exc, OSError):
        return False
    if exc.errno in _DISK_FULL:
        return True
    return exc.errno is None and any(os.strerror(code) in str(exc) for code in _DISK_FULL)


def disk_full_fault(settings: Settings, years: Iterable[int], exc: OSError) -> EnvironmentFault:
    """The sentence for a disk that filled up while ``years`` were being built,
    naming their folders (the staging folders are already removed)."""
    from ..io import display_path  # imported here: io imports pandas

    years = sorted(years)
    shown = [display_path(settings.reports_path(y)) for y in years]
    # The file that failed is inside the staging folder, which no longer exists: not named.
    bare = OSError(exc.errno, exc.strerror) if exc.errno else OSError(str(exc))
    doing = f"gravar os relatórios de {_and(map(str, years))} em {_and(shown)}"
    what = os_fault(bare, doing=doing)
    return EnvironmentFault(
        f"{what.message}. Nada foi alterado "
        + ("nessa pasta" if len(years) == 1 else "nessas pastas")
        + " e a pasta temporária da construção foi apagada."
    )


def _and(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " e " + items[-1]
