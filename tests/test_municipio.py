"""A municipality is one file (municipios/<slug>.toml): reading, validation,
fingerprints, ``balanco init``, ``--municipio``, and nothing of it in the code."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import ROOT, write

from balanco import cli
from balanco.config import Settings, load_municipio, read_municipio
from balanco.errors import BadInput

MINIMAL = """\
nome = "Suzano"
uf = "SP"
codigo_ibge = "3552502"
secretaria = "Secretaria de Governo"
departamentos = ["procon", "cpd"]
categorias_release = ["Imprensa"]
governo_estadual = "Governo de SP"

[plausibilidade]
valor_maximo_registro = 1000.0
"""


def municipio(root, slug, text):
    return write(root / "municipios" / f"{slug}.toml", text)


def test_settings_come_from_the_file(tmp_path):
    municipio(tmp_path, "suzano", MINIMAL)
    s = load_municipio(tmp_path, "suzano")
    assert (s.municipality, s.uf, s.ibge_code) == ("Suzano", "SP", "3552502")
    assert s.departments == ("procon", "cpd")
    assert s.release_categories == ("Imprensa",)
    assert s.max_record_value == 1000.0
    # Not written: the documented defaults.
    assert s.max_change == 0.5 and s.responsible == "" and s.fictitious is False
    # Its data and reports apart from the default municipality's.
    assert s.raw_dir(2024) == tmp_path / "data" / "municipios" / "suzano" / "raw" / "2024"
    assert s.reports_path(2024) == tmp_path / "reports" / "municipios" / "suzano" / "2024"


def test_default_municipality_keeps_todays_paths():
    s = Settings(root=ROOT)
    assert s.slug == "itaquaquecetuba"
    assert s.raw_dir(2024) == ROOT / "data" / "raw" / "2024"
    assert s.reports_path(2024) == ROOT / "reports" / "2024"


def test_a_wrong_type_names_file_line_and_key(tmp_path):
    # The code written as a number (leading zeros would be lost): line 3.
    path = municipio(tmp_path, "suzano", MINIMAL.replace('"3552502"', "3552502"))
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    (problem,) = err.value.problems
    assert problem.file == str(path)
    assert problem.line == 3 and problem.column == "codigo_ibge"
    assert "7 dígitos" in problem.expected


def test_every_problem_is_reported_at_once(tmp_path):
    text = MINIMAL.replace('uf = "SP"', 'uf = "São Paulo"')
    text = text.replace('["procon", "cpd"]', '["procon", "obras"]')
    text = text.replace("valor_maximo_registro = 1000.0", "valor_maximo_registro = -1")
    text = text.replace('secretaria = "Secretaria de Governo"\n', "")
    with pytest.raises(BadInput) as err:
        read_municipio(municipio(tmp_path, "suzano", text))
    message = err.value.render()
    assert 'linha 2, coluna "uf"' in message
    assert 'coluna "departamentos"' in message and "obras" in message
    assert 'coluna "plausibilidade.valor_maximo_registro"' in message
    assert "falta a chave 'secretaria'" in message


def test_invalid_toml_says_the_line(tmp_path):
    path = municipio(tmp_path, "suzano", MINIMAL.replace('uf = "SP"', "uf = SP"))
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    assert err.value.problems[0].line == 2
    assert "não é um TOML válido" in err.value.render() and "coluna 6" in err.value.render()


def test_unknown_municipality_is_a_portuguese_error(tmp_path):
    with pytest.raises(BadInput) as err:
        load_municipio(tmp_path, "nao-existe")
    assert "balanco init" in err.value.render()


def test_the_file_feeds_the_processed_fingerprint(tmp_path):
    municipio(tmp_path, "suzano", MINIMAL)
    before = load_municipio(tmp_path, "suzano")
    # Only the person in charge changes: still a different file, a different hash.
    text = MINIMAL.replace('uf = "SP"\n', 'uf = "SP"\nresponsavel = "Maria"\n')
    municipio(tmp_path, "suzano", text)
    after = load_municipio(tmp_path, "suzano")
    assert after.responsible == "Maria"
    assert before.cleaning_hash() != after.cleaning_hash()


def test_init_scaffolds_a_loadable_file_and_never_overwrites(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    argv = ["init", "--ibge", "3552502", "--nome", "Suzano", "--uf", "SP"]
    assert cli.main(argv) == 0
    path = tmp_path / "municipios" / "suzano.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert (data["nome"], data["uf"], data["codigo_ibge"]) == ("Suzano", "SP", "3552502")
    s = load_municipio(tmp_path, "suzano")
    assert s.municipality == "Suzano" and s.departments == (
        "convenios",
        "procon",
        "comunicacao",
        "cpd",
    )
    before = path.read_bytes()
    assert cli.main([*argv[:4], "Suzano", "--uf", "RJ"]) == 2
    assert "já existe" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_municipality_made_by_init_prepares_once_its_data_is_in_place(
    tmp_path, monkeypatch, capsys
):
    """init → data in place (here the generator, whose names fall back to generic
    ones while the file's [exemplo] lists are empty) → prepare finds the town by
    its own IBGE code and counts what the targets asked for."""
    import shutil

    shutil.copytree(ROOT / "municipios", tmp_path / "municipios")
    shutil.copytree(ROOT / "data" / "targets", tmp_path / "data" / "targets")
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    assert cli.main(["init", "--ibge", "3530607", "--nome", "Mogi das Cruzes", "--uf", "SP"]) == 0
    targets = str(tmp_path / "data" / "targets" / "2024.toml")
    m = ["--municipio", "mogi-das-cruzes"]
    assert cli.main([*m, "sample", "--year", "2024", "--targets", targets]) == 0
    raw = tmp_path / "data" / "municipios" / "mogi-das-cruzes" / "raw" / "2024"
    assert "3530607" in (raw / "siconv_proposta.csv").read_text(encoding="utf-8")
    capsys.readouterr()
    assert cli.main([*m, "prepare", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "Situação: ok" in out
    # The 2024 targets ask for 22 federal convênios: found by Mogi's own IBGE code.
    assert re.search(r"Convênios federais celebrados\s+22\b", out), out


def test_init_refuses_a_bad_code(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    assert cli.main(["init", "--ibge", "355250", "--nome", "Suzano", "--uf", "SP"]) == 2
    assert "código IBGE de 7 dígitos" in capsys.readouterr().err
    assert not (tmp_path / "municipios").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["--municipio", "suzano", "prepare", "--year", "2024"],
        ["prepare", "--year", "2024", "--municipio", "suzano"],
    ],
)
def test_municipio_before_or_after_the_subcommand(argv):
    assert cli.build_parser().parse_args(argv).municipio == "suzano"


def test_batch_takes_several_municipalities():
    args = cli.build_parser().parse_args(
        ["batch", "--municipios", "itaquaquecetuba", "suzano", "--years", "2023-2024"]
    )
    assert args.municipios == ["itaquaquecetuba", "suzano"]


def test_the_code_names_no_municipality():
    pattern = re.compile(r"Itaquaquecetuba|3523107|Itaquá")
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in (ROOT / "src" / "balanco").rglob("*")
        if p.is_file() and p.suffix in {".py", ".toml", ".md", ".tex", ".tplx", ".j2", ".json"}
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []
