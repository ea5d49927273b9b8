"""Provenance stays true: a file is synthetic only when the manifest says so and
its SHA-256 matches; anything else is a real export. ``balanco manifesto`` records
real exports; ``balanco sample`` never overwrites a file it did not generate."""

from __future__ import annotations

import hashlib
import json
import shutil
import tomllib
from datetime import date

import pytest
from conftest import ROOT, write
from test_cli import balanco
from test_sample import OTHER

from balanco.config import Settings
from balanco.errors import BadInput
from balanco.io import sha256
from balanco.provenance import Manifest, origin, read_manifest
from balanco.raw_sources import raw_sources
from balanco.sample import OverwriteRefused, generate, read_targets

A = hashlib.sha256(b"a").hexdigest()
B = hashlib.sha256(b"b").hexdigest()

MANIFEST = f"""\
ano = 2024
sintetico = true
gerado_por = "balanco sample --year 2024 --seed 1"

[[arquivos]]
nome = "gerado.csv"
sintetico = true
sha256 = "{A}"

[[arquivos]]
nome = "texto.toml"
sintetico = false
sha256 = "{B}"
"""


def test_origin_follows_the_hash_not_the_flag(tmp_path):
    write(tmp_path / "manifest.toml", MANIFEST)
    m = read_manifest(tmp_path)
    assert origin(m, "gerado.csv", A).synthetic
    assert not origin(m, "gerado.csv", B).synthetic  # replaced by a real export
    assert "difere" in origin(m, "gerado.csv", B).reason
    assert not origin(m, "outro.csv", A).synthetic  # not listed
    assert "não consta" in origin(m, "outro.csv", A).reason
    assert not origin(m, "texto.toml", B).synthetic  # listed as real
    no_manifest = read_manifest(tmp_path / "vazio")
    assert no_manifest == Manifest(tmp_path / "vazio" / "manifest.toml")
    assert not origin(no_manifest, "gerado.csv", A).synthetic


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("ano = 2024\nsintetico = tru\n", 2),
        ('ano = 2024\n\n[[arquivos]]\nnome = "a.csv"\nsha256 = "abc"\n', 5),
        ('ano = 2024\n[[arquivos]\nnome = "a.csv"\n', 2),
    ],
)
def test_invalid_manifest_names_file_and_line(tmp_path, text, line):
    write(tmp_path / "manifest.toml", text)
    with pytest.raises(BadInput) as exc:
        read_manifest(tmp_path)
    (problem,) = exc.value.problems
    assert problem.file.endswith("manifest.toml")
    assert problem.line == line
    assert (
        "manifesto inválido" in problem.expected
        or "TOML válido" in problem.expected
        or "SHA-256" in problem.expected
    )


def copy_year(tmp_path, year=2024):
    shutil.copytree(ROOT / "data" / "raw" / str(year), tmp_path / "data" / "raw" / str(year))
    return tmp_path, tmp_path / "data" / "raw" / str(year)


def rewrite_categories(raw):
    """Same categories, other bytes: what a fresh export from the site looks like."""
    path = raw / "wordpress_categories.json"
    path.write_text(json.dumps(json.loads(path.read_text("utf-8")), indent=4), encoding="utf-8")
    return path


def test_replaced_file_is_a_real_export_everywhere(tmp_path):
    root, raw = copy_year(tmp_path)
    rewrite_categories(raw)
    by_name = {s["arquivo"]: s for s in raw_sources(Settings(root=root), 2024)}
    assert by_name["wordpress_categories.json"]["sintetico"] is False
    assert by_name["glpi_chamados.csv"]["sintetico"] is True

    out = balanco("prepare", "--year", "2024", cwd=root)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if "wordpress_categories.json" in x)
    assert "exportação real" in line and "SHA-256 difere" in line
    line = next(x for x in out.stdout.splitlines() if "glpi_chamados.csv" in x)
    assert "sintético" in line
    payload = json.loads((root / "data/processed/2024/indicadores.json").read_text("utf-8"))
    fontes = {s["arquivo"]: s["sintetico"] for s in payload["fontes"]}
    assert fontes["wordpress_categories.json"] is False and fontes["sindec_atendimentos.csv"]


