"""Exploration as a first-class path (issue 10, deliverable 4): public Portuguese
accessors, paths from the project root wherever the kernel starts, and
notebooks/explorar.ipynb (thin, not exported, executed by papermill)."""

from __future__ import annotations

import ast
import inspect
import json
import shutil

import pytest
from conftest import ROOT

from balanco import report
from balanco.explorar import Ano, NaoExiste, abrir_ano

YEAR = 2024
NOTEBOOK = ROOT / "notebooks" / "explorar.ipynb"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("projeto")
    shutil.copytree(ROOT / "data" / "raw" / str(YEAR), root / "data" / "raw" / str(YEAR))
    (root / "notebooks" / "estudos" / "2024").mkdir(parents=True)
    return root


@pytest.fixture(scope="module")
def dados(project):
    return abrir_ano(YEAR, raiz=project)


@pytest.mark.parametrize("start", [".", "notebooks", "notebooks/estudos/2024"])
def test_paths_are_resolved_from_the_project_root_wherever_the_kernel_starts(
    project, monkeypatch, start
):
    monkeypatch.delenv("BALANCO_ROOT", raising=False)
    monkeypatch.chdir(project / start)
    dados = abrir_ano(YEAR)
    assert dados.pastas["brutos"] == project / "data" / "raw" / str(YEAR)
    assert dados.pastas["processados"] == project / "data" / "processed" / str(YEAR)


def test_rows_are_only_the_years_with_what_counts(dados):
    # decisions: 1.783 CIPs + 1.194 preliminares are the year's Sindec atendimentos;
    # issue 10: December 2024 has 268 (293 when the previous December leaks in).
    at = dados.linhas("procon", "atendimentos")
    assert len(at) == 1783 + 1194
    assert (at["ano"] == YEAR).all() and at["conta_no_indicador"].all()
    assert (at["data_atendimento"].dt.month == 12).sum() == 268
    assert "grupo_assunto" in at.columns and "grupoassunto" not in at.columns
    aud = dados.linhas("procon", "audiencias")
    assert aud["conta_no_indicador"].sum() == 311
    assert set(aud.loc[~aud["conta_no_indicador"], "situacao"]) == {"Redesignada", "Cancelada"}


def test_rows_are_a_copy(dados):
    first = dados.linhas("cpd", "chamados")
    first["status"] = "mudado"
    assert (dados.linhas("cpd", "chamados")["status"] != "mudado").all()


def test_each_breakdown_table_is_reachable(dados):
    months = dados.tabela("procon", "por_mes")
    assert list(months["mes"]) == list(range(1, 13))
    assert months.loc[months["mes"] == 12, "quantidade"].item() == 268
    for dept in dados.departamentos:
        for name in dados.nomes_tabelas(dept):
            assert len(dados.tabela(dept, name).columns) >= 2


def test_indicators_as_a_dataframe_with_portuguese_columns(dados):
    ind = dados.indicadores()
    assert ind.index.name == "chave"
    assert list(ind.columns) == [
        "departamento",
        "rotulo",
        "definicao",
        "unidade",
        "valor",
        "motivo",
        "fontes",
    ]
    assert ind.loc["procon_atendimentos", "valor"] == 3303
    assert ind.loc["chamados", "valor"] == 1385


def test_open_data_view_has_no_names(dados):
    internal = dados.linhas("comunicacao", "demandas")
    public = dados.dados_abertos("comunicacao", "demandas")
    assert "jornalista" in internal.columns and "jornalista" not in public.columns


def test_unknown_names_say_what_exists(dados):
    with pytest.raises(NaoExiste) as exc:
        dados.linhas("procon", "atendimento")
    assert str(exc.value) == (
        "conjunto 'atendimento' não existe; existentes: atendimentos, audiencias, "
        'fiscalizacoes. Você quis dizer "atendimentos"?'
    )
    with pytest.raises(NaoExiste):
        dados.tabela("cpd", "por_dia")


