"""Issue 18's "done when", end to end: three loopback servers (WordPress, GLPI,
Transferegov's repository serving zips of national dumps made from the 2024
sample's records), ``balanco coletar --year 2024`` in a fresh project, the files
it lists as by hand placed by hand, then ``balanco prepare`` gives every figure of
the hand-placed exports of the same records, a rerun downloads nothing, and
``balanco report`` builds (one department, to keep it cheap). The token scan
(``coletar_project.no_token_left``) covers every test here."""

from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

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
from collect_fakes import (
    SAMPLE,
    FakeGlpi,
    FakeTransferegov,
    FakeWordPress,
    load_date_zip,
    national_dumps,
    zipped,
)
from pytest_httpserver import HTTPServer

from balanco.cli import main
from balanco.collect import http


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(http, "sleep", lambda seconds: None)


@pytest.fixture(scope="module")
def dumps(tmp_path_factory) -> dict[str, bytes]:
    return national_dumps(tmp_path_factory.mktemp("nacional"))


@contextmanager
def three_servers(dumps: dict[str, bytes]):
    """The three systems, each on its own loopback server: their addresses for
    ``[coleta]`` and the fakes (whose logs tell what was asked)."""
    servers = [HTTPServer(host="127.0.0.1", port=0) for _ in range(3)]
    for server in servers:
        server.start()
    try:
        wp, gl = FakeWordPress(), FakeGlpi(USER_TOKEN, APP_TOKEN)
        tg = FakeTransferegov(servers[2])
        tg.files["data_carga_siconv.csv.zip"] = load_date_zip("02/12/2026 07:00:00")
        for name, data in dumps.items():
            tg.files[name + ".zip"] = zipped(name, data)
        coleta = {
            "wordpress": wp.install(servers[0]),
            "glpi": gl.install(servers[1]),
            "transferegov": servers[2].url_for("/dados/"),
        }
        yield coleta, (wp, gl, tg)
    finally:
        for server in servers:
            server.clear()
            server.stop()


def figures(root: Path) -> dict[str, object]:
    doc = json.loads((root / "data/processed/2024/indicadores.json").read_text(encoding="utf-8"))
    items = doc["indicadores"] if isinstance(doc, dict) else doc
    return {i["key"]: i["value"] for i in items}


def by_hand_listed(out: str) -> list[str]:
    """The file patterns ``coletar`` printed under "Falta colocar à mão"."""
    listed = out.split("Falta colocar à mão", 1)[1].splitlines()[1:]
    return [line.split()[0] for line in listed if line.startswith("  ") and " — " in line]


def collect_then_place_by_hand(tmp_path, monkeypatch, capsys, dumps) -> tuple[Path, dict]:
    """The hand-placed project's figures; then the fresh project collected from the
    three servers, the by-hand files placed as listed, prepared. Returns the
    collected project's root and the hand-placed figures."""
    hand = tmp_path / "a_mao"
    make_project(hand, monkeypatch, coleta={})
    assert main(["prepare", "--year", "2024"]) == 0
    expected = figures(hand)
    capsys.readouterr()
    root = tmp_path / "coletado"
    with three_servers(dumps) as (coleta, (wp, gl, tg)):
        raw = make_project(root, monkeypatch, coleta=coleta, raw=False)
        code, out, err = coletar(capsys)
        assert code == 0, err
        # Every source, in one go; the national dumps through the machine's cache.
        for title in ("WordPress", "GLPI", "Transferegov"):
            assert f"{title}" in out
        assert (root / "cache/transferegov/siconv_convenio.csv.zip").is_file()
        assert gl.killed == gl.sessions and len(gl.sessions) == 1
        collected = sorted(p.name for p in raw.iterdir())
        listed = by_hand_listed(out)
        for pattern in listed:
            for path in SAMPLE.glob(pattern):
                shutil.copy(path, raw / path.name)
        # What was collected plus what was listed is exactly the sample's files.
        sample = sorted(p.name for p in SAMPLE.iterdir() if p.name != "manifest.toml")
        assert sorted(p.name for p in raw.iterdir() if p.name != "manifest.toml") == sample
        assert not set(collected) & {p.name for pat in listed for p in SAMPLE.glob(pat)}

        # A rerun with nothing changed at the sources downloads nothing and writes nothing.
        before = snapshot(raw.parent)
        tg.log.clear()
        code, out, err = coletar(capsys)
        assert code == 0, err
        assert out.count("nada mudou na fonte desde a última coleta") == 3, out
        assert [(e["name"], e["status"]) for e in tg.log] == [("data_carga_siconv.csv.zip", 304)]
        assert snapshot(raw.parent) == before
        # The by-hand files placed since are said to be there.
        assert by_hand_listed(out) == listed
        assert out.count("(já está na pasta)") == len(listed)
    assert main(["prepare", "--year", "2024"]) == 0
    return root, expected


def test_collected_and_by_hand_files_give_every_figure_of_the_hand_placed_exports(
    tmp_path, monkeypatch, capsys, dumps
):
    root, expected = collect_then_place_by_hand(tmp_path, monkeypatch, capsys, dumps)
    got = figures(root)
    assert got == expected
    # The published 2024 figures of the three collected sources.
    assert got["convenios_federais"] == 22
    assert got["releases"] == 390 and got["chamados"] == 1385


@pytest.mark.slow
def test_and_a_report_builds_from_them(tmp_path, monkeypatch, capsys, dumps):
    root, expected = collect_then_place_by_hand(tmp_path, monkeypatch, capsys, dumps)
    for folder in ("notebooks", "templates", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    toml = root / "municipios" / "itaquaquecetuba.toml"
    lines = [
        'departamentos = ["convenios"]' if line.startswith("departamentos") else line
        for line in toml.read_text(encoding="utf-8").splitlines()
    ]
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["prepare", "--year", "2024"]) == 0
    got = figures(root)
    assert {k: v for k, v in got.items() if k in expected} == {
        k: v for k, v in expected.items() if k in got
    }
    assert got["convenios_federais"] == 22
    capsys.readouterr()
    assert main(["report", "--year", "2024", "--jobs", "1"]) == 0, capsys.readouterr().err
    assert (root / "reports/2024/convenios-2024.pdf").is_file()
