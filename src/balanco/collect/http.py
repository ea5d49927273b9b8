"""The HTTP layer every collector shares: one client factory (httpx), one retry
policy (tenacity) and one mapping of failures to Portuguese messages with the
README's exit codes.

- Retried, with exponential backoff and a bounded number of attempts: timeouts,
  refused or reset connections, answers 5xx, and 429 (waiting what ``Retry-After``
  asks, up to :data:`MAX_RETRY_AFTER` seconds; longer and the run stops).
- Everything else is not retried: the collector turns it into a sentence
  (:func:`status_fault`, :func:`unusable`) — a token refused, a site without the
  API, bad JSON, an answer in another layout.

Nothing here ever prints or keeps an exception's own text: httpx's exceptions
may carry the request (its headers hold the tokens), so every message is built
from the URL without credentials (:func:`safe_url`) and the kind of failure only,
and is raised ``from None``.

A streaming download uses the same pieces::

    for attempt in policy():
        with attempt, client.stream("GET", url, headers=...) as response:
            raise_for_transient(response)
            ...

wrapped in ``try: ... except Exception as exc: raise fault(exc, url) from None``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import tenacity

from .. import __version__
from ..errors import BadInput, EnvironmentFault, Problem

USER_AGENT = f"balanco/{__version__} (balanco coletar)"
#: Seconds: to connect, and between two bytes of an answer.
TIMEOUT = httpx.Timeout(60.0, connect=15.0)
#: Attempts of one request (the first included) before giving up.
ATTEMPTS = 5
#: Backoff between attempts: 1 s, 2 s, 4 s, … up to this many seconds (plus jitter).
MAX_BACKOFF = 30.0
#: The longest ``Retry-After`` obeyed, in seconds; a server asking for more stops the run.
MAX_RETRY_AFTER = 120.0

#: How the run waits between attempts (tests replace it to record the waits).
sleep: Callable[[float], None] = time.sleep

_TRANSPORT = {
    httpx.ConnectTimeout: "o tempo para conectar se esgotou",
    httpx.ReadTimeout: "o servidor parou de responder (tempo esgotado)",
    httpx.WriteTimeout: "o tempo para enviar o pedido se esgotou",
    httpx.PoolTimeout: "o tempo de espera se esgotou",
    httpx.ConnectError: "a conexão foi recusada ou o endereço não foi encontrado",
    httpx.RemoteProtocolError: "a conexão foi interrompida no meio da resposta",
    httpx.ReadError: "a conexão foi interrompida no meio da resposta",
    httpx.WriteError: "a conexão foi interrompida ao enviar o pedido",
}


class Transient(Exception):
    """An answer worth asking again (5xx, 429); ``retry_after`` in seconds when the
    server said how long to wait."""

    def __init__(self, status: int, url: str, retry_after: float | None = None):
        super().__init__(f"HTTP {status}")
        self.status = status
        self.url = url
        self.retry_after = retry_after


def safe_url(url: str | httpx.URL) -> str:
    """``url`` as it may be shown or stored: without user, password or fragment, and
    without any query parameter that looks like a credential.

    >>> safe_url("https://u:p@glpi.exemplo.invalid/apirest.php/search/Ticket?range=0-99&app_token=x")
    'https://glpi.exemplo.invalid/apirest.php/search/Ticket?range=0-99'
    """
    u = httpx.URL(str(url))
    secret = ("token", "password", "senha", "key", "session", "auth")
    params = [(k, v) for k, v in u.params.multi_items() if not any(s in k.lower() for s in secret)]
    clean = u.copy_with(username=None, password=None, fragment=None, query=None)
    return str(clean.copy_merge_params(params) if params else clean)


def client(*, base_url: str = "", headers: Mapping[str, str] | None = None) -> httpx.Client:
    """A client with the package's user agent, timeouts and redirects followed
    (``with client(...) as c:``). Proxies come from the environment as usual."""
    return httpx.Client(
        base_url=base_url,
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        timeout=TIMEOUT,
        follow_redirects=True,
    )


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks to wait (``Retry-After``: seconds or an HTTP date)."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def raise_for_transient(response: httpx.Response) -> None:
    """Raise :class:`Transient` for an answer worth asking again (5xx, 429)."""
    if response.status_code >= 500 or response.status_code == 429:
        raise Transient(response.status_code, safe_url(response.url), retry_after(response))


def is_transient(exc: BaseException) -> bool:
    """Whether a failure is retried: timeouts, connection errors, 5xx and 429 (a
    ``Retry-After`` longer than :data:`MAX_RETRY_AFTER` is not)."""
    if isinstance(exc, Transient):
        return exc.retry_after is None or exc.retry_after <= MAX_RETRY_AFTER
    return isinstance(exc, tuple(_TRANSPORT))


def _wait(state: tenacity.RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    if isinstance(exc, Transient) and exc.retry_after is not None:
        return exc.retry_after
    return tenacity.wait_exponential_jitter(initial=1, max=MAX_BACKOFF, jitter=1)(state)


def policy(*, attempts: int = ATTEMPTS) -> tenacity.Retrying:
    """The retry policy: :func:`is_transient` failures, backoff (or ``Retry-After``),
    at most ``attempts`` tries; the last failure is re-raised as it was."""
    return tenacity.Retrying(
        retry=tenacity.retry_if_exception(is_transient),
        wait=_wait,
        stop=tenacity.stop_after_attempt(attempts),
        sleep=lambda seconds: sleep(seconds),
        reraise=True,
    )


def fault(exc: BaseException, url: str | httpx.URL, *, attempts: int = ATTEMPTS) -> Exception:
    """The Portuguese error (with its exit code) for a failure that retrying did not
    cure, or that is not retried. Never uses the exception's own text."""
    shown = safe_url(url)
    if isinstance(exc, Transient):
        if exc.retry_after is not None and exc.retry_after > MAX_RETRY_AFTER:
            return EnvironmentFault(
                f"o servidor pediu para esperar {exc.retry_after:.0f} s antes de novo pedido "
                f"(HTTP {exc.status}; o máximo que o balanco espera é {MAX_RETRY_AFTER:.0f} s); "
                "nada foi gravado, rode de novo mais tarde",
                path=shown,
            )
        what = (
            "pediu repetidamente para esperar (HTTP 429, limite de pedidos)"
            if exc.status == 429
            else f"respondeu com erro do servidor (HTTP {exc.status})"
        )
        return EnvironmentFault(
            f"o servidor {what} em {attempts} tentativas; nada foi gravado, rode de novo "
            "mais tarde",
            path=shown,
        )
    for kind, reason in _TRANSPORT.items():
        if isinstance(exc, kind):
            return EnvironmentFault(
                f"{reason} (em {attempts} tentativas); verifique a conexão com a internet e o "
                "endereço na seção [coleta] do arquivo do município; nada foi gravado",
                path=shown,
            )
    if isinstance(exc, httpx.HTTPError):
        return EnvironmentFault(
            f"falha de comunicação ({type(exc).__name__}); nada foi gravado", path=shown
        )
    return (
        exc
        if isinstance(exc, BadInput | EnvironmentFault)
        else EnvironmentFault(
            f"falha inesperada na coleta ({type(exc).__name__}); nada foi gravado", path=shown
        )
    )


