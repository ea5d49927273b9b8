"""The generator meets the targets it is given, deterministically."""

from __future__ import annotations

import shutil

import pytest
from conftest import write

from balanco.config import Settings
from balanco.departments.sampling import split_cents
from balanco.errors import BadInput
from balanco.io import sha256
from balanco.pipeline import compute
from balanco.sample import generate, read_targets

OTHER = """\
ano = 2021
semente = 7

[convenios]
federais = 5
valor_federais = 12345678.91
estaduais = 0
valor_estaduais = 0
oficios = 13

[procon]
cips = 101
atendimentos_preliminares = 57
audiencias = 9
fiscalizacoes = 3

[comunicacao]
releases = 123
demandas_respondidas = 45

[cpd]
chamados = 678
"""


def test_generator_meets_other_targets_exactly(tmp_path):
    targets = read_targets(write(tmp_path / "t.toml", OTHER))
    settings = Settings(root=tmp_path)
    generate(targets, settings.raw_dir(2021))
    _, indicators, _ = compute(settings, 2021)
    got = {i.key: i.value for i in indicators}
    assert got["convenios_federais"] == 5
    assert got["convenios_federais_valor"] == pytest.approx(12_345_678.91, abs=0.001)
    assert got["convenios_estaduais"] == 0
    assert got["convenios_estaduais_valor"] == 0
    assert got["oficios"] == 13
    assert got["procon_cips"] == 101
    assert got["procon_atendimentos_preliminares"] == 57
    assert got["procon_audiencias"] == 9
    assert got["procon_fiscalizacoes"] == 3
    assert got["procon_atendimentos"] == 101 + 57 + 9 + 3
    assert got["releases"] == 123
    assert got["demandas_respondidas"] == 45
    assert got["chamados"] == 678


def test_same_seed_same_bytes_other_seed_other_records(tmp_path):
    targets = read_targets(write(tmp_path / "t.toml", OTHER))
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(targets, a)
    generate(targets, b)
    generate(targets, c, seed=8)
    for path in a.iterdir():
        assert sha256(path) == sha256(b / path.name), path.name
    assert sha256(a / "glpi_chamados.csv") != sha256(c / "glpi_chamados.csv")
    shutil.rmtree(c)


def test_split_cents_adds_up_and_stays_positive():
    import random

    parts = split_cents(9_734_271_845, 22, random.Random(1), step=100)
    assert sum(parts) == 9_734_271_845 and len(parts) == 22 and min(parts) > 0


def test_bad_targets_are_reported_together(tmp_path):
    bad = OTHER.replace("cips = 101", "cips = -1").replace("chamados = 678", 'chamados = "x"')
    with pytest.raises(BadInput) as exc:
        read_targets(write(tmp_path / "t.toml", bad))
    assert {p.column for p in exc.value.problems} == {"[procon] cips", "[cpd] chamados"}


def test_national_dumps_hide_exactly_the_municipal_convenios(tmp_path):
    from conftest import ROOT

    from balanco.departments import convenios
    from balanco.departments.convenios.national import national_transferegov

    settings = Settings(root=ROOT)
    out = tmp_path / "nacional"
    national_transferegov(
        out,
        municipal_dir=settings.raw_dir(2024),
        propostas=3000,
        seed=5,
        own_code=settings.ibge_code,
    )
    c, p = convenios.load_federal(
        out / "siconv_convenio.csv", out / "siconv_proposta.csv", settings=settings
    )
    year = convenios.federal_of_year(convenios.clean_federal(c, p, settings=settings), 2024)
    small = convenios.federal_of_year(
        convenios.clean_federal(
            *convenios.load_federal(
                settings.raw_dir(2024) / "siconv_convenio.csv",
                settings.raw_dir(2024) / "siconv_proposta.csv",
                settings=settings,
            ),
            settings=settings,
        ),
        2024,
    )
    assert sorted(year["nr_convenio"]) == sorted(small["nr_convenio"])
    assert len(year) == 22
    # Line numbers point at the rows in the national file.
    lines = (out / "siconv_convenio.csv").read_text("utf-8").splitlines()
    for nr, line in zip(year["nr_convenio"], year["linha_origem"], strict=True):
        assert lines[line - 1].startswith(f"{nr};")


@pytest.mark.parametrize(
    ("uf", "faixa", "region", "lo", "hi"),
    [
        ("BA", None, "2;Nordeste", 40000, 48999),  # the UF's CEPs and region
        ("RS", None, "4;Sul", 90000, 99999),
        ("SP", ("08600", "08699"), "3;Sudeste", 8600, 8699),  # the file's faixa_cep
    ],
)
def test_the_generator_places_records_in_the_municipality(tmp_path, uf, faixa, region, lo, hi):
    """Sindec's region and the consumers' CEPs come from the municipality (its
    faixa_cep, else its UF's CEPs), never from another town."""
    import csv
    from dataclasses import replace

    targets = read_targets(write(tmp_path / "t.toml", OTHER))
    names = (("faixa_cep", faixa),) if faixa else ()
    settings = replace(Settings(root=tmp_path), uf=uf, sample_names=names)
    out = tmp_path / "raw"
    generate(targets, out, settings=settings)
    with open(out / "sindec_atendimentos.csv", encoding="cp1252", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert {f"{r['CodigoRegiao']};{r['Regiao']}" for r in rows} == {region}
    assert {r["UF"] for r in rows} == {uf}
    ceps = [int(r["CEPConsumidor"]) // 1000 for r in rows if r["CEPConsumidor"] != "NULL"]
    assert ceps and all(lo <= c <= hi for c in ceps)


def test_the_generator_does_not_lean_on_settings_defaults_installed_by_the_config(
    tmp_path, monkeypatch
):
    # Settings() takes the fields it leaves out from the reader balanco.config installs
    # when imported; the generator must not depend on that: the municipality's settings
    # are passed down, and `generate` without them reads the default municipality's file.
    from conftest import ROOT

    import balanco.settings
    from balanco.config import ROOT_ENV

    monkeypatch.setenv(ROOT_ENV, str(ROOT))
    monkeypatch.setattr(balanco.settings, "_defaults", None)
    targets = read_targets(write(tmp_path / "t.toml", OTHER))
    files = generate(targets, tmp_path / "out")
    assert "siconv_proposta.csv" in {p.name for p in files}
