"""``balanco coletar --fonte wordpress`` against a fake WordPress REST API on
127.0.0.1 (tests/collect_fakes.py): what is written, a rerun that downloads
nothing, and every fault with its message, its exit code and an untouched raw
folder."""

from __future__ import annotations

import json
import socket

import pytest
from coletar_project import (
    coletar,
    make_project,
    no_token_left,  # noqa: F401 - autouse: no token in what a test leaves
    snapshot,
)
from collect_fakes import FakeWordPress, _json, sample_posts

from balanco.cli import main
from balanco.collect import http
from balanco.errors import EXIT_BAD_INPUT, EXIT_ENVIRONMENT
from balanco.io import sha256
from balanco.provenance import origins, read_manifest


@pytest.fixture
def waits(monkeypatch):
    """The retry waits, recorded instead of slept."""
    seen: list[float] = []
    monkeypatch.setattr(http, "sleep", seen.append)
    return seen


@pytest.fixture
def wp(httpserver, tmp_path, monkeypatch, waits):
    fake = FakeWordPress()
    url = fake.install(httpserver)
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": url})
    return fake, raw


def _year_posts() -> list[dict]:
    # By the definition: published, dated in 2024 (the sample also holds posts of
    # late 2023 and January 2025, which the department never counts).
    return [p for p in sample_posts() if p["status"] == "publish" and p["date"][:4] == "2024"]


def test_every_published_post_of_the_year_in_the_departments_layout(wp, capsys):
    fake, raw = wp
    code, out, err = coletar(capsys, "--fonte", "wordpress")
    assert code == 0, err
    expected = _year_posts()
    assert len(expected) == 433  # 453 posts in the sample, 20 outside 2024
    pages = [json.loads((raw / f"wordpress_posts_{n}.json").read_text()) for n in range(1, 6)]
    assert [len(p) for p in pages] == [100, 100, 100, 100, 33]
    assert not (raw / "wordpress_posts_6.json").exists()
    got = [post for page in pages for post in page]
    assert sorted(p["id"] for p in got) == sorted(p["id"] for p in expected)
    assert {tuple(sorted(p)) for p in got} == {
        ("categories", "date", "date_gmt", "excerpt", "id", "link", "modified", "slug",
         "status", "title", "type")
    }  # fmt: skip
    total = json.loads((raw / "wordpress_total.json").read_text())
    assert total == {"X-WP-Total": 433, "X-WP-TotalPages": 5}
    cats = json.loads((raw / "wordpress_categories.json").read_text())
    assert [c["name"] for c in cats][:2] == ["Sem categoria", "Notícias"]
    # Progress on stderr, pages and percentage.
    assert "WordPress: posts: 5 de 5 páginas (100%)" in err
    # The manifest: URL, size, SHA-256, the source's totals; prepare verifies them.
    manifest = read_manifest(raw)
    entry = manifest.files["wordpress_posts_5.json"]
    assert entry["sha256"] == sha256(raw / "wordpress_posts_5.json")
    assert entry["tamanho"] == (raw / "wordpress_posts_5.json").stat().st_size
    assert entry["url"].startswith("http://localhost:") or entry["url"].startswith("http://127.")
    assert "page=5" in entry["url"] and "status=publish" in entry["url"]
    assert entry["totais"] == {"posts": 33}
    assert entry["sintetico"] is False and entry["gerado_por"] == "balanco coletar"
    assert manifest.files["wordpress_total.json"]["totais"]["X-WP-Total"] == 433
    by_name = {o.name: o for o in origins(raw)}
    assert by_name["wordpress_posts_1.json"].reason.startswith("real (registrado no manifesto")
    assert by_name["sindec_atendimentos.csv"].synthetic  # the others untouched
    # Every request asked for published posts of the year only.
    listing = [r for r in fake.requests if "per_page=100" in r and "/posts" in r]
    assert len(listing) == 5
    assert all("status=publish" in r and "after=2023-12-31T23:59:59" in r for r in listing)
    assert all("before=2025-01-01T00:00:00" in r for r in listing)


