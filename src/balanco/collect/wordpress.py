"""The site's posts and categories from the WordPress REST API (``/wp-json/wp/v2``),
written as the Comunicação department reads them: ``wordpress_posts_1.json``, ``_2``,
… (100 posts a page, as the API gives them), ``wordpress_categories.json`` and the
``X-WP-Total``/``X-WP-TotalPages`` headers in ``wordpress_total.json``, where the
page-completeness check (``paginas_wordpress``) reads them.

Only published posts (``status=publish``) of the balance year (``after``/``before``,
both exclusive in WordPress). A rerun downloads nothing when nothing changed: the
REST API gives no ETag for a collection, so the collector asks for one post (the
last modified) and the categories' total, and compares the totals and the newest
``modified`` with those recorded in the manifest — a new, removed, unpublished or
edited post changes one of them.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from ..departments.comunicacao.wordpress import PER_PAGE, WP_PAGES, WP_TOTAL_FILE
from . import http
from .base import SIGNATURE, CollectContext, CollectedFile
from .write import json_bytes, staged, validators_of

CATEGORIES_FILE = "wordpress_categories.json"
FILES = (WP_PAGES, CATEGORIES_FILE, WP_TOTAL_FILE)
API = "/wp-json/wp/v2"
#: What the department reads of a post (and the hand-made export holds): nothing more.
POST_FIELDS = "id,date,date_gmt,modified,slug,status,type,link,title,excerpt,categories"
CATEGORY_FIELDS = "id,name,slug,count"

_HINTS = {
    401: "o site recusou o acesso à API REST do WordPress (HTTP 401): a API exige login "
    "neste site; peça ao responsável pelo site que libere a leitura pública de "
    "/wp-json/wp/v2/posts",
    403: "o site recusou o acesso à API REST do WordPress (HTTP 403): um plugin de "
    "segurança ou o servidor bloqueia /wp-json; peça ao responsável pelo site que libere "
    "a leitura pública de /wp-json/wp/v2/posts",
    404: "o site não tem a API REST do WordPress (HTTP 404 em /wp-json/wp/v2): confira o "
    "endereço em [coleta] wordpress (a raiz do site, ex.: https://www.prefeitura.sp.gov.br) "
    "ou exporte os posts à mão",
}


def bounds(year: int) -> dict[str, str]:
    """The year's posts: WordPress's ``after``/``before`` exclude their own instant.

    >>> bounds(2024)
    {'after': '2023-12-31T23:59:59', 'before': '2025-01-01T00:00:00'}
    """
    return {"after": f"{year - 1}-12-31T23:59:59", "before": f"{year + 1}-01-01T00:00:00"}


def _int_header(response: httpx.Response, name: str) -> int:
    value = response.headers.get(name, "")
    if not value.strip().isdigit():
        raise http.unusable(
            response,
            f"a resposta não tem o cabeçalho {name} com um número (tem "
            f"{value or 'nada'}); esperada a API REST do WordPress, que o envia em toda lista",
        )
    return int(value)


def _get(c: httpx.Client, path: str, params: Mapping[str, object]) -> httpx.Response:
    response = http.send(c, "GET", path, params=params)
    if response.status_code != 200:
        raise http.status_fault(response, _HINTS)
    return response


def _items(response: httpx.Response, what: str, keys: tuple[str, ...]) -> list[dict]:
    expected = f"uma lista de {what} do WordPress (objetos com {', '.join(keys)})"
    data = http.json_of(response, expected)
    if not isinstance(data, list) or not all(
        isinstance(x, dict) and all(k in x for k in keys) for x in data
    ):
        raise http.unusable(response, f"a resposta está em outro formato; esperada {expected}")
    return data


def _probe(c: httpx.Client, year: int) -> dict[str, int | str]:
    """The totals that tell whether anything changed: posts and categories, and the
    newest ``modified`` of the year's published posts."""
    params = {
        "status": "publish",
        **bounds(year),
        "per_page": 1,
        "orderby": "modified",
        "order": "desc",
        "_fields": "id,modified",
    }
    posts = _get(c, "/posts", params)
    newest = _items(posts, "posts", ("id", "modified"))
    cats = _get(c, "/categories", {"per_page": 1, "_fields": "id"})
    return {
        "X-WP-Total": _int_header(posts, "X-WP-Total"),
        "modificado_mais_recente": str(newest[0]["modified"]) if newest else "",
        "categorias": _int_header(cats, "X-WP-Total"),
    }


