"""The Comunicação sample generator: synthetic raw files in the real export
layouts, meeting the year's targets exactly (see ``balanco.sample``)."""

from __future__ import annotations

import html
import json
from datetime import datetime, timedelta
from pathlib import Path

from ..sampling import Generator, day_in, moment, slugify, write_sheet
from . import DEMAND_COLUMNS

#: The figures of data/targets/<ano>.toml [comunicacao] this generator meets exactly.
TARGET_KEYS = ("releases", "demandas_respondidas")
#: What each file is and where it comes from (for the manifest).
DESCRIPTIONS = {
    "wordpress_categories.json": ("Categorias dos posts do site", "WordPress (API REST)"),
    "wordpress_total.json": (
        "Total de posts e de páginas da exportação (cabeçalhos X-WP-Total e X-WP-TotalPages)",
        "WordPress (API REST /wp-json/wp/v2/posts)",
    ),
    "demandas_imprensa.xlsx": ("Demandas da imprensa", "Planilha da Assessoria de Comunicação"),
}


def describe(name: str) -> tuple[str, str] | None:
    """(description, system) of a page of the posts export, for the manifest.

    >>> describe("wordpress_posts_3.json")[0]
    'Posts do site, página 3 da exportação (100 por página)'
    >>> describe("demandas_imprensa.xlsx") is None
    True
    """
    if name.startswith("wordpress_posts_"):
        return (
            f"Posts do site, página {name.rsplit('_', 1)[1].split('.')[0]} da exportação "
            "(100 por página)",
            "WordPress (API REST /wp-json/wp/v2/posts)",
        )
    return None


