"""One text per definition: the definitions come from the departments' code, the
methodology printed in every PDF is generic, and the synthetic-data notes appear
only where the year's files are synthetic."""

from __future__ import annotations

import re

from conftest import ROOT

from balanco import highlights
from balanco.config import Settings
from balanco.departments.base import COUNT, Indicator
from balanco.notebook import Report
from balanco.pipeline import YearData

DOC = (ROOT / "docs" / "metodologia.md").read_text(encoding="utf-8")


def test_methodology_file_is_generic():
    assert "Itaquaquecetuba" not in DOC and "3523107" not in DOC
    assert not re.search(r"\b(19|20)\d\d\b", DOC), "no year in the generic methodology"
    assert not re.search(r"\d\.\d{3}|R\$\s*\d", DOC), "no figure in the generic methodology"
    assert "sintétic" not in DOC.lower()
    # The old text that contradicted the code on the Procon total is gone.
    assert "soma das quatro partes" not in DOC


def year_data(sources=(), indicators=()) -> YearData:
    return YearData(
        2030,
        {i.key: i for i in indicators},
        {},
        highlights.Highlights(),
        list(sources),
        any(s.get("sintetico") for s in sources),
        "0" * 64,
    )


def report(settings: Settings, data: YearData) -> Report:
    return Report(data, data.year, settings.municipality, None, {"year": 2030}, settings)


def test_methodology_takes_municipality_from_settings_and_definitions_from_code():
    settings = Settings(
        root=ROOT,
        municipality="Suzano",
        ibge_code="3552502",
        name_variants=("Susano",),
        release_categories=("Imprensa",),
    )
    one = Indicator("x", "procon", "Rótulo do teste", "Texto único da definição", COUNT, 1)
    text = report(settings, year_data(indicators=[one])).methodology().text
    assert "Prefeitura Municipal de Suzano (SP), código IBGE 3552502" in text
    assert "Susano" in text and '"Imprensa"' in text
    assert text.count("texto único da definição") == 1  # lower-case after "Rótulo:"
    assert "<!-- definicoes" not in text
    assert "Itaquaquecetuba" not in text


def test_definitions_say_what_the_rules_do():
    from balanco.pipeline import compute

    settings = Settings(root=ROOT)
    _, indicators, _ = compute(settings, 2024)
    d = {i.key: i.definition for i in indicators}
    assert "anulados ou cancelados" in d["convenios_federais"]
    assert "assinatura" in d["convenios_federais"] and "variantes" in d["convenios_federais"]
    assert "qualquer tipo" in d["procon_atendimentos"]
    assert "fiscalizações" in d["procon_atendimentos"]
    assert "Data de abertura" in d["chamados"] and "nunca pela data de solução" in d["chamados"]
    assert "rascunhos" in d["releases"]


SYNTH = {"arquivo": "a.csv", "departamento": "procon", "sistema": "S", "sha256": "1" * 64}


def test_synthetic_notes_only_where_files_are_synthetic():
    settings = Settings(root=ROOT)
    real = year_data([{**SYNTH, "sintetico": False}])
    mixed = year_data([{**SYNTH, "sintetico": True}, {**SYNTH, "arquivo": "b.csv"}])

    table = report(settings, real).sources()
    assert table.note is None and table.rows[0][2] == "real"
    colophon = report(settings, real).colophon().markdown.replace("\\", "")
    assert "sintétic" not in colophon
    assert "Todos os arquivos de origem são reais" in colophon
    assert "Município (configuração): Itaquaquecetuba (SP), código IBGE 3523107" in colophon

    table = report(settings, mixed).sources()
    assert [r[2] for r in table.rows] == ["sintéticos", "real"]
    assert "Sintéticos" in table.note
    colophon = report(settings, mixed).colophon().markdown.replace("\\", "")
    assert "a.csv" in colophon and "b.csv" in colophon
    assert colophon.index("a.csv") < colophon.index("Arquivos reais") < colophon.index("b.csv")
