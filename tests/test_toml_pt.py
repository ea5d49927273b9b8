"""Every TOML the package reads reports syntax errors in Portuguese, with the
file, line and column (toml_pt.py)."""

from __future__ import annotations

import pytest
from conftest import write

from balanco import checks, highlights, provenance, sample, toml_pt
from balanco.errors import BadInput


def rendered(call) -> str:
    with pytest.raises(BadInput) as err:
        call()
    return err.value.render()


def english(text: str) -> bool:
    return any(w in text for w in ("Expected", "Invalid", "at line", "column 9)", "leitor TOML"))


def test_aceites_unclosed_array_of_tables(tmp_path):
    write(tmp_path / "aceites.toml", '[[aceite\nverificacao = "fonte_vazia"\n')
    text = rendered(lambda: checks.read_acceptances(tmp_path, known_files=[]))
    assert "aceites.toml, linha 1:" in text
    assert 'valor "[[aceite" abre uma lista de tabelas sem fechar' in text
    assert "(coluna 9)" in text and not english(text)


def test_destaques_key_without_equals(tmp_path):
    write(tmp_path / "destaques.toml", "[comunicacao]\ncanais\n")
    text = rendered(lambda: highlights.load(tmp_path))
    assert "destaques.toml, linha 2:" in text
    assert "valor \"canais\" tem uma chave sem '='" in text and not english(text)


def test_manifest_invalid_value(tmp_path):
    raw = tmp_path / "2024"
    write(raw / "manifest.toml", "sintetico = talvez\n")
    text = rendered(lambda: provenance.read_manifest(raw))
    assert "manifest.toml, linha 1:" in text and "tem um valor inválido" in text
    assert "balanco manifesto --year 2024" in text and not english(text)


def test_targets_unterminated_string(tmp_path):
    path = write(tmp_path / "2024.toml", 'ano = 2024\nnome = "sem fim\n')
    text = rendered(lambda: sample.read_targets(path))
    assert "linha 2:" in text and "abre um texto sem fechar" in text and not english(text)


def test_an_unknown_message_still_names_line_and_column():
    import tomllib

    exc = tomllib.TOMLDecodeError("Some future message (at line 3, column 4)")
    line, col, why = toml_pt.explain(exc)
    assert (line, col, why) == (3, 4, "não é TOML válido nesse ponto")
