"""Issue 19: the national convênios edition (``balanco nacional``) — one scan of
the national dumps partitioned by IBGE code, each town's balance from the
federal files by the department's own rules, on a Dask LocalCluster (127.0.0.1,
2 worker processes, closed by the tests) or one town after the other."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from conftest import ROOT, write

from balanco import formatting
from balanco.cli import main
from balanco.config import load_municipio
from balanco.national import Grid, edition
from balanco.national.partition import partition

PROPOSTA = (
    "ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA;"
    "DESC_ORGAO_SUP;OBJETO_PROPOSTA\n"
)
CONVENIO = (
    "NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;VL_REPASSE_CONV;"
    "VL_CONTRAPARTIDA_CONV\n"
)
CITY_HALL = "Administração Pública Municipal"
NGO = "Organização da Sociedade Civil"
MINISTRIES = ("MINISTÉRIO DA SAÚDE", "MINISTÉRIO DAS CIDADES")
TOWNS = 24


def code(k: int) -> str:
    return f"35{k:05d}"


def dumps(folder: Path, towns: int, *, bad: int | None = None) -> Path:
    """Town k of SP (code 35000k, "CIDADE k") has k propostas of the city hall, each
    with a convênio signed on 15/03/2024 of R$ 1.000,00 × k of the Union: k
    convênios worth 1.000 × k² count. Beside them, per town, what never counts: an
    NGO's convênio, one of 2023, a cancelled one; and one town of MG. Town 1 also
    has a proposta without its IBGE code, under its name in other case
    ("Cidade 1"): R$ 7.000,00 more, by the name rule. ``bad``: that town's first
    convênio has an unreadable value."""
    props, convs = [PROPOSTA], [CONVENIO]
    pid = 0

    def add(uf, name, ibge, nature, date, value, situation="Em execução"):
        nonlocal pid
        pid += 1
        ministry = MINISTRIES[pid % 2]
        props.append(f"{pid};{uf};{name};{ibge};{nature};{ministry};Obra {pid}\n")
        convs.append(f"{pid + 1000};{pid};{date};{situation};{value};{value};0,00\n")

    for k in range(1, towns + 1):
        for j in range(k):
            thousands = f"{k * 1000:,}".replace(",", ".") + ",00"
            value = "1.234.56" if (k == bad and j == 0) else thousands
            add("SP", f"CIDADE {k}", code(k), CITY_HALL, "15/03/2024", value)
        add("SP", f"CIDADE {k}", code(k), NGO, "15/03/2024", "5.000.000,00")
        add("SP", f"CIDADE {k}", code(k), CITY_HALL, "15/03/2023", "9.000,00")
        add("SP", f"CIDADE {k}", code(k), CITY_HALL, "15/03/2024", "9.000,00", "Convênio Cancelado")
    add("SP", "Cidade 1", "", CITY_HALL, "20/06/2024", "7.000,00")
    add("MG", "OUTRA", "3100001", CITY_HALL, "15/03/2024", "8.000,00")
    write(folder / "siconv_proposta.csv", "".join(props))
    write(folder / "siconv_convenio.csv", "".join(convs))
    return folder


def expected(k: int) -> tuple[int, float]:
    """(convênios, value) of town k, from the definition above."""
    return (2, 8000.0) if k == 1 else (k, 1000.0 * k * k)


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 worker processes on 127.0.0.1, closed at the end."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as c,
        Client(c) as client,
    ):
        yield c, client


def run(tmp: Path, folder: Path, *, cluster=None, pdf=False, uf="SP", progress=None):
    base = load_municipio(ROOT)
    return edition(
        base,
        uf=uf,
        year=2024,
        dumps=folder,
        out=tmp,
        cluster=cluster,
        pdf=pdf,
        progress=progress or (lambda _line: None),
    )


def town_files(out: Path, k: int) -> dict[str, bytes]:
    """A town's figures, open data and page, its charts included (their SVG is the
    same bytes on every run)."""
    folder = out / "2024" / code(k)
    names = ("indicadores.json", "convenios_federais.csv", "convenios-2024.html")
    return {n: (folder / n).read_bytes() for n in names}


# ------------------------------------------------------------------ the scan
def test_one_scan_partitions_the_uf_by_ibge_code_and_name(tmp_path):
    d = dumps(tmp_path / "d", 3)
    towns = partition(
        d / "siconv_proposta.csv", d / "siconv_convenio.csv", uf="SP", out=tmp_path / "o"
    )
    # 3 towns of SP (MG left out); town k: k + 3 propostas; town 1 one more by name.
    assert [(t.ibge, t.propostas, t.convenios) for t in towns] == [
        ("3500001", 5, 5),
        ("3500002", 5, 5),
        ("3500003", 6, 6),
    ]


# ------------------------------------------------------- the grid on Dask
@pytest.fixture(scope="module")
def grid_and_local(tmp_path_factory, cluster):
    tmp = tmp_path_factory.mktemp("nacional")
    d = dumps(tmp / "dumps", TOWNS)
    c, _ = cluster
    on_grid = run(tmp / "grid", d, cluster=c.scheduler_address)
    one_by_one = run(tmp / "local", d)
    return tmp, on_grid, one_by_one


def test_grid_figures_are_the_rules_figures(grid_and_local):
    tmp, on_grid, _ = grid_and_local
    assert [r["status"] for r in on_grid.records] == ["feito"] * TOWNS
    for k in range(1, TOWNS + 1):
        data = json.loads(town_files(tmp / "grid", k)["indicadores.json"])
        n, value = expected(k)
        assert data["linha"]["convenios_federais"] == n, k
        assert data["linha"]["convenios_federais_valor"] == value, k
        # The department's own records are not in the national files: missing, not 0.
        for key in ("convenios_estaduais", "convenios_estaduais_valor", "recursos_captados"):
            assert data["linha"][key] is None, (k, key)


def test_grid_gives_the_same_files_as_the_towns_built_one_by_one(grid_and_local):
    tmp, _, one_by_one = grid_and_local
    assert [r["status"] for r in one_by_one.records] == ["feito"] * TOWNS
    for k in range(1, TOWNS + 1):
        assert town_files(tmp / "grid", k) == town_files(tmp / "local", k), k
    grid_csv = (tmp / "grid" / "2024" / "municipios-2024.csv").read_bytes()
    assert grid_csv == (tmp / "local" / "2024" / "municipios-2024.csv").read_bytes()


def test_index_ranks_by_value_and_links_every_town(grid_and_local):
    tmp, _, _ = grid_and_local
    page = (tmp / "grid" / "2024" / "index.html").read_text("utf-8")
    # Town 24 has the largest value (24 × 24 × R$ 1.000,00); at the bottom town 3
    # (R$ 9.000,00), town 1 (R$ 1.000,00 + R$ 7.000,00 by name), town 2 (R$ 4.000,00).
    order = [page.index(f"Cidade {k}<") for k in (24, 23, 3, 1, 2)]
    assert order == sorted(order)
    assert formatting.money(576000.0) in page
    for k in range(1, TOWNS + 1):
        assert f'href="{code(k)}/convenios-2024.html"' in page
    lines = (tmp / "grid" / "2024" / "municipios-2024.csv").read_text("utf-8-sig").splitlines()
    assert lines[1].startswith("1;2024;3500024;Cidade 24;SP;24;576000,00;;;;;")
    assert "nan" not in "".join(lines).lower().replace("financ", "")


def test_a_rerun_builds_nothing_that_did_not_change(grid_and_local, cluster):
    tmp, _, _ = grid_and_local
    d = tmp / "dumps"
    c, _ = cluster
    again = run(tmp / "grid", d, cluster=c.scheduler_address)
    assert {r["status"] for r in again.records} == {"em dia"}
    # One town's data change (town 2's first convênio: proposta 5, after town 1's 4):
    # only that town is built again.
    text = (d / "siconv_convenio.csv").read_text("utf-8")
    assert "\n1005;5;15/03/2024;" in text
    write(d / "siconv_convenio.csv", text.replace("\n1005;5;15/03/2024", "\n1005;5;16/03/2024"))
    third = run(tmp / "grid", d, cluster=c.scheduler_address)
    built = [r["ibge"] for r in third.records if r["status"] == "feito"]
    assert built == [code(2)]


def test_index_page_passes_the_accessibility_check(grid_and_local, tmp_path):
    from balanco_axe import check_page

    tmp, _, _ = grid_and_local
    result = check_page(tmp / "grid" / "2024" / "index.html", tmp_path)
    assert result["serious"] == [], result["serious"]
    assert result["overflow_at_375"] <= 0


def test_a_town_with_bad_data_fails_alone_with_its_message(tmp_path, cluster, capsys):
    d = dumps(tmp_path / "d", 4, bad=3)
    c, _ = cluster
    code_ = main(
        [
            "nacional",
            "--uf",
            "SP",
            "--year",  # as every other command (the next test spells it --ano)
            "2024",
            "--dados",
            str(d),
            "--saida",
            str(tmp_path / "o"),
            "--cluster",
            c.scheduler_address,
            "--sem-pdf",
        ]
    )
    out, err = capsys.readouterr()
    assert code_ == 2
    assert "3 municípios gerados" in out
    assert "Painel do Dask" in out
    # Town 3's first convênio: data start on line 2, after town 1's 1 + 3 convênios and
    # town 2's 2 + 3: line 2 + 4 + 5 = 11.
    assert 'siconv_convenio.csv, linha 11, coluna "VL_REPASSE_CONV"' in err
    assert "1.234.56" in err
    assert "Traceback" not in err
    for k in (1, 2, 4):
        assert (tmp_path / "o" / "2024" / code(k) / "convenios-2024.html").is_file()
    assert not (tmp_path / "o" / "2024" / code(3) / "convenios-2024.html").exists()


def test_a_worker_killed_mid_grid_leaves_every_pdf_complete(tmp_path, cluster):
    from pypdf import PdfReader

    c, client = cluster
    d = dumps(tmp_path / "d", 4)
    killed = []

    def kill_one(line: str) -> None:
        # On the first town done, kill one worker process (the others are mid-build).
        if line.startswith("[1/") and not killed:
            pid = next(iter(client.run(os.getpid).values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    done = run(tmp_path / "o", d, cluster=c.scheduler_address, pdf=True, progress=kill_one)
    assert killed
    assert [r["status"] for r in done.records] == ["feito"] * 4
    for k in range(1, 5):
        pdf = tmp_path / "o" / "2024" / code(k) / "convenios-2024.pdf"
        text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert f"Cidade {k} (SP)" in text
    leftovers = [p for p in (tmp_path / "o").rglob("*") if ".tmp-" in p.name]
    assert leftovers == []
    client.wait_for_workers(2, timeout=60)


# ---------------------------------------- the same rules as the full balance
def test_edition_of_the_shipped_dumps_gives_the_published_federal_figures(tmp_path):
    # data/raw/2024 holds the dumps of Itaquaquecetuba's published 2024 balance (and
    # other towns'): its file is used, and its federal figures are the release's.
    done = run(tmp_path / "o", ROOT / "data" / "raw" / "2024")
    row = {r["ibge"]: r for r in done.records}["3523107"]["linha"]
    assert row["municipio"] == "Itaquaquecetuba"
    assert row["convenios_federais"] == 22
    shown = formatting.money_millions(row["convenios_federais_valor"]).replace("\xa0", " ")
    assert shown == "R$ 97,3 milhões"  # amounts' spaces are non-breaking


def test_without_dask_options_the_edition_runs_here(tmp_path):
    grid = Grid(out=tmp_path, year=2024, base=load_municipio(ROOT))
    assert grid.cluster is None and grid.workers is None


def test_an_unreachable_cluster_is_an_environment_error_in_portuguese(tmp_path, capsys):
    d = dumps(tmp_path / "d", 1)
    args = ["nacional", "--uf", "SP", "--ano", "2024", "--dados", str(d)]
    args += ["--saida", str(tmp_path / "o"), "--sem-pdf", "--cluster", "tcp://127.0.0.1:1"]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert "não foi possível conectar ao agendador do Dask em tcp://127.0.0.1:1" in err
    assert "Traceback" not in err
