"""The municipality file apart from the run's settings (issue 15): ``Settings`` is
a plain object in ``balanco.settings``, and a key of one department's source
system is declared by that department (``<department>/settings_keys.py``)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import write

from balanco.config import file_keys, read_municipio
from balanco.config.keys import COMMON
from balanco.errors import BadInput

MINIMAL = """\
nome = "Suzano"
uf = "SP"
codigo_ibge = "3552502"
secretaria = "Secretaria de Governo"
departamentos = ["procon", "cpd"]
categorias_release = ["Imprensa"]
governo_estadual = "Governo de SP"
"""


def test_each_department_declares_the_keys_of_its_sources():
    from balanco.departments.comunicacao.settings_keys import SETTINGS as COMUNICACAO
    from balanco.departments.convenios.settings_keys import SETTINGS as CONVENIOS

    # Transferegov's name spellings and legal nature, and the state's signer.
    assert [(k.key, k.attribute, k.required) for k in CONVENIOS] == [
        ("variantes_nome", "name_variants", False),
        ("governo_estadual", "state_government", True),
        ("natureza_municipal", "municipal_nature", False),
    ]
    assert CONVENIOS[2].default == "Administração Pública Municipal"
    # WordPress: which categories make a post a press release.
    assert [(k.key, k.attribute, k.required) for k in COMUNICACAO] == [
        ("categorias_release", "release_categories", True),
    ]
    # The common table names none of them.
    assert not {k.key for k in COMMON} & {k.key for k in (*CONVENIOS, *COMUNICACAO)}


def test_the_keys_keep_the_order_of_the_readme_table():
    # municipios/README.md, "Chaves", without `padrao` (a flag, not a Settings field).
    assert [k.key for k in file_keys()] == [
        "nome",
        "uf",
        "codigo_ibge",
        "variantes_nome",
        "secretaria",
        "responsavel",
        "logo",
        "departamentos",
        "categorias_release",
        "governo_estadual",
        "natureza_municipal",
        "ficticio",
        "pasta_dados",
        "pasta_relatorios",
        "publicar_texto_livre",
        "endereco_publicacao",  # issue 17: where the reports are published
    ]


def _run(code: str, cwd) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_settings_import_neither_the_file_reader_nor_a_department(tmp_path):
    code = (
        "import sys, balanco.settings\n"
        "print(sorted(m for m in sys.modules if m == 'pandas' or m.startswith("
        "('balanco.config', 'balanco.departments'))))"
    )
    assert _run(code, tmp_path) == "[]"


def test_the_file_is_read_with_the_departments_keys_without_importing_them(tmp_path):
    path = write(
        tmp_path / "municipios" / "suzano.toml",
        MINIMAL + 'natureza_municipal = "Município"\n',
    )
    code = (
        "import sys\n"
        "from balanco.config import file_keys, read_municipio\n"
        f"fields = read_municipio(__import__('pathlib').Path({str(path)!r}))\n"
        "print(fields['municipal_nature'], fields['release_categories'])\n"
        "print(len(file_keys()))\n"
        "print(sorted(m for m in sys.modules if m == 'pandas' or m.startswith("
        "'balanco.departments.')))"
    )
    assert _run(code, tmp_path).splitlines() == ["Município ('Imprensa',)", "16", "[]"]


TOY_KEYS = """\
from balanco.settings import REQUIRED, FileKey

SETTINGS = (
    FileKey("fornecedor_brinquedos", "toy_supplier", str, "um texto não vazio", REQUIRED),
)
"""


def outside_department(tmp_path, monkeypatch, name):
    """Run a test with the department package ``name`` (written under
    ``tmp_path/modulos``) as the run's registry (BALANCO_DEPARTAMENTOS); afterwards
    neither its modules nor a registry holding it are left for the next test."""
    monkeypatch.syspath_prepend(str(tmp_path / "modulos"))
    monkeypatch.setenv("BALANCO_DEPARTAMENTOS", name)
    # The registry is made on first use and kept (balanco.departments.__getattr__):
    # this run's registry holds the toy; the next test must not inherit it.
    import balanco.departments as departments

    made = ("DEPARTMENTS", "BY_NAME")
    kept = {k: vars(departments).pop(k) for k in made if k in vars(departments)}
    yield tmp_path
    for k in made:
        vars(departments).pop(k, None)
    vars(departments).update(kept)
    for module in [m for m in sys.modules if m.split(".")[0] == name]:
        del sys.modules[module]


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A department outside the package (BALANCO_DEPARTAMENTOS) with a key of its own."""
    name = "brinquedoteca_chaves"
    write(tmp_path / "modulos" / name / "__init__.py", 'NAME = "brinquedoteca"\n')
    write(tmp_path / "modulos" / name / "settings_keys.py", TOY_KEYS)
    yield from outside_department(tmp_path, monkeypatch, name)


