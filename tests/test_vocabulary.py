"""Closed vocabularies (departments/vocabulary.py): a value that differs only in
case, accents or spaces is the accepted value; any other unknown value stops the
run; the municipality's own spelling counts only through [grafias] in its file,
and the report says so. Hand-made cases; expected counts worked out by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import dt, sheet, write
from test_convenios import STATE_HEADER

from balanco import cli
from balanco.config import Settings, read_municipio
from balanco.departments import DEPARTMENTS, convenios, cpd, procon
from balanco.departments.frames import with_source
from balanco.departments.vocabulary import Vocabulary, check_spellings, declared
from balanco.errors import BadInput, ProblemLog
from balanco.io import read_delimited, read_sheet


def state_sheet(tmp_path, situations):
    """Three state convênios signed in 2024 (1.000 + 2.000 + 500), TOTAL 3.500."""
    rows = [
        ["001/2024", "Praça", "Secretaria A", dt("05/02/2024"), 1000.0, situations[0]],
        ["002/2024", "Escola", "Secretaria B", dt("15/03/2024"), 2000.0, situations[1]],
        ["003/2024", "Ponte", "Secretaria A", dt("01/04/2024"), 500.0, situations[2]],
        ["TOTAL", None, None, None, 3500.0, None],
    ]
    path = sheet(tmp_path / "convenios_estaduais.xlsx", STATE_HEADER, rows)
    return with_source(read_sheet(path, required=convenios.STATE_COLUMNS), path)


def spelling(source, column, written, target):
    return Settings().with_(spellings=((source, column, written, target, None),))


# --------------------------------------------------------------------------- the type


def test_case_accents_and_spaces_are_the_same_value_without_mapping(tmp_path):
    raw = state_sheet(tmp_path, ["cancelado", " CANCELADO ", "Cancelado"])
    clean = convenios.clean_state(raw)
    assert list(clean["situacao"]) == ["Cancelado", "Cancelado", "Cancelado"]
    assert len(convenios.state_of_year(clean, 2024)) == 0  # all three cancelled
    assert "grafias" not in clean.attrs


def test_accents_only_differences_are_the_same_value():
    vocab = Vocabulary(
        "x", "Situação", ("Realizada", "Em execução"), "uma situação", "", required=False
    )
    log = ProblemLog()
    values, used = vocab.apply(
        pd.Series(["Realizáda", "EM  EXECUCAO", None]), [2, 3, 4], file="f.xlsx", log=log
    )
    assert not log and used == []
    assert values.iloc[0] == "Realizada" and values.iloc[1] == "Em execução"
    assert pd.isna(values.iloc[2])


def test_another_word_stops_with_file_line_column_accepted_values_and_suggestion(tmp_path):
    with pytest.raises(BadInput) as exc:
        convenios.clean_state(state_sheet(tmp_path, ["Assinado", "Em execução", "Cancelada"]))
    (p,) = exc.value.problems
    # Two title rows, a blank row and the header: the third convênio is on row 7.
    assert (p.line, p.column, p.value) == (7, "Situação", "Cancelada")
    assert p.file.endswith('convenios_estaduais.xlsx, planilha "Sheet"')
    for accepted in convenios.SITUACAO_ESTADUAL.values:
        assert accepted in p.expected
    assert 'Você quis dizer "Cancelado"?' in p.expected


def test_the_mapped_spelling_counts_as_the_accepted_value_and_is_recorded(tmp_path):
    raw = state_sheet(tmp_path, ["Assinado", "Em execução", "Cancelada"])
    settings = spelling("convenios_estaduais", "Situação", "Cancelada", "Cancelado")
    clean = convenios.clean_state(raw, settings=settings)
    counted = convenios.state_of_year(clean, 2024)
    # 3 rows, one of them cancelled through the mapping: 2 convênios, 1.000 + 2.000.
    assert len(counted) == 2 and counted["valor_repasse"].sum() == 3000.0
    (used,) = clean.attrs["grafias"]
    assert used["arquivo"] == "convenios_estaduais.xlsx"
    assert (used["coluna"], used["valor"], used["aceito_como"]) == (
        "Situação",
        "Cancelada",
        "Cancelado",
    )
    assert (used["registros"], used["linhas"]) == (1, [7])


def test_a_mapped_cancelled_spelling_is_a_record_that_never_counts(tmp_path):
    # The third convênio is typed "Cancelada" and has no value: once the spelling is
    # mapped to Cancelado it is a record no rule counts, so its empty value does not
    # stop the run (issue 14, items 2 and 4 together).
    rows = [
        ["001/2024", "Praça", "Secretaria A", dt("05/02/2024"), 1000.0, "Assinado"],
        ["002/2024", "Escola", "Secretaria B", dt("15/03/2024"), 2000.0, "Em execução"],
        ["003/2024", "Ponte", "Secretaria A", dt("01/04/2024"), None, "Cancelada"],
        ["TOTAL", None, None, None, 3000.0, None],
    ]
    path = sheet(tmp_path / "convenios_estaduais.xlsx", STATE_HEADER, rows)
    raw = with_source(read_sheet(path, required=convenios.STATE_COLUMNS), path)
    settings = spelling("convenios_estaduais", "Situação", "Cancelada", "Cancelado")
    clean = convenios.clean_state(raw, settings=settings)
    counted = convenios.state_of_year(clean, 2024)
    assert list(counted["nr_convenio"]) == ["001/2024", "002/2024"]
    assert counted["valor_repasse"].sum() == 3000.0


def audiencias_sheet(tmp_path, situations):
    header = ["Nº", "Data", "Processo", "Fornecedor", "Situação", "Resultado"]
    rows = [
        [n, dt(f"{n:02d}/03/2024"), f"{n:04d}/2024", f"Loja {n}", s, None]
        for n, s in enumerate(situations, start=1)
    ]
    path = sheet(tmp_path / "procon_audiencias.xlsx", header, rows)
    return with_source(read_sheet(path, required=procon.AUDIENCIA_COLUMNS), path)


def test_realizado_stops_the_run_and_counts_as_held_once_mapped(tmp_path):
    situations = ["Realizada", "realizada ", "Realizado", "Cancelada"]
    raw = audiencias_sheet(tmp_path, situations)
    log = ProblemLog()
    procon.clean_audiencias(raw, log)
    (p,) = log.problems
    assert (p.line, p.column, p.value) == (7, "Situação", "Realizado")
    assert 'Você quis dizer "Realizada"?' in p.expected
    settings = spelling("audiencias", "Situação", "Realizado", "Realizada")
    log = ProblemLog()
    clean = procon.clean_audiencias(raw, log, settings=settings)
    assert not log
    # Realizada, realizada (same value) and Realizado (mapped) were held; 3, not 2.
    assert len(procon.audiencias_of_year(clean, 2024)) == 3


def test_oficios_are_closed_too(tmp_path):
    path = write(
        tmp_path / "oficios.csv",
        "Número;Data;Destinatário;Assunto;Situação\n001/2024;10/01/2024;Ministério;Pedido;Enviada\n",
    )
    with pytest.raises(BadInput) as exc:
        convenios.clean_oficios(
            with_source(read_delimited(path, required=convenios.OFICIO_COLUMNS), path)
        )
    (p,) = exc.value.problems
    assert (p.line, p.value) == (2, "Enviada") and 'Você quis dizer "Enviado"?' in p.expected


def test_glpi_status_keeps_its_message_through_the_shared_type():
    tickets = pd.DataFrame(
        {
            "ID": ["1", "2"],
            "Título": ["a", "b"],
            "Status": ["fechado", "Fechada"],
            "Data de abertura": ["2024-01-02 10:00", "2024-01-03 10:00"],
            "_linha": [2, 3],
        }
    )
    tickets.attrs["source"] = "glpi_chamados.csv"
    with pytest.raises(BadInput) as exc:
        cpd.clean_tickets(tickets)
    (p,) = exc.value.problems
    assert (p.line, p.column, p.value) == (3, "Status", "Fechada")
    assert p.expected.startswith("não é um status do GLPI; esperado um de: Novo, ")
    assert "Processando" not in p.expected  # GLPI 9's names: accepted, not listed
    assert 'Você quis dizer "Fechado"?' in p.expected
    mapped = cpd.clean_tickets(
        tickets, settings=spelling("chamados", "Status", "Fechada", "Fechado")
    )
    assert list(mapped["status"]) == ["Fechado", "Fechado"]


def test_every_status_of_the_real_transferegov_sample_is_accepted(tmp_path):
    from conftest import FIXTURES

    raw = read_delimited(
        FIXTURES / "real" / "siconv_convenio_sample_2018.csv", required=("SIT_CONVENIO",)
    )
    log = ProblemLog()
    values, _ = convenios.SITUACAO_FEDERAL.apply(
        raw["SIT_CONVENIO"], raw["_linha"].to_numpy(), file="sample", log=log
    )
    assert not log.problems
    assert set(values) >= {"Em execução", "Convênio Anulado", "Prestação de Contas Aprovada"}


def test_every_department_declares_its_vocabularies():
    sources = {v.source for v in declared(DEPARTMENTS)}
    assert {
        "convenios_federais",
        "propostas_federais",
        "convenios_estaduais",
        "oficios",
        "atendimentos",
        "audiencias",
        "fiscalizacoes",
        "posts",
        "demandas",
        "chamados",
    } <= sources
    for vocab in declared(DEPARTMENTS):
        dept = next(d for d in DEPARTMENTS if vocab in d.VOCABULARIES)
        assert vocab.source in {s.key for s in dept.SOURCES}, vocab
        assert vocab.values and vocab.what and vocab.rule


# --------------------------------------------------------------------------- the municipality file

MUNICIPIO = """\
nome = "Itaquaquecetuba"
uf = "SP"
codigo_ibge = "3523107"
secretaria = "Secretaria de Governo"
departamentos = ["convenios"]
categorias_release = ["Notícias"]
governo_estadual = "Governo de SP"
pasta_dados = "data"
"""


def test_spellings_are_read_with_their_line(tmp_path):
    path = write(
        tmp_path / "municipios" / "teste.toml",
        MUNICIPIO + '\n[grafias.convenios_estaduais."Situação"]\n"Cancelada" = "Cancelado"\n',
    )
    fields = read_municipio(path)
    assert fields["spellings"] == (
        ("convenios_estaduais", "Situação", "Cancelada", "Cancelado", 11),
    )


@pytest.mark.parametrize(
    "entry, column, value, expected",
    [
        (
            ("convenios_estaduai", "Situação", "Cancelada", "Cancelado"),
            "grafias",
            "convenios_estaduai",
            'Você quis dizer "convenios_estaduais"?',
        ),
        (
            ("convenios_estaduais", "Situacao do convenio", "Cancelada", "Cancelado"),
            "grafias.convenios_estaduais",
            "Situacao do convenio",
            "esperada uma de: Situação",
        ),
        (
            ("convenios_estaduais", "Situação", "Cancelada", "Canceladão"),
            'grafias.convenios_estaduais."Situação"',
            "Canceladão",
            'Você quis dizer "Cancelado"?',
        ),
        (
            ("convenios_estaduais", "Situação", "CANCELADO", "Em execução"),
            'grafias.convenios_estaduais."Situação"',
            "CANCELADO",
            "é um valor já aceito",
        ),
    ],
)
def test_a_bad_spelling_entry_is_refused_with_a_suggestion(entry, column, value, expected):
    settings = Settings().with_(spellings=((*entry, 12),))
    with pytest.raises(BadInput) as exc:
        check_spellings(settings, DEPARTMENTS)
    (p,) = exc.value.problems
    assert (p.line, p.column, p.value) == (12, column, value)
    assert expected in p.expected


def test_a_spellings_section_of_the_wrong_shape_is_refused(tmp_path):
    path = write(
        tmp_path / "municipios" / "teste.toml",
        MUNICIPIO + '\n[grafias]\nconvenios_estaduais = "Cancelada"\n',
    )
    with pytest.raises(BadInput) as exc:
        read_municipio(path)
    (p,) = exc.value.problems
    assert p.column == "grafias.convenios_estaduais" and "[grafias.<fonte>." in p.expected


# --------------------------------------------------------------------------- a whole run


def convenios_year(root, state_situation):
    raw = root / "data" / "raw" / "2024"
    write(
        raw / "siconv_proposta.csv",
        "ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA;"
        "DESC_ORGAO_SUP;OBJETO_PROPOSTA\n"
        "1;SP;ITAQUAQUECETUBA;3523107;Administração Pública Municipal;MS;UBS\n",
    )
    write(
        raw / "siconv_convenio.csv",
        "NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;VL_REPASSE_CONV;"
        "VL_CONTRAPARTIDA_CONV\n100;1;10/03/2024;Em execução;1000;1000;0\n",
    )
    write(
        raw / "oficios.csv",
        "Número;Data;Destinatário;Assunto;Situação\n001/2024;10/01/2024;Ministério;Pedido;Enviado\n",
    )
    raw_state = state_sheet(raw, ["Assinado", "Em execução", state_situation])
    assert len(raw_state) == 4


def test_cancelada_stops_the_run_then_counts_as_cancelled_once_mapped_and_is_reported(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    municipio = write(tmp_path / "municipios" / "teste.toml", MUNICIPIO)
    convenios_year(tmp_path, "Cancelada")
    argv = ["--municipio", "teste", "prepare", "--year", "2024"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert 'convenios_estaduais.xlsx, planilha "Sheet", linha 7, coluna "Situação"' in err
    assert 'valor "Cancelada" não é uma situação de convênio estadual' in err
    assert "esperado um de: Assinado, Em execução, Em prestação de contas, Concluído, " in err
    assert 'Você quis dizer "Cancelado"?' in err
    assert not (tmp_path / "data" / "processed" / "2024").exists()

    municipio.write_text(
        MUNICIPIO + '\n[grafias.convenios_estaduais."Situação"]\n"Cancelada" = "Cancelado"\n',
        encoding="utf-8",
    )
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert 'convenios_estaduais.xlsx, coluna "Situação": "Cancelada" lido como "Cancelado"' in out
    payload = json.loads(
        (tmp_path / "data" / "processed" / "2024" / "indicadores.json").read_text("utf-8")
    )
    figures = {i["key"]: i["value"] for i in payload["indicadores"]}
    # Assinado and Em execução count; the mapped Cancelada does not: 2 (not 3), 3.000.
    assert figures["convenios_estaduais"] == 2
    assert figures["convenios_estaduais_valor"] == 3000.0
    (used,) = payload["grafias"]
    assert used == {
        "departamento": "convenios",
        "fonte": "convenios_estaduais",
        "arquivo": "convenios_estaduais.xlsx",
        "coluna": "Situação",
        "valor": "Cancelada",
        "aceito_como": "Cancelado",
        "registros": 1,
        "linhas": [7],
    }
    from test_checks import plain

    from balanco.notebook import open_report

    report = open_report(year=2024, data_dir="data", reports_dir="reports", municipio="teste")
    text = plain(report.quality())
    assert "declarou, no arquivo de configuração do município, equivalentes" in text
    assert 'convenios_estaduais.xlsx, coluna Situação "Cancelada" lido como "Cancelado"' in text
    assert "em 1 registro (linha 7)." in text
