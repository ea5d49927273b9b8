"""Comunicação: the source systems and their columns, and what the checks look at
(dated records, the posts that never count)."""

from __future__ import annotations

from ..base import Companion, Dated, Excluded, Source
from . import wordpress

NAME = "comunicacao"
TITLE = "Comunicação"
#: The article of TITLE in running text (no article: "de Comunicação"): ``sentences.of``.
ARTICLE = ""
COVER_TITLE = "Comunicação"

POSTS = Source(
    "posts",
    ("wordpress_posts_*.json",),
    "WordPress do site da Prefeitura (API REST /wp-json/wp/v2/posts, 100 posts por página)",
    "Posts publicados no site de notícias; os releases são os da categoria Notícias.",
)
CATEGORIES = Source(
    "categorias",
    ("wordpress_categories.json",),
    "WordPress do site da Prefeitura (API REST /wp-json/wp/v2/categories)",
    "Nomes das categorias dos posts.",
)
DEMANDS = Source(
    "demandas",
    ("demandas_imprensa.xlsx",),
    "Planilha de demandas da imprensa da Assessoria de Comunicação",
    "Pedidos de jornalistas recebidos e respondidos.",
)
SOURCES = (POSTS, CATEGORIES, DEMANDS)
#: Saved with the export when it exists: the WordPress total the pages must add up to
#: (paginas_wordpress).
COMPANIONS = (
    Companion(
        wordpress.WP_TOTAL_FILE,
        "total_posts",
        "WordPress (cabeçalho X-WP-Total da API REST)",
        "Total de posts informado pelo WordPress na exportação",
    ),
)

#: What the checks look at (balanco.checks): dated records.
DATES = (
    Dated("posts", "data", "wordpress_posts_*.json", "date", "posts", one_period=True, item="post"),
    Dated(
        "demandas",
        "data_recebimento",
        "demandas_imprensa.xlsx",
        "Data de recebimento",
        "demandas da imprensa",
    ),
)
OTHER_DATES = (
    Dated(
        "demandas",
        "data_resposta",
        "demandas_imprensa.xlsx",
        "Data da resposta",
        "demandas da imprensa",
    ),
)

DEMAND_COLUMNS = (
    "Nº",
    "Data de recebimento",
    "Veículo",
    "Jornalista",
    "Assunto",
    "Secretaria demandada",
    "Situação",
    "Data da resposta",
)
#: A demand counts as answered with this situation (and a response date).
ANSWERED = "RESPONDIDA"
#: WordPress status of a published post; drafts, pending, private and scheduled
#: ("future") posts are not releases.
PUBLISHED = "publish"
#: For the checks: a post of another status never counts (a scheduled post may be
#: dated after the export).
NOT_PUBLISHED = Excluded("posts", "status", (PUBLISHED,), only=True)
EXCLUDED = (NOT_PUBLISHED,)

#: Its source system's own checks (balanco.checks collects them): paginas_wordpress.
CHECKS = (wordpress.CHECK,)
