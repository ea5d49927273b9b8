"""``balanco coletar --fonte glpi`` against a fake GLPI REST API on 127.0.0.1, the
end-to-end (collected WordPress + GLPI give the figures of the hand-placed sample),
the all-or-nothing move, and a scan for the tokens in everything the runs leave."""

from __future__ import annotations

import csv
import json
import logging

import pytest
from coletar_project import (
    APP_TOKEN,
    ROOT,
    USER_TOKEN,
    coletar,
    make_project,
    no_token_left,  # noqa: F401 - autouse: no token in what a test leaves
    snapshot,
)
from collect_fakes import OPTIONS, FakeGlpi, FakeWordPress, _json

from balanco.cli import main
from balanco.collect import glpi, http
from balanco.errors import EXIT_BAD_INPUT, EXIT_ENVIRONMENT
from balanco.provenance import read_manifest


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(http, "sleep", lambda seconds: None)


@pytest.fixture
def gl(httpserver, tmp_path, monkeypatch):
    fake = FakeGlpi(USER_TOKEN, APP_TOKEN)
    raw = make_project(tmp_path, monkeypatch, coleta={"glpi": fake.install(httpserver)})
    monkeypatch.setattr(glpi, "RANGE", 400)  # several ranges for the 2024 tickets
    return fake, raw


def _sample_rows() -> list[dict]:
    text = (ROOT / "data/raw/2024/glpi_chamados.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(keepends=True), delimiter=";"))
    return [dict(zip(rows[0][:-1], r[:-1], strict=True)) for r in rows[1:]]


def _read(path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(keepends=True), delimiter=";"))
    return [dict(zip(rows[0][:-1], r[:-1], strict=True)) for r in rows[1:]]


def test_the_years_tickets_in_the_departments_layout(gl, capsys):
    fake, raw = gl
    code, out, err = coletar(capsys, "--fonte", "glpi")
    assert code == 0, err
    data = (raw / "glpi_chamados.csv").read_bytes()
    assert data.startswith(b'\xef\xbb\xbf"ID";"T\xc3\xadtulo";')  # BOM, quoted, pt_BR names
    assert data.splitlines()[0].endswith(b'"Data da solu\xc3\xa7\xc3\xa3o";')  # ';' at line end
    # By the definition: the sample's tickets opened in 2024 (its file also has
    # January 2025), dates written as DD-MM-AAAA there.
    expected = [r for r in _sample_rows() if r["Data de abertura"][6:10] == "2024"]
    got = _read(raw / "glpi_chamados.csv")
    assert len(got) == len(expected) == 1385
    assert sorted(int(r["ID"]) for r in got) == sorted(
        int(r["ID"].replace(" ", "")) for r in expected
    )
    for one in (expected[0], expected[700], expected[-1]):
        mine = next(r for r in got if int(r["ID"]) == int(one["ID"].replace(" ", "")))
        for column in ("Título", "Status", "Tipo", "Prioridade", "Categoria", "Entidade"):
            assert mine[column] == one[column]
        d, t = one["Data de abertura"].split()
        assert mine["Data de abertura"] == f"{d[6:]}-{d[3:5]}-{d[:2]} {t}:00"
    assert "GLPI: chamados: 1385 de 1385 registros (100%)" in err
    assert fake.killed == fake.sessions and len(fake.sessions) == 1
    entry = read_manifest(raw).files["glpi_chamados.csv"]
    assert entry["totais"]["totalcount"] == 1385
    assert "apirest.php/search/Ticket" in entry["url"] and "range" not in entry["url"]


def test_a_rerun_with_nothing_changed_downloads_nothing(gl, capsys):
    fake, raw = gl
    assert coletar(capsys, "--fonte", "glpi")[0] == 0
    before, searches = snapshot(raw), fake.searches
    code, out, _ = coletar(capsys, "--fonte", "glpi")
    assert code == 0 and "nada mudou" in out
    assert fake.searches == searches + 1  # only the one-ticket probe
    assert snapshot(raw) == before
    assert len(fake.killed) == 2


def test_fields_are_found_by_name_not_number(gl, capsys):
    fake, raw = gl
    # Other ids for the same options: the collector follows them.
    renumbered = {("7" + k if k.isdigit() else k): v for k, v in OPTIONS.items()}
    fake.options = renumbered
    fake.tickets = [{"7" + k: v for k, v in t.items()} for t in fake.tickets]
    fake.id_key = "7902"
    code, _, err = coletar(capsys, "--fonte", "glpi")
    assert code == 0, err
    assert len(_read(raw / "glpi_chamados.csv")) == 1385


