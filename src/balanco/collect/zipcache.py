"""A machine-wide cache of large files fetched over HTTP (the national
Transferegov zips), kept once for every municipality and year.

Beside each cached file ``NAME`` lie ``NAME.json`` (the URL, the HTTP validators
the server gave, size, SHA-256 and whatever the caller records, e.g. the load
date it was current for) and, while a download is under way or was interrupted,
``NAME.part`` with ``NAME.part.json`` (the validators of the body being
received). A file lock (``NAME.lock``) keeps two runs from writing the same file.

The download itself is the collectors' one (:func:`balanco.collect.http.download`:
conditional when a copy is cached, resumed with ``Range``/``If-Range``, the one
retry policy); this module only keeps the files and what is known of them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from filelock import FileLock, Timeout

from ..errors import BadInput, EnvironmentFault
from ..files import promote
from ..shown_path import display_path
from . import http
from .base import Progress

#: Bytes read from the disk at a time.
CHUNK = 1 << 20
#: How long a run waits for another run that is writing the same cache file.
LOCK_TIMEOUT = 6 * 3600


@dataclass(frozen=True)
class Cached:
    """A file of the cache as it stands after :func:`fetch`: ``downloaded`` is
    False when the cached copy was still current (a 304)."""

    path: Path
    url: str
    size: int
    sha256: str
    validators: Mapping[str, str] = field(default_factory=dict)
    downloaded: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _read_json(path: Path) -> dict | None:
    try:
        meta = json.loads(_meta_path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def read_meta(path: Path) -> dict | None:
    """What the cache recorded beside ``path`` (None: nothing usable)."""
    meta = _read_json(path)
    if meta is None or not path.is_file():
        return None
    if meta.get("size") != path.stat().st_size:
        return None  # the file changed behind the cache's back
    return meta


def write_meta(path: Path, meta: Mapping[str, object]) -> None:
    from ..files import atomic_write

    atomic_write(_meta_path(path), json.dumps(dict(meta), ensure_ascii=False, indent=1))


def cached(path: Path) -> Cached | None:
    """The cached copy at ``path`` as :func:`fetch` left it, or None."""
    meta = read_meta(path)
    if meta is None:
        return None
    return Cached(
        path,
        meta["url"],
        meta["size"],
        meta["sha256"],
        meta.get("validators", {}),
        extra=meta.get("extra", {}),
    )


def record(path: Path, extra: Mapping[str, str]) -> Cached:
    """Add ``extra`` to what the cache recorded beside ``path`` (e.g. the load date
    the copy is current for)."""
    meta = read_meta(path) or {}
    write_meta(path, {**meta, "extra": {**meta.get("extra", {}), **extra}})
    found = cached(path)
    assert found is not None
    return found


def forget(path: Path) -> None:
    """Drop a cached file and what was recorded about it (a corrupt download)."""
    for p in (path, _meta_path(path)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


@contextlib.contextmanager
def lock(path: Path) -> Iterator[None]:
    """Hold the lock of one cache file while it is fetched or read from: a second
    run waits (at most :data:`LOCK_TIMEOUT` seconds) instead of writing it too."""
    held = FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT)
    try:
        try:
            held.acquire(timeout=0)
        except Timeout:
            hours = LOCK_TIMEOUT >= 3600
            longest = f"{LOCK_TIMEOUT / 3600:g} h" if hours else f"{LOCK_TIMEOUT:g} s"
            longest = longest.replace(".", ",")  # a decimal comma
            http.notice(
                f"aguardando outra execução que baixa o mesmo arquivo do cache ({path.name}) "
                f"terminar (no máximo {longest})…"
            )
            held.acquire()
    except Timeout:
        raise EnvironmentFault(
            "outra execução do balanco está baixando ou lendo este arquivo do cache e não "
            "terminou a tempo; espere ela terminar e rode de novo",
            path=display_path(path),
        ) from None
    try:
        yield
    finally:
        held.release()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class NotFound(BadInput):
    """The server has no such file (HTTP 404; exit code 2, as any bad input)."""


#: What each refusal of the repository means (401/403 are exit code 3, as for every
#: source: the access, not the data).
HINTS = {
    401: "o servidor recusou o acesso (HTTP 401); os dados abertos do Transferegov são "
    "públicos: confira o endereço do Transferegov na tabela [coleta] do arquivo do "
    "município, ou um proxy que exija login",
    403: "o servidor recusou o acesso (HTTP 403); os dados abertos do Transferegov são "
    "públicos: confira o endereço do Transferegov na tabela [coleta] do arquivo do "
    "município, ou um proxy ou firewall que bloqueie o endereço",
    404: "não existe no servidor (HTTP 404); confira o endereço do Transferegov na tabela "
    "[coleta] do arquivo do município",
}


def fetch(
    client: httpx.Client,
    url: str,
    path: Path,
    *,
    label: str,
    progress: Progress,
) -> Cached:
    """Bring the file at ``url`` into the cache at ``path`` (the caller holds
    :func:`lock`) with :func:`http.download`: conditional when a copy is cached,
    resumed from ``NAME.part`` when a download was interrupted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    have = cached(path)
    part_meta = _read_json(part) if part.exists() else None
    shown = http.safe_url(url)

    def started(validators: Mapping[str, str]) -> None:
        write_meta(part, {"url": shown, "size": None, "validators": dict(validators)})

    response = http.download(
        client,
        url,
        part,
        what=label,
        progress=progress,
        validators=have.validators if have is not None else None,
        partial=(part_meta or {}).get("validators") or None,
        started=started,
    )
    if response.status_code == 304 and have is not None:
        if part.exists() and not part.stat().st_size:
            forget(part)
        return have
    if response.status_code not in (200, 206):
        fault = http.status_fault(response, HINTS)
        if response.status_code == 404 and isinstance(fault, BadInput):
            fault = NotFound(fault.problems)
        raise fault
    validators = dict((_read_json(part) or {}).get("validators", {}))
    size = part.stat().st_size
    digest = _sha256(part)
    meta = {"url": shown, "size": size, "sha256": digest, "validators": validators, "extra": {}}
    promote(part, path)
    forget(part)
    write_meta(path, meta)
    return Cached(path, shown, size, digest, validators, downloaded=True)