def test_a_departments_companion_file_is_listed_as_the_department_declares_it(
    tmp_path, monkeypatch
):
    """A file a department keeps beside its sources is declared in its package
    (``COMPANIONS``): the year's inputs list it with what the department says of it."""
    from balanco.departments import comunicacao
    from balanco.departments.base import Companion

    root, raw = copy_year(tmp_path)
    write(raw / "contagem_site.json", '{"total": 3}')
    declared = Companion("contagem_site.json", "contagem", "Sistema de teste", "Contagem do site")
    monkeypatch.setattr(comunicacao, "COMPANIONS", (declared,))
    by_name = {s["arquivo"]: s for s in raw_sources(Settings(root=root), 2024)}
    entry = by_name["contagem_site.json"]
    assert (entry["departamento"], entry["conjunto"]) == ("comunicacao", "contagem")
    assert (entry["sistema"], entry["descricao"]) == ("Sistema de teste", "Contagem do site")
    assert entry["sha256"] == hashlib.sha256(b'{"total": 3}').hexdigest()


def test_year_without_manifest_is_real_exports(tmp_path):
    root, raw = copy_year(tmp_path)
    (raw / "manifest.toml").unlink()
    out = balanco("prepare", "--year", "2024", cwd=root)
    assert out.returncode == 0, out.stderr
    assert "todos os arquivos são exportações reais" in out.stdout
    assert "sintético" not in out.stdout
    payload = json.loads((root / "data/processed/2024/indicadores.json").read_text("utf-8"))
    assert payload["dados_sinteticos"] is False
    assert not any(s["sintetico"] for s in payload["fontes"])


def test_invalid_manifest_stops_prepare_with_a_portuguese_message(tmp_path):
    root, raw = copy_year(tmp_path)
    text = (
        (raw / "manifest.toml").read_text("utf-8").replace("sintetico = true", "sintetico = sim", 1)
    )
    (raw / "manifest.toml").write_text(text, encoding="utf-8")
    out = balanco("prepare", "--year", "2024", cwd=root)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "manifest.toml, linha 4" in out.stderr and "o arquivo não é um TOML válido" in out.stderr
    assert not (root / "data" / "processed" / "2024").exists()


def test_a_changed_manifest_makes_processed_data_stale(tmp_path):
    from balanco.fingerprint import processed_is_current
    from balanco.pipeline import prepare

    root, raw = copy_year(tmp_path)
    settings = Settings(root=root)
    prepare(settings, 2024)
    assert processed_is_current(settings, 2024)
    (raw / "manifest.toml").unlink()
    assert not processed_is_current(settings, 2024)


def test_manifesto_records_real_exports_and_keeps_generated_files(tmp_path):
    root, raw = copy_year(tmp_path)
    categories = rewrite_categories(raw)
    before = (raw / "manifest.toml").read_bytes()

    refused = balanco("manifesto", "--year", "2024", "--data-exportacao", "2025-01-15", cwd=root)
    assert refused.returncode == 2
    assert "já existe" in refused.stderr and "--force" in refused.stderr
    assert (raw / "manifest.toml").read_bytes() == before

    out = balanco(
        "manifesto", "--year", "2024", "--data-exportacao", "2025-01-15", "--force", cwd=root
    )
    assert out.returncode == 0, out.stderr
    doc = tomllib.loads((raw / "manifest.toml").read_text("utf-8"))
    assert doc["data_exportacao"] == date(2025, 1, 15)
    assert doc["sintetico"] is False
    files = {f["nome"]: f for f in doc["arquivos"]}
    assert files["wordpress_categories.json"]["sintetico"] is False
    assert files["wordpress_categories.json"]["sha256"] == sha256(categories)
    assert files["wordpress_categories.json"]["data_exportacao"] == date(2025, 1, 15)
    assert files["glpi_chamados.csv"]["sintetico"] is True  # still the generated bytes
    assert "manifest.toml" not in files


