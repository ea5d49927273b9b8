"""Convênios on small hand-written files; expected values worked out by hand."""

from __future__ import annotations

import pytest
from conftest import dt, sheet, write

from balanco.config import Settings
from balanco.departments import convenios
from balanco.departments.frames import with_source
from balanco.errors import BadInput
from balanco.io import read_delimited, read_sheet

PROPOSTAS = """\
ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA;DESC_ORGAO_SUP;OBJETO_PROPOSTA;COLUNA_NOVA
1;SP;ITAQUAQUECETUBA;3523107;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;Reforma de UBS;x
2;SP;ITAQUAQUECETUBA;3523107;Organização da Sociedade Civil;MINISTÉRIO DO ESPORTE;Projeto;x
3;SP;ITAQUAQUECETUBA;3523107;Administração Pública Municipal;MINISTÉRIO DAS CIDADES;Vias;x
4;SP;SUZANO;3552502;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;UBS;x
5;SP;Itaquaquecetuba;;Administração Pública Municipal;MINISTÉRIO DO ESPORTE;Quadra;x
6;SP;ITAQUAQUECETUBA;3523107;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;Ambulância;x
"""
CONVENIOS = """\
NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;VL_REPASSE_CONV;VL_CONTRAPARTIDA_CONV
100;1;10/03/2024;Em execução;1100000;1000000;100000
101;2;11/03/2024;Em execução;500000;500000;0
102;3;12/04/2024;Convênio Anulado;300000;300000;0
103;4;13/05/2024;Em execução;700000;700000;0
104;5;14/06/2024;Em execução;250000,50;250000,50;0
105;6;20/12/2023;Em execução;900000;900000;0
"""

STATE_HEADER = [
    "Nº",
    "Objeto",
    "Órgão Concedente",
    "Data de Assinatura",
    "Valor do Repasse",
    "Situação",
]


def state_rows():
    return [
        ["001/2024", "Praça", "Secretaria A", dt("05/02/2024"), 1000.0, "Assinado"],
        ["002/2024", "Escola", "Secretaria B", "15/03/2024", "R$ 2.500,25", "Em execução"],
        ["003/2024", "Ponte", "Secretaria A", dt("01/04/2024"), 999.0, "Cancelado"],
        ["004/2023", "Rua", "Secretaria B", dt("10/11/2023"), 50.0, "Em execução"],
    ]


def federal(tmp_path, convs=CONVENIOS, props=PROPOSTAS):
    settings = Settings(root=tmp_path)
    c = write(tmp_path / "siconv_convenio.csv", convs)
    p = write(tmp_path / "siconv_proposta.csv", props)
    raw_c, raw_p = convenios.load_federal(c, p, settings=settings)
    return convenios.clean_federal(raw_c, raw_p, settings=settings)


def state(tmp_path, rows, total=4549.25):
    all_rows = [*rows, ["TOTAL", None, None, None, total, None]] if total is not None else rows
    path = sheet(tmp_path / "convenios_estaduais.xlsx", STATE_HEADER, all_rows)
    return convenios.clean_state(
        with_source(read_sheet(path, required=convenios.STATE_COLUMNS), path)
    )


def test_federal_keeps_the_city_hall_signed_in_the_year(tmp_path):
    clean = federal(tmp_path)
    counted = convenios.federal_of_year(clean, 2024)
    # 100 (municipal, 2024) and 104 (no IBGE code, found by UF and name);
    # 101 is an NGO, 102 annulled, 103 another town, 105 signed in 2023.
    assert sorted(counted["nr_convenio"]) == ["100", "104"]
    assert counted["valor_repasse"].sum() == pytest.approx(1_250_000.50)


def test_federal_other_town_is_dropped_while_reading(tmp_path):
    clean = federal(tmp_path)
    assert "103" not in set(clean["nr_convenio"])
    assert "101" not in set(clean["nr_convenio"])  # NGO: dropped by legal nature


def test_federal_bad_money_and_date_are_reported_together(tmp_path):
    bad = CONVENIOS.replace("1000000;100000", "1.000.000.00;100000").replace(
        "14/06/2024", "31/06/2024"
    )
    with pytest.raises(BadInput) as exc:
        federal(tmp_path, convs=bad)
    found = {(p.line, p.column, p.value) for p in exc.value.problems}
    assert (2, "VL_REPASSE_CONV", "1.000.000.00") in found
    assert (6, "DIA_ASSIN_CONV", "31/06/2024") in found


def test_federal_negative_value(tmp_path):
    bad = CONVENIOS.replace("250000,50;250000,50", "250000,50;-250000,50")
    with pytest.raises(BadInput) as exc:
        federal(tmp_path, convs=bad)
    (p,) = exc.value.problems
    assert (p.line, p.column) == (6, "VL_REPASSE_CONV")
    assert "negativo" in p.expected


def test_federal_duplicated_convenio_number(tmp_path):
    bad = CONVENIOS.replace("104;5;", "100;5;")
    with pytest.raises(BadInput) as exc:
        federal(tmp_path, convs=bad)
    (p,) = exc.value.problems
    assert (p.line, p.column, p.value) == (6, "NR_CONVENIO", "100")
    assert "linha 2" in p.expected


