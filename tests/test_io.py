"""Shared readers: Brazilian numbers and dates, encodings, line numbers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES, sheet, write

from balanco.errors import BadInput
from balanco.io import (
    LINE,
    grep_delimited,
    parse_datetime,
    parse_int,
    parse_money,
    read_delimited,
    read_sheet,
    split_total,
)

REAL = FIXTURES / "real"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("119473,56", Decimal("119473.56")),
        ("1.234,56", Decimal("1234.56")),
        ("R$ 1.234,56", Decimal("1234.56")),
        ("R$\xa012.000.000,00", Decimal("12000000.00")),
        ("1611000", Decimal("1611000")),
        (1611000, Decimal("1611000")),
        (1234.5, Decimal("1234.5")),
        ("", None),
        (None, None),
    ],
)
def test_parse_money_accepts_brazilian_forms(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["1.234.56", "12,34,5", "abc", "1,234.56", "R$"])
def test_parse_money_refuses_ambiguous_text(text):
    if text == "R$":
        assert parse_money(text) is None
        return
    with pytest.raises(ValueError):
        parse_money(text)


def test_parse_datetime_both_sindec_formats():
    assert parse_datetime("2019-10-04 11:12:54.000") == datetime(2019, 10, 4, 11, 12, 54)
    assert parse_datetime("24/05/2023 15:58") == datetime(2023, 5, 24, 15, 58)
    assert parse_datetime("26/12/2013") == datetime(2013, 12, 26)
    with pytest.raises(ValueError):
        parse_datetime("31/02/2024")


def test_parse_int_with_space_thousands():
    assert parse_int("2 553") == 2553
    assert parse_int("12") == 12
    with pytest.raises(ValueError):
        parse_int("25 53")


def test_read_delimited_keeps_physical_lines_across_multiline_cells(tmp_path):
    path = write(
        tmp_path / "x.csv",
        '"ID";"Título";\n"1";"uma\nlinha a mais";\n\n"2";"dois";\n',
        bom=True,
    )
    frame = read_delimited(path, required=["ID", "Título"], encodings=("utf-8-sig",))
    assert list(frame["ID"]) == ["1", "2"]
    assert list(frame[LINE]) == [2, 5]
    assert frame["Título"][0] == "uma\nlinha a mais"


def test_read_delimited_reports_wrong_field_counts_all_at_once(tmp_path):
    path = write(tmp_path / "x.csv", "A;B\n1;2\n3\n4;5;6;7\n")
    with pytest.raises(BadInput) as exc:
        read_delimited(path, required=["A", "B"])
    assert [p.line for p in exc.value.problems] == [3, 4]


def test_empty_file_is_reported(tmp_path):
    path = write(tmp_path / "vazio.csv", "")
    with pytest.raises(BadInput, match="arquivo vazio"):
        read_delimited(path, required=["A"])


def test_missing_column_suggests_the_close_one(tmp_path):
    path = write(tmp_path / "x.csv", "DataAtendimento;DescricaoTipoAtendimeto\n1;2\n")
    with pytest.raises(BadInput) as exc:
        read_delimited(path, required=["DataAtendimento", "DescricaoTipoAtendimento"])
    message = str(exc.value)
    assert 'coluna obrigatória "DescricaoTipoAtendimento"' in message
    assert 'Você quis dizer "DescricaoTipoAtendimeto"?' in message


def test_utf8_only_source_refuses_latin1_and_names_the_line(tmp_path):
    path = write(tmp_path / "x.csv", "A;B\n1;ok\n2;Média\n", encoding="latin-1")
    with pytest.raises(BadInput) as exc:
        read_delimited(path, required=["A"], encodings=("utf-8-sig",))
    (problem,) = exc.value.problems
    assert problem.line == 3
    assert "UTF-8" in problem.expected


def test_cp1252_is_accepted_where_encodings_vary(tmp_path):
    path = write(tmp_path / "x.csv", "A;B\n1;Média\n", encoding="cp1252")
    frame = read_delimited(path, required=["A", "B"])
    assert frame["B"][0] == "Média"


def test_utf16_file_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("A;B\n1;2\n".encode("utf-16"))
    with pytest.raises(BadInput, match="UTF-16"):
        read_delimited(path, required=["A"])


def test_real_siconv_sample_reads_by_header_name():
    frame = grep_delimited(
        REAL / "siconv_convenio_sample_2018.csv",
        columns=["NR_CONVENIO", "DIA_ASSIN_CONV", "VL_REPASSE_CONV", "VL_INGRESSO_CONTRAPARTIDA"],
    )
    assert len(frame) == 99
    first = frame.iloc[0]
    assert first["NR_CONVENIO"] == "789952"
    assert first[LINE] == 2
    assert parse_money(first["VL_REPASSE_CONV"]) == Decimal("1482100")
    assert parse_money(first["VL_INGRESSO_CONTRAPARTIDA"]) == Decimal("15993.15")
    assert parse_datetime(first["DIA_ASSIN_CONV"]) == datetime(2013, 12, 26)


def test_real_siconv_sample_greps_whole_lines():
    frame = grep_delimited(
        REAL / "siconv_convenio_sample_2018.csv",
        columns=["NR_CONVENIO", "VL_DESEMBOLSADO_CONV"],
        patterns=["^775957;"],
    )
    assert list(frame["NR_CONVENIO"]) == ["775957"]
    assert frame[LINE].iloc[0] == 3  # the third line of the file
    assert parse_money(frame["VL_DESEMBOLSADO_CONV"].iloc[0]) == Decimal("294881.72")


def test_grep_reports_malformed_matching_lines_only(tmp_path):
    path = write(tmp_path / "x.csv", "A;B;C\n1;x;y\n2;x\n3;alvo\n")
    with pytest.raises(BadInput) as exc:
        grep_delimited(path, columns=["A", "B"], patterns=["alvo", "^2;"])
    assert [(p.line, "2 campos" in p.expected) for p in exc.value.problems] == [
        (3, True),
        (4, True),
    ]


@pytest.mark.parametrize(
    ("name", "first_date"),
    [
        ("sindec_cnrf_2019_excerpt.csv", datetime(2019, 9, 2, 9, 27, 15)),
        ("sindec_cnrf_2023_excerpt.csv", datetime(2023, 4, 18, 8, 59)),
    ],
)
def test_real_sindec_excerpts_dates_and_null(name, first_date):
    frame = read_delimited(
        REAL / name, required=["DataAbertura", "CEPConsumidor"], na_values=("", "NULL")
    )
    assert parse_datetime(frame["DataAbertura"].iloc[0]) == first_date
    if "2019" in name:
        assert pd.isna(frame["DescricaoProblema"].iloc[0])  # the literal NULL
        assert pd.isna(frame["CEPConsumidor"].iloc[1])
        assert frame["CEPConsumidor"].iloc[0] == "76824042"


def test_read_sheet_finds_header_below_titles_and_keeps_row_numbers(tmp_path):
    path = sheet(
        tmp_path / "s.xlsx",
        ["Nº", "Valor do Repasse"],
        [["1", 10.0], [None, None], ["2", "R$ 1.234,56"], ["TOTAL", 1244.56]],
    )
    frame = read_sheet(path, required=["Nº", "Valor do Repasse"])
    assert list(frame[LINE]) == [5, 7, 8]  # 2 titles, blank row, header on row 4
    rows, total = split_total(frame)
    assert list(rows["Nº"]) == ["1", "2"]
    assert total[LINE] == 8


def test_io_is_the_lowest_layer():
    """Reading raw files imports nothing from the build (fingerprints, reports)."""
    import subprocess
    import sys

    code = (
        "import sys, balanco.io.encoding, balanco.io.delimited, balanco.io.sheet\n"
        "import balanco.io.json_list, balanco.io.parse, balanco.io.validate, balanco.io.scan\n"
        "print(sorted(m for m in sys.modules if m.startswith(('balanco.build', "
        "'balanco.fingerprint', 'balanco.report', 'balanco.pipeline'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_io_imports_neither_babel_nor_the_display_layer():
    # The readers are the lowest layer: nothing of the display layer (formatting,
    # babel) or of the build may load with them. A fresh interpreter, since this
    # test session has imported everything already.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import balanco.io, balanco.io.paths, balanco.io.encoding, balanco.io.delimited\n"
        "import balanco.io.sheet, balanco.io.json_list, balanco.io.parse\n"
        "import balanco.io.validate, balanco.io.scan\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'"
        " or m in ('balanco.formatting', 'balanco.build', 'balanco.fingerprint')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("value", "missing"),
    [
        (None, True),
        (float("nan"), True),
        (pd.NA, True),
        (pd.NaT, True),
        (Decimal("NaN"), True),
        (np.float32("nan"), True),
        (np.datetime64("NaT"), True),
        ("", False),
        ("nan", False),
        (0, False),
        (0.0, False),
        (Decimal("0"), False),
        (np.array([1.0, float("nan")]), False),
    ],
)
def test_is_missing_is_one_definition_for_every_layer(value, missing):
    from balanco import errors, formatting
    from balanco.departments import base
    from balanco.missing import is_missing

    assert formatting.is_missing is is_missing
    assert base.is_missing is is_missing
    assert is_missing(value) is missing
    # A message never shows a missing value as "nan": it shows no value at all.
    shown = errors.Problem("a.csv", "esperado um número", line=2, value=value).render()
    assert ('valor "' in shown) is (not missing)
