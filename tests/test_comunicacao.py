"""Comunicação on small hand-written files; expected values worked out by hand."""

from __future__ import annotations

import json

import pytest
from conftest import dt, sheet, write

from balanco.config import Settings
from balanco.departments import comunicacao
from balanco.errors import BadInput

CATEGORIES = [
    {"id": 5, "name": "Notícias", "slug": "noticias"},
    {"id": 7, "name": "Editais &amp; Licitações", "slug": "editais"},
    {"id": 14, "name": "Saúde", "slug": "saude"},
]


def post(pid: int, date: str, cats: list[int], title: str = "Título") -> dict:
    return {
        "id": pid,
        "date": date,
        "status": "publish",
        "link": f"https://exemplo.invalid/{pid}",
        "title": {"rendered": title},
        "categories": cats,
    }


def demands_sheet(tmp_path, rows):
    return sheet(tmp_path / "demandas_imprensa.xlsx", list(comunicacao.DEMAND_COLUMNS), rows)


DEMANDS = [
    [1, dt("02/01/2024"), "Jornal A", "Fulana", "Obras", "Obras", "Respondida", dt("03/01/2024")],
    [2, dt("05/01/2024"), "Rádio B", "Beltrano", "Saúde", "Saúde", "Respondida", dt("05/01/2024")],
    [3, dt("20/12/2024"), "Jornal A", "Fulana", "Vias", "Obras", "Em andamento", None],
    [4, dt("28/12/2023"), "Jornal A", "Fulana", "Vias", "Obras", "Respondida", dt("02/01/2024")],
]


def raw_dir(tmp_path, pages, demands=DEMANDS):
    for n, page in enumerate(pages, start=1):
        write(tmp_path / f"wordpress_posts_{n}.json", json.dumps(page, ensure_ascii=False))
    write(tmp_path / "wordpress_categories.json", json.dumps(CATEGORIES, ensure_ascii=False))
    demands_sheet(tmp_path, demands)
    return tmp_path


def run(tmp_path, pages, demands=DEMANDS):
    settings = Settings(root=tmp_path)
    raw = comunicacao.load(raw_dir(tmp_path, pages, demands), settings=settings)
    return comunicacao.clean(raw, year=2024, settings=settings)


def test_releases_are_posts_of_the_news_category_in_the_year(tmp_path):
    pages = [
        [
            post(1, "2024-09-02T20:27:02", [5, 14], "Vacina&#8211;ção &amp; saúde"),
            post(2, "2024-09-01T10:00:00", [7]),
            post(3, "2023-12-31T23:59:00", [5]),
        ],
        [post(4, "2025-01-02T08:00:00", [5]), post(5, "2024-01-01T00:00:00", [14, 5])],
    ]
    clean = run(tmp_path, pages)
    releases = comunicacao.releases_of_year(clean["posts"], 2024)
    assert sorted(releases["id"]) == [1, 5]
    assert clean["posts"].set_index("id").loc[1, "titulo"] == "Vacina–ção & saúde"
    assert clean["posts"].set_index("id").loc[2, "categorias"] == "Editais & Licitações"


def test_post_repeated_across_pages_is_an_error(tmp_path):
    pages = [[post(1, "2024-09-02T20:27:02", [5])], [post(1, "2024-09-02T20:27:02", [5])]]
    with pytest.raises(BadInput) as exc:
        run(tmp_path, pages)
    (p,) = exc.value.problems
    assert (
        p.file.endswith("wordpress_posts_2.json") and p.line == 1 and p.value == "1"
    )  # as written in the JSON
    assert "wordpress_posts_1.json" in p.expected


def test_unknown_category_and_bad_date_are_reported(tmp_path):
    pages = [[post(1, "02/09/2024", [5]), post(2, "2024-09-02T20:27:02", [99])]]
    with pytest.raises(BadInput) as exc:
        run(tmp_path, pages)
    assert {(p.line, p.column) for p in exc.value.problems} == {(1, "date"), (2, "categories")}


def test_demands_answered_are_counted_by_date_received(tmp_path):
    clean = run(tmp_path, [[post(1, "2024-09-02T20:27:02", [5])]])
    values = {i.key: i.value for i in comunicacao.summarise(clean, year=2024)}
    assert values["demandas_respondidas"] == 2  # nº 4 was received in 2023
    assert values["demandas_em_aberto"] == 1
    assert values["demandas_tempo_mediano"] == 0.5  # median of 1 day and 0 days


