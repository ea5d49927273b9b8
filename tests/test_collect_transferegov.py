"""Transferegov collector against a loopback server that imitates the open-data
repository (tests/collect_fakes.py: ETag, Last-Modified, Range, If-Range), serving small
zips of national dumps made by the generator from the sample's records."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from collect_fakes import MODIFIED, FakeTransferegov, load_date_zip, national_dumps, zipped
from conftest import ROOT
from pytest_httpserver import HTTPServer

from balanco.collect import http, transferegov, zipcache
from balanco.collect.base import CollectContext
from balanco.config import Settings
from balanco.errors import EXIT_BAD_INPUT, EXIT_ENVIRONMENT, BadInput, EnvironmentFault

LOADED = "02/12/2026 07:00:00"


@pytest.fixture(scope="module")
def dumps(tmp_path_factory) -> dict[str, bytes]:
    """The national dumps (the sample's records among 300 synthetic propostas), as
    the CSVs inside the repository's zips."""
    return national_dumps(tmp_path_factory.mktemp("nacional"))


@pytest.fixture
def repo(dumps, monkeypatch):
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        r = FakeTransferegov(server)
        r.files["data_carga_siconv.csv.zip"] = load_date_zip(LOADED)
        for name, data in dumps.items():
            r.files[name + ".zip"] = zipped(name, data)
        monkeypatch.setattr(transferegov, "DEFAULT_BASE_URL", server.url_for("/dados/"))
        waits: list[float] = []
        monkeypatch.setattr(http, "sleep", waits.append)
        r.waits = waits
        yield r
    finally:
        server.clear()
        server.stop()


class Run:
    """One collection: its staging folder, the shared cache, what progress said."""

    def __init__(self, tmp: Path, n: int):
        self.staging = tmp / f"staging{n}"
        self.staging.mkdir()
        self.progress: list[tuple] = []
        self.ctx = CollectContext(
            settings=Settings(root=ROOT),
            year=2024,
            staging=self.staging,
            cache=tmp / "cache",
            progress=lambda *a: self.progress.append(a),
            env={},
        )

    def collect(self):
        return transferegov.collect(self.ctx)


def hand_extract(raw: Path) -> dict[str, list[list[str]]]:
    """By hand, from the definition: the propostas with Itaquaquecetuba's IBGE code
    (or, without a code, UF SP and its name), and the convênios of those propostas."""

    def rows(name):
        with open(raw / name, encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh, delimiter=";"))

    props = rows("siconv_proposta.csv")
    mine = [
        r
        for r in props[1:]
        if r[3] == "3523107" or (r[3] == "" and r[1] == "SP" and r[2] == "ITAQUAQUECETUBA")
    ]
    ids = {r[0] for r in mine}
    convs = rows("siconv_convenio.csv")
    return {
        "siconv_proposta.csv": [props[0], *mine],
        "siconv_convenio.csv": [convs[0], *[r for r in convs[1:] if r[1] in ids]],
    }


def staged(folder: Path) -> dict[str, list[list[str]]]:
    out = {}
    for name in ("siconv_proposta.csv", "siconv_convenio.csv"):
        with open(folder / name, encoding="utf-8", newline="") as fh:
            out[name] = list(csv.reader(fh, delimiter=";"))
    return out


