"""Every exclusion and counting rule, pinned by small hand-written exports.

Each fixture below is written from the definitions (docs/metodologia.md and the
decisions of issue 7), not from generated data, and each expected value is
worked out by hand in the comment beside it. The files go through the whole
department path (``load`` -> ``clean`` -> ``summarise``/``breakdowns``), so a
rule broken anywhere on that path changes a figure here.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import dt, sheet, write

from balanco.config import Settings
from balanco.departments import comunicacao, convenios, cpd, procon
from balanco.departments.frames import reason_unavailable
from balanco.errors import BadInput


def run(department, raw_dir, *, year=2024):
    """Load and clean ``raw_dir``; return (clean frames, figures by key)."""
    settings = Settings(root=raw_dir)
    clean = department.clean(
        department.load(raw_dir, settings=settings), year=year, settings=settings
    )
    figures = {i.key: i.value for i in department.summarise(clean, year=year)}
    return clean, figures


# --------------------------------------------------------------------------- convênios

PROPOSTA_HEADER = (
    "ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;COD_ORGAO_SUP;DESC_ORGAO_SUP;"
    "NATUREZA_JURIDICA;NR_PROPOSTA;DIA_PROP;MES_PROP;ANO_PROP;DIA_PROPOSTA;OBJETO_PROPOSTA"
)
CONVENIO_HEADER = (
    "NR_CONVENIO;ID_PROPOSTA;DIA;MES;ANO;DIA_ASSIN_CONV;SIT_CONVENIO;SUBSITUACAO_CONV;"
    "VL_GLOBAL_CONV;VL_REPASSE_CONV;VL_CONTRAPARTIDA_CONV"
)
CITY_HALL = "Administração Pública Municipal"
NGO = "Organização da Sociedade Civil"

#: (proposta id, UF, município, código IBGE, natureza jurídica, data da proposta,
#:  nº do convênio, assinatura, situação, valor global, repasse, contrapartida)
FEDERAL = [
    # counts: the city hall's, proposed in 2023 but signed in 2024 (signature year rules)
    ("11", "SP", "ITAQUAQUECETUBA", "3523107", CITY_HALL, "20/11/2023",
     "201", "15/01/2024", "Em execução", "110000", "100000,00", "10000"),
    # proposed in 2024, signed in 2025: counts in 2025, not in 2024
    ("12", "SP", "ITAQUAQUECETUBA", "3523107", CITY_HALL, "10/05/2024",
     "202", "10/01/2025", "Em execução", "7000", "7000", "0"),
    # annulled and cancelled: never count
    ("13", "SP", "ITAQUAQUECETUBA", "3523107", CITY_HALL, "01/02/2024",
     "203", "01/03/2024", "Convênio Anulado", "50000", "50000", "0"),
    ("14", "SP", "ITAQUAQUECETUBA", "3523107", CITY_HALL, "01/02/2024",
     "204", "02/03/2024", "Convênio Cancelado", "60000", "60000", "0"),
    # a proposta of another municipality (Suzano)
    ("15", "SP", "SUZANO", "3552502", CITY_HALL, "01/02/2024",
     "205", "03/03/2024", "Em execução", "70000", "70000", "0"),
    # an NGO located in the town
    ("16", "SP", "ITAQUAQUECETUBA", "3523107", NGO, "01/02/2024",
     "206", "04/03/2024", "Em execução", "80000", "80000", "0"),
    # no IBGE code: found by UF and name (case aside)
    ("17", "SP", "Itaquaquecetuba", "", CITY_HALL, "01/02/2024",
     "207", "05/03/2024", "Em execução", "20000,50", "20000,50", "0"),
    # no IBGE code, same name, another UF: not the municipality
    ("18", "MG", "ITAQUAQUECETUBA", "", CITY_HALL, "01/02/2024",
     "208", "06/03/2024", "Em execução", "90000", "90000", "0"),
    # the town's name but another municipality's code: the code decides
    ("19", "SP", "ITAQUAQUECETUBA", "3552502", CITY_HALL, "01/02/2024",
     "209", "07/03/2024", "Em execução", "40000", "40000", "0"),
    # last day of the year; the value is the repasse (3000), not the global value (5000)
    ("20", "SP", "ITAQUAQUECETUBA", "3523107", CITY_HALL, "01/02/2024",
     "210", "31/12/2024", "Prestação de Contas Aprovada", "5000", "3000", "2000"),
    # signed on the last day of the previous year
    ("21", "SP", "ITAQUAQUECETUBA", "3523107", CITY_HALL, "01/02/2023",
     "211", "31/12/2023", "Em execução", "30000", "30000", "0"),
    # not signed (no DIA_ASSIN_CONV): counts in no year
    ("22", "SP", "ITAQUAQUECETUBA", "3523107", CITY_HALL, "01/02/2024",
     "212", "", "Em execução", "10000", "10000", "0"),
]  # fmt: skip

STATE_HEADER = list(convenios.STATE_COLUMNS)
STATE = [
    ["E1", "Praça", "Secretaria A", dt("05/02/2024"), 1000.0, "Assinado"],  # counts
    ["E2", "Escola", "Secretaria B", dt("10/03/2024"), 2000.0, "Cancelado"],  # cancelled
    ["E3", "Ponte", "Secretaria A", dt("20/12/2023"), 4000.0, "Em execução"],  # 2023
    ["E4", "Rua", "Secretaria B", dt("02/01/2025"), 8000.0, "Em execução"],  # 2025
    ["E5", "Creche", "Secretaria C", "31/12/2024", "R$ 500,25", "Concluído"],  # counts
    ["E6", "Quadra", "Secretaria C", dt("15/06/2024"), 300.0, "CANCELADO"],  # cancelled
]
STATE_TOTAL = 1000 + 2000 + 4000 + 8000 + 500.25 + 300

OFICIOS = (
    "Número;Data;Destinatário;Assunto;Situação\n"
    "001/2024;05/01/2024;Ministério da Saúde;Pedido de recursos;Enviado\n"  # counts
    "002/2024;06/01/2024;Ministério da Saúde;Pedido de recursos;Cancelado\n"  # cancelled
    "003/2024;31/12/2024;Secretaria Estadual;Parceria;Respondido\n"  # counts
    "099/2023;28/12/2023;Ministério das Cidades;Pedido;Enviado\n"  # 2023
    "001/2025;02/01/2025;Ministério das Cidades;Pedido;Enviado\n"  # 2025
)


def convenios_dir(tmp_path, federal=FEDERAL):
    props = [PROPOSTA_HEADER]
    convs = [CONVENIO_HEADER]
    for pid, uf, town, code, nature, proposed, nr, signed, sit, glob, rep, cp in federal:
        d, m, y = proposed.split("/")
        props.append(
            f"{pid};{uf};{town};{code};36000;MINISTÉRIO DA SAÚDE;{nature};{pid}/{y};"
            f"{d};{m};{y};{proposed};Objeto {pid}"
        )
        convs.append(f"{nr};{pid};{d};{m};{y};{signed};{sit};;{glob};{rep};{cp}")
    write(tmp_path / "siconv_proposta.csv", "\n".join(props) + "\n")
    write(tmp_path / "siconv_convenio.csv", "\n".join(convs) + "\n")
    sheet(
        tmp_path / "convenios_estaduais.xlsx",
        STATE_HEADER,
        [*STATE, ["TOTAL", None, None, None, STATE_TOTAL, None]],
    )
    write(tmp_path / "oficios.csv", OFICIOS)
    return tmp_path


def test_federal_convenios_counted_by_the_rules(tmp_path):
    clean, figures = run(convenios, convenios_dir(tmp_path))
    counted = convenios.federal_of_year(clean["convenios_federais"], 2024)
    # 201 (signed 2024, proposed 2023), 207 (name fallback), 210 (31/12/2024).
    assert sorted(counted["nr_convenio"]) == ["201", "207", "210"]
    assert figures["convenios_federais"] == 3
    # 100.000,00 + 20.000,50 + 3.000 (repasse, not the global 5.000)
    assert figures["convenios_federais_valor"] == pytest.approx(123_000.50)


def test_federal_convenio_counts_in_the_year_of_signature(tmp_path):
    clean, figures = run(convenios, convenios_dir(tmp_path), year=2025)
    assert figures["convenios_federais"] == 1  # 202, proposed in 2024
    assert figures["convenios_federais_valor"] == pytest.approx(7000)
    _, figures_2023 = run(convenios, tmp_path, year=2023)
    assert figures_2023["convenios_federais"] == 1  # 211 only: 201 was proposed in 2023
    assert figures_2023["convenios_federais_valor"] == pytest.approx(30000)


@pytest.mark.parametrize(
    ("situation", "counts"),
    [
        ("Convênio Anulado", False),
        ("Convênio Cancelado", False),
        ("CONVENIO CANCELADO", False),  # a dump without accents, in capitals
        ("Em execução", True),
        ("Aguardando Prestação de Contas", True),
        ("Prestação de Contas Aprovada", True),
        ("Convênio Rescindido", True),  # rescinded after signature: it was celebrated
    ],
)
def test_federal_situation(tmp_path, situation, counts):
    row = (*FEDERAL[0][:8], situation, *FEDERAL[0][9:])
    _, figures = run(convenios, convenios_dir(tmp_path, [row]))
    assert figures["convenios_federais"] == (1 if counts else 0)
    assert figures["convenios_federais_valor"] == pytest.approx(100_000 if counts else 0)


def test_federal_propostas_that_are_not_the_city_hall_never_reach_the_data(tmp_path):
    clean, _ = run(convenios, convenios_dir(tmp_path))
    # 205 (Suzano), 206 (NGO), 208 (same name in MG), 209 (Suzano's code) are gone.
    assert {"205", "206", "208", "209"}.isdisjoint(clean["convenios_federais"]["nr_convenio"])
    assert set(clean["convenios_federais"]["nr_convenio"]) == {
        "201",
        "202",
        "203",
        "204",
        "207",
        "210",
        "211",
        "212",
    }


def test_federal_name_fallback_needs_the_uf_and_the_name(tmp_path):
    base = FEDERAL[6]  # no IBGE code, SP, "Itaquaquecetuba"
    rows = [
        base,
        ("31", "SP", "  itaquaquecetuba ", "", CITY_HALL, "01/02/2024",
         "301", "05/03/2024", "Em execução", "1", "1", "0"),
        ("32", "sp", "ITAQUAQUECETUBA", "", CITY_HALL, "01/02/2024",
         "302", "05/03/2024", "Em execução", "2", "2", "0"),
        ("33", "SP", "ITAQUAQUECETUBA-SP", "", CITY_HALL, "01/02/2024",
         "303", "05/03/2024", "Em execução", "4", "4", "0"),
        ("34", "RJ", "Itaquaquecetuba", "", CITY_HALL, "01/02/2024",
         "304", "05/03/2024", "Em execução", "8", "8", "0"),
    ]  # fmt: skip
    clean, figures = run(convenios, convenios_dir(tmp_path, rows))
    # 207, 301 (spaces, lower case) and 302 (UF in lower case) are the town;
    # 303 is another spelling and 304 another UF.
    assert sorted(clean["convenios_federais"]["nr_convenio"]) == ["207", "301", "302"]
    assert figures["convenios_federais_valor"] == pytest.approx(20_000.50 + 1 + 2)


def test_state_convenios_counted_by_the_rules(tmp_path):
    clean, figures = run(convenios, convenios_dir(tmp_path))
    counted = convenios.state_of_year(clean["convenios_estaduais"], 2024)
    assert sorted(counted["nr_convenio"]) == ["E1", "E5"]
    assert figures["convenios_estaduais"] == 2
    assert figures["convenios_estaduais_valor"] == pytest.approx(1500.25)  # 1.000 + 500,25
    # federal 123.000,50 + state 1.500,25
    assert figures["recursos_captados"] == pytest.approx(124_500.75)


def test_oficios_counted_by_the_rules(tmp_path):
    clean, figures = run(convenios, convenios_dir(tmp_path))
    assert figures["oficios"] == 2  # 001/2024 and 003/2024; 002/2024 was cancelled
    counted = convenios.oficios_of_year(clean["oficios"], 2024)
    assert sorted(counted["numero"]) == ["001/2024", "003/2024"]
    _, figures_2025 = run(convenios, tmp_path, year=2025)
    assert figures_2025["oficios"] == 1
    assert figures_2025["convenios_estaduais"] == 1  # E4


def test_convenios_breakdowns_hold_only_what_counts(tmp_path):
    clean, _ = run(convenios, convenios_dir(tmp_path))
    tables = convenios.breakdowns(clean, year=2024)
    assert sorted(tables["lista"]["nr_convenio"]) == ["201", "207", "210", "E1", "E5"]
    by_month = tables["por_mes"].set_index("mes")
    assert by_month.loc[1, "federal"] == pytest.approx(100_000)  # 201
    assert by_month.loc[3, "federal"] == pytest.approx(20_000.50)  # 207
    assert by_month.loc[12, "federal"] == pytest.approx(3000)  # 210
    assert by_month.loc[2, "estadual"] == pytest.approx(1000)  # E1
    assert by_month.loc[12, "estadual"] == pytest.approx(500.25)  # E5
    assert by_month["federal"].sum() + by_month["estadual"].sum() == pytest.approx(124_500.75)
    assert tables["por_orgao"]["quantidade"].sum() == 5


# --------------------------------------------------------------------------- Procon

SINDEC_HEADER = (
    "AnoAtendimento;TrimestreAtendimento;MesAtendimento;DataAtendimento;CodigoRegiao;Regiao;UF;"
    "CodigoTipoAtendimento;DescricaoTipoAtendimento;CodigoAssunto;DescricaoAssunto;GrupoAssunto;"
    "CodigoProblema;DescricaoProblema;GrupoProblema;SexoConsumidor;FaixaEtariaConsumidor;"
    "CEPConsumidor\n"
)

#: (DataAtendimento, DescricaoTipoAtendimento)
SINDEC = [
    ("02/01/2024 09:15", "Simples Consulta"),
    ("2024-02-03 10:00:00.000", "Simples Consulta"),  # the other Sindec date format
    ("04/03/2024 11:00", "Abertura Direta de Reclamação"),
    ("05/04/2024 12:00", "Cálculo"),
    ("06/05/2024 13:00", "CIP"),
    ("07/06/2024 14:00", "CIP"),
    ("08/07/2024 15:00", "Carta de Informações Preliminares"),  # also a CIP
    ("09/08/2024 16:00", "Atendimento Preliminar"),
    ("10/09/2024 09:00", "Extra Procon"),
    ("11/10/2024 09:00", "Encaminhamento à Fiscalização"),
    ("12/11/2024 09:00", "Inicial JEC"),
    ("31/12/2024 23:59", "Reclamação de Ofício"),
    ("31/12/2023 23:59", "CIP"),  # previous year
    ("01/01/2025 00:00", "Simples Consulta"),  # next year
]
AUDIENCIAS = [
    [1, dt("10/01/2024"), "0001/2024", "Loja A", "Realizada", "Acordo"],  # counts
    [2, dt("11/01/2024"), "0002/2024", "Loja B", "Redesignada", None],
    [3, dt("12/01/2024"), "0003/2024", "Loja C", "Cancelada", None],
    [4, dt("13/02/2024"), "0004/2024", "Loja D", "realizada", "Sem acordo"],  # counts
    [5, dt("12/12/2023"), "0900/2023", "Loja E", "Realizada", "Acordo"],  # 2023
    [6, dt("14/03/2024"), "0005/2024", "Loja F", "Agendada", None],
]
FISCALIZACOES = [
    [1, dt("03/05/2024"), "Mercado X", "Supermercado", "Centro", "Autuado"],
    [2, dt("04/05/2024"), "Posto Y", "Posto", "Centro", "Regular"],
    [3, dt("31/12/2024"), "Farmácia Z", "Farmácia", "Vila", "Notificado"],
    [4, dt("29/12/2023"), "Loja W", "Varejo", "Centro", "Autuado"],  # 2023
    [5, dt("02/01/2025"), "Loja V", "Varejo", "Centro", "Regular"],  # 2025
]


def procon_dir(
    tmp_path, sindec=SINDEC, *, audiencias=AUDIENCIAS, fiscalizacoes=FISCALIZACOES, groups=None
):
    groups = groups or ["Serviços Essenciais"] * len(sindec)
    rows = [
        f"2024;1;1;{when};3;Sudeste;SP;4;{kind};187;Telefonia Celular;{group};"
        "NULL;NULL;NULL;F;entre 21 a 30 anos;08574000\n"
        for (when, kind), group in zip(sindec, groups, strict=True)
    ]
    write(tmp_path / "sindec_atendimentos.csv", SINDEC_HEADER + "".join(rows), encoding="cp1252")
    sheet(tmp_path / "procon_audiencias.xlsx", list(procon.AUDIENCIA_COLUMNS), audiencias)
    sheet(tmp_path / "procon_fiscalizacoes.xlsx", list(procon.FISCALIZACAO_COLUMNS), fiscalizacoes)
    return tmp_path


def test_procon_total_is_every_sindec_type_plus_hearings_held_plus_inspections(tmp_path):
    _, figures = run(procon, procon_dir(tmp_path))
    assert figures == {
        # 12 Sindec atendimentos of 2024 (every type) + 2 hearings held + 3 inspections
        "procon_atendimentos": 17,
        "procon_cips": 3,  # CIP, CIP, Carta de Informações Preliminares
        "procon_atendimentos_preliminares": 1,
        "procon_audiencias": 2,  # Realizada, realizada; not Redesignada/Cancelada/Agendada
        "procon_fiscalizacoes": 3,  # by date: 03/05, 04/05 and 31/12/2024
    }


def test_procon_total_is_not_only_cips_and_preliminares(tmp_path):
    only_other_types = [
        ("02/01/2024 09:15", "Simples Consulta"),
        ("04/03/2024 11:00", "Abertura Direta de Reclamação"),
        ("05/04/2024 12:00", "Cálculo"),
    ]
    _, figures = run(procon, procon_dir(tmp_path, only_other_types))
    assert figures["procon_cips"] == 0
    assert figures["procon_atendimentos_preliminares"] == 0
    assert figures["procon_atendimentos"] == 3 + 2 + 3


def test_procon_breakdowns_hold_every_type_of_the_year(tmp_path):
    clean, _ = run(procon, procon_dir(tmp_path))
    tables = procon.breakdowns(clean, year=2024)
    by_type = dict(zip(tables["por_tipo"]["tipo"], tables["por_tipo"]["quantidade"], strict=True))
    assert by_type["Simples consultas"] == 2
    assert by_type["Cartas de Informação Preliminar (CIPs)"] == 3
    assert by_type["Reclamações abertas diretamente"] == 1
    assert by_type["Cálculos"] == 1
    assert by_type["Audiências realizadas"] == 2
    assert by_type["Fiscalizações"] == 3
    assert sum(by_type.values()) == 17
    months = tables["por_mes"]["quantidade"].tolist()
    assert months == [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    outcome = tables["fiscalizacoes_resultado"]
    assert dict(zip(outcome["resultado"], outcome["quantidade"], strict=True)) == {
        "Autuado": 1,
        "Regular": 1,
        "Notificado": 1,
    }


def test_every_type_of_the_table_counts(tmp_path):
    kinds = list(procon.type_table()["descricao"])
    rows = [(f"{n + 1:02d}/03/2024 10:00", kind) for n, kind in enumerate(kinds)]
    _, figures = run(procon, procon_dir(tmp_path, rows))
    assert figures["procon_atendimentos"] == len(kinds) + 2 + 3


def test_a_sindec_type_not_in_the_table_is_an_error(tmp_path):
    rows = [("02/01/2024 09:15", "Simples Consulta"), ("03/01/2024 09:15", "Denúncia")]
    with pytest.raises(BadInput) as exc:
        run(procon, procon_dir(tmp_path, rows))
    (p,) = exc.value.problems
    assert p.file.endswith("sindec_atendimentos.csv")
    assert (p.line, p.column, p.value) == (3, "DescricaoTipoAtendimento", "Denúncia")
    assert "sindec_tipos.csv" in p.expected


# --------------------------------------------------------------------------- CPD

GLPI_HEADER = (
    '"ID";"Título";"Entidade";"Status";"Data de abertura";"Categoria";"Prioridade";'
    '"Data da solução";"Atribuído - Técnico";\n'
)
#: (ID, Status, Data de abertura, Data da solução, Categoria)
TICKETS = [
    ("1", "Novo", "2024-03-01 10:00", "", "Redes"),
    ("2", "Em atendimento (atribuído)", "2024-03-02 10:00", "", "Redes"),
    ("3", "Em atendimento (planejado)", "2024-03-03 10:00", "", "Hardware"),
    ("4", "Pendente", "2024-03-04 10:00", "", "Hardware"),
    ("5", "Solucionado", "2024-03-05 10:00", "2024-03-06 10:00", "Redes"),  # 1 day
    ("6", "Fechado", "06-03-2024 10:00", "09-03-2024 10:00", "Redes"),  # 3 days
    ("7", "Processando (atribuído)", "2024-03-07 10:00", "", "Sistemas Web"),  # GLPI 9
    # opened in December, solved in January: counts in the year of opening
    ("8", "Solucionado", "2024-12-10 08:00", "2025-01-09 08:00", "Sistemas Web"),  # 30 days
    # opened in 2023, solved in 2024: not a 2024 ticket
    ("9", "Fechado", "2023-12-20 08:00", "2024-01-05 08:00", "Redes"),
    ("10", "Novo", "2025-01-02 09:00", "", "Redes"),  # 2025
    # reopened after a solution: still counted; its solution date is a solution date
    ("11", "Em atendimento (atribuído)", "2024-04-01 08:00", "2024-04-08 08:00", "Redes"),
]


def cpd_dir(tmp_path, tickets=TICKETS, header=GLPI_HEADER):
    body = "".join(
        f'"{i}";"Chamado {i}";"Prefeitura > CPD";"{status}";"{opened}";"{cat} > Outro";'
        f'"Média";"{solved}";"Fulano ";\n'
        for i, status, opened, solved, cat in tickets
    )
    write(tmp_path / "glpi_chamados.csv", header + body, bom=True)
    return tmp_path


def test_tickets_counted_by_opening_date_whatever_the_status(tmp_path):
    clean, figures = run(cpd, cpd_dir(tmp_path))
    # 1-8 and 11 were opened in 2024 (8 was solved in 2025); 9 was opened in 2023.
    assert figures["chamados"] == 9
    assert figures["chamados_solucionados"] == 3  # 5, 6 and 8 (Solucionado or Fechado)
    # opening -> solution of the 2024 tickets with a solution date: 1, 3, 30 and 7 days
    assert figures["chamados_tempo_mediano"] == pytest.approx(5.0)
    counted = cpd.tickets_of_year(clean["chamados"], 2024)
    assert sorted(counted["id"]) == [*range(1, 9), 11]


def test_ticket_opened_in_december_solved_in_january_counts_in_december(tmp_path):
    clean, figures = run(cpd, cpd_dir(tmp_path), year=2025)
    assert figures["chamados"] == 1  # only 10: 8 belongs to 2024
    tables = cpd.breakdowns(clean, year=2024)
    months = tables["por_mes"].set_index("mes")["quantidade"]
    assert (months[3], months[4], months[12]) == (7, 1, 1)
    assert months.sum() == 9


@pytest.mark.parametrize("status", cpd.STATUSES)
def test_every_glpi_status_counts(tmp_path, status):
    tickets = [("1", status, "2024-06-01 10:00", "", "Redes")]
    _, figures = run(cpd, cpd_dir(tmp_path, tickets))
    assert figures["chamados"] == 1
    assert figures["chamados_solucionados"] == (1 if status in ("Solucionado", "Fechado") else 0)


def test_cpd_breakdowns_by_status_category_and_time(tmp_path):
    clean, _ = run(cpd, cpd_dir(tmp_path))
    tables = cpd.breakdowns(clean, year=2024)
    by_status = dict(
        zip(tables["por_status"]["status"], tables["por_status"]["quantidade"], strict=True)
    )
    assert by_status == {
        "Novo": 1,
        "Em atendimento (atribuído)": 2,
        "Em atendimento (planejado)": 1,
        "Pendente": 1,
        "Solucionado": 2,
        "Fechado": 1,
        "Processando (atribuído)": 1,
    }
    by_cat = dict(
        zip(
            tables["por_categoria"]["categoria"], tables["por_categoria"]["quantidade"], strict=True
        )
    )
    # first level of the path "A > B", kept whole ("Sistemas Web", not "Sistemas")
    assert by_cat == {"Redes": 5, "Hardware": 2, "Sistemas Web": 2}
    by_time = dict(
        zip(tables["por_prazo"]["prazo"], tables["por_prazo"]["quantidade"], strict=True)
    )
    # 1 day (ticket 5), 3 days (6), 7 days (11), 30 days (8); issue 14: labels that
    # do not overlap ("1 a 3 dias" and "3 a 7 dias" both held 3 days)
    assert by_time == {
        "até 1 dia": 1,
        "mais de 1 até 3 dias": 1,
        "mais de 3 até 7 dias": 1,
        "mais de 7 até 30 dias": 1,
        "mais de 30 dias": 0,
    }


# --------------------------------------------------------------------------- Comunicação

WP_CATEGORIES = [
    {"id": 5, "name": "Notícias", "slug": "noticias"},
    {"id": 7, "name": "Editais &amp; Licitações", "slug": "editais"},
    {"id": 14, "name": "Saúde", "slug": "saude"},
]


def wp_post(pid: int, date: str, cats: list[int], status: str = "publish") -> dict:
    return {
        "id": pid,
        "date": date,
        "modified": date,
        "slug": f"post-{pid}",
        "status": status,
        "link": f"https://exemplo.invalid/{pid}",
        "title": {"rendered": f"Post {pid}"},
        "categories": cats,
    }


PAGES = [
    [
        wp_post(1, "2024-01-01T00:00:00", [5]),  # release
        wp_post(2, "2024-02-01T10:00:00", [7]),  # another category
        wp_post(3, "2024-03-01T10:00:00", [14, 5]),  # release (Notícias among others)
        wp_post(4, "2024-04-01T10:00:00", [5], "draft"),  # draft
        wp_post(5, "2024-05-01T10:00:00", [5], "pending"),  # awaiting review
        wp_post(6, "2024-06-01T10:00:00", [5], "private"),
        wp_post(7, "2023-12-31T23:59:59", [5]),  # 2023
    ],
    [
        wp_post(8, "2024-12-31T23:59:59", [5]),  # release
        wp_post(9, "2025-01-01T00:00:00", [5]),  # 2025
        wp_post(10, "2024-07-01T10:00:00", []),  # no category
        wp_post(11, "2024-08-01T10:00:00", [5], "future"),  # scheduled
    ],
    [wp_post(12, "2024-09-01T10:00:00", [5])],  # release, on the third page
]

DEMANDS = [
    # received 2024, answered next day: answered, 1 day
    [1, dt("02/01/2024"), "Jornal A", "Fulana", "Obras", "Obras", "Respondida", dt("03/01/2024")],
    # received in December 2024, answered in January 2025: answered in 2024, 27 days
    [2, dt("10/12/2024"), "Rádio B", "Beltrano", "Saúde", "Saúde", "Respondida", dt("06/01/2025")],
    # open at the export date
    [3, dt("20/12/2024"), "Jornal A", "Fulana", "Vias", "Obras", "Em andamento", None],
    # received in 2023, answered in 2024: a 2023 demand
    [4, dt("28/12/2023"), "Jornal A", "Fulana", "Vias", "Obras", "Respondida", dt("02/01/2024")],
    [5, dt("15/03/2024"), "TV C", "Sicrano", "Lixo", "Serviços", "Sem retorno", None],  # open
    [6, dt("05/01/2025"), "TV C", "Sicrano", "Lixo", "Serviços", "Respondida", dt("06/01/2025")],
    # answered the same day: 0 days
    [7, dt("05/05/2024"), "Rádio B", "Beltrano", "Saúde", "Saúde", "respondida", dt("05/05/2024")],
]


def comunicacao_dir(tmp_path, pages=PAGES, demands=DEMANDS):
    for n, page in enumerate(pages, start=1):
        write(tmp_path / f"wordpress_posts_{n}.json", json.dumps(page, ensure_ascii=False))
    write(tmp_path / "wordpress_categories.json", json.dumps(WP_CATEGORIES, ensure_ascii=False))
    sheet(tmp_path / "demandas_imprensa.xlsx", list(comunicacao.DEMAND_COLUMNS), demands)
    return tmp_path


def test_releases_are_published_posts_of_a_release_category_in_the_year(tmp_path):
    clean, figures = run(comunicacao, comunicacao_dir(tmp_path))
    assert figures["releases"] == 4  # 1, 3, 8 and 12
    assert sorted(comunicacao.releases_of_year(clean["posts"], 2024)["id"]) == [1, 3, 8, 12]
    months = comunicacao.breakdowns(clean, year=2024)["releases_por_mes"]
    assert months.set_index("mes")["quantidade"].to_dict() == {
        1: 1,
        2: 0,
        3: 1,
        4: 0,
        5: 0,
        6: 0,
        7: 0,
        8: 0,
        9: 1,
        10: 0,
        11: 0,
        12: 1,
    }


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        ("publish", True),
        ("draft", False),
        ("pending", False),
        ("private", False),
        ("future", False),
    ],
)
def test_only_published_posts_are_releases(tmp_path, status, counts):
    pages = [[wp_post(1, "2024-05-01T10:00:00", [5], status)]]
    _, figures = run(comunicacao, comunicacao_dir(tmp_path, pages))
    assert figures["releases"] == (1 if counts else 0)


def test_release_category_is_a_setting(tmp_path):
    raw_dir = comunicacao_dir(tmp_path)
    settings = Settings(root=raw_dir, release_categories=("Saúde",))
    clean = comunicacao.clean(
        comunicacao.load(raw_dir, settings=settings), year=2024, settings=settings
    )
    figures = {i.key: i.value for i in comunicacao.summarise(clean, year=2024)}
    assert figures["releases"] == 1  # only post 3 has Saúde


def test_posts_of_every_page_are_counted(tmp_path):
    # Eleven pages: the last one (wordpress_posts_11.json) must not be lost or misordered.
    pages = [[wp_post(n, "2024-05-01T10:00:00", [5])] for n in range(1, 12)]
    _, figures = run(comunicacao, comunicacao_dir(tmp_path, pages))
    assert figures["releases"] == 11


def test_press_demands_open_and_answered(tmp_path):
    clean, figures = run(comunicacao, comunicacao_dir(tmp_path))
    assert figures["demandas_respondidas"] == 3  # 1, 2 (answered in 2025) and 7
    assert figures["demandas_em_aberto"] == 2  # 3 and 5
    assert figures["demandas_tempo_mediano"] == pytest.approx(1.0)  # median of 1, 27 and 0
    tables = comunicacao.breakdowns(clean, year=2024)
    by_status = tables["demandas_por_situacao"]
    assert by_status["quantidade"].sum() == 5  # every demand received in 2024
    by_time = dict(
        zip(
            tables["demandas_por_prazo"]["prazo"],
            tables["demandas_por_prazo"]["quantidade"],
            strict=True,
        )
    )
    assert by_time == {
        "no mesmo dia": 1,
        "1 dia": 1,
        "mais de 1 até 3 dias": 0,
        "mais de 3 até 7 dias": 0,
        "mais de 7 dias": 1,
    }


def test_press_demand_received_in_one_year_answered_in_the_next(tmp_path):
    _, figures = run(comunicacao, comunicacao_dir(tmp_path), year=2025)
    # Only demand 6 was received in 2025; demand 2, answered in 2025, is a 2024 demand.
    assert figures["demandas_respondidas"] == 1
    assert figures["demandas_em_aberto"] == 0
    assert figures["demandas_tempo_mediano"] == pytest.approx(1.0)


# --------------------------------------------------------------------------- found by mutation
# Cases added after the mutation run (docs/mutacao.md): each one fails for a
# mutant that survived the cases above and would have changed a figure or a table.

DEPARTMENT_DIRS = {
    "convenios": (convenios, convenios_dir),
    "procon": (procon, procon_dir),
    "comunicacao": (comunicacao, comunicacao_dir),
    "cpd": (cpd, cpd_dir),
}


@pytest.mark.parametrize("name", DEPARTMENT_DIRS)
def test_every_indicator_says_what_it_is_and_where_it_comes_from(tmp_path, name):
    department, make = DEPARTMENT_DIRS[name]
    settings = Settings(root=tmp_path)
    raw_dir = make(tmp_path)
    clean = department.clean(
        department.load(raw_dir, settings=settings), year=2024, settings=settings
    )
    files = {f for source in department.SOURCES for f in source.files}
    for ind in department.summarise(clean, year=2024):
        assert ind.department == department.NAME, ind.key
        assert isinstance(ind.label, str) and ind.label.strip(), ind.key
        assert isinstance(ind.definition, str) and len(ind.definition) > 20, ind.key
        assert ind.sources and set(ind.sources) <= files, ind.key


def test_federal_blank_legal_nature_is_not_the_city_hall(tmp_path):
    rows = [
        FEDERAL[0],
        ("40", "SP", "ITAQUAQUECETUBA", "3523107", "", "01/02/2024",
         "400", "05/03/2024", "Em execução", "9", "9", "0"),
    ]  # fmt: skip
    _, figures = run(convenios, convenios_dir(tmp_path, rows))
    assert figures["convenios_federais"] == 1  # 201 only


def test_federal_name_fallback_with_accents_and_latin1_dump(tmp_path):
    # A municipality whose name has accents and spaces, in a latin-1 dump.
    settings = Settings(root=tmp_path, municipality="São João da Boa Vista", ibge_code="3549102")
    props = (
        f"{PROPOSTA_HEADER}\n"
        "1;SP;SAO JOAO DA BOA VISTA;;36000;MS;Administração Pública Municipal;1/2024;"
        "01;02;2024;01/02/2024;Objeto\n"
        "2;SP;São João da Boa Vista;;36000;MS;Administração Pública Municipal;2/2024;"
        "01;02;2024;01/02/2024;Objeto\n"
        "3;MG;SÃO JOÃO DA BOA VISTA;;36000;MS;Administração Pública Municipal;3/2024;"
        "01;02;2024;01/02/2024;Objeto\n"
    )
    convs = (
        f"{CONVENIO_HEADER}\n"
        "501;1;01;02;2024;05/03/2024;Em execução;;10;10;0\n"
        "502;2;01;02;2024;05/03/2024;Em execução;;20;20;0\n"
        "503;3;01;02;2024;05/03/2024;Em execução;;40;40;0\n"
    )
    c = write(tmp_path / "siconv_convenio.csv", convs, encoding="latin-1")
    p = write(tmp_path / "siconv_proposta.csv", props, encoding="latin-1")
    clean = convenios.clean_federal(
        *convenios.load_federal(c, p, settings=settings), settings=settings
    )
    assert sorted(clean["nr_convenio"]) == ["501", "502"]  # 503 is in MG


def test_federal_repasse_is_required_and_other_values_are_not(tmp_path):
    row = (*FEDERAL[0][:9], "", "100000,00", "")  # no global value, no contrapartida
    _, figures = run(convenios, convenios_dir(tmp_path, [row]))
    assert figures["convenios_federais_valor"] == pytest.approx(100_000)
    row = (*FEDERAL[0][:10], "", "0")  # no repasse
    with pytest.raises(BadInput) as exc:
        run(convenios, convenios_dir(tmp_path, [row]))
    (p,) = exc.value.problems
    assert (p.line, p.column) == (2, "VL_REPASSE_CONV")


def test_federal_money_sums_per_month(tmp_path):
    rows = [
        FEDERAL[0],  # 15/01/2024, 100.000,00
        ("23", "SP", "ITAQUAQUECETUBA", "3523107", CITY_HALL, "01/12/2023",
         "213", "20/01/2024", "Em execução", "1000", "1000", "0"),
    ]  # fmt: skip
    clean, _ = run(convenios, convenios_dir(tmp_path, rows))
    by_month = convenios.breakdowns(clean, year=2024)["por_mes"]
    assert list(by_month.columns) == ["mes", "federal", "estadual"]
    assert list(by_month["mes"]) == list(range(1, 13))
    assert by_month["federal"].tolist() == [101_000.0] + [0.0] * 11
    # state: E1 in February (1.000), E5 in December (500,25)
    assert by_month["estadual"].tolist() == [0.0, 1000.0] + [0.0] * 9 + [500.25]


def test_convenios_tables_are_sorted_and_indexed(tmp_path):
    clean, _ = run(convenios, convenios_dir(tmp_path))
    tables = convenios.breakdowns(clean, year=2024)
    expected = pd.DataFrame(
        {
            "esfera": ["federal", "estadual", "estadual"],
            "orgao_concedente": ["MINISTÉRIO DA SAÚDE", "Secretaria A", "Secretaria C"],
            "quantidade": [3, 1, 1],
            "valor_repasse": [123_000.50, 1000.0, 500.25],
        }
    )
    pd.testing.assert_frame_equal(tables["por_orgao"], expected, check_dtype=False)
    listing = tables["lista"]
    assert listing["nr_convenio"].tolist() == ["E1", "E5", "201", "207", "210"]
    assert listing.index.tolist() == list(range(5))


def test_duplicated_register_numbers_are_errors(tmp_path):
    oficios = OFICIOS.replace("003/2024;31/12/2024", "001/2024;31/12/2024")
    convenios_dir(tmp_path)
    write(tmp_path / "oficios.csv", oficios)
    with pytest.raises(BadInput) as exc:
        run(convenios, tmp_path)
    assert [(p.line, p.column) for p in exc.value.problems] == [(4, "Número")]


@pytest.mark.parametrize("register", ["audiencias", "fiscalizacoes"])
def test_duplicated_procon_register_numbers_are_errors(tmp_path, register):
    rows = {"audiencias": AUDIENCIAS, "fiscalizacoes": FISCALIZACOES}[register]
    rows = [list(r) for r in rows]
    rows[1][0] = rows[0][0]
    with pytest.raises(BadInput) as exc:
        run(procon, procon_dir(tmp_path, **{register: rows}))
    # 2 title rows, a blank row, the header on row 4: the second record is row 6
    assert [(p.line, p.column) for p in exc.value.problems] == [(6, "Nº")]


def test_blank_situations_are_not_held_hearings_nor_cancelled_oficios(tmp_path):
    audiencias = [*AUDIENCIAS, [7, dt("15/03/2024"), "0007/2024", "Loja G", None, None]]
    _, figures = run(procon, procon_dir(tmp_path, audiencias=audiencias))
    assert figures["procon_audiencias"] == 2  # a hearing without a situation was not held
    convenios_dir(tmp_path)
    write(tmp_path / "oficios.csv", OFICIOS + "004/2024;10/01/2024;Ministério;Pedido;\n")
    _, figures = run(convenios, tmp_path)
    assert figures["oficios"] == 3  # a number without a situation is not a cancelled one


def test_procon_tables_are_complete_and_sorted(tmp_path):
    audiencias = [*AUDIENCIAS, [7, dt("15/03/2024"), "0007/2024", "Loja G", "Realizada", None]]
    groups = [f"Grupo {n:02d}" for n in range(1, 12)] + ["NULL", "Grupo 01", "Grupo 01"]
    clean, _ = run(procon, procon_dir(tmp_path, audiencias=audiencias, groups=groups))
    tables = procon.breakdowns(clean, year=2024)
    by_type = tables["por_tipo"]
    assert list(by_type.columns) == ["tipo", "quantidade"]
    assert by_type.index.tolist() == list(range(len(by_type)))
    assert by_type["quantidade"].is_monotonic_decreasing
    hearings = tables["audiencias_resultado"]
    assert list(hearings.columns) == ["resultado", "quantidade"]
    # A blank result stays missing in the table (shown as "Não informado" only on display).
    known = hearings[hearings["resultado"].notna()]
    assert dict(zip(known["resultado"], known["quantidade"], strict=True)) == {
        "Acordo": 1,
        "Sem acordo": 1,
    }
    assert hearings.loc[hearings["resultado"].isna(), "quantidade"].tolist() == [1]
    subjects = tables["por_assunto"]
    assert list(subjects.columns) == ["assunto", "quantidade"]
    # 12 atendimentos of 2024: Grupo 01..11 once each and one NULL; only the 8 largest shown
    assert len(subjects) == 8
    assert subjects["quantidade"].sum() == 8
    assert "NULL" not in set(subjects["assunto"])


def test_procon_null_subject_is_not_informed(tmp_path):
    groups = ["NULL"] * len(SINDEC)
    clean, _ = run(procon, procon_dir(tmp_path, groups=groups))
    subjects = procon.breakdowns(clean, year=2024)["por_assunto"]
    # No subject at all: the table is not available (with its reason), never a bar of blanks.
    assert subjects.empty
    assert "GrupoAssunto" in reason_unavailable(subjects)


def test_solution_time_bins_at_their_edges(tmp_path):
    # issue 14: bins by calendar days, each day count in exactly one bin. Opened on
    # 1 Feb at 12:00, solved h hours later: 13:00 the same day (0 calendar days), 01:00
    # and 23:00 the next day (1), then the first and last hour of days 2, 3, 4, 7, 8,
    # 30 and 31 after the opening.
    hours = [1, 13, 35, 37, 83, 85, 179, 181, 731, 733]
    tickets = []
    for n, h in enumerate(hours, start=1):
        opened = pd.Timestamp("2024-02-01 12:00")
        solved = opened + pd.Timedelta(hours=h)
        tickets.append(
            (str(n), "Solucionado", f"{opened:%Y-%m-%d %H:%M}", f"{solved:%Y-%m-%d %H:%M}", "A")
        )
    clean, _ = run(cpd, cpd_dir(tmp_path, tickets))
    by_time = cpd.breakdowns(clean, year=2024)["por_prazo"]
    assert by_time.to_dict("list") == {
        "prazo": [
            "até 1 dia",
            "mais de 1 até 3 dias",
            "mais de 3 até 7 dias",
            "mais de 7 até 30 dias",
            "mais de 30 dias",
        ],
        # 0-1: 1 h, 13 h, 35 h; 2-3: 37 h, 83 h; 4-7: 85 h, 179 h; 8-30: 181 h, 731 h;
        # more than 30: 733 h
        "quantidade": [3, 2, 2, 2, 1],
    }


def test_median_times_are_rounded_to_one_decimal(tmp_path):
    # 2 days 8 h 24 min = 2,35 days: published with one decimal, 2,4
    tickets = [("1", "Solucionado", "2024-05-01 08:00", "2024-05-03 16:24", "A")]
    _, figures = run(cpd, cpd_dir(tmp_path, tickets))
    assert figures["chamados_tempo_mediano"] == 2.4
    # 8 h = 0,333... days: 0,3
    tickets = [("1", "Solucionado", "2024-05-01 08:00", "2024-05-01 16:00", "A")]
    _, figures = run(cpd, cpd_dir(tmp_path, tickets))
    assert figures["chamados_tempo_mediano"] == 0.3
    demands = [
        [1, pd.Timestamp("2024-01-02 08:00"), "Jornal A", "F", "Obras", "Obras", "Respondida",
         pd.Timestamp("2024-01-04 16:24")],
    ]  # fmt: skip
    _, figures = run(comunicacao, comunicacao_dir(tmp_path, demands=demands))
    assert figures["demandas_tempo_mediano"] == 2.4


def test_press_tables_bins_outlets_and_blank_situation(tmp_path):
    def demand(n, outlet, days, situation="Respondida"):
        received = dt("02/02/2024")
        answered = received + pd.Timedelta(days=days) if days is not None else None
        return [n, received, outlet, "J", "Assunto", "Obras", situation, answered]

    # response times at the bins' edges: 0, 1, 2, 3, 4, 7 and 8 days
    demands = [demand(n, f"Veículo {n:02d}", d) for n, d in enumerate([0, 1, 2, 3, 4, 7, 8], 1)]
    # ten outlets with two demands each, one with a single demand (left out of the top 10)
    demands += [demand(10 + n, f"Veículo {n:02d}", 0) for n in range(1, 8)]
    demands += [demand(20 + n, f"Veículo {n:02d}", 0) for n in range(8, 11)]
    demands += [demand(30 + n, f"Veículo {n:02d}", 0) for n in range(8, 11)]
    demands += [demand(50, "Veículo 11", None, situation=None)]
    clean, figures = run(comunicacao, comunicacao_dir(tmp_path, demands=demands))
    assert figures["demandas_em_aberto"] == 1  # the one without a situation is not answered
    assert figures["demandas_respondidas"] == len(demands) - 1
    tables = comunicacao.breakdowns(clean, year=2024)
    by_time = tables["demandas_por_prazo"]
    assert by_time.to_dict("list") == {
        "prazo": [
            "no mesmo dia",
            "1 dia",
            "mais de 1 até 3 dias",
            "mais de 3 até 7 dias",
            "mais de 7 dias",
        ],
        # 0 (and the 13 demands answered the same day), 1, 2-3, 4-7, 8
        "quantidade": [14, 1, 2, 2, 1],
    }
    outlets = tables["demandas_por_veiculo"]
    assert list(outlets.columns) == ["veiculo", "quantidade"]
    assert len(outlets) == 10 and "Veículo 11" not in set(outlets["veiculo"])
    by_status = tables["demandas_por_situacao"]
    assert list(by_status.columns) == ["situacao", "quantidade"]
    known = by_status[by_status["situacao"].notna()]
    assert dict(zip(known["situacao"], known["quantidade"], strict=True)) == {
        "Respondida": len(demands) - 1,
    }
    assert by_status.loc[by_status["situacao"].isna(), "quantidade"].tolist() == [1]
