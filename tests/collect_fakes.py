"""Fake WordPress and GLPI REST APIs for pytest-httpserver (127.0.0.1 only), made
from their documentation:

- WordPress: https://developer.wordpress.org/rest-api/reference/posts/ — ``status``,
  ``after``/``before`` (exclusive), ``per_page``, ``page``, ``orderby``, ``order``,
  ``_fields``; the ``X-WP-Total``/``X-WP-TotalPages`` headers; a page past the last
  is HTTP 400 ``rest_post_invalid_page_number``.
- GLPI: apirest.md — ``initSession`` (``Authorization: user_token …``, App-Token),
  ``listSearchOptions/Ticket`` (options by id, each with ``name`` and ``uid``),
  ``search/Ticket`` (``criteria``, ``forcedisplay``, ``sort``, ``order``, ``range``;
  200 or 206 with ``Content-Range: a-b/total``; ``ERROR_RANGE_EXCEED_TOTAL``),
  ``killSession``.

The records are those of the hand-placed 2024 sample (``data/raw/2024``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "2024"


def sample_posts() -> list[dict]:
    pages = sorted(SAMPLE.glob("wordpress_posts_*.json"), key=lambda p: int(p.stem.split("_")[-1]))
    return [post for page in pages for post in json.loads(page.read_text(encoding="utf-8"))]


def sample_categories() -> list[dict]:
    return json.loads((SAMPLE / "wordpress_categories.json").read_text(encoding="utf-8"))


def _json(data: object, status: int = 200, headers: dict | None = None) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False),
        status=status,
        headers=headers or {},
        content_type="application/json; charset=UTF-8",
    )


@dataclass
class FakeWordPress:
    posts: list[dict] = field(default_factory=sample_posts)
    categories: list[dict] = field(default_factory=sample_categories)
    requests: list[str] = field(default_factory=list)

    def install(self, server) -> str:
        server.expect_request("/wp-json/wp/v2/posts").respond_with_handler(self.posts_handler)
        server.expect_request("/wp-json/wp/v2/categories").respond_with_handler(
            self.categories_handler
        )
        return server.url_for("/").rstrip("/")

    def select(self, args) -> list[dict]:
        out = [p for p in self.posts if p["status"] == args.get("status", "publish")]
        if "after" in args:
            out = [p for p in out if p["date"] > args["after"]]
        if "before" in args:
            out = [p for p in out if p["date"] < args["before"]]
        key = args.get("orderby", "date")
        return sorted(out, key=lambda p: (p[key], p["id"]), reverse=args.get("order") != "asc")

    def page(self, items: list[dict], args, fields_default: bool = True) -> Response:
        per_page = int(args.get("per_page", 10))
        page = int(args.get("page", 1))
        total = len(items)
        pages = -(-total // per_page)
        if page > max(pages, 1):
            return _json(
                {
                    "code": "rest_post_invalid_page_number",
                    "message": "The page number requested is larger than the number of "
                    "pages available.",
                    "data": {"status": 400},
                },
                400,
            )
        chunk = items[(page - 1) * per_page : page * per_page]
        if "_fields" in args:
            keep = args["_fields"].split(",")
            chunk = [{k: v for k, v in item.items() if k in keep} for item in chunk]
        return _json(chunk, headers={"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})

    def posts_handler(self, request: Request) -> Response:
        self.requests.append(unquote(request.full_path))
        return self.page(self.select(request.args), request.args)

    def categories_handler(self, request: Request) -> Response:
        self.requests.append(unquote(request.full_path))
        return self.page(self.categories, request.args)


# --------------------------------------------------------------------------- GLPI

#: listSearchOptions/Ticket as GLPI 10 answers in pt_BR, with ids that are NOT the
#: real ones (the collector must find the options by name).
OPTIONS = {
    "common": "Características",
    "901": {"name": "Título", "table": "glpi_tickets", "field": "name", "uid": "Ticket.name"},
    "902": {"name": "ID", "table": "glpi_tickets", "field": "id", "uid": "Ticket.id"},
    "903": {"name": "Status", "table": "glpi_tickets", "field": "status", "uid": "Ticket.status"},
    "904": {
        "name": "Data de abertura",
        "table": "glpi_tickets",
        "field": "date",
        "uid": "Ticket.date",
    },
    "905": {
        "name": "Última atualização",
        "table": "glpi_tickets",
        "field": "date_mod",
        "uid": "Ticket.date_mod",
    },
    "906": {
        "name": "Data da solução",
        "table": "glpi_tickets",
        "field": "solvedate",
        "uid": "Ticket.solvedate",
    },
    "907": {
        "name": "Entidade",
        "table": "glpi_entities",
        "field": "completename",
        "uid": "Ticket.Entity.completename",
    },
    "908": {
        "name": "Localização",
        "table": "glpi_locations",
        "field": "completename",
        "uid": "Ticket.Location.completename",
    },
    "requester": "Requerente",
    "909": {
        "name": "Requerente",
        "table": "glpi_users",
        "field": "name",
        "uid": "Ticket.User.name",
    },
    "assign": "Atribuído",
    "910": {"name": "Técnico", "table": "glpi_users", "field": "name", "uid": "Ticket.User.name"},
    "911": {
        "name": "Categoria",
        "table": "glpi_itilcategories",
        "field": "completename",
        "uid": "Ticket.ITILCategory.completename",
    },
    "912": {
        "name": "Prioridade",
        "table": "glpi_tickets",
        "field": "priority",
        "uid": "Ticket.priority",
    },
    "913": {"name": "Tipo", "table": "glpi_tickets", "field": "type", "uid": "Ticket.type"},
}
_BY_COLUMN = {
    "ID": "902",
    "Título": "901",
    "Status": "903",
    "Data de abertura": "904",
    "Última atualização": "905",
    "Data da solução": "906",
    "Entidade": "907",
    "Localização": "908",
    "Requerente - Requerente": "909",
    "Atribuído - Técnico": "910",
    "Categoria": "911",
    "Prioridade": "912",
    "Tipo": "913",
}
_STATUS = {
    "Novo": 1,
    "Em atendimento (atribuído)": 2,
    "Em atendimento (planejado)": 3,
    "Pendente": 4,
    "Solucionado": 5,
    "Fechado": 6,
}
_PRIORITY = {"Muito baixa": 1, "Baixa": 2, "Média": 3, "Alta": 4, "Muito alta": 5, "Urgente": 6}
_TYPE = {"Incidente": 1, "Requisição": 2}


def _iso(value: str) -> str | None:
    """'29-01-2025 15:29' (the export's) -> '2025-01-29 15:29:00' (the API's)."""
    if not value:
        return None
    d, t = value.split(" ")
    dd, mm, yyyy = d.split("-")
    return f"{yyyy}-{mm}-{dd} {t}:00"


def sample_tickets() -> list[dict]:
    """The 2024 sample's tickets as GLPI's search returns them (keys: option ids)."""
    text = (SAMPLE / "glpi_chamados.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(keepends=True), delimiter=";"))
    header = rows[0][:-1]
    out = []
    for row in rows[1:]:
        rec = dict(zip(header, row[:-1], strict=True))
        item = {}
        for column, key in _BY_COLUMN.items():
            value = rec.get(column, "")
            if column == "ID":
                item[key] = int(value.replace(" ", ""))
            elif column == "Status":
                item[key] = _STATUS[value]
            elif column == "Prioridade":
                item[key] = _PRIORITY[value] if value else None
            elif column == "Tipo":
                item[key] = _TYPE[value] if value else None
            elif column.startswith("Data") or column == "Última atualização":
                item[key] = _iso(value)
            else:
                item[key] = value if value != "" else None
        out.append(item)
    return out


@dataclass
class FakeGlpi:
    user_token: str
    app_token: str | None = None
    tickets: list[dict] = field(default_factory=sample_tickets)
    options: dict = field(default_factory=lambda: dict(OPTIONS))
    sessions: list[str] = field(default_factory=list)
    killed: list[str] = field(default_factory=list)
    searches: int = 0
    #: The ID option's key in ``tickets`` (always shown, the tie-breaker of sorts).
    id_key: str = "902"
    #: Called with (request, answer) before a search answer is sent: faults.
    on_search: object = None

    def install(self, server) -> str:
        server.expect_request("/apirest.php/initSession").respond_with_handler(self.init)
        server.expect_request("/apirest.php/killSession").respond_with_handler(self.kill)
        server.expect_request("/apirest.php/listSearchOptions/Ticket").respond_with_handler(
            self.list_options
        )
        server.expect_request("/apirest.php/search/Ticket").respond_with_handler(self.search)
        return server.url_for("/apirest.php")

    def _app_ok(self, request: Request) -> Response | None:
        if self.app_token and request.headers.get("App-Token") != self.app_token:
            return _json(
                ["ERROR_WRONG_APP_TOKEN_PARAMETER", "parameter app_token seems wrong"], 400
            )
        return None

    def init(self, request: Request) -> Response:
        bad = self._app_ok(request)
        if bad:
            return bad
        if request.headers.get("Authorization") != f"user_token {self.user_token}":
            return _json(["ERROR_GLPI_LOGIN_USER_TOKEN", "parameter user_token seems invalid"], 401)
        token = f"sess{len(self.sessions) + 1:04d}abcdef"
        self.sessions.append(token)
        return _json({"session_token": token})

    def _session_ok(self, request: Request) -> Response | None:
        bad = self._app_ok(request)
        if bad:
            return bad
        token = request.headers.get("Session-Token")
        if token not in self.sessions or token in self.killed:
            return _json(["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"], 401)
        return None

    def kill(self, request: Request) -> Response:
        bad = self._session_ok(request)
        if bad:
            return bad
        self.killed.append(request.headers["Session-Token"])
        return _json(True)

    def list_options(self, request: Request) -> Response:
        return self._session_ok(request) or _json(self.options)

    def select(self, args) -> list[dict]:
        out = list(self.tickets)
        n = 0
        while f"criteria[{n}][field]" in args:
            key = args[f"criteria[{n}][field]"]
            kind = args[f"criteria[{n}][searchtype]"]
            value = args[f"criteria[{n}][value]"]
            if kind == "morethan":
                out = [t for t in out if t.get(key) and t[key] > value]
            elif kind == "lessthan":
                out = [t for t in out if t.get(key) and t[key] < value]
            n += 1
        sort = args.get("sort")
        if sort:
            out.sort(
                key=lambda t: (t.get(sort) or "", t[self.id_key]),
                reverse=args.get("order") == "DESC",
            )
        return out

    def search(self, request: Request) -> Response:
        bad = self._session_ok(request)
        if bad:
            return bad
        self.searches += 1
        args = request.args
        items = self.select(args)
        total = len(items)
        start, end = (int(x) for x in args.get("range", "0-49").split("-"))
        if total and start >= total:
            return _json(
                ["ERROR_RANGE_EXCEED_TOTAL", "Provided range exceed total count of data"], 400
            )
        shown = [args[k] for k in args if k.startswith("forcedisplay[")]
        chunk = [
            {k: v for k, v in t.items() if k in shown or k == self.id_key}
            for t in items[start : end + 1]
        ]
        last = start + len(chunk) - 1
        answer = _json(
            {
                "totalcount": total,
                "count": len(chunk),
                "sort": [args.get("sort")],
                "order": [args.get("order", "ASC")],
                "data": chunk,
                "content-range": f"{start}-{last}/{total}",
            },
            206 if len(chunk) < total else 200,
            headers={"Content-Range": f"{start}-{last}/{total}", "Accept-Range": "Ticket 1000"},
        )
        if self.on_search is not None:
            return self.on_search(request, answer) or answer
        return answer


# ------------------------------------------------------------------ Transferegov

MODIFIED = "Wed, 02 Dec 2026 07:00:00 GMT"


def zipped(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return buf.getvalue()


def load_date_zip(when: str) -> bytes:
    return zipped("data_carga_siconv.csv", f"DATA_CARGA_SICONV\n{when}\n".encode())


def national_dumps(folder: Path, *, propostas: int = 300) -> dict[str, bytes]:
    """The national dumps made by the generator: the sample's records among
    ``propostas`` synthetic propostas of other municipalities, as the CSVs inside
    the repository's zips."""
    from balanco.departments.convenios.national import national_transferegov

    national_transferegov(
        folder, municipal_dir=SAMPLE, propostas=propostas, own_code="3523107", seed=3
    )
    return {n: (folder / n).read_bytes() for n in ("siconv_proposta.csv", "siconv_convenio.csv")}