def test_manifesto_for_a_year_of_real_exports(tmp_path):
    root, raw = copy_year(tmp_path)
    (raw / "manifest.toml").unlink()
    bad = balanco("manifesto", "--year", "2024", "--data-exportacao", "15/01/2025", cwd=root)
    assert bad.returncode == 2 and "2025-01-15" in bad.stderr
    assert not (raw / "manifest.toml").exists()
    out = balanco("manifesto", "--year", "2024", "--data-exportacao", "2025-01-15", cwd=root)
    assert out.returncode == 0, out.stderr
    doc = tomllib.loads((raw / "manifest.toml").read_text("utf-8"))
    assert {f["sintetico"] for f in doc["arquivos"]} == {False}
    assert len(doc["arquivos"]) == len([p for p in raw.iterdir()]) - 1
    sources = raw_sources(Settings(root=root), 2024)
    assert not any(s["sintetico"] for s in sources)
    assert all("SHA-256 confere" in s["origem"] for s in sources)


def test_sample_never_overwrites_a_file_it_did_not_generate(tmp_path):
    targets = read_targets(write(tmp_path / "t.toml", OTHER))
    out = tmp_path / "raw"
    generate(targets, out)
    generate(targets, out)  # its own files: regenerating is fine
    real = write(out / "glpi_chamados.csv", '"ID";"Título";\n"1";"exportação real";\n')
    sizes = {p.name: sha256(p) for p in out.iterdir()}
    with pytest.raises(OverwriteRefused) as exc:
        generate(targets, out)
    assert [p.name for p, _ in exc.value.refused] == ["glpi_chamados.csv"]
    assert {p.name: sha256(p) for p in out.iterdir()} == sizes  # nothing written
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers
    generate(targets, out, force=True)
    assert sha256(real) != sizes["glpi_chamados.csv"]


def test_sample_cli_lists_refused_files_and_force_overwrites(tmp_path):
    write(tmp_path / "t.toml", OTHER)
    raw = tmp_path / "data" / "raw" / "2021"
    mine = write(raw / "oficios.csv", "Número;Data;Destinatário;Assunto;Situação\n")
    args = ("sample", "--year", "2021", "--targets", str(tmp_path / "t.toml"))
    out = balanco(*args, cwd=tmp_path)
    assert out.returncode == 2
    assert "oficios.csv: a pasta não tem manifesto" in out.stderr and "--force" in out.stderr
    assert [p.name for p in raw.iterdir()] == ["oficios.csv"]
    assert mine.read_text("utf-8").startswith("Número;Data")
    out = balanco(*args, "--force", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (raw / "manifest.toml").exists() and len(list(raw.iterdir())) > 5


def test_a_manifest_of_another_year_is_bad_input(tmp_path):
    from conftest import write

    from balanco.errors import BadInput
    from balanco.provenance import read_manifest

    raw = tmp_path / "raw" / "2024"
    write(raw / "manifest.toml", "sintetico = false\nano = 2023\n")
    with pytest.raises(BadInput) as err:
        read_manifest(raw)
    text = err.value.render()
    assert 'linha 2, chave "ano"' in text and 'valor "2023"' in text
    assert "não é o ano da pasta 2024" in text
    write(raw / "manifest.toml", "sintetico = false\nano = 2024\n")
    assert read_manifest(raw).exists


def test_cli_says_how_many_files_are_synthetic_and_when_there_is_no_manifest(
    tmp_path, monkeypatch, capsys
):
    from balanco import cli

    root, raw = copy_year(tmp_path)
    monkeypatch.setenv("BALANCO_ROOT", str(root))
    # One real export among generated files; destaques.toml is written by hand (real).
    rewrite_categories(raw)
    assert cli.main(["prepare", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    payload = json.loads(
        (root / "data" / "processed" / "2024" / "indicadores.json").read_text("utf-8")
    )
    assert payload["dados_sinteticos"] is True and payload["arquivos_reais"] == 2
    assert payload["arquivos_sinteticos"] == len(payload["fontes"]) - 2
    assert f"({payload['arquivos_sinteticos']} arquivos com registros sintéticos" in out
    assert "e 2 arquivos reais)" in out and "(registros sintéticos de exemplo)" not in out
    assert "SHA-256 conferido com o manifesto" in out
    (raw / "manifest.toml").unlink()
    assert cli.main(["prepare", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "Origem dos arquivos (sem manifesto: todos os arquivos são exportações reais):" in out
    assert "SHA-256 conferido" not in out
