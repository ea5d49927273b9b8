"""A machine-wide cache of large files fetched over HTTP (the national
Transferegov zips), kept once for every municipality and year.

Beside each cached file ``NAME`` lie ``NAME.json`` (the URL, the HTTP validators
the server gave, size, SHA-256 and whatever the caller records, e.g. the load
date it was current for) and, while a download is under way or was interrupted,
``NAME.part`` with ``NAME.part.json`` (the validators of the body being
received). A file lock (``NAME.lock``) keeps two runs from writing the same file.

A request is conditional when a copy is cached (``If-None-Match`` /
``If-Modified-Since``: a 304 downloads nothing); an interrupted download is
resumed with ``Range`` and ``If-Range``; a server that ignores ``Range`` (200), or
answers 206 with another ``Content-Range``, restarts the file from its first byte.
Timeouts, connection resets, 5xx and 429 are retried a bounded number of times
with backoff (``Retry-After`` honoured): :func:`retry_policy`, the one place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import tenacity
from filelock import FileLock, Timeout

from ..errors import BadInput, EnvironmentFault, Problem
from ..shown_path import display_path

#: Bytes read from the network or the disk at a time.
CHUNK = 1 << 20
#: Tries of one request (the first included) before a transient fault stops the run.
ATTEMPTS = 5
#: The longest pause between two tries, whatever ``Retry-After`` asks.
MAX_PAUSE = 60.0
#: How long a run waits for another run that is writing the same cache file.
LOCK_TIMEOUT = 6 * 3600

Progress = Callable[[str, int, "int | None", str], None]


def pause(seconds: float) -> None:
    """The pause between two tries (tests replace it to record the waits)."""
    time.sleep(seconds)


class Transient(Exception):
    """A fault worth another try: 5xx, 429 (``retry_after``: the server's wait, in seconds)."""

    def __init__(self, status: int, retry_after: float | None = None):
        self.status = status
        self.retry_after = retry_after
        super().__init__(f"HTTP {status}")


def _transient(exc: BaseException) -> bool:
    # httpx.TransportError covers timeouts, refused and reset connections and a
    # body cut short (RemoteProtocolError).
    return isinstance(exc, Transient | httpx.TransportError)


def _wait(state: tenacity.RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    if isinstance(exc, Transient) and exc.retry_after is not None:
        return min(max(exc.retry_after, 0.0), MAX_PAUSE)
    return tenacity.wait_exponential(multiplier=0.5, max=8)(state)


def retry_policy() -> tenacity.Retrying:
    """Bounded tries with exponential backoff (0.5 s, 1 s, 2 s, …) for timeouts,
    resets, 5xx and 429, honouring ``Retry-After``; the last fault is re-raised."""
    return tenacity.Retrying(
        stop=tenacity.stop_after_attempt(ATTEMPTS),
        wait=_wait,
        retry=tenacity.retry_if_exception(_transient),
        sleep=lambda s: pause(s),
        reraise=True,
    )


def retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (seconds or an HTTP date).

    >>> retry_after("7"), retry_after(None), retry_after("soon")
    (7.0, None, None)
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def public_url(url: str) -> str:
    """The URL without user or password (what the manifest and messages show).

    >>> public_url("https://u:s3cret@example.org/a/b.zip")
    'https://example.org/a/b.zip'
    """
    return str(httpx.URL(url).copy_with(username=None, password=None))


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


def _validators(response: httpx.Response) -> dict[str, str]:
    out = {}
    if response.headers.get("etag"):
        out["etag"] = response.headers["etag"]
    if response.headers.get("last-modified"):
        out["last_modified"] = response.headers["last-modified"]
    return out


def _if_range(validators: Mapping[str, str]) -> str | None:
    """A validator fit for ``If-Range`` (a strong ETag, else Last-Modified)."""
    etag = validators.get("etag", "")
    if etag and not etag.startswith("W/"):
        return etag
    return validators.get("last_modified")


_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class NotFound(BadInput):
    """The server has no such file (HTTP 404; exit code 2, as any bad input)."""


def source_fault(url: str, expected: str) -> BadInput:
    """A file the source serves that cannot be used (exit code 2)."""
    return BadInput([Problem(public_url(url), expected)])


def _status_fault(url: str, status: int) -> Exception:
    shown = public_url(url)
    if status == 404:
        return NotFound(
            [
                Problem(
                    shown,
                    "não existe no servidor (HTTP 404); confira o endereço do Transferegov "
                    "na tabela [coleta] do arquivo do município",
                )
            ]
        )
    if status in (401, 403):
        return source_fault(url, f"o servidor recusou o acesso (HTTP {status})")
    return EnvironmentFault(
        f"o servidor respondeu HTTP {status}; tente de novo mais tarde", path=shown
    )


def fetch(
    client: httpx.Client,
    url: str,
    path: Path,
    *,
    label: str,
    progress: Progress,
) -> Cached:
    """Bring the file at ``url`` into the cache at ``path`` (the caller holds
    :func:`lock`): a conditional request when a copy is cached, a resumed one when
    a download was interrupted, bounded retries for transient faults."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        for attempt in retry_policy():
            with attempt:
                return _fetch_once(client, url, path, label=label, progress=progress)
    except Transient as exc:
        raise EnvironmentFault(
            f"o servidor continuou respondendo HTTP {exc.status} depois de {ATTEMPTS} "
            "tentativas; tente de novo mais tarde",
            path=public_url(url),
        ) from None
    except httpx.TransportError as exc:
        raise EnvironmentFault(
            f"não foi possível baixar o arquivo depois de {ATTEMPTS} tentativas "
            f"({type(exc).__name__}); verifique a conexão com a internet e tente de novo",
            path=public_url(url),
        ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _fetch_once(
    client: httpx.Client,
    url: str,
    path: Path,
    *,
    label: str,
    progress: Progress,
    restarted: bool = False,
) -> Cached:
    part = path.with_name(path.name + ".part")
    have = cached(path)
    part_meta = _read_json(part) if part.exists() else None
    headers = {"Accept-Encoding": "identity"}  # byte ranges of the file as stored
    if have is not None:
        if "etag" in have.validators:
            headers["If-None-Match"] = have.validators["etag"]
        if "last_modified" in have.validators:
            headers["If-Modified-Since"] = have.validators["last_modified"]
    offset = part.stat().st_size if part.exists() else 0
    resume = _if_range(part_meta.get("validators", {})) if part_meta is not None else None
    if offset and resume:
        headers["Range"] = f"bytes={offset}-"
        headers["If-Range"] = resume
    else:
        offset = 0
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status == 304:
            if have is None:
                raise source_fault(
                    url,
                    "o servidor respondeu 304 (não modificado) a um pedido sem validadores "
                    "(ETag/Last-Modified) e não enviou o arquivo: validadores inválidos no "
                    "servidor; tente de novo mais tarde",
                )
            return have
        if status == 429 or status >= 500:
            raise Transient(status, retry_after(response.headers.get("retry-after")))
        if status == 416 and offset and not restarted:
            # The range asked for is past the end: the file changed; restart it.
            response.close()
            forget(part)
            return _fetch_once(client, url, path, label=label, progress=progress, restarted=True)
        if status not in (200, 206):
            raise _status_fault(url, status)
        validators = _validators(response)
        length = response.headers.get("content-length")
        if status == 206:
            m = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
            before = part_meta.get("validators", {}).get("etag") if part_meta else None
            other = before is not None and validators.get("etag") not in (None, before)
            if not offset or m is None or int(m.group(1)) != offset or other:
                if restarted:
                    raise source_fault(
                        url,
                        "o servidor respondeu 206 (parte do arquivo) a um pedido do arquivo "
                        "inteiro: validadores inválidos; tente de novo mais tarde",
                    )
                # A range other than the one asked for, or of another version of the
                # file (a server that ignored If-Range): restart the file cleanly.
                response.close()
                forget(part)
                return _fetch_once(
                    client, url, path, label=label, progress=progress, restarted=True
                )
            total = None if m.group(3) == "*" else int(m.group(3))
            validators = validators or dict(part_meta.get("validators", {}))
        else:  # 200: the whole file (a server that ignores Range restarts it)
            offset = 0
            total = int(length) if length and length.isdigit() else None
        write_meta(part, {"url": public_url(url), "size": None, "validators": validators})
        done = offset
        progress(label, done, total, "B")
        with open(part, "ab" if offset else "wb") as out:
            for chunk in response.iter_raw():  # as received: a cut keeps every byte
                out.write(chunk)
                out.flush()
                done += len(chunk)
                progress(label, done, total, "B")
    if total is not None and done != total:
        forget(part)
        raise source_fault(
            url,
            f"o download terminou com {done} bytes, mas o servidor anunciou {total}: "
            "validadores inválidos ou arquivo alterado durante o download; rode de novo",
        )
    digest = _sha256(part)
    meta = {
        "url": public_url(url),
        "size": done,
        "sha256": digest,
        "validators": validators,
        "extra": {},
    }
    os.replace(part, path)
    forget(part)
    write_meta(path, meta)
    return Cached(path, meta["url"], done, digest, validators, downloaded=True)
