"""The year's tickets from GLPI's REST API (``apirest.php``), written as the CPD
department reads a hand-made export: ``glpi_chamados.csv`` (UTF-8 with BOM, every
field quoted, ``;`` also at the end of the line, the pt_BR column names).

``initSession`` with the user token (``Authorization: user_token …``) and the
optional App-Token, both from the environment (:data:`USER_TOKEN_ENV`,
:data:`APP_TOKEN_ENV`) and never written anywhere; ``listSearchOptions/Ticket`` to
find each column's search option by its name (its ``uid``, ``Ticket.status``, and
for the two user columns the option's name), never by a number; ``search/Ticket``
for the tickets opened in the year, ``range`` by ``range`` (checked against
``Content-Range``); ``killSession`` at the end, also after a failure.

A rerun downloads nothing when nothing changed: a search gives no ETag, so the
collector asks for one ticket (the last updated) and compares the year's total and
the newest "Última atualização" with those the manifest recorded.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Mapping
from contextlib import suppress

import httpx

from ..departments.cpd.sources import TICKETS
from ..errors import EnvironmentFault
from . import http
from .base import SIGNATURE, CollectContext, CollectedFile
from .write import staged

FILE = TICKETS.files[0]
FILES = (FILE,)
USER_TOKEN_ENV = "BALANCO_GLPI_USER_TOKEN"
APP_TOKEN_ENV = "BALANCO_GLPI_APP_TOKEN"
#: Tickets per request (GLPI's ``range``).
RANGE = 500

#: The export's columns (as GLPI 10 names them in pt_BR) and how each search
#: option is found: its uid, and when several options share a uid, its name.
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ID", "Ticket.id", ()),
    ("Título", "Ticket.name", ()),
    ("Entidade", "Ticket.Entity.completename", ()),
    ("Localização", "Ticket.Location.completename", ()),
    ("Status", "Ticket.status", ()),
    ("Data de abertura", "Ticket.date", ()),
    ("Última atualização", "Ticket.date_mod", ()),
    ("Requerente - Requerente", "Ticket.User.name", ("Requerente", "Requester")),
    ("Atribuído - Técnico", "Ticket.User.name", ("Técnico", "Technician")),
    ("Categoria", "Ticket.ITILCategory.completename", ()),
    ("Prioridade", "Ticket.priority", ()),
    ("Tipo", "Ticket.type", ()),
    ("Data da solução", "Ticket.solvedate", ()),
)
REQUIRED = ("ID", "Título", "Status", "Data de abertura", "Última atualização")
#: GLPI's codes (Ticket::INCOMING … CLOSED, CommonITILObject priorities, Ticket types)
#: and their pt_BR names as the CSV export writes them.
STATUS = {
    1: "Novo",
    2: "Em atendimento (atribuído)",
    3: "Em atendimento (planejado)",
    4: "Pendente",
    5: "Solucionado",
    6: "Fechado",
}
PRIORITY = {1: "Muito baixa", 2: "Baixa", 3: "Média", 4: "Alta", 5: "Muito alta", 6: "Urgente"}
TYPE = {1: "Incidente", 2: "Requisição"}
_CODED = {"Status": STATUS, "Prioridade": PRIORITY, "Tipo": TYPE}

_HINTS = {
    401: "o GLPI recusou o acesso (HTTP 401): confira o token de usuário em "
    f"{USER_TOKEN_ENV} (e o token da aplicação em {APP_TOKEN_ENV}, se o GLPI o exige)",
    403: "o GLPI recusou o acesso (HTTP 403): o usuário do token não pode ler chamados, ou "
    f"o token da aplicação ({APP_TOKEN_ENV}) não vale para este endereço IP",
    404: "não há API REST do GLPI neste endereço (HTTP 404): confira [coleta] glpi (termina "
    "em /apirest.php) e se a API está habilitada em Configurar > Geral > API",
}


def _tokens(env: Mapping[str, str]) -> dict[str, str]:
    user = env.get(USER_TOKEN_ENV, "").strip()
    if not user:
        raise EnvironmentFault(
            f"falta a variável de ambiente {USER_TOKEN_ENV} com o token de API do usuário do "
            "GLPI (veja no README como criá-lo); nada foi gravado"
        )
    headers = {"Authorization": f"user_token {user}"}
    app = env.get(APP_TOKEN_ENV, "").strip()
    if app:
        headers["App-Token"] = app
    for name, value in ((USER_TOKEN_ENV, user), (APP_TOKEN_ENV, app)):
        if not re.fullmatch(r"[\x21-\x7e]*", value):  # a header carries printable ASCII only
            raise EnvironmentFault(
                f"o token em {name} tem espaços, acentos ou caracteres de controle; copie-o "
                "de novo do GLPI (só letras e números); nada foi gravado"
            )
    return headers


def _error_code(response: httpx.Response) -> str:
    """GLPI's own error code (``["ERROR_…", "message"]``), when it gave one."""
    try:
        body = response.json()
    except ValueError:
        return ""
    code = body[0] if isinstance(body, list) and body else ""
    return code if isinstance(code, str) and re.fullmatch(r"ERROR_[A-Z_]+", code) else ""


