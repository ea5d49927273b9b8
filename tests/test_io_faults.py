"""Hostile and broken input files: each gives a Portuguese bad-input message
naming the file (and the sheet, line, column and value as written where they
apply), never a traceback or a hang, and nothing is written.

Two layers: whole-year cases through ``pipeline.prepare`` on a copy of the
2024 sample with one file broken, and small hand-written files through the
readers. Expected fragments are written from the rules, not from the output.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, sheet, write

from balanco.config import Settings
from balanco.departments import convenios
from balanco.departments.frames import with_source
from balanco.errors import BadInput
from balanco.io import read_columns, read_delimited, read_json_list, read_sheet
from balanco.pipeline import prepare

SAMPLE = ROOT / "data" / "raw" / "2024"
SINDEC = "sindec_atendimentos.csv"
GLPI = "glpi_chamados.csv"
STATE = "convenios_estaduais.xlsx"
STATE_HEADER = list(convenios.STATE_COLUMNS)


# --------------------------------------------------------------------------- helpers


def lines_of(path: Path, encoding: str) -> list[str]:
    return path.read_text(encoding=encoding).splitlines(keepends=True)


def edit_line(name: str, number: int, edit: Callable[[str], str], encoding: str = "cp1252"):
    """Change physical line ``number`` (1 = header) of a raw file."""

    def mutate(raw: Path) -> None:
        path = raw / name
        lines = lines_of(path, encoding)
        lines[number - 1] = edit(lines[number - 1])
        path.write_text("".join(lines), encoding=encoding, newline="")

    return mutate


def set_field(line: str, index: int, value: str, sep: str = ";") -> str:
    cells = line.rstrip("\r\n").split(sep)
    cells[index] = value
    return sep.join(cells) + "\n"


def xlsx_with_part(path: Path, part: str, text: str) -> Path:
    """A valid workbook whose ``part`` is replaced by ``text`` (hostile XML)."""
    sheet(path, STATE_HEADER, [["1", "Obra", "Secretaria", "10/01/2024", 10.0, "Em execução"]])
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, text.encode() if item.filename == part else data)
    tmp.replace(path)
    return path


XXE = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>'
    "</sheetData></worksheet>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
    "</sheetData></worksheet>"
)


def snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


# --------------------------------------------------------------------------- whole year


def make_dir(name: str):
    def mutate(raw: Path) -> None:
        (raw / name).unlink()
        (raw / name).mkdir()
        (raw / name / "dentro.csv").write_text("x")

    return mutate


def link_outside(name: str):
    def mutate(raw: Path) -> None:
        outside = raw.parents[2] / "fora" / name
        outside.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(raw / name, outside)
        (raw / name).unlink()
        (raw / name).symlink_to(outside)

    return mutate


def make_fifo(name: str):
    def mutate(raw: Path) -> None:
        (raw / name).unlink()
        os.mkfifo(raw / name)

    return mutate


def replace_bytes(name: str, data: bytes):
    def mutate(raw: Path) -> None:
        (raw / name).write_bytes(data)

    return mutate


def transform(name: str, func: Callable[[bytes], bytes]):
    def mutate(raw: Path) -> None:
        path = raw / name
        path.write_bytes(func(path.read_bytes()))

    return mutate


def sindec_header() -> str:
    return (SAMPLE / SINDEC).read_text(encoding="cp1252").splitlines()[0]


def append_sindec(row: str):
    def mutate(raw: Path) -> None:
        with open(raw / SINDEC, "a", encoding="cp1252", newline="") as fh:
            fh.write(row + "\n")

    return mutate


N_SINDEC = len((SAMPLE / SINDEC).read_text(encoding="cp1252").splitlines())
N_GLPI_HEADER = (SAMPLE / GLPI).read_text(encoding="utf-8-sig").splitlines()[0]

# (id, mutation, fragments every one of which the message must contain)
YEAR_CASES = [
    ("pasta-no-lugar-do-sindec", make_dir(SINDEC), [SINDEC, "é uma pasta"]),
    (
        "link-para-fora-de-data-raw",
        link_outside(GLPI),
        [GLPI, "link simbólico", "aponta para fora de", "fora/glpi_chamados.csv"],
    ),
    ("fifo-no-lugar-do-glpi", make_fifo(GLPI), [GLPI, "não é um arquivo comum"]),
    (
        "manifest-toml-invalido",
        replace_bytes("manifest.toml", b"ano = 2024\n\nsintetico = tru\n"),
        ["manifest.toml", "linha 3", "não é um TOML válido"],
    ),
    (
        "sindec-tipo-null",
        edit_line(SINDEC, 5, lambda s: set_field(s, 8, "NULL")),
        [SINDEC, "linha 5", 'coluna "DescricaoTipoAtendimento"', "está vazio"],
    ),
    (
        "sindec-tipo-vazio",
        edit_line(SINDEC, 7, lambda s: set_field(s, 8, "")),
        [SINDEC, "linha 7", 'coluna "DescricaoTipoAtendimento"', "está vazio"],
    ),
    (
        "sindec-linha-total-no-fim",
        append_sindec("TOTAL" + ";" * 17),
        [SINDEC, f"linha {N_SINDEC + 1}", 'coluna "AnoAtendimento"', "linha de total"],
    ),
    (
        "sindec-data-impossivel",
        edit_line(SINDEC, 6, lambda s: set_field(s, 3, "31/02/2024 10:00")),
        [SINDEC, "linha 6", 'coluna "DataAtendimento"', 'valor "31/02/2024 10:00"', "dia/mês"],
    ),
    (
        "sindec-tipo-desconhecido",
        edit_line(SINDEC, 9, lambda s: set_field(s, 8, "Atendimento Preliminr")),
        [SINDEC, "linha 9", 'valor "Atendimento Preliminr"', 'quis dizer "Atendimento Preliminar"'],
    ),
    (
        "sindec-linha-truncada",
        transform(SINDEC, lambda b: b.rstrip(b"\r\n")[:-40] + b"\n"),
        [SINDEC, f"linha {N_SINDEC}", "esperados 18"],
    ),
    (
        "sindec-coluna-renomeada",
        edit_line(SINDEC, 1, lambda s: s.replace("DataAtendimento", "Data_Atendimento")),
        [SINDEC, 'coluna obrigatória "DataAtendimento"', 'quis dizer "Data_Atendimento"'],
    ),
    (
        "sindec-utf16",
        transform(SINDEC, lambda b: b.decode("cp1252").encode("utf-16")),
        [SINDEC, "UTF-16"],
    ),
    (
        "sindec-so-cabecalho",
        replace_bytes(SINDEC, (sindec_header() + "\n").encode("cp1252")),
        [SINDEC, "linha 1", "só tem o cabeçalho"],
    ),
    ("sindec-vazio", replace_bytes(SINDEC, b""), [SINDEC, "arquivo vazio"]),
    (
        "glpi-em-latin1",
        transform(GLPI, lambda b: b.decode("utf-8-sig").encode("latin-1")),
        [GLPI, "linha 1", "UTF-8"],  # the header's "Título" is the first non-UTF-8 byte
    ),
    (
        "glpi-id-repetido",
        transform(GLPI, lambda b: b.replace(b'\n"10 877";', b'\n"10 878";', 1)),
        [GLPI, 'coluna "ID"', 'valor "10 878"', "já aparece na linha 2"],
    ),
    (
        "glpi-aspas-sem-fechamento",
        transform(GLPI, lambda b: b.replace(b'"Sem internet no setor"', b'"Sem internet', 1)),
        [GLPI, "linha 2"],  # the quote swallows the separators: fields shift
    ),
    (
        "xlsx-que-e-csv",
        replace_bytes(STATE, "Nº;Objeto;Valor\n1;Obra;10,00\n".encode()),
        [STATE, "não é uma planilha .xlsx", "CSV"],
    ),
    (
        "xlsx-zip-quebrado",
        transform(STATE, lambda b: b[: len(b) // 2]),
        [STATE, "corrompida"],
    ),
    (
        "xlsx-antigo-xls",
        replace_bytes(STATE, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        [STATE, ".xls", "salve"],
    ),
    (
        "wordpress-json-truncado",
        transform("wordpress_posts_2.json", lambda b: b[: len(b) // 2]),
        ["wordpress_posts_2.json", "não é um JSON válido", "baixe de novo"],
    ),
    (
        "wordpress-json-objeto",
        replace_bytes("wordpress_posts_1.json", b'{"code": "rest_no_route"}'),
        ["wordpress_posts_1.json", "esperada uma lista JSON"],
    ),
]


@pytest.fixture
def year(tmp_path: Path) -> tuple[Settings, Path]:
    raw = tmp_path / "data" / "raw" / "2024"
    shutil.copytree(SAMPLE, raw)
    return Settings(root=tmp_path), raw


@pytest.mark.parametrize(
    ("mutate", "fragments"), [c[1:] for c in YEAR_CASES], ids=[c[0] for c in YEAR_CASES]
)
def test_broken_file_in_a_year_is_a_message_and_writes_nothing(year, mutate, fragments):
    settings, raw = year
    mutate(raw)
    before = snapshot(raw)
    with pytest.raises(BadInput) as exc:
        prepare(settings, 2024)
    message = str(exc.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in message and "Error" not in message
    assert snapshot(raw) == before  # raw files are never modified
    processed = settings.data_path / "processed"
    assert not (processed / "2024").exists()
    assert not [p for p in processed.glob("*") if not p.name.endswith(".lock")]


def test_reordered_and_extra_glpi_columns_give_the_same_figures(year):
    settings, raw = year
    expected = {i.key: i.value for i in prepare(settings, 2024).indicators.values()}
    text = (raw / GLPI).read_text(encoding="utf-8-sig")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    for row in rows:
        row = row[:-1]  # the empty last column
        writer.writerow([*reversed(row), "extra"])  # reversed order, one more column
    (raw / GLPI).write_text(out.getvalue(), encoding="utf-8-sig")
    again = {i.key: i.value for i in prepare(settings, 2024).indicators.values()}
    assert again == expected


# --------------------------------------------------------------------------- spreadsheets


def state_rows() -> list[list[object]]:
    return [
        ["1", "Pavimentação", "Secretaria de Logística", "10/01/2024", 1000.0, "Em execução"],
        ["2", "Creche", "Secretaria da Educação", "12/02/2024", 2500.5, "Em execução"],
    ]


def clean_state_of(path: Path):
    return convenios.clean_state(with_source(read_sheet(path, required=STATE_HEADER), path))


def test_header_on_second_sheet_is_found_and_named(tmp_path):
    from openpyxl import load_workbook

    path = sheet(
        tmp_path / STATE, STATE_HEADER, [*state_rows(), ["3", "x", "y", "32/01/2024", 1.0, ""]]
    )
    wb = load_workbook(path)
    wb.active.title = "Convênios 2024"
    notes = wb.create_sheet("Instruções", 0)
    notes["A1"] = "Preencha uma linha por convênio; não apague o cabeçalho."
    wb.save(path)
    with pytest.raises(BadInput) as exc:
        clean_state_of(path)
    (p,) = exc.value.problems
    assert p.file.endswith(f'{STATE}, planilha "Convênios 2024"')
    assert (p.line, p.column, p.value) == (7, "Data de Assinatura", "32/01/2024")


def test_missing_sheet_column_is_named_alone_with_a_suggestion(tmp_path):
    header = [h if h != "Valor do Repasse" else "Valor Repasse" for h in STATE_HEADER]
    path = sheet(tmp_path / STATE, header, state_rows())
    with pytest.raises(BadInput) as exc:
        read_sheet(path, required=STATE_HEADER)
    (p,) = exc.value.problems
    assert p.line == 4  # two title rows, a blank row, the header
    assert 'planilha "Sheet"' in p.file
    assert '"Valor do Repasse"' in p.expected and 'quis dizer "Valor Repasse"' in p.expected
    for present in ("Objeto", "Situação", "Data de Assinatura"):
        assert f'"{present}"' not in p.expected


def test_total_formula_without_saved_result_says_to_open_and_save(tmp_path):
    path = sheet(
        tmp_path / STATE, STATE_HEADER, [*state_rows(), ["TOTAL", None, None, None, "=SUM(E5:E6)"]]
    )  # openpyxl writes formulas without their result, as some generators do
    with pytest.raises(BadInput) as exc:
        clean_state_of(path)
    (p,) = exc.value.problems
    assert p.line == 7 and p.column == "Valor do Repasse"
    assert "=SUM(E5:E6)" in p.expected
    assert "Excel ou no LibreOffice" in p.expected and "salve" in p.expected
    assert "não confere" not in p.expected


def test_wrong_total_shows_the_sum_in_portuguese(tmp_path):
    rows = [
        ["1", "a", "b", "10/01/2024", 58084000.0, "Em execução"],
        ["2", "a", "b", "10/01/2024", 560.27, "Em execução"],
        ["TOTAL", None, None, None, "R$ 58.084.000,00"],
    ]
    with pytest.raises(BadInput) as exc:
        clean_state_of(sheet(tmp_path / STATE, STATE_HEADER, rows))
    message = str(exc.value)
    assert "58.084.560,27" in message and 'valor "R$ 58.084.000,00"' in message


@pytest.mark.parametrize(
    ("cell", "shown"),
    [(-5000.0, '"-5.000,00"'), ("-5.000,00", '"-5.000,00"'), ("R$ -1.234,56", '"R$ -1.234,56"')],
)
def test_negative_value_is_shown_as_written(tmp_path, cell, shown):
    rows = [["1", "a", "b", "10/01/2024", cell, "Em execução"]]
    with pytest.raises(BadInput) as exc:
        clean_state_of(sheet(tmp_path / STATE, STATE_HEADER, rows))
    message = str(exc.value)
    assert f"valor {shown}" in message, message
    assert "-5000.0" not in message


@pytest.mark.parametrize(
    ("part", "text"),
    [("xl/worksheets/sheet1.xml", XXE), ("xl/worksheets/sheet1.xml", LAUGHS)],
    ids=["xxe", "billion-laughs"],
)
def test_hostile_xml_in_xlsx_is_refused_before_parsing(tmp_path, part, text):
    path = xlsx_with_part(tmp_path / STATE, part, text)
    with pytest.raises(BadInput) as exc:
        read_sheet(path, required=STATE_HEADER)
    message = str(exc.value)
    assert "entidades XML" in message and "sheet1.xml" in message
    assert "root:" not in message  # /etc/passwd was never read


def test_openpyxl_parses_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_empty_xlsx_and_directory(tmp_path):
    with pytest.raises(BadInput, match="arquivo vazio"):
        read_sheet(write(tmp_path / "v.xlsx", ""), required=STATE_HEADER)
    (tmp_path / "d.xlsx").mkdir()
    with pytest.raises(BadInput, match="é uma pasta"):
        read_sheet(tmp_path / "d.xlsx", required=STATE_HEADER)


def test_header_only_sheet(tmp_path):
    with pytest.raises(BadInput) as exc:
        read_sheet(sheet(tmp_path / STATE, STATE_HEADER, []), required=STATE_HEADER)
    (p,) = exc.value.problems
    assert p.line == 4 and "não tem linhas de dados" in p.expected


# --------------------------------------------------------------------------- delimited text


def test_streaming_reader_keeps_lines_values_and_missing(tmp_path):
    path = write(
        tmp_path / "s.csv",
        'A;B;C;D\n1;x; NULL ;a\n\n2;x;;b\n3;"y;z";w;c\n',
        encoding="cp1252",
    )
    frame = read_columns(path, required=["C", "A"], optional=["B", "Z"], na_values=("", "NULL"))
    assert list(frame.columns) == ["C", "A", "B", "_linha"]
    assert list(frame["_linha"]) == [2, 4, 5]
    assert frame["C"].isna().tolist() == [True, True, False]
    assert frame["B"].tolist() == ["x", "x", "y;z"]


def test_streaming_reader_names_the_undecodable_line_in_a_large_file(tmp_path):
    body = "".join(f"{i};ok\n" for i in range(200_000))  # > 1 MiB before the bad byte
    path = tmp_path / "g.csv"
    path.write_bytes(("A;B\n" + body).encode() + "999;Média\n".encode("latin-1"))
    with pytest.raises(BadInput) as exc:
        read_columns(path, required=["A"], encodings=("utf-8-sig",))
    (p,) = exc.value.problems
    assert p.line == 200_002 and "UTF-8" in p.expected and "0xe9" in p.expected


def test_unterminated_quote_in_a_huge_field_is_a_message(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('A;B\n1;"aberta\n' + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as exc:
        read_columns(path, required=["A", "B"])
    assert "aspa" in str(exc.value) and "linha 2" in str(exc.value)


def test_oficios_register_read_as_before(tmp_path):
    path = write(tmp_path / "o.csv", "Número;Data\n001/2024;04/01/2024\n")
    assert list(read_delimited(path, required=["Número"])["Número"]) == ["001/2024"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[{"id": 1}', "linha 1"),
        ('[{"id": 1,}]', "nome de campo entre aspas"),
        ("[" * 100_000 + "]" * 100_000, "aninhamento"),
        ("[" + "9" * 5000 + "]", "número"),
    ],
    ids=["truncado", "virgula-sobrando", "aninhamento", "numero-gigante"],
)
def test_invalid_wordpress_json(tmp_path, text, fragment):
    with pytest.raises(BadInput) as exc:
        read_json_list(write(tmp_path / "wordpress_posts_1.json", text), system="WordPress")
    assert fragment in str(exc.value)


def test_data_cell_formula_without_saved_result_says_to_open_and_save(tmp_path):
    rows = [["1", "a", "b", "10/01/2024", "=100*2", "Em execução"]]
    with pytest.raises(BadInput) as exc:
        clean_state_of(sheet(tmp_path / STATE, STATE_HEADER, rows))
    (p,) = exc.value.problems
    assert (p.line, p.column) == (5, "Valor do Repasse")
    assert "=100*2" in p.expected and "salve" in p.expected and "está vazio" not in p.expected


def test_missing_value_is_never_shown_as_nan():
    from balanco.errors import Problem

    assert "nan" not in Problem("f.csv", "está vazio", line=2, value=float("nan")).render()


def test_sheet_without_the_header_names_the_sheets_searched(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Instruções"
    wb.active["A1"] = "Leia antes de preencher"
    wb.create_sheet("Plan2")["B2"] = "outra coisa"
    wb.save(tmp_path / STATE)
    with pytest.raises(BadInput) as exc:
        read_sheet(tmp_path / STATE, required=STATE_HEADER)
    message = str(exc.value)
    assert "cabeçalho não encontrado" in message
    assert '"Instruções", "Plan2"' in message


def test_sindec_null_stays_missing_never_the_text_nan(tmp_path):
    from balanco.departments import procon

    path = write(
        tmp_path / SINDEC,
        "DataAtendimento;DescricaoTipoAtendimento;CEPConsumidor;GrupoAssunto\n"
        "02/01/2024 09:00;CIP;NULL;Serviços  Privados\n"
        "03/01/2024 10:00;Atendimento Preliminar;8577248;\n",
        encoding="cp1252",
    )
    raw = with_source(
        read_columns(
            path,
            required=procon.SINDEC_COLUMNS,
            optional=procon.SINDEC_OPTIONAL,
            na_values=("", "NULL"),
        ),
        path,
    )
    out = procon.clean_atendimentos(raw)
    assert out["cepconsumidor"].isna().tolist() == [True, False]
    assert out["grupoassunto"].tolist()[0] == "Serviços Privados"  # spaces collapsed
    assert pd.isna(out["grupoassunto"].tolist()[1])
    assert "nan" not in out.astype(str).where(out.notna(), "").to_numpy().ravel().tolist()