def test_repr_is_short_and_lists_what_is_available(dados):
    text = repr(dados)
    assert len(text.splitlines()) <= 15 and len(text) < 1200
    assert 'linhas("procon", "atendimentos")' in text
    assert "procon: atendimentos, audiencias, fiscalizacoes" in text
    assert "indicadores()" in text


def test_public_accessors_have_portuguese_docstrings():
    for name in ("linhas", "tabela", "indicadores", "dados_abertos", "conjuntos"):
        doc = inspect.getdoc(getattr(Ano, name))
        assert doc and any(w in doc for w in (" do ", " da ", " os ", " as ", " que ")), name
    assert "Abre os dados" in inspect.getdoc(abrir_ano)


# ----------------------------------------------------------------- the notebook


def _cells():
    return json.loads(NOTEBOOK.read_text("utf-8"))["cells"]


def test_explorar_is_not_built_as_a_report():
    assert "explorar" not in report.NOTEBOOKS


def test_explorar_is_thin_and_committed_without_outputs():
    cells = _cells()
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    tagged = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    source = "\n".join("".join(c["source"]) for c in code)
    for node in ast.walk(ast.parse(source)):
        assert not isinstance(node, ast.FunctionDef | ast.Lambda | ast.ClassDef | ast.Import)
        if isinstance(node, ast.ImportFrom):
            assert node.module.startswith("balanco")
    for banned in ("read_csv", "read_parquet", "sys.path", "Path(", "open(", "os.path"):
        assert banned not in source
    # three questions, one or two cells each, under their headings
    headings = ["".join(c["source"]).splitlines()[0] for c in cells if c["cell_type"] == "markdown"]
    assert "## Atendimentos do Procon por mês" in headings
    assert "## Chamados do CPD por categoria" in headings
    assert "## Convênios federais por órgão, com valores" in headings


@pytest.mark.slow
def test_explorar_runs_with_papermill_from_the_notebooks_folder(tmp_path):
    import papermill

    out = tmp_path / "explorar.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"year": YEAR},
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
    )
    executed = json.loads(out.read_text("utf-8"))
    texts = []
    for cell in executed["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error"
            texts.append("".join(output.get("data", {}).get("text/plain", "")))
    joined = "\n".join(texts)
    assert "Balanço 2024" in joined
    assert "MINISTÉRIO DAS CIDADES" in joined  # convênios federais by body
    assert "Hardware > Computador" in joined  # chamados by category


@pytest.mark.slow
def test_explorar_takes_the_municipality_like_the_api(tmp_path, monkeypatch, caplog):
    # issue 14: `papermill notebooks/explorar.ipynb out.ipynb -p municipio suzano -p year
    # 2024` warned "Passed unknown parameter" and showed the default town's data.
    import logging

    import papermill

    shutil.copytree(ROOT / "municipios", tmp_path / "municipios")
    shutil.copytree(
        ROOT / "data" / "municipios" / "suzano" / "raw",
        tmp_path / "data" / "municipios" / "suzano" / "raw",
    )
    (tmp_path / "data" / "raw").mkdir(parents=True)  # the project root marker
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    out = tmp_path / "explorar.ipynb"
    with caplog.at_level(logging.WARNING, logger="papermill"):
        papermill.execute_notebook(
            str(NOTEBOOK),
            str(out),
            parameters={"municipio": "suzano", "year": YEAR},
            cwd=str(tmp_path),
            progress_bar=False,
        )
    assert "unknown parameter" not in caplog.text
    texts = []
    for cell in json.loads(out.read_text("utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error"
            texts.append("".join(output.get("data", {}).get("text/plain", "")))
    joined = "\n".join(texts)
    assert "Balanço 2024 de Suzano (dados fictícios de demonstração)" in joined
    assert "Itaquaquecetuba" not in joined
    # Suzano's processed data, none of the default town's.
    assert (tmp_path / "data" / "municipios" / "suzano" / "processed" / "2024").is_dir()
    assert not (tmp_path / "data" / "processed").exists()