def test_what_remains_by_hand_is_listed(wp, capsys):
    code, out, _ = coletar(capsys, "--fonte", "wordpress")
    assert code == 0
    by_hand = out.split("Falta colocar à mão", 1)[1]
    for name in ("sindec_atendimentos.csv", "procon_audiencias.xlsx", "demandas_imprensa.xlsx",
                 "glpi_chamados.csv", "oficios.csv"):  # fmt: skip
        assert name in by_hand
    assert "wordpress_posts" not in by_hand
    assert "Sindec" in by_hand and "docs/colunas.md" in by_hand


def test_a_rerun_with_nothing_changed_downloads_nothing(wp, capsys):
    fake, raw = wp
    assert coletar(capsys, "--fonte", "wordpress")[0] == 0
    before = snapshot(raw)
    fake.requests.clear()
    code, out, _ = coletar(capsys, "--fonte", "wordpress")
    assert code == 0
    assert "nada mudou" in out
    assert not [r for r in fake.requests if "per_page=100" in r]  # no page downloaded
    assert snapshot(raw) == before
    # An edited post (newer "modified") is a change: everything is read again.
    n = next(i for i, p in enumerate(fake.posts) if p["date"][:4] == "2024")
    fake.posts[n] = {**fake.posts[n], "modified": "2025-02-01T09:00:00"}
    fake.requests.clear()
    assert coletar(capsys, "--fonte", "wordpress")[0] == 0
    assert len([r for r in fake.requests if "per_page=100" in r and "/posts" in r]) == 5


def _fails(capsys, raw, code: int, *phrases: str) -> str:
    before = snapshot(raw.parent)
    got, out, err = coletar(capsys, "--fonte", "wordpress")
    assert got == code, err
    for phrase in phrases:
        assert phrase in err
    assert "Traceback" not in err
    assert snapshot(raw.parent) == before  # the raw folder byte for byte, no leftover
    return err


def test_a_site_without_the_rest_api(httpserver, tmp_path, monkeypatch, capsys):
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": httpserver.url_for("/")})
    httpserver.expect_request("/wp-json/wp/v2/posts").respond_with_data("Not Found", status=404)
    _fails(capsys, raw, EXIT_BAD_INPUT, "o site não tem a API REST do WordPress (HTTP 404")


@pytest.mark.parametrize("status", [401, 403])
def test_access_refused(httpserver, tmp_path, monkeypatch, capsys, status):
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": httpserver.url_for("/")})
    httpserver.expect_request("/wp-json/wp/v2/posts").respond_with_json(
        {"code": "rest_forbidden", "message": "Sorry"}, status=status
    )
    _fails(
        capsys,
        raw,
        EXIT_ENVIRONMENT,
        f"o site recusou o acesso à API REST do WordPress (HTTP {status})",
    )


def _fault_on_page(fake: FakeWordPress, page: int, fault):
    original = fake.posts_handler

    def handler(request):
        if request.args.get("page") == str(page) and request.args.get("per_page") == "100":
            return fault(request, original(request))
        return original(request)

    return handler


def _install(httpserver, fake, handler=None):
    httpserver.expect_request("/wp-json/wp/v2/posts").respond_with_handler(
        handler or fake.posts_handler
    )
    httpserver.expect_request("/wp-json/wp/v2/categories").respond_with_handler(
        fake.categories_handler
    )


@pytest.fixture
def faulty(httpserver, tmp_path, monkeypatch, waits):
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": httpserver.url_for("/")})
    return FakeWordPress(), raw


def test_total_that_changes_between_pages(faulty, httpserver, capsys):
    fake, raw = faulty

    def grew(request, answer):
        answer.headers["X-WP-Total"] = "434"
        return answer

    _install(httpserver, fake, _fault_on_page(fake, 3, grew))
    _fails(capsys, raw, EXIT_BAD_INPUT, "o total de posts mudou durante a coleta (X-WP-Total 433 "
           "na página 1, 434 na página 3)")  # fmt: skip


