"""Open data (issue 14, items 5 and 6): free text typed by staff is not published
unless the municipality's file opts the column in, every column is classified, and
no CSV cell starts with a character a spreadsheet runs as a formula (OWASP)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil

import pandas as pd
import pytest
from conftest import ROOT, write
from free_text_edits import set_field, write_names

from balanco import cli
from balanco.config import load_municipio
from balanco.departments.open_data_spec import CODED, FREE_TEXT, KINDS, PERSONAL, PUBLIC
from balanco.errors import BadInput
from balanco.formatting import plain_spaces
from balanco.open_data import csv_excel, datasets

YEAR = 2024
MUNICIPIO = (ROOT / "municipios" / "itaquaquecetuba.toml").read_text("utf-8")
#: The key as the default municipality's file writes it (a list over several lines).
OPT_IN = re.compile(r"(?ms)^publicar_texto_livre = \[.*?\]$")
NOTHING = "publicar_texto_livre = []"


def with_opt_in(text: str, line: str) -> str:
    """The municipality file ``text`` with ``publicar_texto_livre`` replaced by ``line``."""
    out, n = OPT_IN.subn(line, text)
    assert n == 1 and line in out
    return out


def project(root, *, opt_in: str = NOTHING, edit=write_names):
    """A copy of the 2024 raw data with ``edit`` applied, and the default
    municipality's file with ``publicar_texto_livre`` as given (default: nothing
    opted in); returns the names."""
    raw = root / "data" / "raw" / str(YEAR)
    shutil.copytree(ROOT / "data" / "raw" / str(YEAR), raw)
    shutil.copytree(ROOT / "data" / "published", root / "data" / "published")
    write(root / "municipios" / "itaquaquecetuba.toml", with_opt_in(MUNICIPIO, opt_in))
    return edit(raw)


def export(root) -> int:
    old = os.environ.get("BALANCO_ROOT")
    os.environ["BALANCO_ROOT"] = str(root)
    try:
        code = cli.main(["exportar", "--year", str(YEAR)])
    finally:
        if old is None:
            del os.environ["BALANCO_ROOT"]
        else:
            os.environ["BALANCO_ROOT"] = old
    return code


def published_texts(folder) -> dict[str, str]:
    """Every published file as text (Parquet: every cell)."""
    texts = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            texts[path.name] = "\n".join(" | ".join(map(str, r)) for r in frame.to_numpy())
            texts[path.name] += "\n" + " | ".join(frame.columns)
        else:
            texts[path.name] = path.read_text("utf-8-sig")
    return texts


def read(folder, name: str) -> pd.DataFrame:
    return pd.read_csv(
        folder / f"{name}.csv", sep=";", decimal=",", encoding="utf-8-sig", dtype=str
    ).fillna("")


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    """Names in every free-text field of every source; a municipality that opts in nothing."""
    root = tmp_path_factory.mktemp("nomes")
    names = project(root)
    assert export(root) == 0
    return root, names


# ----------------------------------------------------------------- classification


def test_every_column_of_every_dataset_is_classified():
    for spec in datasets.all_datasets():
        for col in spec.columns:
            assert col.kind in KINDS, (spec.name, col.name)
            if col.personal in ("nome de pessoa", "identificador indireto do consumidor"):
                assert col.kind == PERSONAL, (spec.name, col.name)


def test_by_default_no_free_text_nor_personal_column_is_published():
    kinds = {
        (s.name, c.name): c.kind for s in datasets.all_datasets() for c in s.columns if c.published
    }
    assert [k for k, kind in kinds.items() if kind in (FREE_TEXT, PERSONAL)] == []
    every = {(s.name, c.name): c.kind for s in datasets.all_datasets() for c in s.columns}
    # The decisions of issue 14, column by column.
    assert every[("oficios", "assunto")] == FREE_TEXT
    assert every[("oficios", "destinatario")] == FREE_TEXT
    assert every[("comunicacao_demandas", "assunto")] == FREE_TEXT
    assert every[("cpd_chamados", "titulo")] == FREE_TEXT
    assert every[("convenios_estaduais", "objeto")] == FREE_TEXT
    assert every[("procon_audiencias", "fornecedor")] == FREE_TEXT
    assert every[("procon_fiscalizacoes", "estabelecimento")] == FREE_TEXT
    assert every[("convenios_federais", "objeto")] == PUBLIC  # Transferegov, public by law
    assert every[("comunicacao_posts", "titulo")] == PUBLIC  # already on the city's site
    assert every[("comunicacao_demandas", "jornalista")] == PERSONAL
    assert every[("procon_audiencias", "processo")] == PERSONAL
    # Typed by hand without a closed vocabulary: free text, whatever it usually holds.
    assert every[("comunicacao_demandas", "veiculo")] == FREE_TEXT
    assert every[("comunicacao_demandas", "secretaria")] == FREE_TEXT
    assert every[("convenios_estaduais", "orgao_concedente")] == FREE_TEXT
    assert every[("procon_fiscalizacoes", "ramo")] == FREE_TEXT
    assert every[("procon_fiscalizacoes", "bairro")] == FREE_TEXT
    assert every[("convenios_federais", "orgao_concedente")] == CODED  # Transferegov
    assert every[("procon_fiscalizacoes", "resultado")] == CODED  # closed vocabulary


# ----------------------------------------------------------------- names in free text


def test_the_names_are_really_in_the_internal_data(named):
    # The search below must be able to fail: the processed data holds every name.
    root, names = named
    processed = root / "data" / "processed" / str(YEAR)
    internal = "\n".join(
        pd.read_parquet(p).astype(str).to_csv() for p in processed.glob("*.parquet")
    )
    assert [n for n in names.values() if n not in internal] == []


def test_no_name_typed_in_a_free_text_field_reaches_the_open_data(named):
    root, names = named
    folder = root / "reports" / str(YEAR) / "dados-abertos"
    texts = published_texts(folder)
    assert {"oficios.csv", "dicionario.md", "datapackage.json", "oficios.parquet"} <= set(texts)
    found = [
        (field, file)
        for field, name in names.items()
        for file, text in texts.items()
        if name.lower() in text.lower()
    ]
    assert found == []


def test_the_dictionary_says_which_free_text_was_left_out_and_why(named):
    root, _ = named
    dic = read(root / "reports" / str(YEAR) / "dados-abertos", "dicionario")
    row = dic.set_index(["conjunto", "coluna"]).loc[("oficios", "assunto")]
    assert row["publicada"] == "não"
    assert row["classificacao"] == "texto livre digitado pela equipe"
    assert "o município não autorizou a publicação desta coluna" in row["lgpd"]
    federal = dic.set_index(["conjunto", "coluna"]).loc[("convenios_federais", "objeto")]
    assert (federal["publicada"], federal["classificacao"]) == (
        "sim",
        "público por lei",
    )
    assert (dic["classificacao"] != "").all()
    header = list(read(root / "reports" / str(YEAR) / "dados-abertos", "oficios").columns)
    assert header == ["ano", "numero", "data", "situacao", "conta_no_indicador"]


def test_a_column_the_municipality_opts_in_is_published(tmp_path):
    names = project(tmp_path, opt_in='publicar_texto_livre = ["oficios.assunto"]')
    assert export(tmp_path) == 0
    folder = tmp_path / "reports" / str(YEAR) / "dados-abertos"
    oficios = read(folder, "oficios")
    assert list(oficios.columns) == [
        "ano",
        "numero",
        "data",
        "assunto",
        "situacao",
        "conta_no_indicador",
    ]
    # The municipality chose to publish what its staff typed: a name the program does
    # not know goes out as typed (README: check the column before opting it in).
    assert set(oficios["assunto"]) == {
        f"Requerimento do vereador {names[('oficios.csv', 'Assunto')]}"
    }
    dic = read(folder, "dicionario").set_index(["conjunto", "coluna"])
    assert dic.loc[("oficios", "assunto"), "publicada"] == "sim"
    assert dic.loc[("oficios", "assunto"), "lgpd"].startswith(
        "publicada por decisão do município (texto livre digitado pela equipe)"
    )
    assert dic.loc[("oficios", "destinatario"), "publicada"] == "não"
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]}
    assert "assunto" in fields["oficios"] and "assunto" not in fields["comunicacao_demandas"]
    texts = published_texts(folder)
    others = {f: n for f, n in names.items() if f != ("oficios.csv", "Assunto")}
    assert [(f, file) for f, n in others.items() for file, t in texts.items() if n in t] == []


def test_an_opt_in_that_is_not_free_text_is_refused_with_file_line_and_key(tmp_path, capsys):
    text = with_opt_in(
        MUNICIPIO,
        'publicar_texto_livre = ["oficios.assuntos", "comunicacao_demandas.jornalista"]',
    )
    path = write(tmp_path / "municipios" / "itaquaquecetuba.toml", text)
    settings = load_municipio(tmp_path, "itaquaquecetuba")
    with pytest.raises(BadInput) as exc:
        datasets.datasets(settings)
    line = (
        text.splitlines().index(
            'publicar_texto_livre = ["oficios.assuntos", "comunicacao_demandas.jornalista"]'
        )
        + 1
    )
    problems = exc.value.problems
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [
        (str(path), line, "publicar_texto_livre", "oficios.assuntos"),
        (str(path), line, "publicar_texto_livre", "comunicacao_demandas.jornalista"),
    ]
    assert 'Você quis dizer "oficios.assunto"?' in problems[0].expected
    assert "não é texto livre (dado pessoal" in problems[1].expected
    # balanco exportar stops before preparing or writing anything (exit 2).
    shutil.copytree(ROOT / "data" / "raw" / str(YEAR), tmp_path / "data" / "raw" / str(YEAR))
    capsys.readouterr()
    assert export(tmp_path) == 2
    assert 'chave "publicar_texto_livre"' in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()
    assert not (tmp_path / "data" / "processed").exists()


# ----------------------------------------------------------------- formulas (OWASP)

FORMULAS = ["=cmd|' /C calc'!A0", "+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def test_the_csv_writer_neutralises_formulas_and_keeps_negative_numbers(tmp_path):
    frame = pd.DataFrame(
        {
            "texto": [*FORMULAS, "Centro - SP", None],
            "valor": [-1234.5, -0.25, 3.0, 0.0, 1.0, 2.0, -7.0, None],
            "inteiro": pd.array([-3, 1, 2, 3, 4, 5, 6, None], dtype="Int64"),
        }
    )
    path = tmp_path / "t.csv"
    csv_excel.write_csv(frame, path)
    rows = list(
        csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";")
    )
    assert rows[0] == ["texto", "valor", "inteiro"]
    assert [r[0] for r in rows[1:]] == [
        "'=cmd|' /C calc'!A0",
        "'+1",
        "'-1+1",
        "'@SUM(A1)",
        "'\t=1+1",
        "'\r=1+1",
        "Centro - SP",
        "",
    ]
    # Numbers stay numbers: Excel reads "-1234,50" as a number, not a formula.
    assert [r[1] for r in rows[1:3]] == ["-1234,50", "-0,25"]
    assert rows[1][2] == "-3"
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert back["valor"].tolist()[:2] == [-1234.5, -0.25] and back["inteiro"][0] == -3


def _formulas(raw):
    # Text columns that are published as they are typed, and a free-text one opted in.
    for (file, column), formula in {
        ("procon_fiscalizacoes.xlsx", "Bairro"): "=cmd|' /C calc'!A0",
        ("procon_fiscalizacoes.xlsx", "Ramo"): "+1",
        ("demandas_imprensa.xlsx", "Veículo"): "-1+1",
        ("convenios_estaduais.xlsx", "Órgão Concedente"): "@SUM(A1)",
        ("oficios.csv", "Assunto"): "@SUM(A1)",
    }.items():
        set_field(raw, file, column, lambda _old, f=formula: f)
    return {}


def test_no_csv_cell_the_export_writes_starts_with_a_formula(tmp_path):
    project(
        tmp_path,
        opt_in='publicar_texto_livre = ["oficios.assunto", "procon_fiscalizacoes.bairro", '
        '"procon_fiscalizacoes.ramo", "comunicacao_demandas.veiculo", '
        '"convenios_estaduais.orgao_concedente"]',
        edit=_formulas,
    )
    assert export(tmp_path) == 0
    folder = tmp_path / "reports" / str(YEAR) / "dados-abertos"
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    numeric = {
        (r["path"], f["name"])
        for r in package["resources"]
        for f in r["schema"]["fields"]
        if f["type"] in ("number", "integer")
    }
    bad = []
    for path in folder.glob("*.csv"):
        rows = list(
            csv.reader(
                io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"
            )
        )
        for row in rows:
            for name, cell in zip(rows[0], row, strict=True):
                if (path.name, name) in numeric and re.fullmatch(r"-?\d+(,\d+)?", cell):
                    continue
                if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                    bad.append((path.name, name, cell))
    assert bad == []
    fisc = read(folder, "procon_fiscalizacoes")
    assert set(fisc["bairro"]) == {"'=cmd|' /C calc'!A0"}
    assert set(fisc["ramo"]) == {"'+1"}
    assert set(read(folder, "oficios")["assunto"]) == {"'@SUM(A1)"}
    # Parquet keeps the text as typed: no spreadsheet runs it.
    assert set(pd.read_parquet(folder / "procon_fiscalizacoes.parquet")["bairro"]) == {
        "=cmd|' /C calc'!A0"
    }
    assert "apóstrofo" in (folder / "dicionario.md").read_text("utf-8")


def test_every_csv_of_the_package_is_written_by_the_one_writer():
    # The sample generator and the collectors of `balanco coletar` (GLPI's export, the
    # municipality's Transferegov extract) write raw exports the way the source systems
    # do: a record is kept as the system holds it, formulas included, and the pipeline
    # reads it as data. Every other CSV (the open data) goes through csv_excel.
    pattern = re.compile(r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(")
    writers = sorted(
        str(p.relative_to(ROOT / "src"))
        for p in (ROOT / "src").rglob("*.py")
        if pattern.search(p.read_text("utf-8"))
    )
    assert writers == [
        "balanco/collect/glpi.py",
        "balanco/collect/transferegov.py",
        "balanco/departments/sampling.py",
        "balanco/open_data/csv_excel.py",
    ]


# ----------------------------------------------------------------- the same in the report


def test_the_outlets_chart_becomes_a_sentence_unless_the_outlets_are_opted_in():
    from balanco.departments.comunicacao import views
    from balanco.departments.frames import reason_unavailable

    tables = {"demandas_por_veiculo": pd.DataFrame({"veiculo": ["Blog X"], "quantidade": [3]})}
    hidden = views.withhold(tables, frozenset())["demandas_por_veiculo"]
    assert len(hidden) == 0
    assert reason_unavailable(hidden) == (
        "os nomes dos veículos de imprensa são digitados pela equipe e não são publicados "
        "neste balanço (proteção de dados pessoais, LGPD)"
    )
    shown = views.withhold(tables, frozenset({"comunicacao_demandas.veiculo"}))
    assert list(shown["demandas_por_veiculo"]["veiculo"]) == ["Blog X"]
    assert reason_unavailable(shown["demandas_por_veiculo"]) is None


def _bodies():
    # Two state convênios typed by hand (one names a person), one federal from Transferegov.
    by_body = pd.DataFrame(
        {
            "esfera": ["estadual", "federal", "estadual"],
            "orgao_concedente": [
                "Gabinete do deputado Zacarias Penteado",
                "MINISTÉRIO DA SAÚDE",
                "Secretaria da Educação",
            ],
            "quantidade": [1, 2, 1],
            "valor_repasse": [2_000_000.0, 1_500_000.0, 500_000.0],
        }
    )
    listing = pd.DataFrame(
        {
            "esfera": ["estadual", "federal"],
            "orgao_concedente": ["Gabinete do deputado Zacarias Penteado", "MINISTÉRIO DA SAÚDE"],
            "objeto": ["Praça pedida por Zacarias Penteado", "Unidade básica"],
        }
    )
    return {"por_orgao": by_body, "lista": listing}


def _drawn(tables) -> tuple[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from balanco.departments.convenios import views

    fig = Figure()
    FigureCanvasAgg(fig)
    title = views.CHARTS["por_orgao"](fig.add_subplot(), tables, {})
    fig.canvas.draw()
    texts = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
    return title, texts


def test_state_bodies_are_shown_together_unless_opted_in_and_federal_ones_always():
    from balanco.departments.convenios import views

    tables = views.withhold(_bodies(), frozenset())
    assert tables["por_orgao"][["esfera", "orgao_concedente", "quantidade"]].values.tolist() == [
        ["estadual", "Órgãos estaduais (nomes não publicados)", 2],
        ["federal", "MINISTÉRIO DA SAÚDE", 2],
    ]
    assert tables["por_orgao"]["valor_repasse"].tolist() == [2_500_000.0, 1_500_000.0]
    assert list(tables["lista"]["orgao_concedente"]) == [
        "Órgãos estaduais (nomes não publicados)",
        "MINISTÉRIO DA SAÚDE",
    ]
    assert list(tables["lista"]["objeto"])[1] == "Unidade básica"
    assert pd.isna(tables["lista"]["objeto"][0])
    title, texts = _drawn(tables)
    # The largest body named is the federal one; the state ones are not named.
    assert plain_spaces(title) == "Ministério da Saúde é o maior concedente federal: R$ 1,5 milhão"
    assert "Zacarias" not in texts and "Educação" not in texts
    assert "não são publicados" in texts  # the chart's note says why
    table = views.TABLES["por_orgao"](tables)
    assert [r[1] for r in table.rows] == [
        "Órgãos estaduais (nomes não publicados)",
        "Ministério da Saúde",
    ]


def test_state_bodies_opted_in_are_shown_by_name():
    from balanco.departments.convenios import views

    published = frozenset({"convenios_estaduais.orgao_concedente"})
    tables = views.withhold(_bodies(), published)
    title, texts = _drawn(tables)
    assert (
        plain_spaces(title)
        == "Gabinete do deputado Zacarias Penteado é o maior concedente: R$ 2,0 milhões"
    )
    assert "Secretaria da Educação" in texts


def test_itaquaquecetuba_opts_in_its_institutions_and_places_and_new_towns_nothing():
    import tomllib

    from balanco import scaffold
    from balanco.open_data import free_text

    itaqua = load_municipio(ROOT, "itaquaquecetuba")
    assert set(itaqua.open_free_text) == {
        "comunicacao_demandas.veiculo",
        "comunicacao_demandas.secretaria",
        "convenios_estaduais.orgao_concedente",
        "procon_fiscalizacoes.ramo",
        "procon_fiscalizacoes.bairro",
    }
    assert "Decisão do município" in MUNICIPIO  # the file says why, with a comment
    sentence = free_text.colophon(datasets.datasets(itaqua))
    assert sentence.startswith(
        "Texto livre digitado pela equipe publicado por decisão do município "
        "(publicar_texto_livre): órgão estadual concedente "
        "(convenios_estaduais.orgao_concedente);"
    )
    assert "bairro (procon_fiscalizacoes.bairro)" in sentence
    assert load_municipio(ROOT, "suzano").open_free_text == ()
    assert free_text.colophon(datasets.datasets(load_municipio(ROOT, "suzano"))) is None
    new = scaffold.municipio_text(
        ibge="3530607", nome="Mogi das Cruzes", uf="SP", secretaria="Governo", slug="mogi"
    )
    assert tomllib.loads(new)["publicar_texto_livre"] == []
