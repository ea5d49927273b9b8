"""What the CLI prints when a file or the machine fails is Portuguese through and
through: no English text of the csv module, the operating system or tomllib
reaches the analyst (the reviewer's cases: a bare CR in an unquoted field of a
Transferegov dump, a full disk under ``exportar``, a table declared twice in
the municipality file)."""

from __future__ import annotations

import csv
import errno
import re
import shutil

import pandas as pd
import pytest
from conftest import ROOT

from balanco import cli, pipeline
from balanco.config import Settings
from balanco.errors import BadInput
from balanco.io import grep_delimited, read_columns
from balanco.io.dialect import csv_error_text

YEAR = 2024

#: Words of the English messages of csv, the OS (strerror) and tomllib.
ENGLISH = {
    "line",
    "field",
    "fields",
    "expected",
    "unexpected",
    "character",
    "unquoted",
    "quoted",
    "seen",
    "need",
    "open",
    "universal-newline",
    "mode",
    "contains",
    "larger",
    "limit",
    "end",
    "of",
    "after",
    "space",
    "left",
    "device",
    "cannot",
    "declare",
    "twice",
}


def english_words(text: str) -> set[str]:
    """English words of ``text``, paths left aside (a temporary folder's name is
    the test's name)."""
    without_paths = re.sub(r"\S*/\S*", " ", text)
    return set(re.findall(r"[a-z][a-z-]*", without_paths.lower())) & ENGLISH


def test_the_word_list_catches_the_old_messages():
    assert english_words("(new-line character seen in unquoted field - do you need to open")
    assert english_words("reports/2024/dados-abertos: No space left on device; verifique")
    assert english_words("declara ('grafias', 'Resultado') twice") == {"twice"}
    assert not english_words("/tmp/test_field_line/x.csv, linha 2: tem uma aspa aberta")


# --------------------------------------------------------------------------- csv


def csv_module_errors() -> list[str]:
    """The reader errors of the running Python's csv module, raised for real
    where a reader can meet them, plus those of other versions (NUL)."""
    seen = []
    for lines, options in (
        (["1;x\ry\n"], {}),  # a bare CR inside an unquoted field
        (['"a"b;c\n'], {"strict": True}),  # text after a closing quote
        (['"aberta'], {"strict": True}),  # the data ends inside quotes
        (["1;" + "x" * 20 + "\n"], {}),  # longer than the field limit (set to 10 below)
    ):
        previous = csv.field_size_limit(10)
        try:
            list(csv.reader(lines, delimiter=";", **options))
        except csv.Error as exc:
            seen.append(str(exc))
        finally:
            csv.field_size_limit(previous)
    assert len(seen) == 4, seen
    return [*seen, "line contains NUL", "',' expected after '\"'"]


@pytest.mark.parametrize("text", csv_module_errors())
def test_every_csv_error_is_said_in_portuguese(text):
    said = csv_error_text(csv.Error(text))
    assert not english_words(said), (text, said)
    assert "não pode ser lida como CSV" not in said  # each one has its own sentence


def test_a_bare_cr_in_an_unquoted_field_of_a_dump(tmp_path):
    path = tmp_path / "siconv_proposta.csv"
    path.write_bytes(b'ID_PROPOSTA;OBJETO\n"1";"ok"\n2;obra\rnova\n')
    with pytest.raises(BadInput) as exc:
        grep_delimited(path, columns=["ID_PROPOSTA", "OBJETO"])
    text = exc.value.render()
    assert "linha 3" in text and "CR" in text
    assert not english_words(text), text


def test_a_field_over_the_limit_in_a_streamed_export(tmp_path):
    path = tmp_path / "sindec.csv"
    path.write_text('A;B\n1;"aberta\n' + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as exc:
        read_columns(path, required=["A", "B"])
    assert not english_words(exc.value.render()), exc.value.render()


# --------------------------------------------------------------------- the CLI


@pytest.fixture(scope="module")
def prepared_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("projeto")
    shutil.copytree(ROOT / "data" / "raw" / str(YEAR), root / "data" / "raw" / str(YEAR))
    shutil.copytree(ROOT / "data" / "published", root / "data" / "published")
    pipeline.prepare(Settings(root=root), YEAR)
    return root


def test_exportar_on_a_full_disk(prepared_root, monkeypatch, capsys):
    """Exit 3, the folder named, the reason in Portuguese; the fresh reports
    folder is left as it was found (no ``2024/``, no ``.dados-abertos.lock``)."""
    fresh = prepared_root / "montagem"
    fresh.mkdir()

    def full(self, *_a, **_kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    monkeypatch.chdir(prepared_root)
    monkeypatch.setenv("BALANCO_ROOT", str(prepared_root))
    code = cli.main(["exportar", "--year", str(YEAR), "--reports-dir", str(fresh)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "dados-abertos: não foi possível gravar os dados abertos: disco cheio" in err
    assert not english_words(err), err
    assert list(fresh.iterdir()) == []


def test_a_table_declared_twice_in_the_municipality_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "municipios").mkdir()
    text = (ROOT / "municipios" / "suzano.toml").read_text(encoding="utf-8")
    twice = '[grafias.fiscalizacoes."Resultado"]\n"Auto" = "Autuado"\n'
    (tmp_path / "municipios" / "suzano.toml").write_text(
        text + "\n" + twice + "\n" + twice, encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    code = cli.main(["--municipio", "suzano", "prepare", "--year", str(YEAR)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert 'declara a tabela [grafias.fiscalizacoes."Resultado"] pela segunda vez' in err
    assert "('" not in err
    assert not english_words(err), err