def _fails(capsys, raw, code, *phrases):
    before = snapshot(raw.parent)
    got, out, err = coletar(capsys, "--fonte", "glpi")
    assert got == code, err
    for phrase in phrases:
        assert phrase in err
    assert "Traceback" not in err
    assert snapshot(raw.parent) == before
    return err


def test_missing_token(gl, capsys, monkeypatch):
    fake, raw = gl
    monkeypatch.delenv("BALANCO_GLPI_USER_TOKEN")
    _fails(capsys, raw, EXIT_ENVIRONMENT, "falta a variável de ambiente BALANCO_GLPI_USER_TOKEN")
    assert fake.sessions == []


def test_wrong_user_token(gl, capsys, monkeypatch):
    fake, raw = gl
    monkeypatch.setenv("BALANCO_GLPI_USER_TOKEN", "errado-123")
    refused = "o GLPI recusou o acesso (HTTP 401): confira o token de usuário em "
    err = _fails(capsys, raw, EXIT_ENVIRONMENT, refused + "BALANCO_GLPI_USER_TOKEN", "[ERROR_GLPI")
    assert "errado-123" not in err


def test_wrong_app_token(gl, capsys, monkeypatch):
    fake, raw = gl
    monkeypatch.setenv("BALANCO_GLPI_APP_TOKEN", "outro-app")
    err = _fails(capsys, raw, EXIT_ENVIRONMENT, "o GLPI recusou o token da aplicação "
                 "(ERROR_WRONG_APP_TOKEN_PARAMETER): confira BALANCO_GLPI_APP_TOKEN")  # fmt: skip
    assert "outro-app" not in err


def test_no_rest_api_at_the_address(httpserver, tmp_path, monkeypatch, capsys):
    raw = make_project(
        tmp_path, monkeypatch, coleta={"glpi": httpserver.url_for("/glpi/apirest.php")}
    )
    httpserver.expect_request("/glpi/apirest.php/initSession").respond_with_data("", status=404)
    _fails(capsys, raw, EXIT_BAD_INPUT, "não há API REST do GLPI neste endereço (HTTP 404)")


def test_search_options_without_a_needed_field(gl, capsys):
    fake, raw = gl
    fake.options = {k: v for k, v in OPTIONS.items() if k != "903"}
    _fails(capsys, raw, EXIT_BAD_INPUT, "não tem Status; esperado o GLPI 9.5 ou 10")
    assert fake.killed == fake.sessions  # killSession also after a failure


def _on_range(fake, start: str, fault):
    def hook(request, answer):
        if request.args.get("range", "").startswith(start + "-"):
            return fault(answer)
        return None

    fake.on_search = hook


def test_total_that_changes_between_ranges(gl, capsys):
    fake, raw = gl

    def grew(answer):
        answer.headers["Content-Range"] = "400-799/1386"
        return answer

    _on_range(fake, "400", grew)
    _fails(capsys, raw, EXIT_BAD_INPUT, "o total de chamados mudou durante a coleta "
           "(Content-Range: 1385 no início, 1386 agora)")  # fmt: skip
    assert fake.killed == fake.sessions


def test_a_range_that_disappears(gl, capsys):
    fake, raw = gl
    _on_range(
        fake, "1200", lambda a: _json(["ERROR_RANGE_EXCEED_TOTAL", "exceed total count"], 400)
    )
    _fails(
        capsys,
        raw,
        EXIT_BAD_INPUT,
        "os chamados 1201 a 1385 de 1385 desapareceram durante a coleta",
    )


def test_bad_json(gl, capsys):
    fake, raw = gl

    def cut(answer):
        answer.set_data(answer.get_data()[:100])
        return answer

    _on_range(fake, "800", cut)
    _fails(
        capsys,
        raw,
        EXIT_BAD_INPUT,
        "a resposta não é um JSON válido; esperado o resultado de search/Ticket",
    )


def test_an_answer_in_another_layout(gl, capsys):
    fake, raw = gl
    _on_range(
        fake, "0", lambda a: _json({"totalcount": 1385, "data": "nada"}, 206, dict(a.headers))
    )
    # The probe (range 0-0) already meets the other layout.
    _fails(capsys, raw, EXIT_BAD_INPUT, "esperado data = lista de chamados")