# ------------------------------------------------------------ Comunicação
def wordpress(g: Generator, out: Path) -> None:
    rng, y = g.rng, g.y
    cats = [
        (1, "Sem categoria"),
        (5, "Notícias"),
        (7, "Editais e Licitações"),
        (9, "Concursos e Processos Seletivos"),
        (11, "Avisos"),
        (14, "Saúde"),
        (15, "Educação"),
        (16, "Obras"),
        (17, "Cultura &amp; Lazer"),
    ]
    topics = (
        (
            14,
            "Saúde",
            (
                "Prefeitura amplia atendimento na UBS {b}",
                "Campanha de vacinação chega ao bairro {b}",
            ),
        ),
        (
            15,
            "Educação",
            (
                "Escola do bairro {b} recebe novos equipamentos",
                "Matrículas para a rede municipal &#8211; prazo vai até {d}",
            ),
        ),
        (
            16,
            "Obras",
            (
                "Obras de recapeamento avançam no bairro {b}",
                "Prefeitura entrega praça revitalizada no {b}",
            ),
        ),
        (
            17,
            "Cultura",
            (
                "Festival cultural movimenta o {b} neste fim de semana",
                f"&#8220;{g.podcast}&#8221; estreia novo episódio",
            ),
        ),
    )
    posts = []
    n_rel = int(g.t["comunicacao", "releases"])

    def post(when: datetime, categories: list[int], title: str) -> None:
        pid = 10_000 + len(posts) * 3 + rng.randrange(3)
        slug = slugify(html.unescape(title))
        posts.append(
            {
                "id": pid,
                "date": when.strftime("%Y-%m-%dT%H:%M:%S"),
                "date_gmt": (when + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%S"),
                "modified": (when + timedelta(hours=rng.randrange(1, 30))).strftime(
                    "%Y-%m-%dT%H:%M:%S"
                ),
                "slug": slug,
                "status": "publish",
                "type": "post",
                "link": f"https://noticias.exemplo.invalid/{when:%Y/%m}/{slug}/",
                "title": {"rendered": title},
                "excerpt": {
                    "rendered": f"<p>{title} (texto sintético de exemplo).</p>\n",
                    "protected": False,
                },
                "categories": categories,
            }
        )

    for _ in range(n_rel):
        cat, _, titles = rng.choice(topics)
        d = day_in(rng, y, weekdays=False)
        title = rng.choice(titles).format(b=rng.choice(g.bairros), d=f"{d.day}/{d.month}")
        post(moment(rng, d, (7, 22)), [5, cat] if rng.random() < 0.8 else [5], title)
    others = (
        (7, "Aviso de licitação &#8211; Pregão Eletrônico nº {n}/{y}"),
        (9, "Processo seletivo nº {n}/{y}: edital de abertura"),
        (11, "Aviso: expediente do dia {n} de {y}"),
        (1, "Resultado de chamamento público nº {n}/{y}"),
    )
    for _ in range(max(5, n_rel // 9)):
        cat, title = rng.choice(others)
        post(moment(rng, day_in(rng, y)), [cat], title.format(n=rng.randrange(1, 200), y=y))
    # The export was taken in January: the previous December and this January are in it.
    for yy, months, k in ((y - 1, (12, 12), 12), (y + 1, (1, 1), 8)):
        for _ in range(k):
            cat, _, titles = rng.choice(topics)
            post(
                moment(rng, day_in(rng, yy, months=months)),
                [5, cat],
                rng.choice(titles).format(b=rng.choice(g.bairros), d="1/2"),
            )
    posts.sort(key=lambda p: p["date"], reverse=True)  # WordPress lists newest first
    for page in range((len(posts) + 99) // 100):
        chunk = posts[page * 100 : (page + 1) * 100]
        (out / f"wordpress_posts_{page + 1}.json").write_text(
            json.dumps(chunk, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    # The X-WP-Total / X-WP-TotalPages headers of the export, saved beside the pages
    # (wordpress.WP_TOTAL_FILE): the checks compare the pages against them.
    pages = (len(posts) + 99) // 100
    (out / "wordpress_total.json").write_text(
        json.dumps({"X-WP-Total": len(posts), "X-WP-TotalPages": pages}) + "\n",
        encoding="utf-8",
    )
    (out / "wordpress_categories.json").write_text(
        json.dumps(
            [
                {"id": i, "name": name, "slug": slugify(html.unescape(name)), "count": 0}
                for i, name in cats
            ],
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


def demandas(g: Generator, out: Path) -> None:
    rng, y = g.rng, g.y
    outlets = g.outlets
    ranked = (22, 18, 14, 12, 10, 8, 6, 4, 4, 2)  # the bigger outlets ask more
    weights = tuple(ranked[i] if i < len(ranked) else 1 for i in range(len(outlets)))
    secretarias = (
        "Saúde",
        "Educação",
        "Obras",
        "Segurança Urbana",
        "Governo",
        "Assistência Social",
        "Meio Ambiente",
        "Transportes",
    )
    journalists = {o: [g.fake.name() for _ in range(3)] for o in outlets}
    subjects = (
        "Fila de espera na UBS {b}",
        "Buraco na rua do bairro {b}",
        "Falta de vagas em creche no {b}",
        "Alagamento no {b}",
        "Horário de ônibus no {b}",
        "Obras da praça do {b}",
        "Iluminação pública no {b}",
        "Campanha de vacinação",
    )
    recs = []
    for _ in range(int(g.t["comunicacao", "demandas_respondidas"])):
        d = moment(rng, day_in(rng, y))
        lag = rng.choices((0, 1, 2, 3, 5, 9), weights=(35, 30, 15, 10, 7, 3))[0]
        ans = d + timedelta(days=lag, hours=rng.randrange(0, 5))
        recs.append((d, "Respondida", ans))
    for _ in range(30):  # still open at year end
        recs.append((moment(rng, day_in(rng, y, months=(11, 12))), "Em andamento", None))
    for _ in range(8):
        recs.append((moment(rng, day_in(rng, y)), "Sem retorno da secretaria", None))
    for _ in range(10):
        d = moment(rng, day_in(rng, y - 1, months=(12, 12)))
        recs.append((d, "Respondida", d + timedelta(days=1)))
    recs.sort(key=lambda r: r[0])
    rows = []
    for i, (d, sit, ans) in enumerate(recs, start=1):
        outlet = rng.choices(outlets, weights=weights)[0]
        rows.append(
            [
                i,
                d.replace(second=0),
                outlet,
                rng.choice(journalists[outlet]),
                rng.choice(subjects).format(b=rng.choice(g.bairros)),
                rng.choice(secretarias),
                sit,
                ans.replace(second=0) if ans else None,
            ]
        )
    write_sheet(
        out / "demandas_imprensa.xlsx",
        titles=["Assessoria de Comunicação – Demandas da imprensa", str(y)],
        header=list(DEMAND_COLUMNS),
        rows=rows,
        date_cols=(1, 7),
    )


def generate(g: Generator, out: Path) -> None:
    """Write the department's raw files into ``out`` (in this order: the random
    stream is shared, so the order fixes the output)."""
    wordpress(g, out)
    demandas(g, out)