def _raise(response: httpx.Response, *, also: tuple[int, ...] = ()) -> httpx.Response:
    """The answer when it is a success (200, or one of ``also``), else its error."""
    if response.status_code == 200 or response.status_code in also:
        return response
    code = _error_code(response)
    if code in ("ERROR_WRONG_APP_TOKEN_PARAMETER", "ERROR_APP_TOKEN_PARAMETERS_MISSING"):
        raise EnvironmentFault(
            f"o GLPI recusou o token da aplicação ({code}): confira {APP_TOKEN_ENV}; "
            "nada foi gravado",
            path=http.safe_url(response.url),
        )
    hints = dict(_HINTS)
    if code and response.status_code in hints:
        hints[response.status_code] += f" [{code}]"
    raise http.status_fault(response, hints)


def _json(response: httpx.Response, expected: str, kind: type) -> object:
    data = http.json_of(response, expected)
    if not isinstance(data, kind):
        raise http.unusable(response, f"a resposta está em outro formato; esperado {expected}")
    return data


def find_options(response: httpx.Response) -> dict[str, str]:
    """Column of the export → the search option's id, found by uid (and name)."""
    options = _json(response, "as opções de busca de Ticket (listSearchOptions)", dict)
    found: dict[str, str] = {}
    for column, uid, names in COLUMNS:
        matches = [
            key
            for key, opt in options.items()  # type: ignore[union-attr]
            if isinstance(opt, dict)
            and opt.get("uid") == uid
            and (not names or str(opt.get("name", "")).strip() in names)
        ]
        if matches:
            found[column] = matches[0]
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise http.unusable(
            response,
            "a lista de opções de busca de Ticket (listSearchOptions) não tem "
            + ", ".join(missing)
            + "; esperado o GLPI 9.5 ou 10, cujo Ticket tem essas colunas",
        )
    return found


def _criteria(options: Mapping[str, str], year: int) -> dict[str, str]:
    opened = options["Data de abertura"]
    return {
        "criteria[0][field]": opened,
        "criteria[0][searchtype]": "morethan",
        "criteria[0][value]": f"{year - 1}-12-31 23:59:59",
        "criteria[1][link]": "AND",
        "criteria[1][field]": opened,
        "criteria[1][searchtype]": "lessthan",
        "criteria[1][value]": f"{year + 1}-01-01 00:00:00",
    }


def _content_range(response: httpx.Response) -> tuple[int, int, int]:
    value = response.headers.get("Content-Range", "")
    m = re.fullmatch(r"\s*(\d+)-(\d+)/(\d+)\s*", value)
    if not m:
        raise http.unusable(
            response,
            f"a resposta não tem o cabeçalho Content-Range no formato início-fim/total (tem "
            f"{value or 'nada'}); esperada a busca da API REST do GLPI",
        )
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def _rows(response: httpx.Response) -> list[dict]:
    body = _json(response, "o resultado de search/Ticket (totalcount, data)", dict)
    data = body.get("data", [])  # type: ignore[union-attr]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise http.unusable(
            response, "a resposta está em outro formato; esperado data = lista de chamados"
        )
    return data


def _totalcount(response: httpx.Response) -> int:
    """The search's ``totalcount``: a whole number, else the answer is in another layout
    (a missing total is never taken for zero tickets)."""
    body = _json(response, "o resultado de search/Ticket (totalcount, data)", dict)
    value = body.get("totalcount")  # type: ignore[union-attr]
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        shown = "nada" if value is None else repr(value)[:40]
        raise http.unusable(
            response,
            f"a resposta está em outro formato; esperado totalcount = número de chamados "
            f"(tem {shown})",
        )
    return value