def _unchanged(ctx: CollectContext, probe: Mapping[str, object]) -> bool:
    entry = ctx.previous.get(WP_TOTAL_FILE)
    if not entry or entry.get("gerado_por") != SIGNATURE:
        return False
    totals = entry.get("totais", {})
    if not isinstance(totals, dict) or any(totals.get(k) != v for k, v in probe.items()):
        return False
    pages = totals.get("X-WP-TotalPages")
    names = [CATEGORIES_FILE, *(f"wordpress_posts_{n}.json" for n in range(1, int(pages or 0) + 1))]
    return all(name in ctx.previous for name in names)


def collect(ctx: CollectContext) -> list[CollectedFile]:
    """Every page of the year's published posts, the categories and the totals."""
    root = dict(ctx.settings.collect_urls)["wordpress"]
    with http.client(base_url=root + API) as c:
        probe = _probe(c, ctx.year)
        if _unchanged(ctx, probe):
            return []
        out = _posts(ctx, c, probe)
        out.append(_categories(ctx, c))
    return out


def _posts(
    ctx: CollectContext, c: httpx.Client, probe: Mapping[str, object]
) -> list[CollectedFile]:
    params = {
        "status": "publish",
        **bounds(ctx.year),
        "per_page": PER_PAGE,
        "orderby": "date",
        "order": "desc",
        "_fields": POST_FIELDS,
    }
    out: list[CollectedFile] = []
    total = pages = None
    page = 1
    while pages is None or page <= pages:
        response = http.send(c, "GET", "/posts", params={**params, "page": page})
        if response.status_code == 400 and page > 1:
            raise http.unusable(
                response,
                f"a página {page} de {pages} dos posts desapareceu durante a coleta (o "
                "WordPress diz que não existe: posts removidos ou despublicados enquanto o "
                "balanco lia); rode de novo",
            )
        if response.status_code != 200:
            raise http.status_fault(response, _HINTS)
        this_total = _int_header(response, "X-WP-Total")
        if total is None:
            total, pages = this_total, _int_header(response, "X-WP-TotalPages")
        elif this_total != total:
            raise http.unusable(
                response,
                f"o total de posts mudou durante a coleta (X-WP-Total {total} na página 1, "
                f"{this_total} na página {page}): o site foi alterado enquanto o balanco lia; "
                "rode de novo",
            )
        items = _items(response, "posts", ("id", "date", "status"))
        expected = PER_PAGE if page < (pages or 1) else total - PER_PAGE * (page - 1)
        if pages and len(items) != expected:
            raise http.unusable(
                response,
                f"a página {page} trouxe {len(items)} posts, mas o X-WP-Total ({total}) pede "
                f"{expected}: a lista mudou durante a coleta; rode de novo",
            )
        out.append(
            staged(
                ctx,
                f"wordpress_posts_{page}.json",
                json_bytes(items),
                url=http.safe_url(response.url),
                validators=validators_of(response.headers),
                totals={"posts": len(items)},
            )
        )
        ctx.progress("WordPress: posts", page, pages or 1, "páginas")
        page += 1
    totals = {"X-WP-Total": total or 0, "X-WP-TotalPages": pages or 0, **probe}
    out.append(
        staged(
            ctx,
            WP_TOTAL_FILE,
            json_bytes({"X-WP-Total": total or 0, "X-WP-TotalPages": pages or 0}),
            url=http.safe_url(c.base_url.join("posts")),
            totals=totals,
        )
    )
    return out


def _categories(ctx: CollectContext, c: httpx.Client) -> CollectedFile:
    items: list[dict] = []
    page, pages = 1, 1
    total = None
    response = None
    while page <= pages:
        response = _get(
            c, "/categories", {"per_page": PER_PAGE, "page": page, "_fields": CATEGORY_FIELDS}
        )
        this_total = _int_header(response, "X-WP-Total")
        if total is None:
            total = this_total
            pages = max(1, _int_header(response, "X-WP-TotalPages"))
        elif this_total != total:
            raise http.unusable(
                response,
                f"o total de categorias mudou durante a coleta (X-WP-Total {total} na página "
                f"1, {this_total} na página {page}): o site foi alterado enquanto o balanco "
                "lia; rode de novo",
            )
        items.extend(_items(response, "categorias", ("id", "name")))
        ctx.progress("WordPress: categorias", page, pages, "páginas")
        page += 1
    assert response is not None and total is not None
    if len(items) != total:
        raise http.unusable(
            response,
            f"vieram {len(items)} categorias, mas o X-WP-Total pede {total}: a lista mudou "
            "durante a coleta; rode de novo",
        )
    return staged(
        ctx,
        CATEGORIES_FILE,
        json_bytes(items),
        url=http.safe_url(response.url.copy_remove_param("page")),
        validators=validators_of(response.headers),
        totals={"X-WP-Total": total},
    )