def test_a_page_that_disappears(faulty, httpserver, capsys):
    fake, raw = faulty

    def gone(request, answer):
        return _json({"code": "rest_post_invalid_page_number", "message": "larger"}, 400)

    _install(httpserver, fake, _fault_on_page(fake, 4, gone))
    _fails(capsys, raw, EXIT_BAD_INPUT, "a página 4 de 5 dos posts desapareceu durante a coleta")


def test_bad_json(faulty, httpserver, capsys):
    fake, raw = faulty

    def broken(request, answer):
        answer.set_data(answer.get_data()[:200])
        return answer

    _install(httpserver, fake, _fault_on_page(fake, 2, broken))
    _fails(
        capsys, raw, EXIT_BAD_INPUT, "a resposta não é um JSON válido; esperado uma lista de posts"
    )


def test_an_answer_in_another_layout(faulty, httpserver, capsys):
    fake, raw = faulty

    def other(request, answer):
        return _json({"posts": []}, headers=dict(answer.headers))

    _install(httpserver, fake, _fault_on_page(fake, 1, other))
    _fails(
        capsys, raw, EXIT_BAD_INPUT, "a resposta está em outro formato; esperada uma lista de posts"
    )


def test_server_errors_are_retried_then_succeed(faulty, httpserver, capsys, waits):
    fake, raw = faulty
    failures = iter([503, 502])

    def flaky(request, answer):
        status = next(failures, None)
        return _json({"code": "down"}, status) if status else answer

    _install(httpserver, fake, _fault_on_page(fake, 2, flaky))
    code, _, err = coletar(capsys, "--fonte", "wordpress")
    assert code == 0, err
    assert len(waits) == 2  # two retries, with backoff
    assert len(json.loads((raw / "wordpress_posts_2.json").read_text())) == 100


def test_server_errors_that_last_stop_the_run(faulty, httpserver, capsys, waits):
    fake, raw = faulty
    _install(httpserver, fake, _fault_on_page(fake, 2, lambda r, a: _json({}, 500)))
    _fails(
        capsys, raw, EXIT_ENVIRONMENT, "respondeu com erro do servidor (HTTP 500) em 5 tentativas"
    )
    assert len(waits) == 4


def test_429_waits_what_retry_after_asks(faulty, httpserver, capsys, waits):
    fake, raw = faulty
    once = iter([True])

    def limited(request, answer):
        if next(once, False):
            return _json({"code": "too_many"}, 429, headers={"Retry-After": "7"})
        return answer

    _install(httpserver, fake, _fault_on_page(fake, 3, limited))
    assert coletar(capsys, "--fonte", "wordpress")[0] == 0
    assert waits == [7.0]


def test_429_asking_too_long_a_wait_stops_the_run(faulty, httpserver, capsys, waits):
    fake, raw = faulty
    limited = _fault_on_page(fake, 3, lambda r, a: _json({}, 429, headers={"Retry-After": "3600"}))
    _install(httpserver, fake, limited)
    _fails(capsys, raw, EXIT_ENVIRONMENT, "o servidor pediu para esperar 3600 s")
    assert waits == []


def test_connection_refused(tmp_path, monkeypatch, capsys, waits):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": f"http://127.0.0.1:{port}"})
    _fails(capsys, raw, EXIT_ENVIRONMENT, "a conexão foi recusada ou o endereço não foi encontrado "
           "(em 5 tentativas)")  # fmt: skip
    assert len(waits) == 4


def test_a_missing_address_is_named_with_the_municipality_file(tmp_path, monkeypatch, capsys):
    raw = make_project(tmp_path, monkeypatch, coleta={})
    _fails(capsys, raw, EXIT_BAD_INPUT, "municipios/itaquaquecetuba.toml", "[coleta]")


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("ftp://site.exemplo.invalid", "não serve: era esperado o endereço do site WordPress"),
        ("https://u:segredo@site.exemplo.invalid", "não pode ter usuário, senha"),
        ("https://site.exemplo.invalid/wp-json", "o balanco acrescenta /wp-json/wp/v2 sozinho"),
    ],
)
def test_the_coleta_section_is_validated(tmp_path, monkeypatch, capsys, value, phrase):
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": value})
    err = _fails(capsys, raw, EXIT_BAD_INPUT, phrase, 'chave "coleta.wordpress"')
    assert "segredo" not in err


