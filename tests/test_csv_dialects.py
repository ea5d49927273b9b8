"""Any valid CSV dialect is the same file: every delimited reader on small
hand-written tables, each written unquoted and then re-written quoted (all or
some fields), with CRLF, a BOM, latin-1 and a trailing separator."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from conftest import FIXTURES, write

from balanco.checks import Context
from balanco.config import Settings
from balanco.departments import convenios, cpd, procon
from balanco.departments.convenios import transferegov
from balanco.errors import BadInput
from balanco.io import LINE, column_pattern, grep_delimited, read_columns, read_delimited
from balanco.io import scan as scan_module

REAL = FIXTURES / "real"


def rewrite(
    text: str,
    *,
    quote: str = "none",
    eol: str = "\n",
    bom: bool = False,
    trailing: bool = False,
    encoding: str = "utf-8",
    sep: str = ";",
) -> bytes:
    """``text`` (';'-separated, LF, no quote or ';' inside a value) in another
    dialect. With another separator, a value holding it is quoted (a decimal comma)."""
    out = []
    for line in text.splitlines():
        cells = line.split(";")
        if quote == "all":
            cells = [f'"{c}"' for c in cells]
        elif quote == "some":  # every other field, header included
            cells = [f'"{c}"' if i % 2 else c for i, c in enumerate(cells)]
        cells = [f'"{c}"' if sep in c and not c.startswith('"') else c for c in cells]
        out.append(sep.join(cells) + (sep if trailing else "") + eol)
    return (b"\xef\xbb\xbf" if bom else b"") + "".join(out).encode(encoding)


DIALECTS = {
    "aspas em todos os campos": {"quote": "all"},
    "aspas em alguns campos": {"quote": "some"},
    "CRLF": {"eol": "\r\n"},
    "BOM": {"bom": True},
    "latin-1": {"encoding": "latin-1"},
    "separador no fim da linha": {"trailing": True},
    "aspas, CRLF, BOM e separador no fim": {
        "quote": "all",
        "eol": "\r\n",
        "bom": True,
        "trailing": True,
    },
    "aspas e latin-1": {"quote": "all", "encoding": "latin-1"},
    "vírgula como separador": {"sep": ","},
    "tabulação como separador, aspas e CRLF": {"sep": "\t", "quote": "all", "eol": "\r\n"},
}


# ------------------------------------------------------------ Transferegov pair

PROPOSTAS = """\
ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA;DESC_ORGAO_SUP;OBJETO_PROPOSTA
1;SP;ITAQUAQUECETUBA;3523107;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;Reforma de UBS
2;SP;ITAQUAQUECETUBA;3523107;Organização da Sociedade Civil;MINISTÉRIO DO ESPORTE;Projeto
3;SP;SUZANO;3552502;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;UBS
4;SP;Itaquaquecetuba;;Administração Pública Municipal;MINISTÉRIO DO ESPORTE;Quadra
"""
CONVENIOS = """\
NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;VL_REPASSE_CONV;VL_CONTRAPARTIDA_CONV
100;1;10/03/2024;Em execução;1100000;1000000;100000
101;2;11/03/2024;Em execução;500000;500000;0
103;3;13/05/2024;Em execução;700000;700000;0
104;4;14/06/2024;Em execução;250000,50;250000,50;0
"""


def federal_from(tmp_path, convs: bytes, props: bytes) -> pd.DataFrame:
    settings = Settings(root=tmp_path)
    c = tmp_path / "siconv_convenio.csv"
    p = tmp_path / "siconv_proposta.csv"
    c.write_bytes(convs)
    p.write_bytes(props)
    raw_c, raw_p = convenios.load_federal(c, p, settings=settings)
    return convenios.clean_federal(raw_c, raw_p, settings=settings)


def test_unquoted_pair_baseline(tmp_path):
    clean = federal_from(tmp_path, rewrite(CONVENIOS), rewrite(PROPOSTAS))
    counted = convenios.federal_of_year(clean, 2024)
    # 100 (by IBGE code) and 104 (no code: by UF and name); 101 is an NGO, 103 Suzano.
    assert sorted(counted["nr_convenio"]) == ["100", "104"]
    assert counted["valor_repasse"].sum() == pytest.approx(1_250_000.50)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_transferegov_pair_counts_the_same_in_every_dialect(tmp_path, dialect):
    options = DIALECTS[dialect]
    clean = federal_from(tmp_path, rewrite(CONVENIOS, **options), rewrite(PROPOSTAS, **options))
    counted = convenios.federal_of_year(clean, 2024)
    assert sorted(counted["nr_convenio"]) == ["100", "104"]
    assert counted["valor_repasse"].sum() == pytest.approx(1_250_000.50)
    assert sorted(counted["orgao_concedente"]) == ["MINISTÉRIO DA SAÚDE", "MINISTÉRIO DO ESPORTE"]
    assert sorted(counted["objeto"]) == ["Quadra", "Reforma de UBS"]


def test_quoted_pair_with_doubled_quotes_separators_and_newlines_in_a_value(tmp_path):
    props = (
        '"ID_PROPOSTA";"UF_PROPONENTE";"MUNIC_PROPONENTE";"COD_MUNIC_IBGE";'
        '"NATUREZA_JURIDICA";"DESC_ORGAO_SUP";"OBJETO_PROPOSTA"\n'
        '"1";"SP";"ITAQUAQUECETUBA";"3523107";"Administração Pública Municipal";'
        '"MINISTÉRIO DA SAÚDE";"Reforma da UBS ""Central""; bloco B"\n'
        '"3";"SP";"SUZANO";"3552502";"Administração Pública Municipal";'
        '"MINISTÉRIO DA SAÚDE";"UBS;\nsegunda linha"\n'
        '"4";"SP";"ITAQUAQUECETUBA";"3523107";"Administração Pública Municipal";'
        '"MINISTÉRIO DAS CIDADES";"Vias"\n'
    )
    # NR_CONVENIO "9;1" holds the separator: the ID is still found in its column.
    convs = (
        '"NR_CONVENIO";"ID_PROPOSTA";"DIA_ASSIN_CONV";"SIT_CONVENIO";"VL_GLOBAL_CONV";'
        '"VL_REPASSE_CONV";"VL_CONTRAPARTIDA_CONV"\n'
        '"100";"1";"10/03/2024";"Em execução";"1100000";"1000000";"100000"\n'
        '"103";"3";"13/05/2024";"Em execução";"700000";"700000";"0"\n'
        '"9;1";"4";"01/07/2024";"Em execução";"20";"20";"0"\n'
    )
    clean = federal_from(tmp_path, convs.encode(), props.encode())
    counted = convenios.federal_of_year(clean, 2024).sort_values("nr_convenio")
    assert list(counted["nr_convenio"]) == ["100", "9;1"]
    assert list(counted["objeto"]) == ['Reforma da UBS "Central"; bloco B', "Vias"]
    assert counted["valor_repasse"].sum() == pytest.approx(1_000_020)


def test_unquoted_convenio_with_quoted_proposta(tmp_path):
    clean = federal_from(tmp_path, rewrite(CONVENIOS), rewrite(PROPOSTAS, quote="all"))
    assert sorted(convenios.federal_of_year(clean, 2024)["nr_convenio"]) == ["100", "104"]


# ------------------------------------------------------------ the national scanner


def test_real_siconv_sample_fully_quoted_reads_the_same_rows(tmp_path):
    sample = REAL / "siconv_convenio_sample_2018.csv"
    text = sample.read_text("utf-8")
    assert '"' not in text  # so quoting every field is a plain re-write
    header = text.splitlines()[0].split(";")
    quoted = write(tmp_path / "siconv_convenio.csv", rewrite(text, quote="all").decode())
    plain = grep_delimited(sample, columns=header)
    again = grep_delimited(quoted, columns=header)
    assert len(again) == 99
    assert again.iloc[0]["NR_CONVENIO"] == "789952"
    assert again.iloc[0]["VL_INGRESSO_CONTRAPARTIDA"] == "15993,15"
    assert again.iloc[0]["SUBSITUACAO_CONV"] is None  # "" is missing, as ;; is
    pd.testing.assert_frame_equal(again, plain)
    # The third line, found by its number in the first column, quoted or not.
    for path in (sample, quoted):
        hit = grep_delimited(
            path, columns=["NR_CONVENIO"], patterns=[column_pattern(0, ["775957"])]
        )
        assert (list(hit["NR_CONVENIO"]), list(hit[LINE])) == (["775957"], [3])


def test_quoted_records_spanning_lines_and_blocks(tmp_path, monkeypatch):
    # Blocks of about 16 bytes: quoted newlines fall on block boundaries.
    monkeypatch.setattr(scan_module, "BLOCK", 16)
    path = write(
        tmp_path / "p.csv",
        '"ID";"MUN";"OBJ"\r\n'
        '"1";"ALVO";"uma\r\nduas\r\ntrês ALVO"\r\n'  # lines 2-4
        '"2";"OUTRO";"a;b"\r\n'  # line 5
        '"3";"OUTRO";"menciona ALVO\nmas é outro"\r\n'  # lines 6-7
        "4;ALVO;sem aspas\r\n",  # line 8
    )
    rows = grep_delimited(path, columns=["ID", "MUN", "OBJ"], patterns=["ALVO"])
    assert list(rows["ID"]) == ["1", "3", "4"]
    assert list(rows[LINE]) == [2, 6, 8]
    assert rows["OBJ"].iloc[0] == "uma\r\nduas\r\ntrês ALVO"
    everyone = grep_delimited(path, columns=["ID", "OBJ"])
    assert list(everyone["ID"]) == ["1", "2", "3", "4"]
    assert list(everyone[LINE]) == [2, 5, 6, 8]
    assert everyone["OBJ"].iloc[1] == "a;b"


def test_a_quote_inside_an_unquoted_value_is_a_character(tmp_path, monkeypatch):
    # 'Tubo de 3" polegadas' is valid CSV (a quote not at the start of a field is
    # kept as written): the records after it are still read, whatever the blocks.
    monkeypatch.setattr(scan_module, "BLOCK", 16)
    path = write(
        tmp_path / "p.csv",
        'ID;MUN;OBJ\n1;OUTRO;Tubo de 3" polegadas\n2;ALVO;Praça\n3;OUTRO;x\n4;ALVO;Rua\n',
    )
    rows = grep_delimited(path, columns=["ID", "OBJ"], patterns=["ALVO"])
    assert (list(rows["ID"]), list(rows[LINE])) == (["2", "4"], [3, 5])
    everyone = grep_delimited(path, columns=["ID", "OBJ"])
    assert everyone["OBJ"].iloc[0] == 'Tubo de 3" polegadas'


def test_an_unclosed_quote_is_reported_not_read_as_empty(tmp_path):
    path = write(tmp_path / "p.csv", '"ID";"MUN";"OBJ"\n"1";"ALVO;"x"\n"2";"OUTRO";"y"\n')
    with pytest.raises(BadInput) as exc:
        grep_delimited(path, columns=["ID", "MUN"], patterns=["ALVO"])
    (p,) = exc.value.problems
    assert p.line == 2
    assert "aspa" in p.expected


# ------------------------------------------------------------ municipio_ausente


def municipality_findings(tmp_path, props: bytes):
    settings = Settings(root=tmp_path)
    raw = settings.raw_dir(2024)
    raw.mkdir(parents=True)
    (raw / "siconv_proposta.csv").write_bytes(props)
    empty = pd.DataFrame({"cod_municipio_ibge": pd.Series([], dtype=object)})
    c = Context(settings, 2024, {"convenios": {"convenios_federais": empty}}, [], None, None, "")
    return list(transferegov.check_municipality(c))


OTHER_TOWNS = """\
ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA
7;SP;SUZANO;3552502;Administração Pública Municipal
8;SP;SUZANO;3552502;Administração Pública Municipal
9;SP;MOGI DAS CRUZES;3530607;Administração Pública Municipal
"""


@pytest.mark.parametrize("quote", ["all", "some"])
def test_municipio_ausente_on_a_quoted_dump_names_the_towns_without_quotes(tmp_path, quote):
    (found,) = municipality_findings(tmp_path, rewrite(OTHER_TOWNS, quote=quote, eol="\r\n"))
    assert found.code == "municipio_ausente"
    assert (
        "os municípios que mais aparecem são: SUZANO/SP (3552502) com 2 propostas e "
        "MOGI DAS CRUZES/SP (3530607) com 1 proposta" in found.expected
    )
    assert '"' not in found.expected


def test_municipio_ausente_finds_the_code_in_a_quoted_dump(tmp_path):
    own = OTHER_TOWNS + "10;SP;ITAQUAQUECETUBA;3523107;Administração Pública Municipal\n"
    assert municipality_findings(tmp_path, rewrite(own, quote="all")) == []


# ------------------------------------------------------------ every other delimited reader

OFICIOS = """\
Número;Data;Destinatário;Assunto;Situação
001/2024;05/02/2024;Ministério da Saúde;Pedido de recursos;Enviado
002/2024;;Secretaria Estadual;Parceria;Cancelado
"""
#: The ofícios as read: values as written, "" missing, physical lines.
OFICIOS_READ = {
    "Número": ["001/2024", "002/2024"],
    "Data": ["05/02/2024", None],
    "Destinatário": ["Ministério da Saúde", "Secretaria Estadual"],
    "Assunto": ["Pedido de recursos", "Parceria"],
    "Situação": ["Enviado", "Cancelado"],
    LINE: [2, 3],
}


def as_read(frame: pd.DataFrame) -> dict[str, list]:
    return {c: [None if pd.isna(v) else v for v in frame[c].astype(object)] for c in frame.columns}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("reader", ["read_delimited", "read_columns", "grep_delimited"])
def test_every_delimited_reader_reads_every_dialect_the_same(tmp_path, dialect, reader):
    path = tmp_path / "oficios.csv"
    path.write_bytes(rewrite(OFICIOS, **DIALECTS[dialect]))
    columns = list(convenios.OFICIO_COLUMNS)
    frame = {
        "read_delimited": lambda: read_delimited(path, required=columns),
        "read_columns": lambda: read_columns(path, required=columns),
        "grep_delimited": lambda: grep_delimited(path, columns=columns),
    }[reader]()
    assert as_read(frame[[*columns, LINE]]) == OFICIOS_READ


@pytest.mark.parametrize("reader", ["read_delimited", "read_columns", "grep_delimited"])
def test_every_delimited_reader_reads_doubled_quotes_separators_and_newlines(tmp_path, reader):
    path = write(
        tmp_path / "oficios.csv",
        '"Número";"Assunto"\r\n'
        '"001/2024";"Pedido ""urgente""; recursos"\r\n'
        '"002/2024";"duas\r\nlinhas"\r\n'
        '"003/2024";""\r\n',
    )
    columns = ["Número", "Assunto"]
    frame = {
        "read_delimited": lambda: read_delimited(path, required=columns),
        "read_columns": lambda: read_columns(path, required=columns),
        "grep_delimited": lambda: grep_delimited(path, columns=columns),
    }[reader]()
    assert as_read(frame[[*columns, LINE]]) == {
        "Número": ["001/2024", "002/2024", "003/2024"],
        "Assunto": ['Pedido "urgente"; recursos', "duas\r\nlinhas", None],
        LINE: [2, 3, 5],
    }


SINDEC = """\
AnoAtendimento;DataAtendimento;DescricaoTipoAtendimento;DescricaoAssunto;FaixaEtariaConsumidor;CEPConsumidor;UF
2024;02/01/2024 09:15;CIP;Telefonia Celular;entre 21 a 30 anos;8574000;SP
2024;2024-03-04 10:00:00.000;Atendimento Preliminar;Banco;NULL;NULL;SP
"""


@pytest.mark.parametrize("dialect", DIALECTS)
def test_sindec_reads_every_dialect_the_same(tmp_path, dialect):
    path = tmp_path / "sindec_atendimentos.csv"
    path.write_bytes(rewrite(SINDEC, **DIALECTS[dialect]))
    frame = read_columns(
        path, required=procon.SINDEC_COLUMNS, optional=("CEPConsumidor",), na_values=("", "NULL")
    )
    assert as_read(frame) == {
        "DataAtendimento": ["02/01/2024 09:15", "2024-03-04 10:00:00.000"],
        "DescricaoTipoAtendimento": ["CIP", "Atendimento Preliminar"],
        "CEPConsumidor": ["8574000", None],
        LINE: [2, 3],
    }


GLPI = """\
ID;Título;Status;Data de abertura;Categoria
2 553;Criar usuário no PC;Solucionado;05-01-2024 14:10;Redes > Cabeamento
2 554;Impressora;Fechado;2024-02-01 08:00;
"""


@pytest.mark.parametrize(
    "dialect",
    [
        {},  # unquoted, LF, no BOM, no trailing ';'
        {"quote": "all", "eol": "\r\n", "bom": True, "trailing": True},  # as GLPI writes it
        {"quote": "some"},
        {"eol": "\r\n", "trailing": True},
        {"quote": "all", "sep": ",", "bom": True, "trailing": True},  # GLPI's other separator
    ],
)
def test_glpi_reads_every_dialect_the_same(tmp_path, dialect):
    (tmp_path / "glpi_chamados.csv").write_bytes(rewrite(GLPI, **dialect))
    settings = Settings(root=tmp_path)
    clean = cpd.clean(cpd.load(tmp_path, settings=settings), year=2024, settings=settings)
    tickets = clean["chamados"]
    assert list(tickets["id"]) == [2553, 2554]
    assert list(tickets["linha_origem"]) == [2, 3]
    assert list(tickets["titulo"]) == ["Criar usuário no PC", "Impressora"]


def test_money_of_a_quoted_dump_reads_as_decimal(tmp_path):
    path = write(tmp_path / "c.csv", '"NR";"VL"\n"1";"119473,56"\n"2";"1.234,56"\n')
    frame = grep_delimited(path, columns=["NR", "VL"])
    from balanco.io import parse_money

    assert [parse_money(v) for v in frame["VL"]] == [Decimal("119473.56"), Decimal("1234.56")]


# ------------------------------------------- a header written with other case, accents, spaces

#: The ofícios' header as a colleague may type it: no accents, other case, spaces.
OFICIOS_OTHERWISE = OFICIOS.replace(
    "Número;Data;Destinatário;Assunto;Situação", "NUMERO; data ;Destinatario;ASSUNTO;Situacao"
)


@pytest.mark.parametrize("sep", [";", ","])
@pytest.mark.parametrize("reader", ["read_delimited", "read_columns", "grep_delimited"])
def test_every_delimited_reader_matches_the_header_as_the_values(tmp_path, reader, sep):
    """ "Situacao" is the column "Situação" as "SITUAÇÃO " is (case, accents and
    spaces make no new column); the frame has the declared names, and keeps the
    names as written for the messages."""
    path = tmp_path / "oficios.csv"
    path.write_bytes(rewrite(OFICIOS_OTHERWISE, sep=sep))
    columns = list(convenios.OFICIO_COLUMNS)
    frame = {
        "read_delimited": lambda: read_delimited(path, required=columns),
        "read_columns": lambda: read_columns(path, required=columns),
        "grep_delimited": lambda: grep_delimited(path, columns=columns),
    }[reader]()
    assert as_read(frame[[*columns, LINE]]) == OFICIOS_READ
    assert frame.attrs["as_written"] == {
        "Número": "NUMERO",
        "Data": "data",
        "Destinatário": "Destinatario",
        "Assunto": "ASSUNTO",
        "Situação": "Situacao",
    }


def test_a_header_without_accents_in_a_dump_read_for_one_column(tmp_path):
    path = write(tmp_path / "c.csv", "id_proposta;sit_convenio\n7;Em execução\n8;Anulado\n")
    pattern = scan_module.column_pattern_in(path, "ID_PROPOSTA", ["8"])
    frame = grep_delimited(path, columns=["ID_PROPOSTA", "SIT_CONVENIO"], patterns=[pattern])
    assert as_read(frame) == {"ID_PROPOSTA": ["8"], "SIT_CONVENIO": ["Anulado"], LINE: [3]}


def test_a_column_really_missing_is_still_refused_with_a_suggestion(tmp_path):
    path = write(tmp_path / "o.csv", "Número;Data;Destinatário;Assunto;Situaçao do envio\n1;;;;x\n")
    with pytest.raises(BadInput) as exc:
        read_delimited(path, required=list(convenios.OFICIO_COLUMNS))
    (p,) = exc.value.problems
    assert p.expected.startswith('coluna obrigatória "Situação" não encontrada')


def test_a_sheet_header_without_accents_is_the_same_column(tmp_path):
    from conftest import sheet

    from balanco.io import read_sheet

    path = sheet(tmp_path / "a.xlsx", ["Nº", "DATA", "situacao "], [[1, "05/03/2024", "Realizada"]])
    frame = read_sheet(path, required=["Nº", "Data", "Situação"])
    assert list(frame["Situação"]) == ["Realizada"]
    assert frame.attrs["as_written"] == {"Data": "DATA", "Situação": "situacao"}


def test_a_message_names_the_column_as_written_in_the_file(tmp_path):
    """Through the pipeline: a wrong value under "Situacao" is reported in the
    column "Situacao", as the analyst sees it in the file."""
    import shutil

    from conftest import ROOT

    from balanco import pipeline

    raw = tmp_path / "data" / "raw" / "2024"
    shutil.copytree(ROOT / "data" / "raw" / "2024", raw)
    lines = (raw / "oficios.csv").read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace("Situação", "Situacao")
    lines[3] = lines[3].rsplit(";", 1)[0] + ";Enviadoo"
    (raw / "oficios.csv").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(BadInput) as exc:
        pipeline.prepare(Settings(root=tmp_path), 2024)
    (p,) = exc.value.problems
    assert (p.line, p.column, p.value) == (4, "Situacao", "Enviadoo")
    assert p.file.endswith("oficios.csv")
