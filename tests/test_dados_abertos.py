"""Open data (issue 10, deliverable 3): pt-BR CSV + Parquet of the year's rows,
dictionary, Frictionless datapackage, indicators with a JSON Schema — and no
personal data."""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
from datetime import datetime

import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from balanco import cli, publish
from balanco.departments.open_data_spec import PROTECTION_COLUMN, opt_in
from balanco.open_data import datasets, lgpd, writer
from balanco.open_data.datasets import year_rows
from balanco.open_data.lgpd import LEVEL_3, LEVEL_5, SUPPRESSED, k_anonymise
from balanco.open_data.names import FOLDER

YEAR = 2024


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's 2024 raw data, exported with the CLI."""
    root = tmp_path_factory.mktemp("projeto")
    shutil.copytree(ROOT / "data" / "raw" / str(YEAR), root / "data" / "raw" / str(YEAR))
    shutil.copytree(ROOT / "data" / "published", root / "data" / "published")
    shutil.copytree(ROOT / "templates", root / "templates")  # the front page's stylesheet
    old = os.environ.get("BALANCO_ROOT")
    os.environ["BALANCO_ROOT"] = str(root)
    try:
        assert cli.main(["exportar", "--year", str(YEAR)]) == 0
    finally:
        if old is None:
            del os.environ["BALANCO_ROOT"]
        else:
            os.environ["BALANCO_ROOT"] = old
    return root


@pytest.fixture(scope="module")
def folder(project):
    return project / "reports" / str(YEAR) / "dados-abertos"


def read(folder, name: str) -> pd.DataFrame:
    return pd.read_csv(
        folder / f"{name}.csv", sep=";", decimal=",", encoding="utf-8-sig", dtype=str
    ).fillna("")


# ----------------------------------------------------------------- format


def test_every_dataset_is_written_as_csv_and_parquet_and_nothing_half_written(folder):
    names = {p.name for p in folder.iterdir()}
    for spec in datasets.DATASETS:
        assert f"{spec.name}.csv" in names and f"{spec.name}.parquet" in names
    for extra in ("dicionario.csv", "dicionario.md", "datapackage.json", "indicadores.json"):
        assert extra in names
    assert "indicadores.schema.json" in names
    assert [p.name for p in folder.parent.glob(".dados-abertos.*-*")] == []