def test_an_unknown_coleta_key(tmp_path, monkeypatch, capsys):
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpres": "https://x.exemplo.invalid"})
    _fails(capsys, raw, EXIT_BAD_INPUT, 'Você quis dizer "wordpress"?')


def test_a_year_without_a_raw_folder_gets_one_with_its_manifest(
    httpserver, tmp_path, monkeypatch, capsys
):
    fake = FakeWordPress()
    raw = make_project(
        tmp_path, monkeypatch, coleta={"wordpress": fake.install(httpserver)}, raw=False
    )
    assert not raw.exists()
    assert coletar(capsys, "--fonte", "wordpress")[0] == 0
    manifest = read_manifest(raw)
    assert manifest.exists and not manifest.synthetic
    assert sorted(manifest.files) == sorted(
        p.name for p in raw.iterdir() if p.name != "manifest.toml"
    )
    assert [p.name for p in raw.parent.iterdir()] == ["2024"]  # no staging left behind


def test_the_registry_names_the_files_its_collectors_write():
    """Each source's files (listed without importing its collector) are its
    collector's FILES, and each is a file its department reads."""
    from importlib import import_module

    from balanco.collect.sources import SOURCES
    from balanco.departments import BY_NAME

    assert list(SOURCES) == ["wordpress", "glpi", "transferegov"]
    for source in SOURCES.values():
        assert source.files == import_module(source.module).FILES
        dept = BY_NAME[source.department]
        read = [p for s in dept.SOURCES for p in s.files]
        read += [c.file for c in getattr(dept, "COMPANIONS", ())]
        assert set(source.files) <= set(read)


@pytest.fixture
def raw_server():
    """A loopback TCP server that, on every connection, either closes it at once
    (``"reset"``: a connection dropped before any answer) or says nothing
    (``"silent"``: a server that never answers); it counts the connections."""
    import threading

    state = {"mode": "reset", "connections": 0, "open": []}
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            state["connections"] += 1
            if state["mode"] == "reset":
                conn.close()
            else:
                state["open"].append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    for conn in state["open"]:
        conn.close()
    server.close()


def test_a_connection_dropped_every_time(raw_server, tmp_path, monkeypatch, capsys, waits):
    state, url = raw_server
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": url})
    _fails(capsys, raw, EXIT_ENVIRONMENT, "a conexão foi interrompida no meio da resposta "
           "(em 5 tentativas)")  # fmt: skip
    assert state["connections"] == 5 and len(waits) == 4


def test_a_server_that_never_answers(raw_server, tmp_path, monkeypatch, capsys, waits):
    import httpx

    state, url = raw_server
    state["mode"] = "silent"
    monkeypatch.setattr(http, "TIMEOUT", httpx.Timeout(0.3))
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": url})
    _fails(capsys, raw, EXIT_ENVIRONMENT, "o servidor parou de responder (tempo esgotado) "
           "(em 5 tentativas)")  # fmt: skip
    assert state["connections"] == 5 and len(waits) == 4


def test_a_killed_collections_staging_folder_is_cleaned(wp, capsys):
    fake, raw = wp
    dead = raw.parent / ".2024.coleta.staging-999999999-abcd" / "wordpress"
    dead.mkdir(parents=True)
    (dead / "wordpress_posts_1.json").write_text("[]")
    assert coletar(capsys, "--fonte", "wordpress")[0] == 0
    assert [p.name for p in raw.parent.iterdir()] == ["2024"]


def test_each_retry_wait_is_announced(faulty, httpserver, capsys, waits):
    fake, raw = faulty
    answers = iter([_json({}, 429, headers={"Retry-After": "60"}), _json({}, 503)])

    def limited(request, answer):
        return next(answers, answer)

    _install(httpserver, fake, _fault_on_page(fake, 3, limited))
    code, _, err = coletar(capsys, "--fonte", "wordpress")
    assert code == 0, err
    assert waits[0] == 60.0
    assert "aguardando 60 s antes de tentar de novo (HTTP 429; tentativa 2 de 5)" in err
    assert f"aguardando {max(1, round(waits[1]))} s antes de tentar de novo (HTTP 503; " in err


