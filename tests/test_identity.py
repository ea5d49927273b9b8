"""The municipality is identified by settings (IBGE code, name variants), never by
a cover string; the settings that change a rule are part of the processed data's
fingerprint; a notebook parameter cannot make the cover disagree with the data."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT, write

from balanco import formatting
from balanco.config import ROOT_ENV, Settings
from balanco.departments import convenios
from balanco.errors import BadInput
from balanco.fingerprint import processed_is_current
from balanco.notebook import open_report
from balanco.pipeline import prepare

# Propostas without COD_MUNIC_IBGE are matched by UF and name; "Itaquá" is a
# spelling that only counts when configured as a name variant.
PROPOSTAS = """\
ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA;DESC_ORGAO_SUP;OBJETO_PROPOSTA
1;SP;ITAQUAQUECETUBA;3523107;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;UBS
2;SP;Itaquá;;Administração Pública Municipal;MINISTÉRIO DO ESPORTE;Quadra
3;SP;itaquaquecetuba;;Administração Pública Municipal;MINISTÉRIO DAS CIDADES;Vias
4;RJ;Itaquaquecetuba;;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;UBS
5;SP;Suzano;;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;UBS
6;SP;Itaquá;3552502;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;UBS
"""
CONVENIOS = """\
NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;VL_REPASSE_CONV;VL_CONTRAPARTIDA_CONV
101;1;10/03/2024;Em execução;100;100;0
102;2;10/03/2024;Em execução;200;200;0
103;3;10/03/2024;Em execução;300;300;0
104;4;10/03/2024;Em execução;400;400;0
105;5;10/03/2024;Em execução;500;500;0
106;6;10/03/2024;Em execução;600;600;0
"""


def federal_numbers(tmp_path, settings: Settings) -> list[str]:
    c = write(tmp_path / "siconv_convenio.csv", CONVENIOS)
    p = write(tmp_path / "siconv_proposta.csv", PROPOSTAS)
    clean = convenios.clean_federal(
        *convenios.load_federal(c, p, settings=settings), settings=settings
    )
    return sorted(clean["nr_convenio"])


def test_name_fallback_uses_the_configured_name_and_only_configured_variants(tmp_path):
    # 101 by IBGE code; 103 by UF + official name (case aside); 104 is another UF,
    # 105 another name, 106 carries another municipality's code.
    assert federal_numbers(tmp_path, Settings(root=tmp_path)) == ["101", "103"]
    with_variant = Settings(root=tmp_path, name_variants=("Itaquá",))
    assert federal_numbers(tmp_path, with_variant) == ["101", "102", "103"]


def test_cleaning_hash_covers_rule_settings_only(tmp_path):
    base = Settings(root=tmp_path)
    assert base.cleaning_hash() == Settings(root=tmp_path).cleaning_hash()
    for change in (
        {"name_variants": ("Itaquá",)},
        {"ibge_code": "3552502"},
        {"municipality": "Itaquaquecetuba (SP)"},
        {"uf": "RJ"},
        {"release_categories": ("Notícias", "Saúde")},
    ):
        assert base.with_(**change).cleaning_hash() != base.cleaning_hash(), change
    # Where files go does not change which records count.
    assert base.with_(reports_dir="outros").cleaning_hash() == base.cleaning_hash()
    assert base.with_(secretariat="Outra").cleaning_hash() == base.cleaning_hash()


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data" / "raw" / "2024", tmp_path / "data" / "raw" / "2024")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))
    return tmp_path


def test_processed_data_is_stale_when_a_rule_setting_changes(project):
    settings = Settings(root=project)
    prepare(settings, 2024)
    assert processed_is_current(settings, 2024)
    assert not processed_is_current(settings.with_(name_variants=("Itaquá",)), 2024)
    assert not processed_is_current(settings.with_(ibge_code="3552502"), 2024)
    payload = json.loads((settings.processed_dir(2024) / "indicadores.json").read_text("utf-8"))
    assert payload["hash_configuracao"] == settings.cleaning_hash()
    assert payload["codigo_ibge"] == "3523107"


def federal_figures(report) -> tuple[int, str]:
    ind = report.data.indicators
    return (
        ind["convenios_federais"].value,
        formatting.plain_spaces(formatting.money_millions(ind["convenios_federais_valor"].value)),
    )


def test_figures_do_not_depend_on_whether_processed_data_existed(project):
    # Published: 22 convênios federais, R$ 97,3 milhões.
    args = {"year": 2024, "data_dir": "data", "reports_dir": "reports"}
    fresh = open_report(**args)
    assert not fresh.previous  # no 2023 in this copy
    assert federal_figures(fresh) == (22, "R$ 97,3 milhões")
    again = open_report(**args)  # now read back from data/processed
    assert federal_figures(again) == (22, "R$ 97,3 milhões")
    # Processed data built under another setting (the old cover string that used
    # to reach the name fallback gave 21 / R$ 94,2 milhões) is rebuilt, not reused.
    prepare(Settings(root=project, municipality="Itaquaquecetuba (SP)"), 2024)
    assert federal_figures(open_report(**args)) == (22, "R$ 97,3 milhões")
    assert fresh.municipality == "Itaquaquecetuba"


def test_open_report_refuses_another_municipality(project):
    with pytest.raises(BadInput) as exc:
        open_report(year=2024, data_dir="data", reports_dir="reports", municipality="Suzano")
    text = exc.value.render()
    assert 'valor "Suzano"' in text and "código IBGE 3523107" in text
    assert not (project / "data" / "processed" / "2024").exists()  # nothing built
    same = open_report(
        year=2024, data_dir="data", reports_dir="reports", municipality="Itaquaquecetuba"
    )
    assert same.municipality == "Itaquaquecetuba"


def test_cover_uses_the_settings_uf(project):
    report = open_report(year=2024, data_dir="data", reports_dir="reports")
    report.settings = report.settings.with_(uf="XX")
    latex = report.cover().latex
    assert "Itaquaquecetuba (XX)" in latex and "(SP)" not in latex


@pytest.mark.slow
def test_papermill_cannot_put_another_municipality_on_the_cover(tmp_path):
    import papermill as pm

    for folder in ("notebooks", "templates", "docs", "data/published", "data/raw/2024"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    nb = tmp_path / "notebooks" / "convenios.ipynb"
    out = tmp_path / "suzano.ipynb"
    with pytest.raises(pm.PapermillExecutionError) as exc:
        pm.execute_notebook(
            str(nb),
            str(out),
            parameters={"municipality": "Suzano"},
            cwd=str(tmp_path / "notebooks"),
            kernel_name="python3",
            progress_bar=False,
        )
    assert "não de um parâmetro do notebook" in str(exc.value)
    assert "Prefeitura Municipal de Suzano" not in out.read_text("utf-8")

    ok = tmp_path / "itaqua.ipynb"
    pm.execute_notebook(
        str(nb),
        str(ok),
        cwd=str(tmp_path / "notebooks"),
        kernel_name="python3",
        progress_bar=False,
    )
    text = ok.read_text("utf-8")
    assert "Prefeitura Municipal de Itaquaquecetuba" in text
    assert "Suzano" not in text