def test_federal_latin1_dump_is_accepted(tmp_path):
    settings = Settings(root=tmp_path)
    c = write(tmp_path / "c.csv", CONVENIOS, encoding="latin-1")
    p = write(tmp_path / "p.csv", PROPOSTAS, encoding="latin-1")
    clean = convenios.clean_federal(
        *convenios.load_federal(c, p, settings=settings), settings=settings
    )
    assert "MINISTÉRIO DA SAÚDE" in set(clean["orgao_concedente"])


def test_state_counts_signed_in_year_and_not_cancelled(tmp_path):
    clean = state(tmp_path, state_rows())
    counted = convenios.state_of_year(clean, 2024)
    assert sorted(counted["nr_convenio"]) == ["001/2024", "002/2024"]
    assert counted["valor_repasse"].sum() == pytest.approx(3500.25)


def test_state_total_row_must_agree(tmp_path):
    with pytest.raises(BadInput) as exc:
        state(tmp_path, state_rows(), total=4549.00)
    (p,) = exc.value.problems
    assert p.line == 9  # 2 titles + blank + header on 4, rows 5-8, TOTAL on 9
    assert "TOTAL" in p.expected and "4.549,25" in p.expected  # the sum in pt-BR


def test_state_problems_are_all_listed(tmp_path):
    rows = state_rows()
    rows[0][4] = "1.234.56"
    rows[1][3] = "32/01/2024"
    rows[2][4] = -5.0
    rows[3][0] = "001/2024"
    with pytest.raises(BadInput) as exc:
        state(tmp_path, rows, total=None)
    found = {(p.line, p.column) for p in exc.value.problems}
    assert found == {
        (5, "Valor do Repasse"),
        (6, "Data de Assinatura"),
        (7, "Valor do Repasse"),
        (8, "Nº"),
    }
    text = str(exc.value)
    assert 'valor "1.234.56" não é um valor em reais; esperado formato brasileiro' in text
    assert "(4 problemas neste arquivo)" in text


def test_oficios_skip_cancelled_numbers_and_other_years(tmp_path):
    path = write(
        tmp_path / "oficios.csv",
        "Número;Data;Destinatário;Assunto;Situação\n"
        "001/2024;05/01/2024;Ministério;Pedido;Enviado\n"
        "002/2024;06/01/2024;Ministério;Pedido;Cancelado\n"
        "099/2023;28/12/2023;Ministério;Pedido;Enviado\n",
    )
    reg = with_source(read_delimited(path, required=convenios.OFICIO_COLUMNS), path)
    clean = convenios.clean_oficios(reg)
    assert list(convenios.oficios_of_year(clean, 2024)["numero"]) == ["001/2024"]


def test_summarise_total_is_the_unrounded_sum(tmp_path):
    clean = {
        "convenios_federais": federal(tmp_path),
        "convenios_estaduais": state(tmp_path, state_rows()),
        "oficios": convenios.clean_oficios(
            with_source(
                read_delimited(
                    write(tmp_path / "o.csv", "Número;Data;Destinatário;Assunto;Situação\n"),
                    required=convenios.OFICIO_COLUMNS,
                ),
                tmp_path / "o.csv",
            )
        ),
    }
    values = {i.key: i.value for i in convenios.summarise(clean, year=2024)}
    assert values["convenios_federais"] == 2
    assert values["convenios_estaduais"] == 2
    assert values["recursos_captados"] == pytest.approx(1_250_000.50 + 3500.25)
    assert values["oficios"] == 0


def test_federal_of_another_town_only_is_empty_not_a_crash_and_the_check_names_the_towns(
    tmp_path,
):
    # Every proposta is of another municipality: nothing is kept, with the same
    # columns and types as usual, and municipio_ausente names who does appear.
    from balanco.checks import Context
    from balanco.departments.convenios import transferegov

    props = """\
ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA;DESC_ORGAO_SUP;OBJETO_PROPOSTA
7;SP;SUZANO;3552502;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;UBS
8;SP;SUZANO;3552502;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;Praça
9;SP;MOGI DAS CRUZES;3530607;Administração Pública Municipal;MINISTÉRIO DAS CIDADES;Vias
"""
    convs = """\
NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;VL_REPASSE_CONV;VL_CONTRAPARTIDA_CONV
200;7;10/03/2024;Em execução;100;100;0
"""
    clean = federal(tmp_path, convs=convs, props=props)
    assert clean.empty and "nr_convenio" in clean.columns
    settings = Settings(root=tmp_path)
    raw = settings.raw_dir(2024)
    raw.mkdir(parents=True)
    write(raw / "siconv_proposta.csv", props)
    write(raw / "siconv_convenio.csv", convs)
    c = Context(settings, 2024, {"convenios": {"convenios_federais": clean}}, [], None, None, "")
    found = list(transferegov.check_municipality(c))
    assert [f.code for f in found] == ["municipio_ausente"]
    assert "SUZANO/SP (3552502) com 2 propostas e MOGI DAS CRUZES/SP (3530607) com 1 proposta" in (
        found[0].expected
    )


def test_its_municipality_file_keys_follow_only_common_keys_or_its_own():
    """A department's keys are placed after a key every municipality file has, or
    after one of its own: never after another department's (which may be absent)."""
    from balanco.config.keys import COMMON
    from balanco.departments.convenios.settings_keys import SETTINGS

    anchors = {k.key for k in COMMON} | {k.key for k in SETTINGS}
    assert {k.after for k in SETTINGS} <= anchors