def test_first_download_writes_the_municipality_records(repo, tmp_path):
    run = Run(tmp_path, 1)
    files = run.collect()
    expected = hand_extract(ROOT / "data/raw/2024")
    # 26 + 1 + 1 propostas with the code (any nature) and 1 without it, by name.
    assert len(expected["siconv_proposta.csv"]) - 1 == 29
    got = staged(run.staging)
    assert got["siconv_proposta.csv"][0] == expected["siconv_proposta.csv"][0]
    for name in got:
        assert sorted(got[name][1:]) == sorted(expected[name][1:])
    assert sorted(p.name for p in run.staging.iterdir()) == [
        "siconv_convenio.csv",
        "siconv_proposta.csv",
    ]
    by_name = {f.name: f for f in files}
    conv = by_name["siconv_convenio.csv"]
    assert conv.url == transferegov.DEFAULT_BASE_URL + "siconv_convenio.csv.zip"
    assert conv.validators["etag"] == repo.etag("siconv_convenio.csv.zip")
    assert conv.validators["last_modified"] == MODIFIED
    assert conv.totals == {
        "registros": len(expected["siconv_convenio.csv"]) - 1,
        "data_carga": LOADED,
    }
    data = (run.staging / "siconv_convenio.csv").read_bytes()
    assert (conv.size, conv.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    # Progress in bytes, with the total the server announced.
    size = len(repo.files["siconv_convenio.csv.zip"])
    assert ("siconv_convenio.csv.zip", size, size, "B") in run.progress
    # One plain request per file, nothing resumed.
    assert [(e["name"], e["status"], e["range"]) for e in repo.log] == [
        ("data_carga_siconv.csv.zip", 200, None),
        ("siconv_proposta.csv.zip", 200, None),
        ("siconv_convenio.csv.zip", 200, None),
    ]


def test_rerun_with_the_same_load_date_asks_only_for_the_load_date(repo, tmp_path):
    first = Run(tmp_path, 1).collect()
    repo.log.clear()
    run = Run(tmp_path, 2)
    again = run.collect()
    # The load-date file, asked for with its validators (304); the dumps not at all.
    assert [(e["name"], e["status"]) for e in repo.log] == [("data_carga_siconv.csv.zip", 304)]
    assert repo.log[0]["if_none_match"] == repo.etag("data_carga_siconv.csv.zip")
    assert [(f.name, f.sha256, f.totals) for f in again] == [
        (f.name, f.sha256, f.totals) for f in first
    ]


def test_new_load_date_with_unchanged_dumps_downloads_nothing(repo, tmp_path):
    Run(tmp_path, 1).collect()
    repo.files["data_carga_siconv.csv.zip"] = load_date_zip("03/12/2026 07:00:00")
    repo.log.clear()
    files = Run(tmp_path, 2).collect()
    assert [(e["name"], e["status"]) for e in repo.log] == [
        ("data_carga_siconv.csv.zip", 200),
        ("siconv_proposta.csv.zip", 304),
        ("siconv_convenio.csv.zip", 304),
    ]
    assert {f.totals["data_carga"] for f in files} == {"03/12/2026 07:00:00"}


def test_interrupted_download_is_resumed_with_range(repo, tmp_path):
    repo.drop_at["siconv_convenio.csv.zip"] = 1000
    run = Run(tmp_path, 1)
    run.collect()
    tries = repo.seen("siconv_convenio.csv.zip")
    assert [(e["status"], e["range"]) for e in tries] == [(200, None), (206, "bytes=1000-")]
    assert tries[1]["if_range"] == repo.etag("siconv_convenio.csv.zip")
    cached = tmp_path / "cache/transferegov/siconv_convenio.csv.zip"
    assert cached.read_bytes() == repo.files["siconv_convenio.csv.zip"]
    assert sorted(staged(run.staging)["siconv_convenio.csv"][1:]) == sorted(
        hand_extract(ROOT / "data/raw/2024")["siconv_convenio.csv"][1:]
    )


def test_server_ignoring_range_restarts_the_file(repo, tmp_path):
    repo.drop_at["siconv_proposta.csv.zip"] = 1000
    repo.ignore_range = True
    Run(tmp_path, 1).collect()
    tries = repo.seen("siconv_proposta.csv.zip")
    assert [(e["status"], e["range"]) for e in tries] == [(200, None), (200, "bytes=1000-")]
    cached = tmp_path / "cache/transferegov/siconv_proposta.csv.zip"
    assert cached.read_bytes() == repo.files["siconv_proposta.csv.zip"]


def test_partial_content_of_another_range_restarts_the_file(repo, tmp_path):
    repo.drop_at["siconv_proposta.csv.zip"] = 1000
    repo.wrong_range = True
    Run(tmp_path, 1).collect()
    tries = repo.seen("siconv_proposta.csv.zip")
    assert [(e["status"], e["range"]) for e in tries] == [
        (200, None),
        (206, "bytes=1000-"),
        (200, None),
    ]
    cached = tmp_path / "cache/transferegov/siconv_proposta.csv.zip"
    assert cached.read_bytes() == repo.files["siconv_proposta.csv.zip"]


def test_503_then_success_and_429_honours_retry_after(repo, tmp_path):
    repo.faults["siconv_proposta.csv.zip"] = [(503, {})]
    repo.faults["siconv_convenio.csv.zip"] = [(429, {"Retry-After": "7"})]
    run = Run(tmp_path, 1)
    run.collect()
    assert [e["status"] for e in repo.seen("siconv_proposta.csv.zip")] == [503, 200]
    assert [e["status"] for e in repo.seen("siconv_convenio.csv.zip")] == [429, 200]
    assert repo.waits[1] == 7.0  # the wait the server asked for
    assert len(staged(run.staging)) == 2


def test_retries_are_bounded(repo, tmp_path):
    from balanco.errors import EnvironmentFault

    repo.faults["siconv_proposta.csv.zip"] = [(503, {})] * 10
    run = Run(tmp_path, 1)
    with pytest.raises(EnvironmentFault) as exc:
        run.collect()
    assert len(repo.seen("siconv_proposta.csv.zip")) == http.ATTEMPTS
    assert "HTTP 503" in str(exc.value) and "tentativas" in str(exc.value)
    assert list(run.staging.iterdir()) == []


def exit_code(exc: BaseException) -> int:
    """What the command line returns for it (balanco.cli.output.run)."""
    import argparse

    from balanco.cli.output import run

    def fail(_args):
        raise exc

    return run(argparse.Namespace(func=fail, debug=False))


def truncated(whole: bytes) -> bytes:
    return whole[: len(whole) // 2]


def flipped(whole: bytes) -> bytes:
    """A byte of the compressed data changed (the zip's directory intact)."""
    middle = len(whole) // 2
    return whole[:middle] + bytes([whole[middle] ^ 0xFF]) + whole[middle + 1 :]


@pytest.mark.parametrize("damage", [truncated, flipped])
def test_truncated_or_corrupt_zip_is_reported_and_stages_nothing(repo, tmp_path, capsys, damage):
    whole = repo.files["siconv_convenio.csv.zip"]
    repo.files["siconv_convenio.csv.zip"] = damage(whole)
    run = Run(tmp_path, 1)
    with pytest.raises(BadInput) as exc:
        run.collect()
    message = str(exc.value)
    assert "siconv_convenio.csv.zip" in message and "truncado ou corrompido" in message
    assert exit_code(exc.value) == EXIT_BAD_INPUT
    assert "truncado ou corrompido" in capsys.readouterr().err
    assert list(run.staging.iterdir()) == []
    # The broken copy is not kept: the next run downloads the file again.
    assert not (tmp_path / "cache/transferegov/siconv_convenio.csv.zip").exists()
    repo.files["siconv_convenio.csv.zip"] = whole
    repo.log.clear()
    Run(tmp_path, 2).collect()
    assert [e["status"] for e in repo.seen("siconv_convenio.csv.zip")] == [200]


def test_csv_of_another_layout_names_the_missing_column(repo, tmp_path, dumps):
    text = dumps["siconv_convenio.csv"].decode("utf-8")
    header, rest = text.split("\n", 1)
    other = header.replace("VL_REPASSE_CONV", "VL_REPASSE")
    repo.files["siconv_convenio.csv.zip"] = zipped(
        "siconv_convenio.csv", (other + "\n" + rest).encode("utf-8")
    )
    run = Run(tmp_path, 1)
    with pytest.raises(BadInput) as exc:
        run.collect()
    message = str(exc.value)
    assert 'coluna obrigatória "VL_REPASSE_CONV" não encontrada' in message
    assert "siconv_convenio.csv.zip (siconv_convenio.csv)" in message
    assert "outro layout" in message
    assert exit_code(exc.value) == EXIT_BAD_INPUT
    assert list(run.staging.iterdir()) == []


def test_missing_file_404(repo, tmp_path):
    del repo.files["siconv_proposta.csv.zip"]
    run = Run(tmp_path, 1)
    with pytest.raises(BadInput) as exc:
        run.collect()
    assert "HTTP 404" in str(exc.value) and "[coleta]" in str(exc.value)
    assert exit_code(exc.value) == EXIT_BAD_INPUT
    assert list(run.staging.iterdir()) == []


def test_not_modified_without_validators_is_refused(repo, tmp_path):
    repo.not_modified_always.add("siconv_proposta.csv.zip")
    run = Run(tmp_path, 1)
    with pytest.raises(BadInput) as exc:
        run.collect()
    assert "304" in str(exc.value) and "validadores inválidos" in str(exc.value)
    assert exit_code(exc.value) == EXIT_BAD_INPUT
    assert list(run.staging.iterdir()) == []


def test_collected_files_give_the_figures_of_the_hand_placed_ones(repo, tmp_path):
    from balanco.departments import convenios

    run = Run(tmp_path, 1)
    run.collect()
    settings = Settings(root=ROOT)
    hand = tmp_path / "maos"
    shutil.copytree(ROOT / "data/raw/2024", hand)
    collected = tmp_path / "coletado"
    shutil.copytree(hand, collected)
    for name in ("siconv_proposta.csv", "siconv_convenio.csv"):
        shutil.copy(run.staging / name, collected / name)

    def figures(raw):
        clean = convenios.clean(
            convenios.load(raw, settings=settings), year=2024, settings=settings
        )
        return {i.key: i.value for i in convenios.summarise(clean, year=2024)}

    by_hand, by_collection = figures(hand), figures(collected)
    assert by_collection == by_hand
    assert by_hand["convenios_federais"] == 22  # the published 2024 count


def test_base_url_from_the_municipality_file_or_the_default():
    from dataclasses import replace

    plain = Settings(root=ROOT)
    assert dict(plain.collect_urls).get("transferegov") is None
    assert transferegov.base_url(plain) == transferegov.DEFAULT_BASE_URL
    own = replace(plain, collect_urls=(("transferegov", "http://127.0.0.1:9/espelho"),))
    assert transferegov.base_url(own) == "http://127.0.0.1:9/espelho/"


def test_a_cache_file_in_use_by_another_run_is_not_written(repo, tmp_path, monkeypatch):
    from filelock import FileLock

    from balanco.errors import EXIT_ENVIRONMENT, EnvironmentFault

    folder = tmp_path / "cache/transferegov"
    folder.mkdir(parents=True)
    monkeypatch.setattr(zipcache, "LOCK_TIMEOUT", 0.2)
    run = Run(tmp_path, 1)
    another_run = FileLock(str(folder / "siconv_proposta.csv.zip.lock"))
    with another_run, pytest.raises(EnvironmentFault) as exc:
        run.collect()
    assert "outra execução" in str(exc.value)
    assert exit_code(exc.value) == EXIT_ENVIRONMENT
    assert repo.seen("siconv_proposta.csv.zip") == []
    assert not (folder / "siconv_proposta.csv.zip").exists()
    assert list(run.staging.iterdir()) == []


def test_without_the_load_date_file_the_dumps_are_asked_conditionally(repo, tmp_path):
    del repo.files["data_carga_siconv.csv.zip"]
    Run(tmp_path, 1).collect()
    repo.log.clear()
    files = Run(tmp_path, 2).collect()
    assert [(e["name"], e["status"]) for e in repo.log] == [
        ("data_carga_siconv.csv.zip", 404),
        ("siconv_proposta.csv.zip", 304),
        ("siconv_convenio.csv.zip", 304),
    ]
    assert all("data_carga" not in f.totals for f in files)


def test_a_download_interrupted_in_an_earlier_run_is_resumed(repo, tmp_path):
    repo.drop_at["siconv_convenio.csv.zip"] = 1000
    first = Run(tmp_path, 1)

    def ctrl_c(what, done, total, unit):
        if what == "siconv_convenio.csv.zip" and done > 0:
            raise KeyboardInterrupt  # the analyst stops the run midway

    first.ctx = CollectContext(**{**first.ctx.__dict__, "progress": ctrl_c})
    with pytest.raises(KeyboardInterrupt):
        first.collect()
    assert list(first.staging.iterdir()) == []
    run = Run(tmp_path, 2)
    run.collect()
    tries = repo.seen("siconv_convenio.csv.zip")
    assert [(e["status"], e["range"]) for e in tries] == [(200, None), (206, "bytes=1000-")]
    cached = tmp_path / "cache/transferegov/siconv_convenio.csv.zip"
    assert cached.read_bytes() == repo.files["siconv_convenio.csv.zip"]


def test_a_password_in_the_base_url_is_never_recorded_or_shown(repo, tmp_path, monkeypatch):
    url = transferegov.DEFAULT_BASE_URL.replace("http://", "http://coletor:s3gr3do@")
    monkeypatch.setattr(transferegov, "DEFAULT_BASE_URL", url)
    run = Run(tmp_path, 1)
    files = run.collect()
    assert all("s3gr3do" not in f.url and "coletor" not in f.url for f in files)
    del repo.files["siconv_convenio.csv.zip"]
    repo.files["data_carga_siconv.csv.zip"] = load_date_zip("03/12/2026 07:00:00")
    with pytest.raises(BadInput) as exc:
        Run(tmp_path, 2).collect()
    assert "HTTP 404" in str(exc.value) and "s3gr3do" not in str(exc.value)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(b"s3gr3do" not in p.read_bytes() for p in written)


def interrupted_run(tmp_path, when) -> None:
    """A first run the analyst stops (Ctrl-C) while the convênio zip comes in:
    ``when(done, total)`` says at which progress report."""
    first = Run(tmp_path, 1)

    def ctrl_c(what, done, total, unit):
        if what == "siconv_convenio.csv.zip" and when(done, total):
            raise KeyboardInterrupt

    first.ctx = CollectContext(**{**first.ctx.__dict__, "progress": ctrl_c})
    with pytest.raises(KeyboardInterrupt):
        first.collect()


def test_a_download_stopped_after_its_last_byte_restarts_on_416(repo, tmp_path):
    interrupted_run(tmp_path, lambda done, total: done == total)
    Run(tmp_path, 2).collect()
    size = len(repo.files["siconv_convenio.csv.zip"])
    tries = repo.seen("siconv_convenio.csv.zip")
    assert [(e["status"], e["range"]) for e in tries] == [
        (200, None),
        (416, f"bytes={size}-"),
        (200, None),
    ]
    cached = tmp_path / "cache/transferegov/siconv_convenio.csv.zip"
    assert cached.read_bytes() == repo.files["siconv_convenio.csv.zip"]


def test_a_part_of_another_version_is_never_appended(repo, tmp_path, dumps):
    repo.drop_at["siconv_convenio.csv.zip"] = 1000
    interrupted_run(tmp_path, lambda done, total: done > 0)
    # The repository publishes a new dump; the server ignores If-Range.
    newer = dumps["siconv_convenio.csv"] + b"\n"
    repo.files["siconv_convenio.csv.zip"] = zipped("siconv_convenio.csv", newer)
    repo.ignore_if_range = True
    Run(tmp_path, 2).collect()
    tries = repo.seen("siconv_convenio.csv.zip")
    assert [(e["status"], e["range"]) for e in tries] == [
        (200, None),
        (206, "bytes=1000-"),
        (200, None),
    ]
    cached = tmp_path / "cache/transferegov/siconv_convenio.csv.zip"
    assert cached.read_bytes() == repo.files["siconv_convenio.csv.zip"]


def quoted_latin1(data: bytes) -> bytes:
    """The same dump with every field quoted, in latin-1 with CRLF (as some dumps are)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";")
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("latin-1")


def test_a_quoted_latin1_dump_gives_the_same_records(repo, tmp_path, dumps):
    for name, data in dumps.items():
        repo.files[name + ".zip"] = zipped(name, quoted_latin1(data))
    run = Run(tmp_path, 1)
    run.collect()
    got, expected = staged(run.staging), hand_extract(ROOT / "data/raw/2024")
    for name in got:
        assert got[name][0] == expected[name][0]
        assert sorted(got[name][1:]) == sorted(expected[name][1:])


@pytest.mark.parametrize("status", [401, 403])
def test_access_refused_is_the_machines_fault_exit_3(repo, tmp_path, status):
    """As for every source (README): 401/403 is the access, not the data."""
    repo.faults["data_carga_siconv.csv.zip"] = [(status, {})]
    run = Run(tmp_path, 1)
    with pytest.raises(EnvironmentFault) as exc:
        run.collect()
    assert f"recusou o acesso (HTTP {status})" in str(exc.value)
    assert exit_code(exc.value) == EXIT_ENVIRONMENT
    assert [e["name"] for e in repo.log] == ["data_carga_siconv.csv.zip"]
    assert list(run.staging.iterdir()) == []


def entries(files) -> dict[str, dict]:
    """The manifest entries ``balanco coletar`` writes for ``files`` (collect.year)."""
    return {
        f.name: {
            "gerado_por": "balanco coletar",
            "url": f.url,
            "sha256": f.sha256,
            "validadores": dict(f.validators),
            "totais": dict(f.totals),
        }
        for f in files
    }


def test_nothing_changed_returns_no_file_and_downloads_nothing(repo, tmp_path):
    """The framework's contract (collect/base.py): the files in place are the ones
    the source holds now -> an empty list, nothing staged, no dump asked for."""
    first = Run(tmp_path, 1).collect()
    repo.log.clear()
    run = Run(tmp_path, 2)
    run.ctx = CollectContext(**{**run.ctx.__dict__, "previous": entries(first)})
    assert run.collect() == []
    assert list(run.staging.iterdir()) == []
    assert [(e["name"], e["status"]) for e in repo.log] == [("data_carga_siconv.csv.zip", 304)]
    # A file in place that is not the one the source holds: both collected again.
    changed = entries(first)
    changed["siconv_convenio.csv"]["sha256"] = "0" * 64
    run = Run(tmp_path, 3)
    run.ctx = CollectContext(**{**run.ctx.__dict__, "previous": changed})
    assert [f.name for f in run.collect()] == ["siconv_proposta.csv", "siconv_convenio.csv"]
    # A new load (same dumps): the manifest must say which load the files are from.
    repo.files["data_carga_siconv.csv.zip"] = load_date_zip("03/12/2026 07:00:00")
    run = Run(tmp_path, 4)
    run.ctx = CollectContext(**{**run.ctx.__dict__, "previous": entries(first)})
    assert len(run.collect()) == 2


def test_waiting_for_another_run_is_announced(repo, tmp_path, monkeypatch, capsys):
    from filelock import FileLock

    folder = tmp_path / "cache/transferegov"
    folder.mkdir(parents=True)
    monkeypatch.setattr(zipcache, "LOCK_TIMEOUT", 0.2)
    another_run = FileLock(str(folder / "siconv_proposta.csv.zip.lock"))
    with another_run, pytest.raises(EnvironmentFault):
        Run(tmp_path, 1).collect()
    err = capsys.readouterr().err
    assert "aguardando outra execução que baixa o mesmo arquivo do cache " in err
    assert "(siconv_proposta.csv.zip) terminar (no máximo 0,2 s)" in err
    # A free lock: nothing announced.
    Run(tmp_path, 2).collect()
    assert "aguardando" not in capsys.readouterr().err


def test_temporaries_of_a_killed_run_are_removed_from_the_cache(repo, tmp_path):
    import os
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    folder = tmp_path / "cache/transferegov"
    folder.mkdir(parents=True)
    dead = folder / f".siconv_proposta.csv.tmp-{child.pid}-a1b2c3d4"
    dead_meta = folder / f".siconv_convenio.csv.json.tmp-{child.pid}-0f0f0f0f"
    live = folder / f".siconv_convenio.csv.tmp-{os.getpid()}-deadbeef"  # a run under way
    for p in (dead, dead_meta, live):
        p.write_bytes(b"ID_PROPOSTA;UF\n1;SP\n")
    Run(tmp_path, 1).collect()
    assert not dead.exists() and not dead_meta.exists()
    assert live.exists()