def test_csv_is_for_excel_in_portuguese(folder):
    raw = (folder / "convenios_federais.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    text = raw.decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert header[:5] == ["ano", "nr_convenio", "id_proposta", "esfera", "data_assinatura"]
    first = dict(zip(header, text.splitlines()[1].split(";"), strict=True))
    assert re.fullmatch(r"\d{2}/\d{2}/2024", first["data_assinatura"])
    assert re.fullmatch(r"\d+,\d{2}", first["valor_repasse"])  # decimal comma, no thousands
    assert first["conta_no_indicador"] in ("sim", "não")
    assert first["cod_municipio_ibge"] == "3523107"


def test_counted_rows_reproduce_the_published_figures(folder):
    # The release (data/published/2024.toml): 22 convênios federais, R$ 97,3 milhões;
    # 1.783 CIPs + 1.194 preliminares in Sindec; 311 audiências; 15 fiscalizações;
    # 1.214 demandas respondidas; 1.385 chamados; 390 releases.
    fed = read(folder, "convenios_federais")
    counted = fed[fed["conta_no_indicador"] == "sim"]
    assert len(counted) == 22
    total = counted["valor_repasse"].str.replace(",", ".").astype(float).sum()
    assert round(total / 1e6, 1) == 97.3
    # rows of the year that do not count are there, with "não"
    assert set(fed.loc[fed["conta_no_indicador"] == "não", "situacao"]) <= {
        "Convênio Anulado",
        "Convênio Cancelado",
    }
    assert (fed["conta_no_indicador"] == "não").any()
    at = read(folder, "procon_atendimentos")
    assert len(at) == 1783 + 1194 and (at["conta_no_indicador"] == "sim").all()
    aud = read(folder, "procon_audiencias")
    assert (aud["conta_no_indicador"] == "sim").sum() == 311
    assert set(aud.loc[aud["conta_no_indicador"] == "não", "situacao"]) == {
        "Redesignada",
        "Cancelada",
    }
    assert len(read(folder, "procon_fiscalizacoes")) == 15
    dem = read(folder, "comunicacao_demandas")
    assert (dem["conta_no_indicador"] == "sim").sum() == 1214
    assert len(read(folder, "cpd_chamados")) == 1385
    posts = read(folder, "comunicacao_posts")
    assert (posts["conta_no_indicador"] == "sim").sum() == 390
    # only the year's rows
    for spec in datasets.DATASETS:
        assert set(read(folder, spec.name)["ano"]) == {"2024"}, spec.name


def test_parquet_has_the_same_rows_typed(folder):
    for spec in datasets.DATASETS:
        pq = pd.read_parquet(folder / f"{spec.name}.parquet")
        csv_ = read(folder, spec.name)
        assert list(pq.columns) == list(csv_.columns)
        assert len(pq) == len(csv_)
    at = pd.read_parquet(folder / "procon_atendimentos.parquet")
    assert pd.api.types.is_string_dtype(at["cep_consumidor"])
    assert at["conta_no_indicador"].dtype == bool
    fed = pd.read_parquet(folder / "convenios_federais.parquet")
    assert pd.api.types.is_string_dtype(fed["cod_municipio_ibge"])
    assert fed["valor_repasse"].dtype == "float64"


def test_the_text_nan_never_reaches_a_file(folder):
    for path in folder.iterdir():
        if path.suffix in (".csv", ".md", ".json"):
            text = path.read_text("utf-8-sig")
            assert not re.search(r"(?<![A-Za-z])(nan|NaN|NaT|None|<NA>)(?![A-Za-z])", text), path
        elif path.suffix == ".parquet":
            frame = pd.read_parquet(path).astype(str)
            assert not frame.isin(["nan", "NaN", "None", "NaT"]).any().any(), path


# ----------------------------------------------------------------- package, dictionary, schema


def test_datapackage_validates_with_frictionless(folder):
    from frictionless import validate

    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_catches_a_broken_csv(folder, tmp_path):
    from frictionless import validate

    copy = tmp_path / "pacote"
    shutil.copytree(folder, copy)
    path = copy / "convenios_federais.csv"
    text = path.read_text("utf-8-sig").splitlines()
    cells = text[1].split(";")
    cells[4] = "2024-04-05"  # ISO date instead of dd/mm/aaaa
    text[1] = ";".join(cells)
    path.write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    assert not validate(copy / "datapackage.json").valid


def test_dictionary_describes_every_column_and_what_was_done_for_the_lgpd(folder):
    dic = read(folder, "dicionario")
    assert list(dic.columns) == [
        "conjunto",
        "coluna",
        "publicada",
        "tipo",
        "descricao",
        "unidade",
        "arquivo_origem",
        "coluna_origem",
        "classificacao",
        "lgpd",
    ]
    for spec in datasets.DATASETS:
        header = list(read(folder, spec.name).columns)
        rows = dic[(dic["conjunto"] == spec.name) & (dic["publicada"] == "sim")]
        assert list(rows["coluna"]) == header
    assert (dic["lgpd"] != "").all() and (dic["descricao"] != "").all()
    by_column = dic.set_index(["conjunto", "coluna"])
    assert by_column.loc[("comunicacao_demandas", "jornalista"), "publicada"] == "não"
    assert by_column.loc[("cpd_chamados", "requerente"), "publicada"] == "não"
    assert by_column.loc[("cpd_chamados", "tecnico"), "publicada"] == "não"
    assert by_column.loc[("procon_atendimentos", "cep_consumidor"), "coluna_origem"] == (
        "CEPConsumidor"
    )
    assert "k-anonimato" in by_column.loc[("procon_atendimentos", "cep_consumidor"), "lgpd"]
    assert by_column.loc[("convenios_federais", "valor_repasse"), "unidade"] == "reais (R$)"
    md = (folder / "dicionario.md").read_text("utf-8")
    assert "## procon_atendimentos.csv" in md and "k = 5" in md


def test_indicators_have_portuguese_keys_and_follow_the_schema(folder):
    from jsonschema import Draft202012Validator

    schema = json.loads((folder / "indicadores.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    payload = json.loads((folder / "indicadores.json").read_text("utf-8"))
    Draft202012Validator(schema).validate(payload)
    first = payload["indicadores"][0]
    assert list(first) == [
        "chave",
        "departamento",
        "rotulo",
        "definicao",
        "unidade",
        "valor",
        "motivo",
        "fontes",
    ]
    by_key = {i["chave"]: i for i in payload["indicadores"]}
    assert by_key["procon_atendimentos"]["valor"] == 3303


def test_the_schema_rejects_english_keys_and_unexplained_missing_values(folder):
    from jsonschema import Draft202012Validator

    schema = json.loads((folder / "indicadores.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    payload = json.loads((folder / "indicadores.json").read_text("utf-8"))
    english = json.loads(json.dumps(payload))
    english["indicadores"][0]["key"] = english["indicadores"][0].pop("chave")
    assert not validator.is_valid(english)
    unexplained = json.loads(json.dumps(payload))
    unexplained["indicadores"][0]["valor"] = None  # "não disponível" needs a motivo
    assert not validator.is_valid(unexplained)
    unexplained["indicadores"][0]["motivo"] = "A exportação não tem a coluna."
    assert validator.is_valid(unexplained)


# ----------------------------------------------------------------- LGPD


def _sheet_column(path, column: str) -> list[str]:
    """Values under ``column`` in a hand-kept spreadsheet (header row found by name)."""
    from openpyxl import load_workbook

    ws = load_workbook(path, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows):
        names = [str(c).strip() if c is not None else "" for c in row]
        if column in names:
            k = names.index(column)
            return [str(r[k]) for r in rows[i + 1 :] if k < len(r) and r[k] is not None]
    raise AssertionError(f"{column} not in {path}")


def raw_person_names(raw) -> set[str]:
    """Every person name in the year's raw exports, read here independently of the
    package: journalists, GLPI requesters and technicians, parliamentarians named
    in ofícios, and suppliers / shops that may be natural persons."""
    names: set[str] = set()
    names.update(_sheet_column(raw / "demandas_imprensa.xlsx", "Jornalista"))
    names.update(_sheet_column(raw / "procon_audiencias.xlsx", "Fornecedor"))
    names.update(_sheet_column(raw / "procon_fiscalizacoes.xlsx", "Estabelecimento"))
    with open(raw / "glpi_chamados.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            for col in ("Requerente - Requerente", "Atribuído - Técnico"):
                names.update(row[col].split("<br>"))
    with open(raw / "oficios.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if "Gabinete de " in row["Destinatário"]:
                names.add(row["Destinatário"].split("Gabinete de ", 1)[1])
    # A lone surname ("Dias", the synthetic company of a supplier) is also an ordinary
    # word ("dias", the unit): only names of two words or more are searched.
    return {" ".join(n.split()) for n in names if len(n.split()) >= 2}


def exported_texts(folder) -> dict[str, str]:
    texts = {}
    for path in folder.iterdir():
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            texts[path.name] = "\n".join(" | ".join(map(str, r)) for r in frame.to_numpy())
        else:
            texts[path.name] = path.read_text("utf-8-sig")
    return texts


def test_no_person_name_of_the_raw_files_reaches_a_published_file(project, folder):
    names = raw_person_names(project / "data" / "raw" / str(YEAR))
    assert len(names) > 50  # journalists, requesters, technicians, suppliers…
    texts = exported_texts(folder)
    found = []
    lowered = {file: text.lower() for file, text in texts.items()}
    for name in names:
        pattern = re.compile(rf"(?<!\w){re.escape(name.lower())}(?!\w)")
        found += [
            (name, file)
            for file, text in lowered.items()
            if name.lower() in text and pattern.search(text)  # substring first: fast
        ]
    assert found == []


def test_the_names_are_really_in_the_internal_data(project):
    # The search above must be able to fail: the internal data does hold the names.
    names = raw_person_names(project / "data" / "raw" / str(YEAR))
    internal = pd.read_parquet(project / "data" / "processed" / str(YEAR) / "cpd__chamados.parquet")
    assert set(internal["requerente"].str.strip()) & names


def test_internal_data_says_which_columns_are_personal(project):
    path = project / "data" / "processed" / str(YEAR) / "dados_pessoais.json"
    register = json.loads(path.read_text("utf-8"))["arquivos"]
    assert set(register["cpd__chamados.parquet"]) >= {"requerente", "tecnico", "titulo"}
    assert "jornalista" in register["comunicacao__demandas.parquet"]
    assert set(register["procon__atendimentos.parquet"]) >= {
        "cepconsumidor",
        "sexoconsumidor",
        "faixaetariaconsumidor",
    }


def test_consumers_cep_is_generalised_and_dates_lose_the_time(folder):
    at = read(folder, "procon_atendimentos")
    ceps = at["cep_consumidor"]
    assert ceps.str.fullmatch(r"(\d{5}-\*\*\*|\d{3}\*\*-\*\*\*|)").all()
    assert at["data_atendimento"].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
    quasi = ["sexo_consumidor", "faixa_etaria_consumidor", "cep_consumidor"]
    sizes = at[at[PROTECTION_COLUMN] != SUPPRESSED].groupby(quasi).size()
    assert sizes.min() >= 5


def test_unpublished_posts_keep_no_title(folder):
    posts = read(folder, "comunicacao_posts")
    drafts = posts[posts["status"] != "publish"]
    assert (drafts["titulo"] == "").all() and (drafts["link"] == "").all()
    published = posts[posts["status"] == "publish"]
    assert (published["titulo"] != "").all()


# ----------------------------------------------------------------- rules, by hand


def test_year_rows_mark_what_counts_by_the_departments_rule():
    # Hand-written from the rule: signed in the year, not annulled or cancelled.
    conv = pd.DataFrame(
        {
            "ano": pd.array([2024, 2024, 2023, 2024], dtype="Int64"),
            "nr_convenio": ["1", "2", "3", "4"],
            "id_proposta": ["10", "20", "30", "40"],
            "esfera": "federal",
            "data_assinatura": pd.to_datetime(
                ["2024-03-01", "2024-05-01", "2023-12-31", "2024-07-01"]
            ),
            "situacao": ["Em execução", "Convênio Anulado", "Em execução", "Convênio Cancelado"],
            "orgao_concedente": "M",
            "objeto": "O",
            "valor_global": 1.0,
            "valor_repasse": 1.0,
            "valor_contrapartida": 0.0,
            "natureza_juridica": "Administração Pública Municipal",
            "cod_municipio_ibge": "3523107",
            "linha_origem": [2, 3, 4, 5],
        }
    )
    rows = year_rows(conv, datasets.CONVENIOS_FEDERAIS, 2024)
    assert list(rows["nr_convenio"]) == ["1", "2", "4"]
    assert list(rows["conta_no_indicador"]) == [True, False, False]


def test_audiencias_redesignadas_are_present_but_do_not_count():
    aud = pd.DataFrame(
        {
            "ano": pd.array([2024, 2024, 2024], dtype="Int64"),
            "numero": ["1", "2", "3"],
            "processo": ["0001/2024", "0002/2024", "0003/2024"],
            "fornecedor": ["A Ltda.", "B S/A", "C"],
            "situacao": ["Realizada", "Redesignada", "Cancelada"],
            "resultado": ["Acordo", None, None],
            "data": [datetime(2024, 2, 1), datetime(2024, 3, 1), datetime(2024, 4, 1)],
            "linha_origem": [5, 6, 7],
        }
    )
    spec = datasets.AUDIENCIAS
    rows = year_rows(aud, spec, 2024)
    assert list(rows["conta_no_indicador"]) == [True, False, False]
    public = lgpd.publishable(rows, spec)
    assert "fornecedor" not in public.columns and "processo" not in public.columns


def _consumers(rows: list[tuple[str | None, str | None, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["sexo", "faixa", "cep"])


def test_k_anonymity_generalises_then_suppresses():
    rows = (
        # five women 21-30 in 08591: a group of 5 -> CEP with 5 digits
        [("F", "entre 21 a 30 anos", f"859199{i}") for i in range(5)]
        # three + two women 31-40 in 08577 and 08560: groups of 3 and 2 -> together at 085
        + [("F", "entre 31 a 40 anos", "08577-248")] * 3
        + [("F", "entre 31 a 40 anos", "08560-100")] * 2
        # one man over 70: alone even at 3 digits -> suppressed
        + [("M", "mais de 70 anos", "08591-998")]
    )
    out = k_anonymise(_consumers(rows), k=5, quasi=("sexo", "faixa"), cep="cep")
    assert list(out["cep"][:5]) == ["08591-***"] * 5
    assert list(out[PROTECTION_COLUMN][:5]) == [LEVEL_5] * 5
    assert list(out["cep"][5:10]) == ["085**-***"] * 5
    assert list(out[PROTECTION_COLUMN][5:10]) == [LEVEL_3] * 5
    assert out.iloc[10][["sexo", "faixa", "cep"]].isna().all()
    assert out.iloc[10][PROTECTION_COLUMN] == SUPPRESSED


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["F", "M", None]),
            st.sampled_from(["até 20 anos", "entre 21 a 30 anos", "Nao Informada", None]),
            st.sampled_from(["8591998", "08591-100", "08577248", "08560000", "01001000", None]),
        ),
        max_size=60,
    ),
    st.integers(min_value=2, max_value=6),
)
def test_k_anonymity_property(rows, k):
    out = k_anonymise(_consumers(rows), k=k, quasi=("sexo", "faixa"), cep="cep")
    kept = out[out[PROTECTION_COLUMN] != SUPPRESSED]
    sizes = kept.fillna("").groupby(["sexo", "faixa", "cep"]).size()
    assert (sizes >= k).all()
    assert len(out) == len(rows)
    shape = re.compile(r"\d{5}-\*\*\*|\d{3}\*\*-\*\*\*")
    assert all(shape.fullmatch(c) for c in out["cep"].dropna())


# ----------------------------------------------------------------- failures


def test_a_folder_that_cannot_be_written_is_an_environment_fault(project):
    from balanco.config import Settings
    from balanco.errors import EnvironmentFault
    from balanco.pipeline import open_year

    # The year's folder is a file: the open data cannot be written into it.
    (project / "bloqueado" / str(YEAR)).parent.mkdir()
    (project / "bloqueado" / str(YEAR)).write_text("um arquivo onde devia haver uma pasta\n")
    s = Settings(root=project, reports_dir="bloqueado")
    with pytest.raises(EnvironmentFault) as exc:
        publish.export(s, YEAR, data=open_year(s, YEAR))
    assert "não foi possível gravar os dados abertos" in str(exc.value.args[0])
    # The reports' folder itself is a file: not even the year's lock can be made.
    (project / "bloqueado2").write_text("um arquivo onde devia haver uma pasta\n")
    s = Settings(root=project, reports_dir="bloqueado2")
    with pytest.raises(EnvironmentFault) as exc:
        publish.export(s, YEAR, data=open_year(s, YEAR))
    text = str(exc.value)
    assert text.startswith(str(project / "bloqueado2")) and "já existe um arquivo" in text


def test_a_failed_export_leaves_the_previous_one_whole(project, folder, monkeypatch):
    from balanco.config import Settings

    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def broken(*args, **kwargs):
        raise RuntimeError("falha simulada no meio da gravação")

    monkeypatch.setattr(writer, "write_csv", broken)
    with pytest.raises(RuntimeError):
        publish.export(Settings(root=project), YEAR)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in folder.parent.glob(".dados-abertos.*-*")] == []


def test_a_draft_keeps_no_title_or_link_but_is_listed():
    posts = pd.DataFrame(
        {
            "ano": pd.array([2024, 2024], dtype="Int64"),
            "id": [1, 2],
            "data": pd.to_datetime(["2024-05-02 10:00", "2024-05-03 11:00"]),
            "titulo": ["Prefeitura inaugura praça", "Rascunho: nota sobre Fulano"],
            "link": ["https://exemplo.invalid/1", "https://exemplo.invalid/?p=2"],
            "categorias": ["Notícias", "Notícias"],
            "release": [True, True],
            "status": ["publish", "draft"],
            "linha_origem": [1, 2],
            "arquivo_origem": ["wordpress_posts_1.json"] * 2,
        }
    )
    spec = datasets.POSTS
    public = lgpd.publishable(year_rows(posts, spec, 2024), spec)
    assert list(public["titulo"]) == ["Prefeitura inaugura praça", None]
    assert list(public["link"]) == ["https://exemplo.invalid/1", None]
    assert "arquivo_origem" not in public.columns and len(public) == 2


def test_free_text_loses_known_names_and_cabinets_keep_only_the_body():
    # Free text is published only when the municipality opts it in (issue 14): then so.
    spec = opt_in(datasets.OFICIOS, ["oficios.destinatario", "oficios.assunto"])
    reg = pd.DataFrame(
        {
            "ano": pd.array([2024, 2024], dtype="Int64"),
            "numero": ["001/2024", "002/2024"],
            "destinatario": ["Câmara dos Deputados – Gabinete de Isabel da Costa", "Ministério"],
            "assunto": ["Visita de isabel da costa à obra", "Pedido de recursos"],
            "situacao": ["Enviado", "Enviado"],
            "data": pd.to_datetime(["2024-01-04", "2024-01-05"]),
            "linha_origem": [2, 3],
        }
    )
    names = lgpd.known_names({"convenios": {"oficios": reg}})
    assert names == ["Isabel da Costa"]
    public = lgpd.publishable(year_rows(reg, spec, 2024), spec, names=names)
    assert list(public["destinatario"]) == [
        "Câmara dos Deputados – Gabinete de [nome omitido]",
        "Ministério",
    ]
    assert list(public["assunto"]) == ["Visita de [nome omitido] à obra", "Pedido de recursos"]


def test_known_names_are_redacted_whatever_their_case_accents_and_spaces():
    # The journalist is known as typed in the demands sheet; the ofício's subject
    # writes the same name in capitals, without accents, with a double space.
    demandas = pd.DataFrame({"jornalista": ["Pedro Álvares Quixadá"]})
    names = lgpd.known_names({"comunicacao": {"demandas": demandas}})
    assert names == ["Pedro Álvares Quixadá"]
    subjects = pd.Series(
        [
            "Pedido de PEDRO ALVARES QUIXADA",
            "Resposta a pedro  alvares quixadá.",
            "Pedro Álvares Quixadás",  # another word: not this name
        ]
    )
    assert list(lgpd.redact(subjects, names)) == [
        "Pedido de [nome omitido]",
        "Resposta a [nome omitido].",
        "Pedro Álvares Quixadás",
    ]


def test_the_dictionary_contracts_prepositions_with_articles():
    # "em a página" is not Portuguese: "na página".
    (line,) = [c for c in datasets.POSTS.columns if c.name == "linha_origem"]
    assert line.description == "Linha do registro na página da exportação (referência interna)."
    (line,) = [c for c in datasets.OFICIOS.columns if c.name == "linha_origem"]
    assert line.description == "Linha do registro em oficios.csv (referência interna)."


# ----------------------------------------------------------------- the front page


def _kb(path) -> str:
    """A file's size as the front page shows it: bytes / 1000, one decimal place
    (these files are under a megabyte), "kB"."""
    n = path.stat().st_size
    assert n < 999_950
    return f"{n / 1000:.1f}".replace(".", ",") + "\xa0kB"


def test_the_front_page_lists_each_dataset_its_files_and_sizes_and_the_dictionary(folder):
    html = (folder / "index.html").read_text("utf-8")
    assert '<html lang="pt-BR">' in html and "<title>Dados abertos do balanço de 2024" in html
    for tag in ("<header>", "<nav ", '<main id="conteudo">', "<footer>"):
        assert tag in html
    for spec in datasets.DATASETS:
        row = html[html.index(f'<th scope="row">{spec.title}') :].split("</tr>")[0]
        assert f"Origem: {spec.raw_file}" in row
        records = len(read(folder, spec.name))
        assert f'<td class="num">{records:,}</td>'.replace(",", ".") in row
        csv_, parquet = folder / f"{spec.name}.csv", folder / f"{spec.name}.parquet"
        assert f'<a href="{csv_.name}">CSV</a> <span class="num">({_kb(csv_)})</span>' in row
        assert f'<a href="{parquet.name}">Parquet</a> <span class="num">({_kb(parquet)})' in row
    for name in ("dicionario.csv", "dicionario.md", "datapackage.json", "indicadores.json"):
        assert f'<a href="{name}">' in html
    # Every link leads to a file of the folder or to a section of the page.
    for href in re.findall(r'href="([^"]+)"', html):
        if href.startswith("#"):
            assert f'id="{href[1:]}"' in html
        else:
            assert (folder / href).is_file(), href
    assert "nan" not in re.sub(r"<[^>]+>", " ", html).split()


def _processed_sha256(project) -> str:
    """The digest the open data record, from its definition: the SHA-256 of the
    processed indicadores.json without the previous year's hash, the checks'
    findings and the highlights, as compact JSON with sorted keys."""
    payload = json.loads(
        (project / "data" / "processed" / str(YEAR) / "indicadores.json").read_text("utf-8")
    )
    for key in ("hash_dados_ano_anterior", "alertas", "aceites", "destaques"):
        payload.pop(key, None)
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _change_a_figure(indicators_json) -> None:
    """Processed data of other records: one indicator's value differs."""
    payload = json.loads(indicators_json.read_text("utf-8"))
    first = next(i for i in payload["indicadores"] if i["value"] is not None)
    first["value"] += 1
    indicators_json.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def _change_the_alerts_only(indicators_json) -> None:
    """What the open data do not depend on: the previous year's data changed, and
    with it an alert."""
    payload = json.loads(indicators_json.read_text("utf-8"))
    payload["hash_dados_ano_anterior"] = "0" * 64
    payload["alertas"] = [*payload.get("alertas", []), {"id": "variacao_grande"}]
    indicators_json.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def test_the_open_data_say_which_processed_data_they_were_written_from(project, folder):
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert package["sha256_dados_processados"] == _processed_sha256(project)


def test_the_reports_html_links_to_the_front_page_exportar_wrote(project, folder):
    from html_page import page

    # The report's HTML sits in reports/<ano>/ (beside its PDF), like balanco report's,
    # and read the processed data the open data were written from.
    html = page(project / "reports" / str(YEAR), _processed_sha256(project)).read_text("utf-8")
    (href,) = re.findall(r'<a href="([^"]+)">Dados abertos do ano</a>', html)
    target = (project / "reports" / str(YEAR) / href).resolve()
    assert target == (folder / "index.html").resolve() and target.is_file()


def test_a_report_of_other_processed_data_does_not_link_the_open_data(project, tmp_path):
    """A raw file changed after exportar: the report's new figures must not sit
    beside a link to open data holding the old ones."""
    from html_page import page

    year_folder = tmp_path / "reports"
    shutil.copytree(
        project / "reports" / str(YEAR) / "dados-abertos", year_folder / "dados-abertos"
    )
    for digest in ("0" * 64, None):
        html = page(year_folder, digest).read_text("utf-8")
        assert "dados-abertos" not in html and "Dados abertos do ano" not in html


def test_open_data_that_do_not_say_where_they_come_from_are_not_linked(project, tmp_path):
    from html_page import page

    year_folder = tmp_path / "reports"
    copy = year_folder / "dados-abertos"
    shutil.copytree(project / "reports" / str(YEAR) / "dados-abertos", copy)
    package = json.loads((copy / "datapackage.json").read_text("utf-8"))
    del package["sha256_dados_processados"]  # as written before the record existed
    (copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    html = page(year_folder, _processed_sha256(project)).read_text("utf-8")
    assert "Dados abertos do ano" not in html


def test_a_report_is_rebuilt_when_the_open_data_appear_go_or_fall_behind(project, tmp_path):
    from balanco.build.plan import inputs
    from balanco.config import Settings

    with_data = inputs(Settings(root=project), YEAR, "procon", {})
    assert with_data["dados_abertos"] == "sim"
    elsewhere = Settings(root=project, reports_dir=str(tmp_path / "vazio"))
    assert inputs(elsewhere, YEAR, "procon", {})["dados_abertos"] == "não"
    # Same open data, other processed data (a copy of the project whose processed
    # indicators differ by one byte).
    other = tmp_path / "outro"
    shutil.copytree(project / "reports", other / "reports")
    shutil.copytree(project / "data" / "processed", other / "data" / "processed")
    indicators = other / "data" / "processed" / str(YEAR) / "indicadores.json"
    _change_the_alerts_only(indicators)
    assert inputs(Settings(root=other), YEAR, "procon", {})["dados_abertos"] == "sim"
    _change_a_figure(indicators)
    assert inputs(Settings(root=other), YEAR, "procon", {})["dados_abertos"] == "desatualizados"


def test_make_writes_the_open_data_before_the_reports():
    """`make` (its first target, `balanco`) runs exportar, then report: the HTML
    built by report finds the open data and links to them."""
    out = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "YEAR=2024"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    steps = [line for line in out if "bin/balanco " in line]
    assert steps == [
        ".venv/bin/balanco exportar --year 2024",
        ".venv/bin/balanco report --year 2024",
    ]


@pytest.mark.slow
def test_the_front_page_passes_axe_in_chromium(folder, tmp_path):
    from balanco_axe import check_page

    result = check_page(folder / "index.html", tmp_path)
    assert result["serious"] == [], result["serious"]
    assert result["overflow_at_375"] <= 0


def test_the_build_summary_says_when_the_open_data_fall_behind(project, tmp_path, capsys):
    from balanco.cli.builds import _print_stale_open_data
    from balanco.config import Settings

    other = tmp_path / "outro"
    shutil.copytree(project / "reports", other / "reports")
    shutil.copytree(project / "data" / "processed", other / "data" / "processed")
    settings = Settings(root=other)
    _print_stale_open_data(settings, YEAR)
    assert capsys.readouterr().out == ""  # written from this very data: nothing to say
    indicators = other / "data" / "processed" / str(YEAR) / "indicadores.json"
    _change_a_figure(indicators)
    _print_stale_open_data(settings, YEAR)
    out = capsys.readouterr().out
    assert str(other / "reports" / str(YEAR) / FOLDER) in out
    assert "não correspondem aos dados deste relatório" in out
    assert "o HTML não tem link para eles" in out
    assert out.rstrip().endswith(f"balanco exportar --year {YEAR} && balanco report --year {YEAR}")
    _print_stale_open_data(settings, YEAR, label=settings.slug)  # batch --municipios
    out = capsys.readouterr().out
    town = f"--municipio {settings.slug}"
    assert out.rstrip().endswith(
        f"balanco {town} exportar --year {YEAR} && balanco {town} report --year {YEAR}"
    )
    # The options this run was given (another town, other folders) are kept.
    args = argparse.Namespace(municipio="suzano", data_dir="dados x", reports_dir=None)
    _print_stale_open_data(settings, YEAR, args=args)
    out = capsys.readouterr().out
    assert out.rstrip().endswith(
        f"balanco --municipio suzano --data-dir 'dados x' exportar --year {YEAR} && "
        f"balanco --municipio suzano --data-dir 'dados x' report --year {YEAR}"
    )