class FakeTransferegov:
    """Transferegov's open-data repository (files under ``/dados/``): files with
    validators (ETag, Last-Modified), Range and If-Range as RFC 9110 describes them,
    and the faults a test asks for; every request is logged."""

    def __init__(self, server: HTTPServer):
        self.files: dict[str, bytes] = {}
        self.log: list[dict] = []
        self.faults: dict[str, list[tuple[int, dict]]] = {}
        self.drop_at: dict[str, int] = {}  # drop the connection once after N bytes
        self.ignore_range = False
        self.wrong_range = False
        self.ignore_if_range = False  # honours Range even for another version
        self.not_modified_always: set[str] = set()
        server.expect_request(re.compile(r"^/dados/.*")).respond_with_handler(self.handle)

    def etag(self, name: str) -> str:
        return '"' + hashlib.sha256(self.files[name]).hexdigest()[:16] + '"'

    def handle(self, request: Request) -> Response:
        name = request.path.rsplit("/", 1)[-1]
        h = request.headers
        entry = {
            "name": name,
            "range": h.get("Range"),
            "if_none_match": h.get("If-None-Match"),
            "if_modified_since": h.get("If-Modified-Since"),
            "if_range": h.get("If-Range"),
        }
        self.log.append(entry)
        if self.faults.get(name):
            status, headers = self.faults[name].pop(0)
            entry["status"] = status
            return Response("falha", status, headers)
        if name in self.not_modified_always:
            entry["status"] = 304
            return Response(status=304)
        if name not in self.files:
            entry["status"] = 404
            return Response("não encontrado", 404)
        body, etag = self.files[name], self.etag(name)
        validators = {"ETag": etag, "Last-Modified": MODIFIED, "Accept-Ranges": "bytes"}
        inm, ims = h.get("If-None-Match"), h.get("If-Modified-Since")
        if (inm is not None and inm == etag) or (inm is None and ims == MODIFIED):
            entry["status"] = 304
            return Response(status=304, headers=validators)
        start, status, headers = 0, 200, dict(validators)
        m = re.fullmatch(r"bytes=(\d+)-", h.get("Range") or "")
        if_range = self.ignore_if_range or h.get("If-Range") in (None, etag, MODIFIED)
        if m and not self.ignore_range and if_range:
            start, status = int(m.group(1)), 206
            if start >= len(body):
                entry["status"] = 416
                return Response(status=416, headers={"Content-Range": f"bytes */{len(body)}"})
            shown = 0 if self.wrong_range else start
            headers["Content-Range"] = f"bytes {shown}-{len(body) - 1}/{len(body)}"
        part = body[start:]
        headers["Content-Length"] = str(len(part))
        entry["status"] = status
        cut = self.drop_at.pop(name, None)
        if cut is None:
            return Response(part, status, headers)

        def broken():
            yield part[:cut]
            raise ConnectionResetError("conexão derrubada pelo teste")

        return Response(broken(), status, headers, direct_passthrough=True)

    def seen(self, name: str) -> list[dict]:
        return [e for e in self.log if e["name"] == name]