def _categories_fault(httpserver, fake, fault):
    """Posts as the fake gives them; the categories' listing (per_page=100) through
    ``fault(request, answer)``."""

    def categories(request):
        answer = fake.categories_handler(request)
        return fault(request, answer) if request.args.get("per_page") == "100" else answer

    httpserver.expect_request("/wp-json/wp/v2/posts").respond_with_handler(fake.posts_handler)
    httpserver.expect_request("/wp-json/wp/v2/categories").respond_with_handler(categories)


def _more_categories(fake, n: int) -> None:
    fake.categories += [
        {"id": 5000 + i, "name": f"Categoria {i}", "slug": f"categoria-{i}", "count": 0}
        for i in range(n)
    ]


def test_categories_total_that_changes_between_pages(faulty, httpserver, capsys):
    fake, raw = faulty
    _more_categories(fake, 120)  # two pages of 100
    total = len(fake.categories)

    def grew(request, answer):
        if request.args.get("page") == "2":
            answer.headers["X-WP-Total"] = str(total + 1)
        return answer

    _categories_fault(httpserver, fake, grew)
    _fails(capsys, raw, EXIT_BAD_INPUT, f"o total de categorias mudou durante a coleta "
           f"(X-WP-Total {total} na página 1, {total + 1} na página 2)")  # fmt: skip


def test_categories_fewer_than_their_total(faulty, httpserver, capsys):
    fake, raw = faulty
    total = len(fake.categories)

    def one_less(request, answer):
        answer.set_data(json.dumps(json.loads(answer.get_data())[:-1]))
        return answer

    _categories_fault(httpserver, fake, one_less)
    _fails(capsys, raw, EXIT_BAD_INPUT, f"vieram {total - 1} categorias, mas o X-WP-Total pede "
           f"{total}")  # fmt: skip


def test_categories_and_totals_file_in_the_manifest(wp, capsys):
    fake, raw = wp
    _more_categories(fake, 120)
    assert coletar(capsys, "--fonte", "wordpress")[0] == 0
    manifest = read_manifest(raw)
    cats = json.loads((raw / "wordpress_categories.json").read_text())
    assert (
        len(cats)
        == len(fake.categories)
        == manifest.files["wordpress_categories.json"]["totais"]["X-WP-Total"]
    )
    # The totals' file is described in the manifest like any file it lists.
    entry = manifest.files["wordpress_total.json"]
    assert entry["descricao"] == "Total de posts informado pelo WordPress na exportação"
    assert entry["sistema"] == "WordPress (cabeçalho X-WP-Total da API REST)"


def test_the_closing_hint_keeps_the_municipality_and_data_folder(wp, capsys):
    fake, raw = wp
    code = main(["--municipio", "itaquaquecetuba", "coletar", "--year", "2024",
                 "--fonte", "wordpress"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "Depois: balanco --municipio itaquaquecetuba prepare --year 2024" in out
    code = main(["--data-dir", "data", "coletar", "--year", "2024", "--fonte", "wordpress"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Depois: balanco --data-dir data prepare --year 2024" in out


def test_an_address_with_a_password_is_shown_as_written_but_masked(tmp_path, monkeypatch, capsys):
    value = "https://ana:segredo@site.exemplo.invalid:8443/portal?chave=abc"
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": value})
    err = _fails(capsys, raw, EXIT_BAD_INPUT, "não pode ter usuário, senha")
    assert "https://***:***@site.exemplo.invalid:8443/portal?chave=***" in err
    assert "segredo" not in err and "abc" not in err and "ana:" not in err


def test_a_token_written_as_the_user_of_an_address_is_masked(tmp_path, monkeypatch, capsys):
    value = "https://tk_9f8e7d6c5b4a@site.exemplo.invalid/portal"
    raw = make_project(tmp_path, monkeypatch, coleta={"wordpress": value})
    err = _fails(capsys, raw, EXIT_BAD_INPUT, "não pode ter usuário, senha")
    assert "https://***@site.exemplo.invalid/portal" in err
    assert "tk_9f8e7d6c5b4a" not in err
