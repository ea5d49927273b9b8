"""CPD (GLPI export) on small hand-written files; expected values worked out by hand."""

from __future__ import annotations

import pytest
from conftest import write

from balanco.config import Settings
from balanco.departments import cpd
from balanco.errors import BadInput

HEADER = (
    '"ID";"Título";"Entidade";"Status";"Data de abertura";"Categoria";"Prioridade";'
    '"Data da solução";"Atribuído - Técnico";\n'
)


def glpi(tmp_path, body: str, *, encoding="utf-8"):
    write(tmp_path / "glpi_chamados.csv", HEADER + body, encoding=encoding, bom=True)
    settings = Settings(root=tmp_path)
    return cpd.clean(cpd.load(tmp_path, settings=settings), year=2024, settings=settings)


BODY = (
    '"2 553";"Criar usuário no PC";"Prefeitura > CPD";"Solucionado";"05-01-2024 14:10";'
    '"Redes > Cabeamento";"Média";"06-01-2024 14:10";"Fulano <br>Beltrano ";\n'
    '"2 554";"Impressora \'\'HP\'\'\nsem tinta";"Prefeitura > Saúde";"Fechado";'
    '"2024-02-01 08:00";"Hardware > Impressora";"Alta";"2024-02-04 08:00";"Beltrano ";\n'
    '"2 555";"Sem rede";"Prefeitura > CPD";"Pendente";"30-12-2023 09:00";"Redes";"Baixa";'
    '"";"";\n'
    '"2 556";"Sem rede";"Prefeitura > CPD";"Novo";"02-01-2025 09:00";"Redes";"Baixa";"";"";\n'
)


def test_glpi_export_quirks_are_read(tmp_path):
    clean = glpi(tmp_path, BODY)["chamados"]
    assert list(clean["id"]) == [2553, 2554, 2555, 2556]
    assert list(clean["linha_origem"]) == [2, 3, 5, 6]  # ticket 2554 spans two lines
    assert clean["titulo"][1] == 'Impressora "HP" sem tinta'
    assert clean["tecnico"][0] == "Fulano; Beltrano"


def test_tickets_counted_by_opening_date(tmp_path):
    clean = glpi(tmp_path, BODY)
    values = {i.key: i.value for i in cpd.summarise(clean, year=2024)}
    assert values["chamados"] == 2
    assert values["chamados_solucionados"] == 2
    assert values["chamados_tempo_mediano"] == 2.0  # median of 1 and 3 days
    by_cat = cpd.breakdowns(clean, year=2024)["por_categoria"]
    assert dict(zip(by_cat["categoria"], by_cat["quantidade"], strict=True)) == {
        "Redes": 1,
        "Hardware": 1,
    }


def test_duplicated_id_bad_status_bad_date(tmp_path):
    body = BODY.replace('"2 554"', '"2 553"').replace('"Pendente"', '"Pendnte"')
    body = body.replace('"02-01-2025 09:00"', '"2025/01/02"')
    with pytest.raises(BadInput) as exc:
        glpi(tmp_path, body)
    found = {(p.line, p.column) for p in exc.value.problems}
    assert found == {(3, "ID"), (5, "Status"), (6, "Data de abertura")}
    assert 'Você quis dizer "Pendente"?' in str(exc.value)


def test_latin1_export_is_refused(tmp_path):
    with pytest.raises(BadInput) as exc:
        glpi(tmp_path, BODY, encoding="latin-1")
    (p,) = exc.value.problems
    # The header's "Título" is the first byte that is not UTF-8 (0xED in latin-1).
    assert p.line == 1 and "0xed" in p.expected and "UTF-8" in p.expected


def test_statuses_and_columns_are_glpi_own_pt_br_strings():
    import json

    from conftest import FIXTURES

    labels = json.loads((FIXTURES / "real" / "glpi_ptbr_labels_10.0.4.json").read_text("utf-8"))
    strings = {s["msgid"]: s["msgstr"] for s in labels["strings"]}
    for english in labels["status_ids"].values():
        assert strings[english] in cpd.STATUSES
    for english in ("Title", "Opening date", "Category", "Status", "Resolution date"):
        assert strings[english] in (*cpd.REQUIRED, *cpd.OPTIONAL)
