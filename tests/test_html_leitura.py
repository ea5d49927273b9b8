"""Issue 17 (1, 6): an HTML page that reads once and fits a phone. A number, an
amount or a percentage never breaks in two; a wide table scrolls inside its own
box (focusable, named by its caption), never the page; each chart's description
is announced once; tables have captions and scoped headers; headings nest;
header, contents (nav), main and footer landmarks, with links to the PDF and the
open data. On a small page exported with the project's template, in Chromium."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from html_page import (
    CAPTION_RIGHTS,
    INDICATORS,
    PAGE_OVERFLOW,
    SOURCES,
    TABLE_BOXES,
    WIDE,
    WRAPPED_NUMBERS,
    exposed,
    headings,
    outline_problems,
    page,
    repeated_headings,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return page(tmp_path_factory.mktemp("pagina"))


# ----------------------------------------------------------------- the markup
def test_a_table_has_its_caption_scoped_headers_and_a_named_scroll_box():
    html = INDICATORS._repr_html_()
    box = re.search(
        r'<div class="tabela" role="region" aria-labelledby="([^"]+)" tabindex="0">', html
    )
    assert box, html
    assert f'<caption id="{box.group(1)}">Indicadores de 2024</caption>' in html
    assert html.count('<th scope="col"') == 4
    # The indicator heads its row: a screen reader says it with each number.
    assert '<th scope="row" style="text-align:left">Atendimentos do Procon</th>' in html
    assert '<td class="num" style="text-align:right">−3,7%</td>' in html
    assert html.count('class="num"') == 3 * 3 + 3  # every number and its column's header


def test_only_a_hash_may_break():
    html = SOURCES._repr_html_()
    assert '<td class="hash"' in html and "num" not in html


def test_the_page_has_landmarks_contents_and_links_to_the_pdf_and_open_data(built):
    html = built.read_text("utf-8")
    order = [html.index(tag) for tag in ("<header>", "<nav ", "<main ", "</main>", "<footer>")]
    assert order == sorted(order)
    header = html[html.index("<header>") : html.index("</header>")]
    assert "<h1>Balanço anual — 2024</h1>" in header
    footer = html[html.index("<footer>") : html.index("</footer>")]
    assert "Colofão" in footer and "Colofão" not in html[: html.index("<footer>")]
    nav = html[html.index("<nav ") : html.index("</nav>")]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav)
    assert links == [("convenios", "Convênios"), ("fontes-e-metodos", "Fontes e métodos")]
    for ident, text in links:
        assert f'<h2 id="{ident}">{text}</h2>' in html
    assert '<a href="balanco-2024.pdf">' in nav
    # This folder has no open data: no link to them (a link is never dead).
    assert "dados-abertos" not in html


def test_the_open_data_link_leads_to_their_front_page_on_disk(tmp_path):
    front = tmp_path / "dados-abertos" / "index.html"
    front.parent.mkdir()
    front.write_text("<!DOCTYPE html>", encoding="utf-8")
    # Written from the processed data this page read (balanco.open_data.origin).
    (front.parent / "datapackage.json").write_text(
        '{"sha256_dados_processados": "' + "ab" * 32 + '"}', encoding="utf-8"
    )
    html = page(tmp_path, "ab" * 32).read_text("utf-8")
    nav = html[html.index("<nav ") : html.index("</nav>")]
    (href,) = re.findall(r'<a href="([^"#]*dados-abertos[^"]*)">Dados abertos do ano</a>', nav)
    assert href == "dados-abertos/index.html"
    assert (tmp_path / href).resolve() == front.resolve()


def test_headings_nest_and_do_not_repeat_under_one_section(built):
    found = headings(built.read_text("utf-8"))
    # The methodology's departments are h3 under "Fontes e métodos", not h2 beside
    # the department's own section.
    assert (2, "Fontes e métodos") in found and (3, "Convênios: definições") in found
    assert [h for h in found if h[0] == 1] == [(1, "Balanço anual — 2024")]
    assert outline_problems(found) == []
    assert repeated_headings(found) == []  # issue 17 (review): each heading is unique


def _chart_labels(html: str) -> list[str]:
    from bs4 import BeautifulSoup  # nbconvert's own dependency

    return [d["aria-label"] for d in BeautifulSoup(html, "html.parser").select('[role="img"]')]


def test_a_chart_is_described_by_its_image_only(built):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(built.read_text("utf-8"), "html.parser")
    assert soup.select("figcaption") == []
    (image,) = soup.select('figure.grafico [role="img"]')
    (shown,) = soup.select("figure.grafico .grafico-descricao")
    # The visible copy is for the eyes; the SVG's own text too.
    assert shown.get_text(strip=True) == image["aria-label"]
    assert shown["aria-hidden"] == "true"
    assert [svg["aria-hidden"] for svg in image.select("svg")] == ["true"]


# ----------------------------------------------------------------- in Chromium
@pytest.fixture(scope="module")
def browser():
    from balanco_axe import chromium, launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p, chromium())
        try:
            yield b
        finally:
            b.close()


@contextmanager
def opened(browser, page_file, width: int):
    """``page_file`` in a new tab ``width`` px wide, closed after use."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(page_file.resolve().as_uri())
        yield page
    finally:
        page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_no_number_wraps_and_tables_scroll_in_their_box(browser, built, width):
    with opened(browser, built, width) as page:
        cells = page.evaluate(WRAPPED_NUMBERS)
        boxes = page.evaluate(TABLE_BOXES)
        overflow = page.evaluate(PAGE_OVERFLOW)
    # Every number of the page was measured: the indicators' (and their years'
    # headers) and the wide table's amounts.
    assert len(cells) == 3 * 3 + 2 + 2 * 8, cells
    assert [c for c in cells if c[1] != 1] == []
    assert overflow <= 0  # the page never scrolls sideways
    assert all(b["own"] and b["focusable"] and b["named"] for b in boxes), boxes
    scrolled = {b["caption"]: b["scrolls"] for b in boxes}
    # Nine columns of amounts are wider than the text column even on a desktop; the
    # indicators fit there.
    assert scrolled[WIDE.caption]
    assert scrolled["Indicadores de 2024"] == (width == 375)


def test_each_chart_description_is_exposed_once(browser, built):
    html = built.read_text("utf-8")
    (label,) = _chart_labels(html)
    assert label.startswith("Gráfico: Telefonia lidera")
    with opened(browser, built, 1280) as page:
        assert exposed(page, label) == 1


@pytest.mark.parametrize("width", [375, 1280])
def test_a_caption_wraps_within_the_screen_never_cut_off_in_its_box(browser, built, width):
    # Issue 17 (review): at 375 px "14 de 14 números do release conferem com os
    # calculados" ran on to 487 px inside the table's scrolling box, hidden until
    # scrolled. A caption wraps within what the reader sees.
    with opened(browser, built, width) as page:
        rights = page.evaluate(CAPTION_RIGHTS)
    assert {r[0] for r in rights} == {WIDE.caption, INDICATORS.caption, SOURCES.caption}
    assert [r for r in rights if r[1] > r[2] + 0.5] == []
