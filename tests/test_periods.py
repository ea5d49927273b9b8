"""Issue 14, items 3 and 4: an export of the wrong period (periodo_misturado), and
records that never count (by their status) not blocking. Expected values are worked
out by hand from the rules (balanco.periods, the departments' EXCLUDED)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, dt, sheet, write

from balanco import cli, formatting, pipeline, published
from balanco.checks import (
    BLOCKING,
    WARNING,
    Context,
    data_futura,
    periodo_misturado,
    valor_acima_do_limite,
    valor_ignorado,
)
from balanco.config import Settings
from balanco.departments import DEPARTMENTS, comunicacao, convenios, procon
from balanco.errors import BadInput

NOW = datetime(2025, 1, 31, 23, 59)
EXPORT = "data da exportação (31/01/2025, data_exportacao do manifest.toml)"


def ctx(settings: Settings, cleaned, *, year=2024, limit=NOW, raw=None) -> Context:
    settings.raw_dir(year).mkdir(parents=True, exist_ok=True)
    return Context(settings, year, cleaned, [], None, limit, EXPORT, raw or {})


def dated(column: str, *dates: str, **extra) -> pd.DataFrame:
    when = pd.to_datetime(list(dates), format="%d/%m/%Y")
    return pd.DataFrame(
        {
            "ano": pd.Series(when.year, dtype="Int64"),
            column: when,
            "linha_origem": range(2, 2 + len(dates)),
            **extra,
        }
    )


def sindec(*dates: str) -> dict:
    return {"procon": {"atendimentos": dated("data_atendimento", *dates)}}


def days(month_year: str, *day_numbers: int) -> list[str]:
    return [f"{d:02d}/{month_year}" for d in day_numbers]


# --------------------------------------------------------------------------- which sources


def test_only_the_exports_of_one_period_are_judged():
    """Sindec, WordPress and GLPI export a chosen period; the Transferegov dumps,
    the state spreadsheet and the registers accumulate years."""
    judged = {(d.NAME, spec.frame) for d in DEPARTMENTS for spec in d.DATES if spec.one_period}
    assert judged == {
        ("procon", "atendimentos"),
        ("comunicacao", "posts"),
        ("cpd", "chamados"),
    }


# --------------------------------------------------------------------------- the rule


def test_records_of_the_year_only_in_its_first_weeks_block(tmp_settings):
    # 12 atendimentos from 2 to 20 January 2024 (the majority), 8 of December 2023:
    # an export of mid-December to January, not of 2024.
    dates = days("01/2024", *range(2, 14)) + days("12/2023", *range(20, 28))
    (found,) = periodo_misturado.check(ctx(tmp_settings, sindec(*dates)))
    assert (found.code, found.severity, found.file, found.column) == (
        "periodo_misturado",
        BLOCKING,
        "sindec_atendimentos.csv",
        "DataAtendimento",
    )
    # The old rule said "nos primeiros 31 dias do ano"; the coverage rule (review of
    # issue 14: six weeks must block too) names the period's last quarter instead.
    assert (
        "os de 2024 vão só até 13/01/2024, sem chegar ao último quarto do período "
        "(de 02/10/2024 a 31/12/2024)" in found.expected
    )
    assert "menos da metade" not in found.expected  # 12 of 20 are of 2024
    assert (
        "Anos e meses encontrados: 2023: 8 registros, em dezembro; "
        "2024: 12 registros, em janeiro." in found.expected
    )


def test_records_of_the_year_only_in_its_last_weeks_block(tmp_settings):
    # 12 from 5 December 2024, 8 of January 2025 (exported on 31/01/2025).
    dates = days("12/2024", *range(5, 17)) + days("01/2025", *range(2, 10))
    (found,) = periodo_misturado.check(ctx(tmp_settings, sindec(*dates)))
    assert (
        "os de 2024 começam só em 05/12/2024, depois do primeiro quarto do período "
        "(de 01/01/2024 a 31/03/2024)" in found.expected
    )


def every_day(first: str, last: str) -> list[str]:
    """One record a day, ``first`` to ``last`` (dd/mm/yyyy), both included."""
    span = pd.date_range(*pd.to_datetime([first, last], format="%d/%m/%Y"))
    return [d.strftime("%d/%m/%Y") for d in span]


def test_an_export_of_the_first_six_weeks_blocks(tmp_settings):
    # The review's case: a Sindec export cut at 15/02/2024. 45 records of 2024
    # (1 January to 14 February) and 5 of late December 2023: mostly of 2024, so only
    # the coverage rule can stop it. The last quarter of 2024 (366 days: 91 days)
    # runs from 02/10/2024 to 31/12/2024.
    dates = every_day("01/01/2024", "14/02/2024") + every_day("27/12/2023", "31/12/2023")
    (found,) = periodo_misturado.check(ctx(tmp_settings, sindec(*dates)))
    assert found.code == "periodo_misturado" and found.severity == BLOCKING
    assert found.expected.startswith(
        "a exportação parece ser de outro período: os de 2024 vão só até 14/02/2024, sem "
        "chegar ao último quarto do período (de 02/10/2024 a 31/12/2024). Anos e meses "
        "encontrados: 2023: 5 registros, em dezembro; 2024: 45 registros, em janeiro e "
        "fevereiro."
    )
    assert "menos da metade" not in found.expected


def test_an_export_of_the_last_six_weeks_blocks(tmp_settings):
    # 43 records from 19/11/2024 to 31/12/2024 and 10 of January 2025: they start
    # after the first quarter of 2024 (01/01/2024 to 31/03/2024).
    dates = every_day("19/11/2024", "31/12/2024") + every_day("01/01/2025", "10/01/2025")
    (found,) = periodo_misturado.check(ctx(tmp_settings, sindec(*dates)))
    assert (
        "os de 2024 começam só em 19/11/2024, depois do primeiro quarto do período "
        "(de 01/01/2024 a 31/03/2024)" in found.expected
    )
    assert "2024: 43 registros, em novembro e dezembro; 2025: 10 registros" in found.expected


def test_a_full_year_and_a_year_with_an_empty_month_pass(tmp_settings):
    # Two records a month all year, with a few of the neighbouring years.
    year = [f"{d:02d}/{m:02d}/2024" for m in range(1, 13) for d in (10, 20)]
    edges = ["30/12/2023", "02/01/2025"]
    assert list(periodo_misturado.check(ctx(tmp_settings, sindec(*year, *edges)))) == []
    # No January (first record 10/02/2024, inside the first quarter) and no December
    # (last record 20/11/2024, inside the last quarter): a normal gap, not another period.
    no_january = [d for d in year if not d.endswith("/01/2024")]
    no_december = [d for d in year if not d.endswith("/12/2024")]
    assert list(periodo_misturado.check(ctx(tmp_settings, sindec(*no_january)))) == []
    assert list(periodo_misturado.check(ctx(tmp_settings, sindec(*no_december)))) == []
    # The quarter's own bounds: a last record on 02/10/2024 reaches it, 01/10 does not.
    reach = [f"10/{m:02d}/2024" for m in range(1, 10)] + ["02/10/2024"]
    assert list(periodo_misturado.check(ctx(tmp_settings, sindec(*reach)))) == []
    (found,) = periodo_misturado.check(ctx(tmp_settings, sindec(*reach[:-1], "01/10/2024")))
    assert "os de 2024 vão só até 01/10/2024" in found.expected


def test_the_running_year_is_judged_up_to_the_export(tmp_settings):
    # Exported on 10/11/2025: the period is 01/01/2025 to 10/11/2025 (314 days), its
    # last quarter the last 78 days, from 25/08/2025. Six weeks of January and
    # February block; the message names the export date without nested parentheses.
    november = datetime(2025, 11, 10, 23, 59)
    dates = every_day("01/01/2025", "14/02/2025")
    settings = tmp_settings
    settings.raw_dir(2025).mkdir(parents=True, exist_ok=True)
    label = "data de hoje (10/11/2025)"
    c = Context(settings, 2025, sindec(*dates), [], None, november, label, {})
    (found,) = periodo_misturado.check(c)
    assert "sem chegar ao último quarto do período (de 25/08/2025 a 10/11/2025)" in (found.expected)
    assert "O período de 2025 vai de 01/01/2025 até a data de hoje (10/11/2025), pois" in (
        found.expected
    )
    assert "((" not in found.expected and "))" not in found.expected


def test_an_export_mostly_of_another_year_blocks(tmp_settings):
    # 9 of 2023 spread over the year, 3 of 2024 in March and July: 3 of 12 (25%).
    dates = [f"10/{m:02d}/2023" for m in range(1, 10)] + ["05/03/2024", "06/03/2024", "07/07/2024"]
    (found,) = periodo_misturado.check(ctx(tmp_settings, sindec(*dates)))
    assert "dos 12 atendimentos, só 3 são de 2024 (25%, menos da metade)" in found.expected
    assert "2023: 9 registros, de janeiro a setembro; 2024: 3 registros, em março e julho" in (
        found.expected
    )
    # Mostly of another year comes first; the year's three records (March to July)
    # do not reach the period's last quarter either.
    why = found.expected.split(". Anos e meses")[0]
    assert why.index("menos da metade") < why.index("sem chegar ao último quarto")


def test_half_of_the_records_in_the_year_is_not_mostly_another_year(tmp_settings):
    dates = [f"10/{m:02d}/2023" for m in range(6, 11)] + [f"10/{m:02d}/2024" for m in (2, 5, 8)]
    dates += ["11/11/2024", "12/11/2024"]  # 5 of 10 in 2024, from February to November
    assert list(periodo_misturado.check(ctx(tmp_settings, sindec(*dates)))) == []
    # One record of 2024 fewer (4 of 10): mostly of another year.
    (found,) = periodo_misturado.check(ctx(tmp_settings, sindec("10/05/2023", *dates[:-1])))
    assert "só 4 são de 2024 (40%, menos da metade)" in found.expected


def test_the_running_year_ends_at_the_export(tmp_settings):
    # A report in November of the running year: records up to the export are normal.
    november = datetime(2025, 11, 10, 23, 59)
    dates = [f"{d:02d}/{m:02d}/2025" for m in range(1, 12) for d in (3, 4)]
    dates += days("12/2024", 20, 21)
    c = ctx(tmp_settings, sindec(*dates), year=2025, limit=november)
    assert list(periodo_misturado.check(c)) == []
    # Exported on 20 January: only January so far, and the edge rule has too short a year.
    january = datetime(2025, 1, 20, 23, 59)
    dates = days("01/2025", *range(2, 14)) + days("12/2024", 29, 30, 31)
    c = ctx(tmp_settings, sindec(*dates), year=2025, limit=january)
    assert list(periodo_misturado.check(c)) == []


def test_a_source_with_few_records_is_not_judged(tmp_settings):
    # 9 records (fewer than 10): 7 of 2023 and 2 of January 2024 say nothing.
    dates = [f"10/{m:02d}/2023" for m in range(1, 8)] + ["03/01/2024", "04/01/2024"]
    assert list(periodo_misturado.check(ctx(tmp_settings, sindec(*dates)))) == []


def test_cumulative_sources_are_not_judged_mostly_of_another_year(tmp_settings):
    # The Transferegov dump holds every year since 2008: 16 convênios of 2008 to
    # 2023 and 2 signed in December 2024 are an ordinary file.
    old = [f"15/06/{y}" for y in range(2008, 2024)]
    federal = dated("data_assinatura", *old, "10/12/2024", "20/12/2024")
    state = dated("data_assinatura", *old, "05/01/2024")
    oficios = dated("data", *old, "05/01/2024", "06/01/2024")
    cleaned = {
        "convenios": {
            "convenios_federais": federal,
            "convenios_estaduais": state,
            "oficios": oficios,
        }
    }
    assert list(periodo_misturado.check(ctx(tmp_settings, cleaned))) == []


def test_scheduled_posts_are_left_out_of_the_period(tmp_settings):
    # 11 published posts of 2024 over the year; 12 scheduled for 2025 are no evidence.
    dates = [f"10/{m:02d}/2024" for m in range(1, 12)] + [f"05/{m:02d}/2025" for m in range(1, 13)]
    status = ["publish"] * 11 + ["future"] * 12
    frame = dated("data", *dates, status=status, arquivo_origem="wordpress_posts_1.json")
    c = ctx(tmp_settings, {"comunicacao": {"posts": frame}}, limit=datetime(2026, 1, 31))
    assert list(periodo_misturado.check(c)) == []


# --------------------------------------------------------------------------- end to end


def root_with_2024(tmp_path: Path, monkeypatch) -> Path:
    """A project whose data/raw/2024 is a copy of the shipped one (no 2023)."""
    raw = tmp_path / "data" / "raw" / "2024"
    shutil.copytree(ROOT / "data" / "raw" / "2024", raw)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    return raw


def test_the_2023_wordpress_export_in_the_2024_folder_stops_the_run(tmp_path, monkeypatch, capsys):
    raw = root_with_2024(tmp_path, monkeypatch)
    for page in raw.glob("wordpress_*.json"):
        page.unlink()
    for page in (ROOT / "data" / "raw" / "2023").glob("wordpress_*.json"):
        shutil.copy(page, raw / page.name)
    # What the pages hold, by year and month of the published posts' dates.
    months: dict[int, Counter] = {}
    for page in raw.glob("wordpress_posts_*.json"):
        for post in json.loads(page.read_text(encoding="utf-8")):
            if post["status"] == "publish":
                y, m = int(post["date"][:4]), int(post["date"][5:7])
                months.setdefault(y, Counter())[m] += 1
    assert set(months) == {2022, 2023, 2024} and set(months[2024]) == {1}
    assert cli.main(["prepare", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "wordpress_posts_*.json" in err and "[verificação: periodo_misturado]" in err
    n2024 = sum(months[2024].values())
    total = sum(sum(c.values()) for c in months.values())
    assert f"dos {formatting.count(total)} posts, só {n2024} são de 2024" in err
    assert f"2024: {n2024} registros, em janeiro" in err
    assert f"2023: {formatting.count(sum(months[2023].values()))} registros, de janeiro a" in err
    entry = (
        '  [[aceite]]\n  verificacao = "periodo_misturado"\n'
        '  arquivo = "wordpress_posts_*.json"\n'
        '  motivo = "<por que o dado está correto>"\n'
    )
    assert entry in err
    assert not (tmp_path / "data" / "processed" / "2024").exists()
    # The entry as the message gives it, with its reason, lets the run through.
    write(
        raw / "aceites.toml",
        entry.replace("  ", "").replace("<por que o dado está correto>", "Teste"),
    )
    assert cli.main(["prepare", "--year", "2024"]) == 0


def published_figures() -> dict[str, str]:
    return published.load(Settings(root=ROOT), 2024).figures


def test_a_cancelled_convenio_without_values_does_not_stop_the_run(tmp_path, monkeypatch):
    raw = root_with_2024(tmp_path, monkeypatch)
    path = raw / "siconv_convenio.csv"
    data = path.read_bytes()
    encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "latin-1"
        text = data.decode(encoding)
    header = text.splitlines()[0].split(";")
    # Proposta 900964 is Itaquaquecetuba's (Administração Pública Municipal).
    row = dict.fromkeys(header, "")
    row.update(
        NR_CONVENIO="999001",
        ID_PROPOSTA="900964",
        DIA="15",
        MES="5",
        ANO="2024",
        DIA_ASSIN_CONV="15/05/2024",
        SIT_CONVENIO="Convênio Cancelado",
    )
    line = ";".join(row[h] for h in header)
    path.write_bytes((text.rstrip("\n") + "\n" + line + "\n").encode(encoding))
    settings = Settings(root=tmp_path)
    data_ = pipeline.prepare(settings, 2024)  # no BadInput, no blocking check
    for key, text_ in published_figures().items():
        ind = data_.indicators[key]
        assert formatting.plain_spaces(formatting.indicator_value(ind.value, ind.unit)) == text_, (
            key
        )
    cleaned, _, _ = pipeline.compute(settings, 2024)
    (added,) = cleaned["convenios"]["convenios_federais"].query("nr_convenio == '999001'").index
    record = cleaned["convenios"]["convenios_federais"].loc[added]
    assert record["situacao"] == "Convênio Cancelado" and pd.isna(record["valor_repasse"])
    assert "valor_ignorado" not in {f.code for f in data_.alertas}  # empty: nothing to say


def test_a_scheduled_post_after_the_export_does_not_stop_the_run(tmp_path, monkeypatch):
    raw = root_with_2024(tmp_path, monkeypatch)
    manifest = raw / "manifest.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "ano = 2024\n", "ano = 2024\ndata_exportacao = 2025-02-05\n", 1
        ),
        encoding="utf-8",
    )
    last = raw / "wordpress_posts_5.json"
    posts = json.loads(last.read_text(encoding="utf-8"))
    scheduled = {
        **posts[0],
        "id": 990001,
        "date": "2025-02-10T09:00:00",
        "status": "future",
        "slug": "agendado",
    }
    write(last, json.dumps([*posts, scheduled], ensure_ascii=False))
    total = json.loads((raw / "wordpress_total.json").read_text(encoding="utf-8"))
    write(raw / "wordpress_total.json", json.dumps({**total, "X-WP-Total": 454}))
    data_ = pipeline.prepare(Settings(root=tmp_path), 2024)
    for key, text_ in published_figures().items():
        ind = data_.indicators[key]
        assert formatting.plain_spaces(formatting.indicator_value(ind.value, ind.unit)) == text_, (
            key
        )


# ------------------------------------------------------------------- records that never count


def test_a_future_date_blocks_only_a_record_that_counts(tmp_settings):
    dates = ["10/02/2025", "11/02/2025"]
    frame = dated(
        "data", *dates, status=["future", "publish"], arquivo_origem="wordpress_posts_1.json"
    )
    (found,) = data_futura.check(ctx(tmp_settings, {"comunicacao": {"posts": frame}}))
    assert (found.code, found.line) == ("data_futura", 3)
    # Item 3 of the page (linha_origem 3 in this hand-made frame, which has no "id"):
    # named as a post, not as a line of the JSON file.
    assert found.mensagem.startswith('wordpress_posts_1.json, 3º post, coluna "date"')
    # A scheduled post is not a release of any year.
    releases = comunicacao.releases_of_year(frame.assign(release=True), 2025)
    assert list(releases["linha_origem"]) == [3]


def test_a_value_beyond_the_bound_in_an_annulled_convenio_does_not_block(tmp_settings):
    federal = pd.DataFrame(
        {
            "valor_repasse": [2e11, 3e11],
            "situacao": ["Convênio Anulado", "Em execução"],
            "linha_origem": [6, 7],
        }
    )
    c = ctx(tmp_settings, {"convenios": {"convenios_federais": federal}})
    assert [f.line for f in valor_acima_do_limite.check(c)] == [7]


PROPOSTAS = """\
ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA;DESC_ORGAO_SUP;OBJETO_PROPOSTA
1;SP;ITAQUAQUECETUBA;3523107;Administração Pública Municipal;MINISTÉRIO DA SAÚDE;Reforma de UBS
"""
CONVENIOS = """\
NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;VL_REPASSE_CONV;VL_CONTRAPARTIDA_CONV
100;1;10/03/2024;Em execução;1100000;1000000;100000
101;1;11/03/2024;Convênio Cancelado;;;
102;1;12/03/2024;Convênio Anulado;a definir;1.000.000.00;
"""


def federal(tmp_path: Path, convs: str = CONVENIOS):
    settings = Settings(root=tmp_path)
    c = write(tmp_path / "siconv_convenio.csv", convs)
    p = write(tmp_path / "siconv_proposta.csv", PROPOSTAS)
    raw_c, raw_p = convenios.load_federal(c, p, settings=settings)
    return raw_c, convenios.clean_federal(raw_c, raw_p, settings=settings)


def test_void_convenios_values_are_read_by_no_rule(tmp_path):
    raw, clean = federal(tmp_path)
    assert list(clean["nr_convenio"]) == ["100", "101", "102"]
    assert clean["valor_repasse"].isna().tolist() == [False, True, True]
    counted = convenios.federal_of_year(clean, 2024)
    assert list(counted["nr_convenio"]) == ["100"]
    assert counted["valor_repasse"].sum() == 1_000_000
    # The unreadable values of line 4 are warnings, with line, column and value.
    settings = Settings(root=tmp_path)
    c = ctx(
        settings,
        {"convenios": {"convenios_federais": clean}},
        raw={"convenios": {"convenios_federais": raw}},
    )
    found = list(valor_ignorado.check(c))
    assert [(f.code, f.severity, f.line, f.column, f.value) for f in found] == [
        ("valor_ignorado", WARNING, 4, "VL_REPASSE_CONV", "1.000.000.00"),
        ("valor_ignorado", WARNING, 4, "VL_GLOBAL_CONV", "a definir"),
    ]
    assert 'situação "Convênio Anulado"' in found[0].expected


def test_a_convenio_that_counts_still_needs_its_repasse(tmp_path):
    bad = CONVENIOS.replace("1100000;1000000;100000", "1100000;;100000")
    with pytest.raises(BadInput) as exc:
        federal(tmp_path, bad)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column) == (2, "VL_REPASSE_CONV")


STATE_HEADER = [
    "Nº",
    "Objeto",
    "Órgão Concedente",
    "Data de Assinatura",
    "Valor do Repasse",
    "Situação",
]


def test_a_cancelled_state_convenio_without_a_value_does_not_stop_the_run(tmp_path):
    from balanco.departments.frames import with_source
    from balanco.io import read_sheet

    rows = [
        ["001/2024", "Praça", "Secretaria A", dt("05/02/2024"), 1000.0, "Assinado"],
        ["002/2024", "Ponte", "Secretaria A", dt("01/04/2024"), None, "Cancelado"],
        ["003/2024", "Rua", "Secretaria B", dt("10/05/2024"), "a definir", "Cancelado"],
        ["TOTAL", None, None, None, 1000.0, None],
    ]
    path = sheet(tmp_path / "convenios_estaduais.xlsx", STATE_HEADER, rows)
    raw = with_source(read_sheet(path, required=convenios.STATE_COLUMNS), path)
    clean = convenios.clean_state(raw)
    assert clean["valor_repasse"].isna().tolist() == [False, True, True]
    assert list(convenios.state_of_year(clean, 2024)["nr_convenio"]) == ["001/2024"]
    c = ctx(
        Settings(root=tmp_path),
        {"convenios": {"convenios_estaduais": clean}},
        raw={"convenios": {"convenios_estaduais": raw}},
    )
    (found,) = valor_ignorado.check(c)
    # Row 7 of the sheet: two title rows, a blank row, the header, then the rows.
    assert (found.file, found.column, found.value) == (
        "convenios_estaduais.xlsx",
        "Valor do Repasse",
        "a definir",
    )
    assert found.line == 7


OFICIOS = """\
Número;Data;Destinatário;Assunto;Situação
001/2024;05/02/2024;Ministério A;Pedido;Enviado
002/2024;;Ministério B;Pedido;Cancelado
003/2024;;Ministério C;Pedido;Enviado
"""


def test_a_cancelled_oficio_number_may_have_no_date(tmp_path):
    from balanco.departments.frames import with_source
    from balanco.io import read_delimited

    def clean(text: str):
        path = write(tmp_path / "oficios.csv", text)
        raw = read_delimited(path, required=convenios.OFICIO_COLUMNS)
        return convenios.clean_oficios(with_source(raw, path))

    # 003/2024 (line 4) counts: its date is still required.
    with pytest.raises(BadInput) as exc:
        clean(OFICIOS)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column) == (4, "Data")
    assert problem.expected.startswith("está vazio")
    # 002/2024 (line 3) is a cancelled number: no date, no error, not counted.
    out = clean(OFICIOS.replace("003/2024;;", "003/2024;06/02/2024;"))
    assert list(convenios.oficios_of_year(out, 2024)["numero"]) == ["001/2024", "003/2024"]
    assert out["data"].isna().tolist() == [False, True, False]


AUDIENCIAS = [
    [1, dt("10/01/2024"), "0001/2024", "Loja A", "Realizada", "Acordo"],
    [2, None, "0002/2024", "Loja B", "Cancelada", None],  # cancelled before it had a date
    [3, None, "0003/2024", "Loja C", "Redesignada", None],
    [4, dt("12/02/2024"), "0004/2024", "Loja D", "Realizada", "Sem acordo"],
]


def audiencias(tmp_path: Path, rows: list[list[object]]) -> pd.DataFrame:
    from balanco.departments.frames import checked, with_source
    from balanco.io import read_sheet

    path = sheet(tmp_path / "procon_audiencias.xlsx", list(procon.AUDIENCIA_COLUMNS), rows)
    raw = with_source(read_sheet(path, required=procon.AUDIENCIA_COLUMNS), path)
    return checked(lambda log: procon.clean_audiencias(raw, log))


def test_an_audiencia_not_held_may_have_no_date(tmp_path):
    # Rows 6 and 7 of the sheet (two title rows, a blank row, the header, then the
    # rows): cancelled and rescheduled, never counted, no date: no error.
    out = audiencias(tmp_path, AUDIENCIAS)
    assert out["data"].isna().tolist() == [False, True, True, False]
    assert list(procon.audiencias_of_year(out, 2024)["numero"]) == ["1", "4"]
    # A held audiência still needs its date: row 8 without one is an error.
    held_undated = [*AUDIENCIAS[:3], [4, None, "0004/2024", "Loja D", "Realizada", "Acordo"]]
    with pytest.raises(BadInput) as exc:
        audiencias(tmp_path, held_undated)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column) == (8, "Data")
    assert problem.expected.startswith("está vazio")
    # A date written must still be readable, even in a record that never counts.
    unreadable = [*AUDIENCIAS[:1], [2, "31/02/2024", "0002/2024", "Loja B", "Cancelada", None]]
    with pytest.raises(BadInput) as exc:
        audiencias(tmp_path, unreadable)
    assert [(p.line, p.column) for p in exc.value.problems] == [(6, "Data")]


def test_a_cancelled_state_convenio_may_have_no_date(tmp_path):
    from balanco.departments.frames import with_source
    from balanco.io import read_sheet

    rows = [
        ["001/2024", "Praça", "Secretaria A", dt("05/02/2024"), 1000.0, "Assinado"],
        ["002/2024", "Ponte", "Secretaria A", None, None, "Cancelado"],
        ["TOTAL", None, None, None, 1000.0, None],
    ]
    path = sheet(tmp_path / "convenios_estaduais.xlsx", STATE_HEADER, rows)
    clean = convenios.clean_state(
        with_source(read_sheet(path, required=convenios.STATE_COLUMNS), path)
    )
    assert clean["data_assinatura"].isna().tolist() == [False, True]
    assert list(convenios.state_of_year(clean, 2024)["nr_convenio"]) == ["001/2024"]


OTHER_YEAR = """\
NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;VL_REPASSE_CONV;VL_CONTRAPARTIDA_CONV
100;1;10/03/2024;Em execução;1100000;1000000;100000
101;1;26/09/2023;Em execução;3750130;xyz;37130
102;1;05/05/2022;Em execução;1;90000000000;1
"""


def test_a_value_of_another_year_in_the_national_dump_is_read_by_no_rule(tmp_path):
    # The review's case: a city convênio signed in 2023 inside the 2024 dump (line 3)
    # with VL_REPASSE_CONV "xyz". No figure of 2024 reads it (2023 is prepared from
    # data/raw/2023): a warning, not an error. Line 4 (2022) is beyond the bound.
    settings = Settings(root=tmp_path)
    c = write(tmp_path / "siconv_convenio.csv", OTHER_YEAR)
    p = write(tmp_path / "siconv_proposta.csv", PROPOSTAS)
    raw_c, raw_p = convenios.load_federal(c, p, settings=settings)
    clean = convenios.clean_federal(raw_c, raw_p, settings=settings, year=2024)
    assert clean["valor_repasse"].isna().tolist() == [False, True, False]
    assert convenios.federal_of_year(clean, 2024)["valor_repasse"].sum() == 1_000_000
    c24 = ctx(
        settings,
        {"convenios": {"convenios_federais": clean}},
        raw={"convenios": {"convenios_federais": raw_c}},
    )
    (found,) = valor_ignorado.check(c24)
    assert (found.code, found.severity, found.line, found.column, found.value) == (
        "valor_ignorado",
        WARNING,
        3,
        "VL_REPASSE_CONV",
        "xyz",
    )
    assert "o registro é de 2023 (26/09/2023), fora do ano do balanço (2024)" in found.expected
    assert list(valor_acima_do_limite.check(c24)) == []  # 2022's value beyond the bound: not read
    # The balance of 2023 reads it: there it is an error, as before.
    with pytest.raises(BadInput) as exc:
        convenios.clean_federal(raw_c, raw_p, settings=settings, year=2023)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column, problem.value) == (3, "VL_REPASSE_CONV", "xyz")


def test_a_value_of_a_town_ngos_convenio_is_read_by_no_rule(tmp_path):
    # Proposta 2 is an NGO of the town (another legal nature): its convênio 201 is
    # never counted, so its unreadable VL_REPASSE_CONV "xyz" stops nothing; the city
    # hall's own convênio 100 still counts, R$ 1.000.000,00.
    propostas = PROPOSTAS + (
        "2;SP;ITAQUAQUECETUBA;3523107;Organização da Sociedade Civil;"
        "MINISTÉRIO DA CULTURA;Oficinas\n"
    )
    dump = (
        "NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;"
        "VL_REPASSE_CONV;VL_CONTRAPARTIDA_CONV\n"
        "100;1;10/03/2024;Em execução;1100000;1000000;100000\n"
        "201;2;12/04/2024;Em execução;50000;xyz;0\n"
    )
    settings = Settings(root=tmp_path)
    c = write(tmp_path / "siconv_convenio.csv", dump)
    p = write(tmp_path / "siconv_proposta.csv", propostas)
    raw_c, raw_p = convenios.load_federal(c, p, settings=settings)
    assert sorted(raw_c["NR_CONVENIO"]) == ["100", "201"]  # both read from the dump
    clean = convenios.clean_federal(raw_c, raw_p, settings=settings, year=2024)
    counted = convenios.federal_of_year(clean, 2024)
    assert list(counted["nr_convenio"]) == ["100"]
    assert counted["valor_repasse"].sum() == 1_000_000
