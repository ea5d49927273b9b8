"""Procon on small hand-written files; expected values worked out by hand."""

from __future__ import annotations

import pytest
from conftest import dt, sheet, write

from balanco.departments import procon
from balanco.departments.frames import clean_register, with_source
from balanco.errors import BadInput, ProblemLog
from balanco.io import read_delimited, read_sheet

HEADER = (
    "AnoAtendimento;TrimestreAtendimento;MesAtendimento;DataAtendimento;CodigoRegiao;Regiao;UF;"
    "CodigoTipoAtendimento;DescricaoTipoAtendimento;CodigoAssunto;DescricaoAssunto;GrupoAssunto;"
    "CodigoProblema;DescricaoProblema;GrupoProblema;SexoConsumidor;FaixaEtariaConsumidor;"
    "CEPConsumidor\n"
)


def sindec_row(date: str, kind: str) -> str:
    return (
        f"2024;1;1;{date};3;Sudeste;SP;4;{kind};187;Telefonia Celular;Serviços Essenciais;"
        "NULL;NULL;NULL;F;entre 21 a 30 anos;8574000\n"
    )


def atendimentos(tmp_path, rows: list[str]):
    path = write(tmp_path / "sindec_atendimentos.csv", HEADER + "".join(rows), encoding="cp1252")
    raw = read_delimited(path, required=procon.SINDEC_COLUMNS, na_values=("", "NULL"))
    return procon.clean_atendimentos(with_source(raw, path))


def test_sindec_types_map_to_categories_both_date_formats(tmp_path):
    clean = atendimentos(
        tmp_path,
        [
            sindec_row("02/01/2024 09:15", "CIP"),
            sindec_row("2024-03-04 10:00:00.000", "Atendimento  Preliminar"),  # double space
            sindec_row("05/03/2024 11:00", "Carta de Informações Preliminares"),
            sindec_row("30/12/2023 16:00", "CIP"),
        ],
    )
    year = procon.atendimentos_of_year(clean, 2024)
    assert list(year["categoria"]) == ["cip", "atendimento_preliminar", "cip"]
    # The dump wrote CEP 08574-000 as a number (8574000): it is text again, with its zero.
    assert clean["cepconsumidor"].iloc[0] == "08574000"


def test_unknown_type_is_reported_with_suggestion(tmp_path):
    with pytest.raises(BadInput) as exc:
        atendimentos(tmp_path, [sindec_row("02/01/2024 09:15", "Atendimento Preliminr")])
    (p,) = exc.value.problems
    assert (p.line, p.column) == (2, "DescricaoTipoAtendimento")
    assert 'Você quis dizer "Atendimento Preliminar"?' in p.expected


def test_unparseable_date_names_line_and_column(tmp_path):
    with pytest.raises(BadInput) as exc:
        atendimentos(tmp_path, [sindec_row("2024/01/02", "CIP"), sindec_row("", "CIP")])
    lines = [(p.line, p.column) for p in exc.value.problems]
    assert lines == [(2, "DataAtendimento"), (3, "DataAtendimento")]


def registers(tmp_path):
    aud = sheet(
        tmp_path / "procon_audiencias.xlsx",
        list(procon.AUDIENCIA_COLUMNS),
        [
            [1, dt("10/01/2024"), "0001/2024", "Loja A", "Realizada", "Acordo"],
            [2, dt("11/01/2024"), "0002/2024", "Loja B", "Cancelada", None],
            [3, dt("12/02/2024"), "0003/2024", "Loja C", "realizada", "Sem acordo"],
            [4, dt("12/12/2023"), "0900/2023", "Loja D", "Realizada", "Acordo"],
        ],
    )
    fis = sheet(
        tmp_path / "procon_fiscalizacoes.xlsx",
        list(procon.FISCALIZACAO_COLUMNS),
        [
            [1, dt("03/05/2024"), "Mercado X", "Supermercado", "Centro", "Autuado"],
            [2, dt("04/05/2024"), "Posto Y", "Posto", "Centro", "Regular"],
        ],
    )
    log = ProblemLog()
    out = {
        "audiencias": clean_register(
            with_source(read_sheet(aud, required=procon.AUDIENCIA_COLUMNS), aud),
            id_column="Nº",
            dates={"Data": "data"},
            log=log,
            text={"Nº": "numero", "Situação": "situacao", "Resultado": "resultado"},
        ),
        "fiscalizacoes": clean_register(
            with_source(read_sheet(fis, required=procon.FISCALIZACAO_COLUMNS), fis),
            id_column="Nº",
            dates={"Data": "data"},
            log=log,
            text={"Nº": "numero", "Resultado": "resultado"},
        ),
    }
    log.raise_if_any()
    return out


def test_total_is_sindec_plus_hearings_held_plus_inspections(tmp_path):
    clean = {
        "atendimentos": atendimentos(
            tmp_path,
            [
                sindec_row("02/01/2024 09:15", "CIP"),
                sindec_row("03/01/2024 09:15", "CIP"),
                sindec_row("04/01/2024 09:15", "Atendimento Preliminar"),
            ],
        ),
        **registers(tmp_path),
    }
    values = {i.key: i.value for i in procon.summarise(clean, year=2024)}
    # 2 CIPs + 1 preliminar + 2 hearings held in 2024 + 2 inspections = 7
    assert values == {
        "procon_atendimentos": 7,
        "procon_cips": 2,
        "procon_atendimentos_preliminares": 1,
        "procon_audiencias": 2,
        "procon_fiscalizacoes": 2,
    }
    tables = procon.breakdowns(clean, year=2024)
    assert dict(zip(*tables["fiscalizacoes_resultado"].T.values, strict=True)) == {
        "Autuado": 1,
        "Regular": 1,
    }
    assert tables["por_mes"]["quantidade"].tolist()[0] == 3


def _procon_indicators(**values):
    from balanco.departments.base import COUNT, Indicator

    return {
        k: Indicator(k, "procon", k, "def", COUNT, v, ("sindec_atendimentos.csv",))
        for k, v in values.items()
    }


def test_a_part_that_is_zero_is_said_plainly_not_as_a_count():
    from balanco.departments.procon import sentences

    text = sentences.paragraph(
        _procon_indicators(
            procon_atendimentos=2992,
            procon_cips=1783,
            procon_atendimentos_preliminares=1194,
            procon_audiencias=0,
            procon_fiscalizacoes=15,
        )
    )
    assert "0 audiências" not in text
    assert "nenhuma audiência realizada no ano — veja a seção Qualidade dos dados" in text
    assert "1.783 registros foram de Cartas de Informação Preliminar (CIPs)" in text


def test_an_empty_table_is_a_sentence_not_a_header_over_nothing():
    from balanco.display import Table

    empty = Table(["Resultado", "Audiências"], [], caption="Audiências realizadas por resultado")
    for shown in (empty._repr_latex_(), empty._repr_html_(), repr(empty)):
        assert "Nenhum registro no ano" in shown or "nenhum registro no ano" in shown
        assert "Resultado" not in shown and "longtable" not in shown and "<th" not in shown
    full = Table(["Resultado", "Audiências"], [["Acordo", "3"]])
    assert "longtable" in full._repr_latex_()