def test_answered_without_date_or_answered_before_received(tmp_path):
    rows = [list(r) for r in DEMANDS]
    rows[0][7] = None
    rows[1][7] = dt("01/01/2024")
    with pytest.raises(BadInput) as exc:
        run(tmp_path, [[post(1, "2024-09-02T20:27:02", [5])]], demands=rows)
    assert [(p.line, p.column) for p in exc.value.problems] == [
        (5, "Data da resposta"),
        (6, "Data da resposta"),
    ]


def test_a_post_that_never_counts_may_have_no_date(tmp_path):
    # An auto-draft has "date": null; it is not published, so no rule reads its date.
    draft = {**post(3, "x", [5]), "status": "auto-draft", "date": None}
    pages = [[post(1, "2024-09-02T20:27:02", [5]), post(2, "2024-03-01T10:00:00", [5]), draft]]
    clean = run(tmp_path, pages)
    assert clean["posts"]["data"].isna().tolist() == [False, False, True]
    assert sorted(comunicacao.releases_of_year(clean["posts"], 2024)["id"]) == [1, 2]


def test_a_published_post_without_date_is_named_as_the_analyst_finds_it(tmp_path):
    # The 3rd post of page 1 (id 11167) is published without a date; the 2nd has a
    # date that is not one. A page is one long line of JSON: the messages name the
    # post by its position in the page's list and its id, not by "linha".
    pages = [
        [
            post(11001, "2024-09-02T20:27:02", [5]),
            post(11002, "02/09/2024", [5]),
            {**post(11167, "x", [5]), "date": None},
        ]
    ]
    with pytest.raises(BadInput) as exc:
        run(tmp_path, pages)
    found = sorted((p.item, p.column, p.value) for p in exc.value.problems)
    assert found == [
        ("2º post (id 11002)", "date", "02/09/2024"),
        ("3º post (id 11167)", "date", None),
    ]
    text = exc.value.render()
    assert 'wordpress_posts_1.json, 3º post (id 11167), coluna "date":\n  está vazio' in text
    assert "linha" not in text


def test_a_bad_category_is_named_by_its_position_in_the_list(tmp_path):
    settings = Settings(root=tmp_path)
    raw_dir(tmp_path, [[post(1, "2024-09-02T20:27:02", [5])]])
    cats = [*CATEGORIES, {"id": "x", "name": "Sem id"}]  # the 4th item of the list
    write(tmp_path / "wordpress_categories.json", json.dumps(cats, ensure_ascii=False))
    with pytest.raises(BadInput) as exc:
        comunicacao.clean(
            comunicacao.load(tmp_path, settings=settings), year=2024, settings=settings
        )
    (p,) = exc.value.problems
    assert p.item == "4ª categoria" and p.line == 4
    assert "wordpress_categories.json, 4ª categoria:" in exc.value.render()


def test_release_category_missing_from_the_site_stops_the_run(tmp_path):
    # The site calls it "Notícia"; the municipality file says "Notícias": no post
    # would count as a release, and 0 releases would read as a fact.
    categories = [{"id": 5, "name": "Notícia", "slug": "noticia"}, *CATEGORIES[1:]]
    write(tmp_path / "wordpress_categories.json", json.dumps(categories, ensure_ascii=False))
    settings = Settings(root=tmp_path, slug="mogi", release_categories=("Notícias",))
    pages = [[post(1, "2024-09-02T20:27:02", [5])]]
    for n, page in enumerate(pages, start=1):
        write(tmp_path / f"wordpress_posts_{n}.json", json.dumps(page, ensure_ascii=False))
    demands_sheet(tmp_path, DEMANDS)
    raw = comunicacao.load(tmp_path, settings=settings)
    with pytest.raises(BadInput) as exc:
        comunicacao.clean(raw, year=2024, settings=settings)
    (p,) = exc.value.problems
    assert p.file.endswith("wordpress_categories.json")
    assert (p.column, p.value) == ("name", "Notícias")
    assert "municipios/mogi.toml" in p.expected and "categorias_release" in p.expected
    assert "“Notícia”, “Saúde”" in p.expected  # the categories found
    assert 'Você quis dizer "Notícia"?' in p.expected


def test_release_category_differing_in_case_and_accents_is_the_same(tmp_path):
    settings = Settings(root=tmp_path, release_categories=(" NOTICIAS",))
    raw = comunicacao.load(
        raw_dir(tmp_path, [[post(1, "2024-09-02T20:27:02", [5])]]), settings=settings
    )
    clean = comunicacao.clean(raw, year=2024, settings=settings)
    assert list(comunicacao.releases_of_year(clean["posts"], 2024)["id"]) == [1]
