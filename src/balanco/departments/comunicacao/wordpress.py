"""paginas_wordpress (blocking): the WordPress export is complete. The posts come
in pages (``wordpress_posts_1.json``, ``_2``, …, 100 posts each, from
``/wp-json/wp/v2/posts``): pages 1..N all present, every page but the last full,
and the posts add up to the saved total (:data:`WP_TOTAL_FILE`) when that file
exists; without it, a last page exactly full looks cut short (accept it if the
total is indeed a multiple of the page size)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ... import formatting
from ...check_spec import BLOCKING, Check, Context
from ...errors import BadInput, Problem
from ...io import display_path

#: The WordPress total saved beside the pages: the ``X-WP-Total`` (and
#: ``X-WP-TotalPages``) response headers of ``/wp-json/wp/v2/posts``, as JSON,
#: e.g. ``{"X-WP-Total": 453, "X-WP-TotalPages": 5}``. Optional; when present the
#: posts of the pages must add up to it.
WP_TOTAL_FILE = "wordpress_total.json"
WP_PAGES = "wordpress_posts_*.json"
#: Posts per page of the WordPress export (the REST API's maximum, per_page=100).
PER_PAGE = 100
DEPARTMENT = "comunicacao"


def _page_number(name: str) -> int:
    found = re.findall(r"\d+", Path(name).stem)
    return int(found[-1]) if found else 0


def check(ctx: Context) -> Iterator[Problem]:
    """Pages 1..N all present, every page but the last full, and the posts add up
    to the saved X-WP-Total when that file exists."""
    pages = sorted(
        (p.name for p in ctx.raw_dir.glob(WP_PAGES) if not ctx.skips(p.name)), key=_page_number
    )
    if not pages:
        return
    numbers = [_page_number(p) for p in pages]
    missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
    dept = DEPARTMENT
    if missing:
        yield CHECK.problem(
            f"falta{'m' if len(missing) > 1 else ''} a{'s' if len(missing) > 1 else ''} "
            f"página{'s' if len(missing) > 1 else ''} "
            f"{formatting.join_pt([str(n) for n in missing])} da exportação do WordPress "
            f"(encontradas: {formatting.join_pt(pages)}); exporte de novo todas as páginas "
            "de /wp-json/wp/v2/posts",
            file=WP_PAGES,
            department=dept,
        )
    posts = ctx.cleaned.get(dept, {}).get("posts")
    counts: dict[str, int] = {}
    if posts is not None and len(posts):
        counts = posts["arquivo_origem"].map(lambda p: Path(str(p)).name).value_counts().to_dict()
    per_page = PER_PAGE
    for page in pages[:-1]:
        n = int(counts.get(page, 0))
        if n != per_page:
            yield CHECK.problem(
                f"a página tem {formatting.plural(n, 'post', 'posts')}; toda página antes "
                f"da última tem {per_page} (exportação interrompida?); exporte de novo "
                "todas as páginas",
                file=page,
                department=dept,
            )
    total_path = ctx.raw_dir / WP_TOTAL_FILE
    last = int(counts.get(pages[-1], 0))
    if not total_path.exists() and last == per_page:
        yield CHECK.problem(
            f"a última página ({pages[-1]}) tem exatamente {per_page} posts, o máximo por "
            "página: a exportação parece cortada (falta a página seguinte?) e não há "
            f"{WP_TOTAL_FILE} para conferir o total; exporte de novo todas as páginas e "
            f"salve o cabeçalho X-WP-Total em {WP_TOTAL_FILE}. Se o total de posts for "
            f"mesmo múltiplo de {per_page}, aceite este resultado",
            file=WP_PAGES,
            department=dept,
        )
    if total_path.exists():
        total, total_pages = _read_wp_total(total_path)
        got = int(sum(counts.values()))
        if got != total:
            yield CHECK.problem(
                f"o WordPress informou {formatting.plural(total, 'post', 'posts')} "
                f"(X-WP-Total em {WP_TOTAL_FILE}), mas as páginas somam "
                f"{formatting.plural(got, 'post', 'posts')}: a exportação está incompleta "
                "ou o total é de outra exportação",
                file=WP_PAGES,
                department=dept,
            )
        if total_pages is not None and total_pages != len(pages):
            yield CHECK.problem(
                f"o WordPress informou {formatting.plural(total_pages, 'página', 'páginas')} "
                f"(X-WP-TotalPages em {WP_TOTAL_FILE}), mas há "
                f"{formatting.plural(len(pages), 'página', 'páginas')} na pasta",
                file=WP_PAGES,
                department=dept,
            )


def _read_wp_total(path: Path) -> tuple[int, int | None]:
    shown = display_path(path)
    expected = (
        'esperado o total de posts do cabeçalho X-WP-Total, ex.: {"X-WP-Total": 453, '
        '"X-WP-TotalPages": 5}'
    )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput([Problem(shown, f"não é um JSON válido ({exc}); {expected}")]) from None
    total = data.get("X-WP-Total") if isinstance(data, dict) else None
    pages = data.get("X-WP-TotalPages") if isinstance(data, dict) else None
    ok = isinstance(total, int) and not isinstance(total, bool) and total >= 0
    if not ok or (pages is not None and not isinstance(pages, int)):
        raise BadInput(
            [Problem(shown, f"não é um total válido; {expected}", column="X-WP-Total", value=total)]
        )
    return total, pages


CHECK = Check(
    "paginas_wordpress",
    BLOCKING,
    "Exportação do WordPress incompleta",
    check,
    listed=40,
    runs=40,
)
