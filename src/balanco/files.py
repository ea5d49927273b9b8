"""Writing outputs safely: atomic writes with ordinary permissions, scratch
folders with a recognisable name, and removal of what a killed run left.

Every output file of the package (PDFs, ``construcao.json``, …) goes through
:func:`atomic_write`: written beside its final name, then renamed, so a reader
sees the old file or the new one, whole; every output folder (processed data,
open data) through :func:`atomic_folder`, the same for a folder. The temporary file is created with
``os.open(..., 0o666)`` — not ``tempfile.mkstemp``, which forces mode 0600 — so
the result has the permissions of any file the user creates (0644 under umask
022), and colleagues on a shared folder or a web server can read the reports.

Temporary names carry the writer's process id (``.<nome>.tmp-<pid>-<aleatório>``,
``.<ano>.staging-<pid>``, ``balanco-<pid>-…`` in the system's temp folder), so the
next run can tell what a dead process left behind from what a live one is
still writing (:func:`remove_dead`).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

#: Prefix of this package's scratch folders in the system's temp folder.
SCRATCH_PREFIX = "balanco-"
_PID = re.compile(r"(?:tmp|staging|old)-(\d+)|^balanco-(\d+)-")


def pid_alive(pid: int) -> bool:
    """True when a process with this id is running (psutil: portable, unlike
    ``os.kill(pid, 0)``, which terminates the process on Windows). A zombie — a
    killed process its parent has not reaped yet — is not running."""
    import psutil

    if pid == os.getpid():
        return True
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:  # another user's process: assume it is alive
        return True


def owner_pid(name: str) -> int | None:
    """The process id written in a temporary name, if any.

    >>> owner_pid(".construcao.json.tmp-4242-a1b2"), owner_pid(".2024.staging-17")
    (4242, 17)
    >>> owner_pid("balanco-99-x1y2"), owner_pid("balanco-2024.pdf")
    (99, None)
    """
    m = _PID.search(name)
    if not m:
        return None
    return int(m.group(1) or m.group(2))


def temp_name(path: Path) -> Path:
    """A unique hidden name beside ``path`` that says which process wrote it."""
    return path.parent / f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"


def atomic_write(path: Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically, with the user's umask applied.

    On any failure (a full disk, an interrupt) the temporary file is removed and
    ``path`` is left as it was.
    """
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    tmp = temp_name(path)
    # 0o666 & ~umask, like any file the user creates; O_EXCL: never follow or reuse a name.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())  # a full disk fails here, not after the rename
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def write_derived(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (write then rename) but without fsync:
    for derived files rebuilt from their sources when lost (the national edition's
    partitions), where thousands of fsyncs would cost more than rebuilding them."""
    tmp = temp_name(Path(path))
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(path)


def promote(done: Path, path: Path) -> Path:
    """Put a finished file that was streamed to a temporary name (``done``, beside
    ``path``) in place with one atomic rename, after flushing it to disk: the one
    way a file too large for :func:`atomic_write` (a download, an unzipped dump)
    reaches its name. ``path`` is never seen half-written."""
    fd = os.open(done, os.O_RDONLY)
    try:
        os.fsync(fd)  # a full disk fails here, not after the rename
    finally:
        os.close(fd)
    os.replace(done, path)
    return Path(path)


@contextmanager
def new_folders(folder: Path) -> Iterator[Path]:
    """Create ``folder`` and its missing parents for the block; when the block
    fails, the folders it created are removed again if still empty, so that a
    failed run leaves the place as it found it (no empty ``reports/2024/``)."""
    folder = Path(folder)
    missing = []
    for p in (folder, *folder.parents):
        if p.exists():
            break
        missing.append(p)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield folder
    except BaseException:
        for p in missing:  # deepest first
            with suppress(OSError):
                p.rmdir()  # only when empty
        raise


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield a new empty folder beside ``target`` (``.<nome>.tmp-<pid>-…``) to fill;
    when the block ends without error it replaces ``target`` whole
    (:func:`replace_folder`), otherwise it is removed and ``target`` is left as it
    was. Hold ``target``'s lock around it; :func:`restore_folder` cleans up after a
    killed writer."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(target)
    tmp.mkdir()  # 0o777 & ~umask, like any folder the user creates
    try:
        yield tmp
        replace_folder(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def replace_folder(new: Path, target: Path) -> None:
    """Replace the folder ``target`` by ``new`` (same parent folder) so that readers
    see the old or the new folder whole: two renames. If the second fails, the
    first is undone; if the process dies between them, :func:`restore_folder`
    puts the old folder back."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if old.exists():  # this process's own earlier leftover
        shutil.rmtree(old)
    if target.exists():
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def restore_folder(target: Path) -> None:
    """Undo what a killed :func:`atomic_folder` left beside ``target`` (call with
    its lock held): put the old folder back if the writer died between the two
    renames, and remove the dead writers' temporary and old folders."""
    target = Path(target)
    if not target.exists():
        for old in sorted(target.parent.glob(f".{target.name}.old-*")):
            pid = owner_pid(old.name)
            if pid is not None and not pid_alive(pid):
                old.rename(target)
                break
    remove_dead(target.parent, f".{target.name}.tmp-*")
    remove_dead(target.parent, f".{target.name}.old-*")


def remove_dead(folder: Path, pattern: str) -> list[Path]:
    """Remove the entries of ``folder`` matching ``pattern`` whose writer (the pid
    in their name) is no longer running. Returns what was removed."""
    removed = []
    if not folder.is_dir():
        return removed
    for entry in folder.glob(pattern):
        pid = owner_pid(entry.name)
        if pid is None or pid_alive(pid):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with suppress(OSError):
                entry.unlink()
        removed.append(entry)
    return removed


def remove_dead_scratch() -> list[Path]:
    """Remove this user's ``balanco-<pid>-*`` folders in the system's temp folder
    left by processes that died (LaTeX build folders, kernel connection files)."""
    base = Path(_system_tmp())
    mine = getattr(os, "getuid", lambda: None)()
    out = []
    with suppress(OSError):
        for entry in base.glob(f"{SCRATCH_PREFIX}*-*"):
            with suppress(OSError):
                if mine is not None and entry.lstat().st_uid != mine:
                    continue  # another user's run: not ours to judge
                out += remove_dead(base, entry.name)
    return out


def _system_tmp() -> str:
    """The system's temp folder, even while :func:`scratch` redirects ``tempfile``."""
    return os.environ.get("BALANCO_SYSTEM_TMP") or tempfile.gettempdir()


@contextmanager
def scratch() -> Iterator[Path]:
    """Send this process's temporary files (``tempfile``, ``$TMPDIR``: LaTeX build
    folders, kernel files) to ``<temp>/balanco-<pid>-<aleatório>/`` and remove it
    on exit. A killed run's folder is recognised by its name and removed by the
    next run (:func:`remove_dead_scratch`)."""
    base = _system_tmp()
    folder = Path(base) / f"{SCRATCH_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir(mode=0o700)
    saved_tempdir, saved_env = tempfile.tempdir, os.environ.get("TMPDIR")
    saved_sys = os.environ.get("BALANCO_SYSTEM_TMP")
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)
    os.environ["BALANCO_SYSTEM_TMP"] = base
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        for key, value in (("TMPDIR", saved_env), ("BALANCO_SYSTEM_TMP", saved_sys)):
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)


def tree_stamp(folder: Path) -> tuple:
    """What identifies a folder's current content cheaply: every file's name, size
    and modification time (to keep something built from it while it is unchanged)."""
    return tuple(
        (str(p), st.st_size, st.st_mtime_ns)
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file() and (st := p.stat())
    )