def _cell(column: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "<br>".join(_cell(column, v) for v in value if v is not None)
    codes = _CODED.get(column)
    if codes is not None and str(value).strip().isdigit():
        return codes.get(int(str(value).strip()), str(value))
    # GLPI 9.5/10.0's API v1 gives text HTML-encoded ("Redes &#38; Internet"); the
    # export (and the department) reads it decoded.
    return html.unescape(str(value))


def csv_bytes(columns: list[str], rows: list[list[str]]) -> bytes:
    """The layout of GLPI's own CSV export: BOM, every field quoted, ';' at line end."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator=";\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def collect(ctx: CollectContext) -> list[CollectedFile]:
    """The year's tickets in the department's layout (or nothing when unchanged)."""
    base = dict(ctx.settings.collect_urls)["glpi"]
    auth = _tokens(ctx.env)
    with http.client(base_url=base) as c:
        response = _raise(http.send(c, "GET", "/initSession", headers=auth))
        session = _json(response, "um session_token (initSession)", dict).get("session_token")  # type: ignore[union-attr]
        if not isinstance(session, str) or not session:
            raise http.unusable(response, "initSession não devolveu um session_token")
        headers = {"Session-Token": session}
        if "App-Token" in auth:
            headers["App-Token"] = auth["App-Token"]
        try:
            return _collect(ctx, c, headers)
        finally:
            # The session expires anyway: a failed killSession never masks the run's own error.
            with suppress(Exception):
                http.send(c, "GET", "/killSession", headers=headers, attempts=1)


def _collect(ctx: CollectContext, c: httpx.Client, headers: dict[str, str]) -> list[CollectedFile]:
    response = _raise(http.send(c, "GET", "/listSearchOptions/Ticket", headers=headers))
    options = find_options(response)
    criteria = _criteria(options, ctx.year)
    shown = [name for name, _, _ in COLUMNS if name in options]
    display = {f"forcedisplay[{i}]": options[name] for i, name in enumerate(shown)}
    probe_response = _raise(
        http.send(
            c,
            "GET",
            "/search/Ticket",
            headers=headers,
            params={
                **criteria,
                "forcedisplay[0]": options["Última atualização"],
                "sort": options["Última atualização"],
                "order": "DESC",
                "range": "0-0",
            },
        ),
        also=(206,),
    )
    probe_rows = _rows(probe_response)
    newest = str(probe_rows[0].get(options["Última atualização"], "")) if probe_rows else ""
    total = _totalcount(probe_response)
    totals = {"totalcount": total, "ultima_atualizacao": newest}
    previous = ctx.previous.get(FILE)
    if previous and previous.get("gerado_por") == SIGNATURE and previous.get("totais") == totals:
        return []
    rows: list[list[str]] = []
    start = 0
    url = ""
    while start < total:
        end = min(start + RANGE, total) - 1
        response = http.send(
            c,
            "GET",
            "/search/Ticket",
            headers=headers,
            params={
                **criteria,
                **display,
                "sort": options["ID"],
                "order": "DESC",
                "range": f"{start}-{end}",
            },
        )
        if response.status_code == 400 and _error_code(response) == "ERROR_RANGE_EXCEED_TOTAL":
            raise http.unusable(
                response,
                f"os chamados {start + 1} a {end + 1} de {total} desapareceram durante a coleta "
                "(o GLPI diz que passam do total: chamados apagados enquanto o balanco lia); "
                "rode de novo",
            )
        _raise(response, also=(206,))
        first, last, now = _content_range(response)
        data = _rows(response)
        if now != total:
            raise http.unusable(
                response,
                f"o total de chamados mudou durante a coleta (Content-Range: {total} no início, "
                f"{now} agora): o GLPI foi alterado enquanto o balanco lia; rode de novo",
            )
        if (first, last) != (start, end) or len(data) != end - start + 1:
            raise http.unusable(
                response,
                f"o GLPI devolveu {len(data)} chamados ({first}-{last}) quando se pediram "
                f"{start}-{end} de {total}: a lista mudou durante a coleta; rode de novo",
            )
        rows.extend([_cell(name, row.get(options[name])) for name in shown] for row in data)
        url = http.safe_url(response.url.copy_remove_param("range"))
        start = end + 1
        ctx.progress("GLPI: chamados", start, total, "registros")
    if not url:
        url = http.safe_url(probe_response.url.copy_remove_param("range"))
    return [staged(ctx, FILE, csv_bytes(shown, rows), url=url, totals=totals)]