def send(
    c: httpx.Client,
    method: str,
    url: str,
    *,
    attempts: int = ATTEMPTS,
    **kwargs: object,
) -> httpx.Response:
    """One request under the retry policy; the answer (any status but 5xx/429), or
    the Portuguese error of :func:`fault`."""

    def once() -> httpx.Response:
        response = c.request(method, url, **kwargs)  # type: ignore[arg-type]
        raise_for_transient(response)
        return response

    try:
        return policy(attempts=attempts)(once)
    except (httpx.HTTPError, Transient) as exc:
        raise fault(exc, _full(c, url), attempts=attempts) from None


def _full(c: httpx.Client, url: str) -> str:
    """``url`` under the client's base URL, as httpx sends it (base path kept)."""
    if "://" in url:
        return url
    return str(c.base_url).rstrip("/") + "/" + url.lstrip("/")


def unusable(response: httpx.Response, expected: str) -> BadInput:
    """The answer came but cannot be used (bad JSON, another layout, a total that
    changed): exit code 2, naming the URL and what was expected."""
    return BadInput([Problem(safe_url(response.url), f"{expected}; nada foi gravado")])


def status_fault(response: httpx.Response, hints: Mapping[int, str]) -> Exception:
    """An answer that is not a success: the collector's sentence for this status
    (``hints``; a token refused is an environment fault, exit 3), else a generic one
    (exit 2)."""
    status = response.status_code
    shown = safe_url(response.url)
    if status in hints:
        if status in (401, 403):
            return EnvironmentFault(f"{hints[status]}; nada foi gravado", path=shown)
        return BadInput([Problem(shown, f"{hints[status]}; nada foi gravado")])
    return BadInput(
        [
            Problem(
                shown,
                f"o servidor respondeu HTTP {status}, resposta inesperada; confira o endereço "
                "na seção [coleta] do arquivo do município; nada foi gravado",
            )
        ]
    )


def json_of(response: httpx.Response, expected: str) -> object:
    """The answer's JSON, or :func:`unusable` naming what was expected."""
    try:
        return response.json()
    except ValueError:
        raise unusable(response, f"a resposta não é um JSON válido; esperado {expected}") from None


def download(
    c: httpx.Client,
    url: str,
    dest: Path,
    *,
    what: str,
    progress: Callable[[str, int, int | None, str], None],
    validators: Mapping[str, str] | None = None,
    attempts: int = ATTEMPTS,
) -> httpx.Response:
    """Stream ``url`` into ``dest`` under the retry policy, reporting bytes.

    With ``validators`` (``etag``, ``last_modified`` of an earlier download) the
    request is conditional: a 304 answer is returned with ``dest`` left empty. An
    attempt cut short resumes where it stopped (``Range``, guarded by ``If-Range``
    with the first answer's ETag); a server that answers 200 instead starts over.
    Any other status is returned for the caller to judge (:func:`status_fault`).
    """
    conditional: dict[str, str] = {}
    if validators and validators.get("etag"):
        conditional["If-None-Match"] = validators["etag"]
    if validators and validators.get("last_modified"):
        conditional["If-Modified-Since"] = validators["last_modified"]
    dest.write_bytes(b"")
    state: dict[str, object] = {"done": 0, "etag": None}

    def once() -> httpx.Response:
        done = int(state["done"])  # type: ignore[arg-type]
        headers = dict(conditional)
        if done and state["etag"]:
            headers["Range"] = f"bytes={done}-"
            headers["If-Range"] = str(state["etag"])
        with c.stream("GET", url, headers=headers) as response:
            raise_for_transient(response)
            if response.status_code not in (200, 206):
                return response
            if response.status_code == 200 and done:  # not resumed: from the start
                dest.write_bytes(b"")
                done = 0
            state["etag"] = state["etag"] or response.headers.get("ETag")
            length = response.headers.get("Content-Length")
            total = done + int(length) if length and length.isdigit() else None
            with dest.open("ab") as fh:
                for chunk in response.iter_bytes():
                    fh.write(chunk)
                    done += len(chunk)
                    state["done"] = done
                    progress(what, done, total, "B")
            return response

    try:
        return policy(attempts=attempts)(once)
    except (httpx.HTTPError, Transient) as exc:
        raise fault(exc, _full(c, url), attempts=attempts) from None
