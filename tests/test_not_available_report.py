"""A year whose exports have blank fields and a GLPI view without "Data da
solução", through `balanco report`: the text "nan" reaches no file (Parquet,
indicadores.json, executed notebooks, PDF text), the CEP keeps its leading zero,
and the PDFs say "não disponível" / "não comparável" with the reason. Slow: builds
real PDFs."""

from __future__ import annotations

import json
import re
import shutil

import pyarrow.parquet as pq
import pytest
from conftest import ROOT
from pypdf import PdfReader
from raw_edits import glpi_edit, sindec_edit

from balanco import report
from balanco.config import Settings

pytestmark = pytest.mark.slow

NAN = re.compile(r"\bnan\b")  # the word, case-sensitive ("Nanci", "financeiro" are fine)
REASON = "a exportação do GLPI não tem a coluna Data da solução"


def pdf_text(path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    dest = tmp_path_factory.mktemp("em_branco")
    for folder in ("notebooks", "templates", "docs", "data/published"):
        shutil.copytree(ROOT / folder, dest / folder)
    for year in (2023, 2024):
        shutil.copytree(ROOT / "data" / "raw" / str(year), dest / "data" / "raw" / str(year))
    settings = Settings(root=dest)
    raw = settings.raw_dir(2024)
    glpi_edit(
        raw / "glpi_chamados.csv",
        drop=("Data da solução",),
        blank={"Categoria": 5, "Atribuído - Técnico": 4},
    )
    sindec_edit(raw / "sindec_atendimentos.csv", null_subject_every=3, cep_first="08576000")
    (outcome,) = report.build(settings, [2024], jobs=2, progress=lambda _m: None)
    assert outcome.status == "ok", outcome.errors
    return settings


def test_no_nan_in_parquet_and_cep_is_text(built):
    folder = built.processed_dir(2024)
    files = sorted(folder.glob("*.parquet"))
    assert files
    blanks = {"cpd__chamados.parquet": ("categoria", "tecnico"), "procon__atendimentos.parquet": ()}
    for path in files:
        table = pq.read_table(path)
        for name in table.column_names:
            column = table.column(name)
            if column.type in ("string", "large_string"):
                values = [v for v in column.to_pylist() if v is not None]
                bad = [v for v in values if NAN.search(v) or v == "None"]
                assert not bad, (path.name, name, bad[:3])
        for name in blanks.get(path.name, ()):
            assert table.column(name).null_count > 0, (path.name, name)  # missing, as null
    sindec = pq.read_table(folder / "procon__atendimentos.parquet")
    assert sindec.column("grupoassunto").null_count > 0
    ceps = sindec.column("cepconsumidor")
    assert str(ceps.type) in ("string", "large_string")
    assert ceps.to_pylist()[0] == "08576000"
    # The sample dump writes CEPs as numbers (7 digits): they get their zero back.
    assert all(len(c) == 8 and c.startswith("0") for c in ceps.to_pylist() if c)


def test_no_nan_in_indicators_json_and_the_reason_is_there(built):
    text = (built.processed_dir(2024) / "indicadores.json").read_text(encoding="utf-8")
    assert not NAN.search(text) and "NaN" not in text
    payload = json.loads(text)
    (median,) = [i for i in payload["indicadores"] if i["key"] == "chamados_tempo_mediano"]
    assert median["value"] is None and median["motivo"] == REASON


def test_no_nan_in_executed_notebooks(built):
    folder = built.reports_path(2024) / "notebooks"
    for name in report.NOTEBOOKS:
        nb = json.loads((folder / f"{name}.ipynb").read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                for mime, value in output.get("data", {}).items():
                    if mime.startswith("text/") or mime == "image/svg+xml":
                        shown = "".join(value) if isinstance(value, list) else value
                        assert not NAN.search(shown), (name, mime, NAN.search(shown))


def test_pdfs_say_not_available_and_never_nan(built):
    out = built.reports_path(2024)
    for name in report.NOTEBOOKS:
        text = pdf_text(out / f"{name}-2024.pdf")
        assert not NAN.search(text), name
    cpd = pdf_text(out / "cpd-2024.pdf")
    assert "Tempo mediano de solução" in cpd
    assert "não disponível" in cpd
    assert "não comparável" in cpd  # against 2023, which had the column
    assert REASON in cpd
    assert "0,0 dias" not in cpd
    assert "Tempo de solução dos chamados: gráfico não disponível." in cpd
    assert "Sem categoria" in cpd  # blank categories, on the chart of categories
