"""The column reference and the blank templates come from the departments'
declarations (departments/layout.py, blank_sheets.py): the committed reference
is the generated one, the layouts are the loaders' columns, and a template read
back has the vocabularies as drop-down lists and reads through the real loader."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ROOT

from balanco import blank_sheets, cli
from balanco.departments import DEPARTMENTS, comunicacao, convenios, cpd, layout, procon
from balanco.departments.frames import with_source
from balanco.departments.vocabulary import declared as vocabularies
from balanco.errors import BadInput, ProblemLog
from balanco.io import read_sheet


def test_the_committed_column_reference_is_the_generated_one():
    committed = (ROOT / layout.REFERENCE_FILE).read_text(encoding="utf-8")
    assert committed == layout.reference(DEPARTMENTS), (
        "docs/colunas.md está desatualizado: rode "
        "python -c 'from balanco import blank_sheets; blank_sheets.write_reference()'"
    )


#: The columns each loader requires (the loaders' own constants).
LOADERS = {
    "convenios_federais": convenios.CONVENIO_COLUMNS,
    "propostas_federais": convenios.PROPOSTA_COLUMNS,
    "convenios_estaduais": convenios.STATE_COLUMNS,
    "oficios": convenios.OFICIO_COLUMNS,
    "atendimentos": procon.SINDEC_COLUMNS,
    "audiencias": procon.AUDIENCIA_COLUMNS,
    "fiscalizacoes": procon.FISCALIZACAO_COLUMNS,
    "demandas": comunicacao.DEMAND_COLUMNS,
    "chamados": cpd.REQUIRED,
}


def test_every_source_has_a_layout_with_the_loaders_required_columns():
    layouts = {lay.source: lay for _, lay in layout.declared(DEPARTMENTS)}
    assert set(layouts) == {s.key for d in DEPARTMENTS for s in d.SOURCES}
    for source, required in LOADERS.items():
        assert set(layouts[source].required) == set(required), source
    # Every optional column a loader reads is described too.
    optional = {f.name for f in layouts["atendimentos"].fields if not f.required}
    assert optional == set(procon.SINDEC_OPTIONAL)
    assert {f.name for f in layouts["chamados"].fields if not f.required} == set(cpd.OPTIONAL)


def test_every_vocabulary_is_a_column_of_its_layout():
    fields = {
        (lay.source, f.name): f for _, lay in layout.declared(DEPARTMENTS) for f in lay.fields
    }
    for vocab in vocabularies(DEPARTMENTS):
        field = fields[(vocab.source, vocab.column)]
        assert field.vocabulary is vocab, vocab.column


def test_the_reference_lists_types_and_accepted_values():
    text = layout.reference(DEPARTMENTS)
    assert "## Convênios: convênios estaduais (`convenios_estaduais.xlsx`)" in text
    assert (
        "| `Situação` | valor da lista | sim | `Assinado`, `Em execução`, "
        "`Em prestação de contas`, `Concluído`, `Cancelado` |"
    ) in text
    assert "| `Valor do Repasse` | valor em reais | sim |" in text


# --------------------------------------------------------------------------- templates


def made(tmp_path):
    folder = tmp_path / "modelos"
    written = blank_sheets.write_templates(
        folder, departments=DEPARTMENTS, raw_root=tmp_path / "data" / "raw"
    )
    return folder, written


def test_templates_have_the_vocabularies_as_drop_downs_and_formats(tmp_path):
    from openpyxl import load_workbook

    _, written = made(tmp_path)
    assert sorted(p.name for p in written) == [
        "convenios_estaduais.xlsx",
        "demandas_imprensa.xlsx",
        "procon_audiencias.xlsx",
        "procon_fiscalizacoes.xlsx",
    ]
    wb = load_workbook(tmp_path / "modelos" / "procon_audiencias.xlsx")
    ws = wb["Dados"]
    header = [c.value for c in ws[1]]
    assert header == ["Nº", "Data", "Processo", "Fornecedor", "Situação", "Resultado"]
    lists = {
        str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"
    }
    assert lists == {
        "E2:E1048576": '"Agendada,Realizada,Redesignada,Cancelada"',
        "F2:F1048576": '"Acordo,Sem acordo,Fornecedor ausente,Consumidor ausente"',
    }
    assert all(
        dv.showErrorMessage for dv in ws.data_validations.dataValidation if dv.type == "list"
    )
    assert ws.column_dimensions["B"].number_format == "DD/MM/YYYY"
    state = load_workbook(tmp_path / "modelos" / "convenios_estaduais.xlsx")["Dados"]
    assert state.column_dimensions["E"].number_format == '"R$" #,##0.00'
    (situation,) = [dv for dv in state.data_validations.dataValidation if dv.type == "list"]
    assert situation.formula1 == '"' + ",".join(convenios.SITUACAO_ESTADUAL.values) + '"'


def test_templates_cover_the_whole_column_not_the_first_rows(tmp_path):
    """The 2024 press list has 1,262 rows: row 5,000 (and the sheet's last row,
    1,048,576) has its drop-down and its format like row 2; the header does not."""
    from openpyxl import load_workbook

    made(tmp_path)
    ws = load_workbook(tmp_path / "modelos" / "procon_audiencias.xlsx")["Dados"]
    for row in (2, 502, 5000, 1048576):
        for cell in (f"E{row}", f"F{row}", f"B{row}"):
            assert any(cell in dv.sqref for dv in ws.data_validations.dataValidation), cell
    assert not any("E1" in dv.sqref for dv in ws.data_validations.dataValidation)
    # the format belongs to the column (Excel and LibreOffice apply it to every
    # empty cell of it); the header keeps its own (General) style
    assert ws.column_dimensions["B"].number_format == "DD/MM/YYYY"
    assert ws["B1"].number_format == "General"
    press = load_workbook(tmp_path / "modelos" / "convenios_estaduais.xlsx")["Dados"]
    assert press.column_dimensions["E"].number_format == '"R$" #,##0.00'
    assert any("E5000" in dv.sqref for dv in press.data_validations.dataValidation)


def fill(path, rows):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Dados"]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


def test_a_filled_template_reads_through_the_real_loaders(tmp_path):
    folder, _ = made(tmp_path)
    when = datetime(2024, 3, 5)
    state = fill(
        folder / "convenios_estaduais.xlsx",
        [
            ["001/2024", "Praça", "Secretaria A", when, 1000.0, "Em execução"],
            ["002/2024", "Ponte", "Secretaria B", when, 500.0, "Cancelado"],
        ],
    )
    clean = convenios.clean_state(
        with_source(read_sheet(state, required=convenios.STATE_COLUMNS), state)
    )
    assert len(convenios.state_of_year(clean, 2024)) == 1  # the cancelled one does not count
    hearings = fill(
        folder / "procon_audiencias.xlsx",
        [[1, when, "0001/2024", "Loja", "Realizada", "Acordo"]],
    )
    log = ProblemLog()
    raw = with_source(read_sheet(hearings, required=procon.AUDIENCIA_COLUMNS), hearings)
    assert len(procon.audiencias_of_year(procon.clean_audiencias(raw, log), 2024)) == 1
    inspections = fill(
        folder / "procon_fiscalizacoes.xlsx",
        [[1, when, "Mercado", "Supermercado", "Centro", "Autuado"]],
    )
    raw = with_source(read_sheet(inspections, required=procon.FISCALIZACAO_COLUMNS), inspections)
    assert list(procon.clean_fiscalizacoes(raw, log)["resultado"]) == ["Autuado"]
    demands = fill(
        folder / "demandas_imprensa.xlsx",
        [[1, when, "Diário", "Fulana", "Obras", "Obras", "Respondida", datetime(2024, 3, 6)]],
    )
    raw = with_source(read_sheet(demands, required=comunicacao.DEMAND_COLUMNS), demands)
    answered = comunicacao.answered_of_year(comunicacao.clean_demands(raw, log), 2024)
    assert not log and len(answered) == 1


def test_modelos_never_overwrites_without_force_nor_writes_in_raw(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    (tmp_path / "data" / "raw").mkdir(parents=True)
    assert cli.main(["modelos"]) == 0
    target = tmp_path / "modelos" / "convenios_estaduais.xlsx"
    assert "Modelos gravados em" in capsys.readouterr().out
    target.write_bytes(b"minha planilha")
    assert cli.main(["modelos"]) == 2
    assert "nada foi gravado. Use --force" in capsys.readouterr().err
    assert target.read_bytes() == b"minha planilha"
    assert cli.main(["modelos", "--force"]) == 0
    assert target.read_bytes().startswith(b"PK")  # an .xlsx again
    raw = tmp_path / "data" / "raw" / "2024"
    assert cli.main(["modelos", "--pasta", str(raw)]) == 2
    assert "data/raw" in capsys.readouterr().err and not raw.exists()


def test_writing_templates_into_raw_is_bad_input(tmp_path):
    with pytest.raises(BadInput):
        blank_sheets.write_templates(
            tmp_path / "data" / "raw", departments=DEPARTMENTS, raw_root=tmp_path / "data" / "raw"
        )
