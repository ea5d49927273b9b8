"""What Comunicação's raw files must look like (see balanco.departments.layout)."""

from __future__ import annotations

from ..layout import DATE, DATETIME, INTEGER, JSON_LIST, TEXT, Field, Layout, category
from . import CATEGORIES, DEMANDS, POSTS, SITUACAO_DEMANDA, STATUS_POST

LAYOUTS = (
    Layout(
        POSTS.key,
        POSTS.files[0],
        "posts do WordPress",
        (
            Field("id", INTEGER, "12345"),
            Field(
                "date",
                DATETIME,
                "2024-09-02T20:27:02",
                description="O release conta no ano desta data; um post não publicado "
                "(rascunho) pode vir com null.",
            ),
            Field("title.rendered", TEXT, "Prefeitura inaugura UBS", required=False),
            Field("link", TEXT, "https://www.exemplo.sp.gov.br/noticia/", required=False),
            Field(
                "categories",
                JSON_LIST,
                "[3, 7]",
                required=False,
                description="Ids das categorias (nomes em wordpress_categories.json).",
            ),
            category(STATUS_POST, "publish", required=False),
        ),
        note="Páginas da API REST (/wp-json/wp/v2/posts, 100 posts por página), numeradas "
        "1, 2, 3…: cada post é um objeto JSON; os campos são chaves, não colunas.",
    ),
    Layout(
        CATEGORIES.key,
        CATEGORIES.files[0],
        "categorias do WordPress",
        (Field("id", INTEGER, "3"), Field("name", TEXT, "Notícias")),
        note="Resposta da API REST /wp-json/wp/v2/categories.",
    ),
    Layout(
        DEMANDS.key,
        DEMANDS.files[0],
        "demandas da imprensa",
        (
            Field("Nº", INTEGER, "1"),
            Field("Data de recebimento", DATE, "05/03/2024"),
            Field("Veículo", TEXT, "Diário de Exemplo"),
            Field("Jornalista", TEXT, "Fulana de Tal"),
            Field("Assunto", TEXT, "Obras da avenida"),
            Field("Secretaria demandada", TEXT, "Secretaria de Obras"),
            category(SITUACAO_DEMANDA, "Respondida"),
            Field(
                "Data da resposta",
                DATE,
                "06/03/2024",
                description="Vazia enquanto a demanda não foi respondida.",
            ),
        ),
        template=True,
        note="Planilha mantida pela Assessoria de Comunicação.",
    ),
)