def test_one_failed_source_leaves_the_raw_folder_as_it_was(
    httpserver, tmp_path, monkeypatch, capsys
):
    """WordPress succeeds, GLPI fails: nothing of WordPress reaches the raw folder."""
    wp, gl_fake = FakeWordPress(), FakeGlpi(USER_TOKEN, APP_TOKEN)
    raw = make_project(
        tmp_path,
        monkeypatch,
        coleta={"wordpress": wp.install(httpserver), "glpi": gl_fake.install(httpserver)},
    )
    gl_fake.options = {k: v for k, v in OPTIONS.items() if k != "904"}
    before = snapshot(raw.parent)
    code, out, err = coletar(capsys)
    assert code == EXIT_BAD_INPUT
    assert "não tem Data de abertura" in err
    assert [r for r in wp.requests if "per_page=100" in r]  # WordPress was read …
    assert snapshot(raw.parent) == before  # … and nothing was moved


def _figures(root) -> dict[str, object]:
    doc = json.loads((root / "data/processed/2024/indicadores.json").read_text(encoding="utf-8"))
    items = doc["indicadores"] if isinstance(doc, dict) else doc
    return {i["key"]: i["value"] for i in items}


def test_collected_exports_give_the_figures_of_the_hand_placed_ones(
    httpserver, tmp_path, monkeypatch, capsys
):
    hand = tmp_path / "a_mao"
    make_project(hand, monkeypatch, coleta={})
    assert main(["prepare", "--year", "2024"]) == 0
    expected = _figures(hand)
    collected = tmp_path / "coletado"
    wp, gl_fake = FakeWordPress(), FakeGlpi(USER_TOKEN, APP_TOKEN)
    raw = make_project(
        collected,
        monkeypatch,
        coleta={"wordpress": wp.install(httpserver), "glpi": gl_fake.install(httpserver)},
        drop=("wordpress_*", "glpi_*"),
    )
    assert not list(raw.glob("wordpress_*")) and not (raw / "glpi_chamados.csv").exists()
    capsys.readouterr()
    assert coletar(capsys, "--fonte", "wordpress", "--fonte", "glpi")[0] == 0
    assert main(["prepare", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "glpi_chamados.csv          real (registrado no manifesto; SHA-256 confere)" in out
    got = _figures(collected)
    assert got == expected
    assert got["releases"] == 390 and got["chamados"] == 1385  # the report's figures


def test_no_token_anywhere(httpserver, tmp_path, monkeypatch, capsys, caplog):
    """Runs that succeed and fail (with --debug), then every file they left, every
    log record and everything printed is searched for the two tokens."""
    caplog.set_level(logging.DEBUG)
    fake = FakeGlpi(USER_TOKEN, APP_TOKEN)
    make_project(tmp_path, monkeypatch, coleta={"glpi": fake.install(httpserver)})
    printed = []
    for debug in ([], ["--debug"]):
        printed.append(coletar(capsys, "--fonte", "glpi", *debug))
    fake.options = {k: v for k, v in OPTIONS.items() if k != "903"}
    fake.tickets.append(dict(fake.tickets[0], **{"902": 99999, "905": "2024-12-31 23:00:00"}))
    printed.append(coletar(capsys, "--fonte", "glpi", "--debug"))
    fake.on_search = lambda request, answer: _json({}, 500)
    fake.options = dict(OPTIONS)
    printed.append(coletar(capsys, "--fonte", "glpi", "--debug"))
    monkeypatch.setenv("BALANCO_GLPI_USER_TOKEN", USER_TOKEN + "x")
    printed.append(coletar(capsys, "--fonte", "glpi", "--debug"))
    assert [p[0] for p in printed] == [0, 0, EXIT_BAD_INPUT, EXIT_ENVIRONMENT, EXIT_ENVIRONMENT]
    assert "Traceback" in printed[2][2]  # --debug did print the tracebacks
    texts = [out + err for _, out, err in printed] + [caplog.text]
    texts += [r.getMessage() + repr(r.args) for r in caplog.records]
    texts += [p.read_bytes().decode("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file()]
    assert len(texts) > 10
    for secret in (USER_TOKEN, APP_TOKEN, *fake.sessions):
        assert not [t[:200] for t in texts if secret in t], secret


def test_a_token_that_cannot_go_in_a_header(gl, capsys, monkeypatch):
    fake, raw = gl
    monkeypatch.setenv("BALANCO_GLPI_USER_TOKEN", "abc\ndéf")
    err = _fails(capsys, raw, EXIT_ENVIRONMENT, "o token em BALANCO_GLPI_USER_TOKEN tem espaços")
    assert "déf" not in err and fake.sessions == []


def _on_probe(fake, body, status=200):
    """The one-ticket probe (range 0-0) answered with ``body``."""

    def hook(request, answer):
        if request.args.get("range") == "0-0":
            return _json(body, status, {"Content-Range": "0-0/1385"})
        return None

    fake.on_search = hook


def test_a_search_answer_without_totalcount_is_another_layout(gl, capsys):
    fake, raw = gl
    _on_probe(fake, {"data": []})  # a missing total is not "no ticket"
    _fails(capsys, raw, EXIT_BAD_INPUT, "a resposta está em outro formato; esperado totalcount",
           "(tem nada)")  # fmt: skip
    assert fake.killed == fake.sessions


def test_a_totalcount_that_is_not_a_number(gl, capsys):
    fake, raw = gl
    _on_probe(fake, {"totalcount": "muitos", "data": []})
    err = _fails(capsys, raw, EXIT_BAD_INPUT, "esperado totalcount = número de chamados",
                 "(tem 'muitos')")  # fmt: skip
    assert "defeito do programa" not in err and "ValueError" not in err


def _html_v1(text: str) -> str:
    """How GLPI 9.5/10.0's API v1 sends a text: &, < and > as numeric entities."""
    return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


def test_html_entities_of_the_api_are_decoded(gl, capsys):
    fake, raw = gl
    # Two 2024 tickets with characters GLPI encodes; every text sent encoded.
    first, second = [t for t in fake.tickets if str(t["904"]).startswith("2024")][:2]
    first["911"] = "Redes & Internet > Wi-Fi"
    second["901"] = 'Erro <500> no portal "Cidadão" & no e-mail'
    fake.tickets = [
        {k: _html_v1(v) if isinstance(v, str) and k not in ("904", "905", "906") else v
         for k, v in t.items()}
        for t in fake.tickets
    ]  # fmt: skip
    code, _, err = coletar(capsys, "--fonte", "glpi")
    assert code == 0, err
    rows = {int(r["ID"]): r for r in _read(raw / "glpi_chamados.csv")}
    assert rows[first["902"]]["Categoria"] == "Redes & Internet > Wi-Fi"
    assert rows[second["902"]]["Título"] == 'Erro <500> no portal "Cidadão" & no e-mail'
    assert not [r for r in rows.values() if "&#" in "".join(r.values())]
    # The other tickets as in the hand-made export.
    hand = {int(r["ID"].replace(" ", "")): r for r in _sample_rows()}
    other = next(i for i in rows if i not in (first["902"], second["902"]))
    for column in ("Título", "Categoria", "Entidade", "Localização", "Requerente - Requerente"):
        assert rows[other][column] == hand[other][column]


@pytest.mark.parametrize("where", ["initSession", "listSearchOptions/Ticket"])
def test_a_redirect_to_another_server_gets_no_token(
    httpserver, tmp_path, monkeypatch, capsys, where
):
    from pytest_httpserver import HTTPServer

    other = HTTPServer(host="127.0.0.1", port=0)
    other.expect_request("/", method="GET").respond_with_json({"session_token": "x"})
    other.expect_request("/apirest.php/listSearchOptions/Ticket").respond_with_json(OPTIONS)
    other.start()
    try:
        target = other.url_for(f"/apirest.php/{where}")
        httpserver.expect_request(f"/apirest.php/{where}").respond_with_data(
            "", status=302, headers={"Location": target}
        )
        fake = FakeGlpi(USER_TOKEN, APP_TOKEN)
        raw = make_project(tmp_path, monkeypatch, coleta={"glpi": fake.install(httpserver)})
        here = httpserver.url_for("/").rstrip("/")  # http://host:port of each server
        there = other.url_for("/").rstrip("/")
        err = _fails(
            capsys,
            raw,
            EXIT_BAD_INPUT,
            f"o servidor {here} redirecionou o pedido para outro servidor ({there}; HTTP 302)",
            "escreva o novo na seção [coleta]",
        )
        assert "sess0" not in err
        sent = [dict(request.headers) for request, _ in other.log]
        assert not [h for h in sent if {"Authorization", "App-Token", "Session-Token"} & set(h)]
        assert sent == []  # not even asked
    finally:
        other.clear()
        other.stop()
