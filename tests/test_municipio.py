"""A municipality is one file (municipios/<slug>.toml): reading, validation,
fingerprints, ``balanco init``, ``--municipio``, and nothing of it in the code."""

from __future__ import annotations

import re
import tomllib
import unicodedata

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
    # Shown as written in the file (not "3.552.502"), and how to write it.
    message = err.value.render()
    assert 'valor "3552502"' in message and "3.552.502" not in message
    assert 'codigo_ibge = "3552502"' in message


def test_every_problem_is_reported_at_once(tmp_path):
    text = MINIMAL.replace('uf = "SP"', 'uf = "São Paulo"')
    text = text.replace('["procon", "cpd"]', '["procon", "obras"]')
    text = text.replace("valor_maximo_registro = 1000.0", "valor_maximo_registro = -1")
    text = text.replace('secretaria = "Secretaria de Governo"\n', "")
    with pytest.raises(BadInput) as err:
        read_municipio(municipio(tmp_path, "suzano", text))
    message = err.value.render()
    assert 'linha 2, chave "uf"' in message
    assert 'chave "departamentos"' in message and "obras" in message
    assert 'chave "plausibilidade.valor_maximo_registro"' in message
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
    assert cli.main([*argv, "--secretaria", "Secretaria de Finanças"]) == 2
    assert "já existe" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_municipality_made_by_init_prepares_once_its_data_is_in_place(
    tmp_path, monkeypatch, capsys
):
    """init → data in place (here the generator, from the fictitious targets init
    wrote, whose names fall back to generic ones while the file's [exemplo] lists
    are empty) → prepare finds the town by its own IBGE code and counts what the
    targets asked for."""
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    monkeypatch.setattr("balanco.scaffold.demo_year", lambda: 2024)
    assert cli.main(["init", "--ibge", "3530607", "--nome", "Mogi das Cruzes", "--uf", "SP"]) == 0
    m = ["--municipio", "mogi-das-cruzes"]
    assert cli.main([*m, "sample", "--year", "2024"]) == 0
    raw = tmp_path / "data" / "municipios" / "mogi-das-cruzes" / "raw" / "2024"
    assert "3530607" in (raw / "siconv_proposta.csv").read_text(encoding="utf-8")
    capsys.readouterr()
    assert cli.main([*m, "prepare", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "Situação: ok" in out
    # init's targets ask for 8 federal convênios: found by Mogi's own IBGE code.
    assert re.search(r"Convênios federais celebrados\s+8\b", out), out


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


#: How the default municipality may be written: its name (any case, with or
#: without accents, also the short "Itaquá") and its IBGE code.
NAMES = re.compile(r"itaqua|3523107")


def fold(text: str) -> str:
    """Lower case without accents: "ITAQUÁ" and "Itaquá" both read "itaqua"."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


def names_in(folder):
    """``file:line`` of every line of ``folder``'s text files that names the municipality."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a binary file (an image, a font)
        for n, line in enumerate(text.splitlines(), start=1):
            if NAMES.search(fold(line)):
                found.append(f"{path.relative_to(folder)}:{n}")
    return found


def test_the_search_sees_every_spelling(tmp_path):
    for n, spelling in enumerate(["ITAQUAQUECETUBA", "Itaquá", "ITAQUÁ", "itaquaquecetuba"]):
        write(tmp_path / f"f{n}.txt", f"título: PROCON {spelling}\n")
    assert len(names_in(tmp_path)) == 4


@pytest.mark.parametrize("folder", ["src/balanco", "notebooks", "templates"])
def test_the_code_names_no_municipality(folder):
    """The municipality is named in its file (municipios/) and its data only."""
    assert names_in(ROOT / folder) == []


# --------------------------------------------------------------- messages (issue 9, review)


@pytest.mark.parametrize(
    ("change", "column", "suggestion"),
    [
        # A typo in a top-level key.
        (("secretaria =", "secretria ="), "secretria", '"secretaria"'),
        # A department written in the singular.
        (('["procon", "cpd"]', '["procon", "convenio"]'), "departamentos", '"convenios"'),
        # A plausibility key with a word missing.
        (
            ("valor_maximo_registro = 1000.0", "registros_minimos = 3"),
            "plausibilidade.registros_minimos",
            '"registros_mensais_minimos"',
        ),
    ],
)
def test_an_unknown_key_gets_a_suggestion(tmp_path, change, column, suggestion):
    path = municipio(tmp_path, "suzano", MINIMAL.replace(*change))
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    message = err.value.render()
    assert f'chave "{column}"' in message
    assert f"Você quis dizer {suggestion}?" in message


def test_the_message_points_to_a_file_that_exists(tmp_path):
    path = municipio(tmp_path, "suzano", MINIMAL + "\ncor = 3\n")
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    (problem,) = err.value.problems
    (pointer,) = re.findall(r"municipios/[\w.]+", problem.expected)
    assert pointer == "municipios/README.md"
    assert (ROOT / pointer).is_file()


def test_the_keys_readme_describes_every_key():
    text = (ROOT / "municipios" / "README.md").read_text(encoding="utf-8")
    keys = [
        *tomllib.loads((ROOT / "municipios" / "itaquaquecetuba.toml").read_text("utf-8")),
        "logo",
        "valor_maximo_registro",
        "variacao_maxima",
        "registros_mensais_minimos",
        "bairros",
        "vizinhos",
        "veiculos_imprensa",
        "podcast",
        "assembleia",
        "faixa_cep",
    ]
    assert [k for k in keys if f"`{k}`" not in text] == []


def test_an_unknown_key_in_exemplo_is_reported(tmp_path):
    text = MINIMAL + '\n[exemplo]\nbairros = ["Centro"]\nbairro = ["Vila Nova"]\n'
    path = municipio(tmp_path, "suzano", text)
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    (problem,) = err.value.problems
    assert problem.column == "exemplo.bairro" and problem.line == 14
    assert 'Você quis dizer "bairros"?' in problem.expected


def test_a_code_of_another_state_is_refused(tmp_path):
    # 3304557 is Rio de Janeiro's code: 33 is RJ, not SP (35).
    path = municipio(tmp_path, "rio", MINIMAL.replace("3552502", "3304557"))
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    (problem,) = err.value.problems
    assert problem.column == "codigo_ibge" and problem.line == 3
    assert "RJ" in problem.expected and "35" in problem.expected


def test_a_code_agrees_with_its_state(tmp_path):
    text = MINIMAL.replace("3552502", "3304557").replace('uf = "SP"', 'uf = "RJ"')
    municipio(tmp_path, "rio", text)
    s = load_municipio(tmp_path, "rio")
    assert (s.uf, s.ibge_code) == ("RJ", "3304557")


def test_an_unknown_state_is_refused(tmp_path):
    path = municipio(tmp_path, "x", MINIMAL.replace('uf = "SP"', 'uf = "XP"'))
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    assert [p.column for p in err.value.problems] == ["uf"]


@pytest.mark.parametrize("asked", ["Suzano", "suzan"])
def test_an_unknown_municipio_lists_the_files_and_suggests_one(tmp_path, asked):
    municipio(tmp_path, "suzano", MINIMAL)
    municipio(tmp_path, "mogi-das-cruzes", MINIMAL)
    with pytest.raises(BadInput) as err:
        load_municipio(tmp_path, asked)
    message = err.value.render()
    assert 'Você quis dizer "suzano"?' in message
    assert "mogi-das-cruzes" in message and "itaquaquecetuba" in message  # the shipped one too


def test_the_default_municipality_is_the_file_marked_padrao(tmp_path):
    municipio(tmp_path, "suzano", "padrao = true\n" + MINIMAL)
    assert Settings(root=tmp_path).slug == "itaquaquecetuba"  # BALANCO_ROOT aside: the cwd's
    assert load_municipio(tmp_path).slug == "suzano"
    # The default municipality keeps data/ and reports/ at the root.
    assert load_municipio(tmp_path).raw_dir(2024) == tmp_path / "data" / "raw" / "2024"


def test_two_default_municipalities_are_refused(tmp_path):
    municipio(tmp_path, "suzano", "padrao = true\n" + MINIMAL)
    municipio(tmp_path, "poa", "padrao = true\n" + MINIMAL)
    with pytest.raises(BadInput) as err:
        load_municipio(tmp_path)
    assert "poa.toml, suzano.toml" in err.value.render()


def test_init_refuses_a_code_of_another_state(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    assert cli.main(["init", "--ibge", "3304557", "--nome", "Rio", "--uf", "SP"]) == 2
    err = capsys.readouterr().err
    assert "--ibge" in err and "RJ" in err
    assert not (tmp_path / "municipios").exists()


def test_init_writes_a_commented_file_that_round_trips(tmp_path, monkeypatch):
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    assert cli.main(["init", "--ibge", "3550308", "--nome", "São Paulo", "--uf", "SP"]) == 0
    text = (tmp_path / "municipios" / "sao-paulo.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert (data["nome"], data["codigo_ibge"], data["governo_estadual"]) == (
        "São Paulo",
        "3550308",
        "Governo de SP",
    )
    # Every key written has a Portuguese comment on the line above it.
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if re.match(r"^\w+ = ", line) and not lines[n - 1].startswith("["):
            assert lines[n - 1].startswith("# "), line
    assert "padrao" not in data  # a new town is not the default one


def test_init_writes_neutral_targets_that_sample_uses(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    assert cli.main(["init", "--ibge", "3550308", "--nome", "São Paulo", "--uf", "SP"]) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "data" / "municipios" / "sao-paulo" / "targets"
    (targets,) = folder.glob("*.toml")
    assert str(targets.relative_to(tmp_path)) in out
    text = targets.read_text(encoding="utf-8")
    assert "fictíci" in text
    assert not re.search(r"itaqua|marcello|suzano", text, flags=re.IGNORECASE)
    year = tomllib.loads(text)["ano"]
    assert cli.main(["--municipio", "sao-paulo", "sample", "--year", str(year)]) == 0
    raw = tmp_path / "data" / "municipios" / "sao-paulo" / "raw" / str(year)
    highlights = (raw / "destaques.toml").read_text(encoding="utf-8")
    assert "fictíci" in highlights and "Itaquá" not in highlights


def test_missing_targets_never_point_to_another_town(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    municipio(tmp_path, "suzano", MINIMAL)
    assert cli.main(["--municipio", "suzano", "sample", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "data/targets" not in err and "balanco init" in err


@pytest.mark.parametrize(
    "value", ['["08570"]', '["8570", "8599"]', '["08599", "08570"]', '"08570"']
)
def test_a_bad_cep_range_is_reported(tmp_path, value):
    text = MINIMAL + f'\n[exemplo]\nbairros = ["Centro"]\nfaixa_cep = {value}\n'
    path = municipio(tmp_path, "suzano", text)
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    (problem,) = err.value.problems
    assert problem.column == "exemplo.faixa_cep"
    assert "5 primeiros dígitos" in problem.expected


def test_init_writes_a_commented_coleta_section_and_names_coletar(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    assert cli.main(["init", "--ibge", "3552502", "--nome", "Suzano", "--uf", "SP"]) == 0
    out = capsys.readouterr().out
    assert "balanco --municipio suzano coletar --year <ano>" in out
    text = (tmp_path / "municipios" / "suzano.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "# [coleta]" in lines
    assert '# wordpress = "https://www.prefeitura.exemplo.gov.br"' in lines
    assert '# glpi = "https://glpi.prefeitura.exemplo.gov.br/apirest.php"' in lines
    assert "coleta" not in tomllib.loads(text)  # commented out: nothing collected until filled
    # Filled in, the file reads back with its addresses.
    filled = text.replace("# [coleta]", "[coleta]").replace("# wordpress =", "wordpress =")
    (tmp_path / "municipios" / "suzano.toml").write_text(filled, encoding="utf-8")
    s = load_municipio(tmp_path, "suzano")
    assert s.collect_urls == (("wordpress", "https://www.prefeitura.exemplo.gov.br"),)
