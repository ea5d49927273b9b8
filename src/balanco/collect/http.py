"""The HTTP layer every collector shares: one client factory (httpx), one retry
policy (tenacity), one mapping of failures to Portuguese messages with the
README's exit codes (the same rule for every source: what the source gave cannot
be used -> 2; the machine or the access, 401/403 included -> 3) and one streaming
download.

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

A big file comes through :func:`download`, the one streaming download (Transferegov's
zips, kept in the machine's cache by ``zipcache``): the same retry policy and
errors, plus conditional requests (ETag / If-Modified-Since) and resumption with
``Range`` / ``If-Range``, also of a download cut in an earlier run.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import tenacity

from .. import __version__
from ..errors import BadInput, EnvironmentFault, Problem
from .write import validators_of

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


def notice(text: str) -> None:
    """Tell the person at the terminal what the run is waiting for (stderr)."""
    print(text, file=sys.stderr, flush=True)


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
    within the same origin only (:func:`refuse_other_origin`; ``with client(...) as
    c:``). Proxies come from the environment as usual."""
    return httpx.Client(
        base_url=base_url,
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        timeout=TIMEOUT,
        follow_redirects=True,
        event_hooks={"response": [refuse_other_origin]},
    )


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default


def refuse_other_origin(response: httpx.Response) -> None:
    """Stop before following a redirect to another origin (scheme, host, port):
    httpx drops only ``Authorization`` there, and a collector's other headers (GLPI's
    App-Token and Session-Token) would reach the other server. The one exception is
    the same host moving from http to https (the headers stay with that host).
    Exit code 2: the address in ``[coleta]`` is not where the source answers."""
    if not response.has_redirect_location:
        return
    here = response.request.url
    try:
        there = here.join(response.headers["Location"])
    except (httpx.InvalidURL, ValueError):
        return  # httpx itself reports a Location it cannot follow
    same = _origin(here) == _origin(there)
    upgrade = (
        here.scheme == "http"
        and there.scheme == "https"
        and here.host == there.host
        and _origin(here)[2] == 80
        and _origin(there)[2] == 443
    )
    if same or upgrade:
        return
    response.close()
    shown_from = f"{here.scheme}://{here.netloc.decode('ascii', 'replace').rsplit('@', 1)[-1]}"
    shown_to = f"{there.scheme}://{there.netloc.decode('ascii', 'replace').rsplit('@', 1)[-1]}"
    raise BadInput(
        [
            Problem(
                safe_url(here),
                f"o servidor {shown_from} redirecionou o pedido para outro servidor "
                f"({shown_to}; HTTP {response.status_code}); o balanco não segue "
                "redirecionamentos para outro servidor, para não enviar a ele os tokens de "
                "acesso: se o endereço mudou, escreva o novo na seção [coleta] do arquivo do "
                "município; nada foi gravado",
            )
        ]
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


def _why_wait(exc: BaseException | None) -> str:
    """What a retry waits after, in a few Portuguese words."""
    if isinstance(exc, Transient):
        return f"HTTP {exc.status}"
    for kind, reason in _TRANSPORT.items():
        if isinstance(exc, kind):
            return reason
    return "falha passageira"


def _announce(state: tenacity.RetryCallState, attempts: int) -> None:
    """Before each retry wait: one line saying how long and why."""
    seconds = state.next_action.sleep if state.next_action else 0.0
    exc = state.outcome.exception() if state.outcome else None
    notice(
        f"aguardando {max(1, round(seconds))} s antes de tentar de novo ({_why_wait(exc)}; "
        f"tentativa {state.attempt_number + 1} de {attempts})"
    )


def policy(*, attempts: int = ATTEMPTS) -> tenacity.Retrying:
    """The retry policy: :func:`is_transient` failures, backoff (or ``Retry-After``),
    at most ``attempts`` tries, each wait announced (:func:`notice`); the last
    failure is re-raised as it was."""
    return tenacity.Retrying(
        retry=tenacity.retry_if_exception(is_transient),
        wait=_wait,
        stop=tenacity.stop_after_attempt(attempts),
        sleep=lambda seconds: sleep(seconds),
        before_sleep=lambda state: _announce(state, attempts),
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
    (``hints``), else a generic one. Access refused (401/403, with a token or
    without) is an environment fault, exit 3, for every source; any other status is
    bad input, exit 2."""
    status = response.status_code
    shown = safe_url(response.url)
    if status in (401, 403):
        hint = hints.get(status) or (
            f"o servidor recusou o acesso (HTTP {status}); confira o endereço na seção "
            "[coleta] do arquivo do município e se a máquina pode acessá-lo"
        )
        return EnvironmentFault(f"{hint}; nada foi gravado", path=shown)
    if status in hints:
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


#: ``Content-Range`` of a 206 answer: first byte, last byte, total (or ``*``).
_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$")


def _if_range(validators: Mapping[str, str]) -> str | None:
    """A validator fit for ``If-Range`` (a strong ETag, else Last-Modified)."""
    etag = validators.get("etag", "")
    if etag and not etag.startswith("W/"):
        return etag
    return validators.get("last_modified")


class _Restart(Exception):
    """The partial body cannot be continued: start the file again from byte 0."""


def download(
    c: httpx.Client,
    url: str,
    dest: Path,
    *,
    what: str,
    progress: Callable[[str, int, int | None, str], None],
    validators: Mapping[str, str] | None = None,
    partial: Mapping[str, str] | None = None,
    started: Callable[[Mapping[str, str]], None] | None = None,
    attempts: int = ATTEMPTS,
) -> httpx.Response:
    """Stream ``url`` into ``dest`` under the retry policy, reporting bytes: the one
    streaming download of the collectors.

    - ``validators`` (``etag``, ``last_modified`` of a complete earlier copy) make the
      request conditional: a 304 answer is returned and nothing is written.
    - ``partial``: the validators of the bytes already in ``dest`` (a download cut in
      an earlier run); without it ``dest`` starts empty. A cut (here or earlier)
      resumes with ``Range`` guarded by ``If-Range``; a server that answers 200
      (ignoring ``Range``), 416 (the range is past the end), or 206 with another
      ``Content-Range`` or another ETag (ignoring ``If-Range``) restarts the file
      from its first byte — a part of another version is never appended.
    - ``started(validators)`` is called when a body starts coming (so that a cut in
      this run can be resumed by the next one).
    - A body shorter than announced is bad input (the partial is dropped); any other
      status is returned for the caller to judge (:func:`status_fault`).
    """
    conditional: dict[str, str] = {"Accept-Encoding": "identity"}  # ranges of the bytes stored
    if validators and validators.get("etag"):
        conditional["If-None-Match"] = validators["etag"]
    if validators and validators.get("last_modified"):
        conditional["If-Modified-Since"] = validators["last_modified"]
    state: dict[str, Mapping[str, str] | None] = {"partial": partial}
    if not partial:
        dest.write_bytes(b"")

    def attempt(*, restarted: bool) -> httpx.Response:
        before = state["partial"] or {}
        offset = dest.stat().st_size if dest.exists() else 0
        resume = _if_range(before) if offset else None
        headers = dict(conditional)
        if resume:
            headers["Range"] = f"bytes={offset}-"
            headers["If-Range"] = resume
        else:
            offset = 0
        with c.stream("GET", url, headers=headers) as response:
            raise_for_transient(response)
            status = response.status_code
            if status == 304 and not validators:
                raise unusable(
                    response,
                    "o servidor respondeu 304 (não modificado) a um pedido sem validadores "
                    "(ETag/Last-Modified) e não enviou o arquivo: validadores inválidos no "
                    "servidor; tente de novo mais tarde",
                )
            if status == 416 and offset and not restarted:
                raise _Restart
            if status not in (200, 206):
                return response
            got = validators_of(response.headers)
            if status == 206:
                m = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
                other = "etag" in before and got.get("etag") not in (None, before["etag"])
                if not offset or m is None or int(m.group(1)) != offset or other:
                    if restarted:
                        raise unusable(
                            response,
                            "o servidor respondeu 206 (parte do arquivo) a um pedido do arquivo "
                            "inteiro: validadores inválidos; tente de novo mais tarde",
                        )
                    raise _Restart
                total = None if m.group(3) == "*" else int(m.group(3))
                got = got or dict(before)
            else:  # 200: the whole file (also from a server that ignores Range)
                offset = 0
                length = response.headers.get("Content-Length", "")
                total = int(length) if length.isdigit() else None
            state["partial"] = got
            if started is not None:
                started(got)
            done = offset
            progress(what, done, total, "B")
            with dest.open("ab" if offset else "wb") as fh:
                for chunk in response.iter_raw():  # as received: a cut keeps every byte
                    fh.write(chunk)
                    fh.flush()
                    done += len(chunk)
                    progress(what, done, total, "B")
        if total is not None and done != total:
            dest.unlink(missing_ok=True)
            raise unusable(
                response,
                f"o download terminou com {done} bytes, mas o servidor anunciou {total}: "
                "validadores inválidos ou arquivo alterado durante o download; rode de novo",
            )
        return response

    def once() -> httpx.Response:
        try:
            return attempt(restarted=False)
        except _Restart:
            dest.write_bytes(b"")
            state["partial"] = None
            return attempt(restarted=True)

    try:
        return policy(attempts=attempts)(once)
    except (httpx.HTTPError, Transient) as exc:
        raise fault(exc, _full(c, url), attempts=attempts) from None