def test_a_department_outside_the_package_brings_its_own_key(toy):
    path = write(
        toy / "municipios" / "suzano.toml", MINIMAL + 'fornecedor_brinquedos = "Loja do Bairro"\n'
    )
    assert read_municipio(path)["toy_supplier"] == "Loja do Bairro"


def test_a_department_key_left_out_or_misspelled_is_reported(toy):
    path = write(toy / "municipios" / "suzano.toml", MINIMAL + 'fornecedor_brinquedo = "Loja"\n')
    with pytest.raises(BadInput) as err:
        read_municipio(path)
    typo, missing = err.value.problems
    assert (typo.line, typo.column) == (8, "fornecedor_brinquedo")
    assert 'Você quis dizer "fornecedor_brinquedos"?' in typo.expected
    assert missing.expected == (
        "falta a chave 'fornecedor_brinquedos': um texto não vazio (veja municipios/README.md)"
    )


LIBRARY_KEYS = """\
from balanco.settings import REQUIRED, FileKey

SETTINGS = (
    FileKey(
        "sistema_biblioteca",
        "sistema_biblioteca",
        str,
        "um texto não vazio",
        REQUIRED,
        counts=True,
        description="Sistema do acervo da biblioteca.",
        example="Acervo {uf}",
    ),
    FileKey("horario_biblioteca", "horario_biblioteca", str, "um texto não vazio", "8h às 17h"),
)
"""
LIBRARY = """\
from . import generator

NAME = "biblioteca"


def system(settings):
    return settings.department(NAME)["sistema_biblioteca"]
"""


@pytest.fixture
def library(tmp_path, monkeypatch):
    """A department outside the package whose code reads a key of its own."""
    name = "biblioteca_toy"
    write(tmp_path / "modulos" / name / "__init__.py", LIBRARY)
    write(tmp_path / "modulos" / name / "settings_keys.py", LIBRARY_KEYS)
    write(tmp_path / "modulos" / name / "generator.py", 'TARGET_KEYS = ("emprestimos",)\n')
    yield from outside_department(tmp_path, monkeypatch, name)


def test_a_department_reads_its_own_key_and_a_counting_key_is_in_the_fingerprint(library):
    from balanco.config import load_municipio

    write(
        library / "municipios" / "suzano.toml",
        MINIMAL + 'sistema_biblioteca = "Pergamum"\n',
    )
    s = load_municipio(library, "suzano")
    toy = __import__("biblioteca_toy")
    assert toy.system(s) == "Pergamum"
    # The key left out takes its declared default; another department has none.
    assert dict(s.department("biblioteca")) == {
        "sistema_biblioteca": "Pergamum",
        "horario_biblioteca": "8h às 17h",
    }
    assert dict(s.department("procon")) == {}
    # Only the key declared with counts=True changes which records count.
    assert s.cleaning_settings()["sistema_biblioteca"] == "Pergamum"
    assert "horario_biblioteca" not in s.cleaning_settings()
    assert s.with_(sistema_biblioteca="Koha").cleaning_hash() != s.cleaning_hash()
    assert s.with_(horario_biblioteca="9h às 18h").cleaning_hash() == s.cleaning_hash()
    assert toy.system(s.with_(sistema_biblioteca="Koha")) == "Koha"


def test_init_writes_a_department_key_from_its_declaration(library):
    from balanco.config import load_municipio
    from balanco.scaffold import scaffold

    path, _targets = scaffold(
        library, ibge="3552502", nome="Suzano", uf="SP", secretaria="Governo", year=2024
    )
    text = path.read_text("utf-8")
    # Its description above it; no default: the declared example, with the UF.
    assert '# Sistema do acervo da biblioteca.\nsistema_biblioteca = "Acervo SP"\n' in text
    assert '\nhorario_biblioteca = "8h às 17h"\n' in text
    s = load_municipio(library, "suzano")
    assert s.department("biblioteca")["sistema_biblioteca"] == "Acervo SP"
