"""Not available is not zero: an indicator whose input column is absent or has no
valid value is "não disponível" with its reason, everywhere downstream; blank text
stays missing (never the text "nan"). Small hand-written files; every expected
value is worked out by hand from the definitions."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import dt, write

from balanco import compare, formatting, narrative, published
from balanco.config import Settings
from balanco.departments import comunicacao, cpd, procon
from balanco.departments.base import Indicator
from balanco.departments.frames import median_days, reason_unavailable
from balanco.highlights import Highlights

NO_SOLUTION_COLUMN = "a exportação do GLPI não tem a coluna Data da solução"


# --------------------------------------------------------------------------- GLPI


def glpi(tmp_path, columns: list[str], rows: list[list[str]]):
    """A GLPI 10 export with the given column set (as the search view exports it)."""

    def line(cells):
        return ";".join(f'"{c}"' for c in cells) + ";\n"

    text = line(columns) + "".join(line(r) for r in rows)
    write(tmp_path / "glpi_chamados.csv", text, bom=True)
    settings = Settings(root=tmp_path)
    return cpd.clean(cpd.load(tmp_path, settings=settings), year=2024, settings=settings)


VIEW = ["ID", "Título", "Status", "Data de abertura", "Categoria", "Atribuído - Técnico"]
TICKETS = [
    ["1", "Sem rede", "Solucionado", "2024-03-01 08:00", "Redes > Cabeamento", "Fulano "],
    ["2", "Impressora", "Fechado", "2024-03-02 08:00", "", ""],
    ["3", "Senha", "Novo", "2024-03-03 08:00", "", "Beltrano"],
]


def by_key(indicators: list[Indicator]) -> dict[str, Indicator]:
    return {i.key: i for i in indicators}


def test_glpi_export_without_solution_date_column_is_not_available(tmp_path):
    clean = glpi(tmp_path, VIEW, TICKETS)
    # The column the export lacks is not in the processed table either.
    assert "data_solucao" not in clean["chamados"].columns
    ind = by_key(cpd.summarise(clean, year=2024))
    median = ind["chamados_tempo_mediano"]
    assert median.value is None and not median.available
    assert median.reason == NO_SOLUTION_COLUMN
    # What does not depend on the column is still counted: 3 opened, 2 solved or closed.
    assert ind["chamados"].value == 3
    assert ind["chamados_solucionados"].value == 2
    by_time = cpd.breakdowns(clean, year=2024)["por_prazo"]
    assert reason_unavailable(by_time) == NO_SOLUTION_COLUMN


def test_no_ticket_of_the_year_with_a_solution_date_is_not_available(tmp_path):
    columns = [*VIEW, "Data da solução"]
    rows = [
        [*TICKETS[2], ""],  # opened in 2024, not solved
        ["4", "Antigo", "Solucionado", "2023-05-02 08:00", "Redes", "", "2023-05-03 08:00"],
    ]
    clean = glpi(tmp_path, columns, rows)
    median = by_key(cpd.summarise(clean, year=2024))["chamados_tempo_mediano"]
    assert median.value is None
    assert median.reason == "nenhum chamado aberto em 2024 tem data da solução"


def test_blank_category_and_technician_stay_missing(tmp_path):
    clean = glpi(tmp_path, VIEW, TICKETS)["chamados"]
    assert clean["categoria"].isna().tolist() == [False, True, True]
    assert clean["tecnico"].tolist()[0] == "Fulano"
    assert clean["tecnico"].isna().tolist() == [False, True, False]
    for column in ("categoria", "tecnico"):
        assert "nan" not in clean[column].astype(object).tolist()
        assert "None" not in clean[column].astype(object).tolist()
    by_cat = cpd.breakdowns({"chamados": clean}, year=2024)["por_categoria"]
    counts = {formatting.label(c, "Sem categoria"): q for c, q in by_cat.itertuples(index=False)}
    assert counts == {"Redes": 1, "Sem categoria": 2}


def test_blank_text_survives_parquet_as_missing(tmp_path):
    clean = glpi(tmp_path, VIEW, TICKETS)["chamados"]
    clean.to_parquet(tmp_path / "chamados.parquet", index=False)
    back = pd.read_parquet(tmp_path / "chamados.parquet")
    assert back["categoria"].isna().tolist() == [False, True, True]
    by_cat = cpd.breakdowns({"chamados": back}, year=2024)["por_categoria"]
    assert sorted(formatting.label(c, "Sem categoria") for c in by_cat["categoria"]) == [
        "Redes",
        "Sem categoria",
    ]


def test_glpi_export_without_category_column_is_read_and_says_why(tmp_path):
    view = [c for c in VIEW if c != "Categoria"]
    rows = [[c for k, c in enumerate(r) if VIEW[k] != "Categoria"] for r in TICKETS]
    clean = glpi(tmp_path, view, rows)
    assert "categoria" not in clean["chamados"].columns
    by_cat = cpd.breakdowns(clean, year=2024)["por_categoria"]
    assert reason_unavailable(by_cat) == "a exportação do GLPI não tem a coluna Categoria"


# --------------------------------------------------------------------------- press demands


def demands_clean(tmp_path, rows):
    from conftest import sheet

    sheet(tmp_path / "demandas_imprensa.xlsx", list(comunicacao.DEMAND_COLUMNS), rows)
    write(tmp_path / "wordpress_posts_1.json", "[]")
    write(tmp_path / "wordpress_categories.json", "[]")
    settings = Settings(root=tmp_path)
    raw = comunicacao.load(tmp_path, settings=settings)
    return comunicacao.clean(raw, year=2024, settings=settings)


def test_no_answered_press_demand_is_not_available(tmp_path):
    clean = demands_clean(
        tmp_path,
        [
            [1, dt("02/01/2024"), "Jornal A", "Fulana", "Obras", "Obras", "Em andamento", None],
            # Answered, but received in 2023: not a demand of 2024.
            [
                2,
                dt("28/12/2023"),
                "Rádio B",
                "Ciclano",
                "Vias",
                "Obras",
                "Respondida",
                dt("02/01/2024"),
            ],
        ],
    )
    ind = by_key(comunicacao.summarise(clean, year=2024))
    assert ind["demandas_respondidas"].value == 0  # a count: zero is a fact
    median = ind["demandas_tempo_mediano"]
    assert median.value is None
    assert median.reason == "nenhuma demanda da imprensa recebida em 2024 foi respondida"
    by_time = comunicacao.breakdowns(clean, year=2024)["demandas_por_prazo"]
    assert reason_unavailable(by_time) == median.reason


def test_blank_outlet_stays_missing_in_the_breakdown(tmp_path):
    clean = demands_clean(
        tmp_path,
        [
            [1, dt("02/01/2024"), None, "Fulana", "Obras", "Obras", "Respondida", dt("02/01/2024")],
            [2, dt("03/01/2024"), "Jornal A", "Fulana", "Obras", "Obras", None, None],
        ],
    )
    assert clean["demandas"]["veiculo"].isna().tolist() == [True, False]
    t = comunicacao.breakdowns(clean, year=2024)
    outlets = {formatting.label(v): q for v, q in t["demandas_por_veiculo"].itertuples(index=False)}
    assert outlets == {"Não informado": 1, "Jornal A": 1}
    status = {formatting.label(v): q for v, q in t["demandas_por_situacao"].itertuples(index=False)}
    assert status == {"Respondida": 1, "Não informado": 1}


def test_median_days_of_nothing_is_none_not_zero():
    assert median_days(pd.Series([], dtype=float)) is None
    assert median_days(pd.Series([float("nan")])) is None
    assert median_days(pd.Series([0.0, 0.0])) == 0.0  # answered the same day: a real zero


# --------------------------------------------------------------------------- Sindec

SINDEC_HEADER = (
    "AnoAtendimento;TrimestreAtendimento;MesAtendimento;DataAtendimento;CodigoRegiao;Regiao;UF;"
    "CodigoTipoAtendimento;DescricaoTipoAtendimento;CodigoAssunto;DescricaoAssunto;GrupoAssunto;"
    "CodigoProblema;DescricaoProblema;GrupoProblema;SexoConsumidor;FaixaEtariaConsumidor;"
    "CEPConsumidor\n"
)


def sindec(tmp_path, rows: list[tuple[str, str]]):
    """Rows of (GrupoAssunto, CEPConsumidor) as the dump writes them."""
    body = "".join(
        f"2024;1;1;02/01/2024 09:15;3;Sudeste;SP;4;CIP;187;Telefonia Celular;{group};"
        f"NULL;NULL;NULL;F;entre 21 a 30 anos;{cep}\n"
        for group, cep in rows
    )
    from balanco.departments.frames import with_source
    from balanco.io import read_delimited

    path = write(tmp_path / "sindec_atendimentos.csv", SINDEC_HEADER + body, encoding="cp1252")
    raw = read_delimited(path, required=procon.SINDEC_COLUMNS, na_values=("", "NULL"))
    return procon.clean_atendimentos(with_source(raw, path))


def procon_tables(at: pd.DataFrame) -> dict[str, pd.DataFrame]:
    empty = pd.DataFrame({"data": pd.to_datetime([]), "situacao": [], "resultado": []})
    return {"atendimentos": at, "audiencias": empty, "fiscalizacoes": empty}


def test_null_subject_stays_missing_and_cep_is_text_with_its_zero(tmp_path):
    at = sindec(
        tmp_path,
        [("Serviços Essenciais", "08576000"), ("NULL", "8576123"), ("", "NULL")],
    )
    assert at["grupoassunto"].isna().tolist() == [False, True, True]
    # 08576-000 as written; 8576123 is CEP 08576-123 without its zero; NULL is missing.
    assert at["cepconsumidor"].tolist()[:2] == ["08576000", "08576123"]
    assert at["cepconsumidor"].isna().tolist() == [False, False, True]
    subjects = procon.breakdowns(procon_tables(at), year=2024)["por_assunto"]
    counts = {formatting.label(s): q for s, q in subjects.itertuples(index=False)}
    assert counts == {"Serviços Essenciais": 1, "Não informado": 2}


def test_subjects_all_null_are_not_available(tmp_path):
    at = sindec(tmp_path, [("NULL", "8576000"), ("", "8576000")])
    subjects = procon.breakdowns(procon_tables(at), year=2024)["por_assunto"]
    assert reason_unavailable(subjects) == (
        "nenhum atendimento de 2024 no Sindec tem o GrupoAssunto preenchido"
    )


# --------------------------------------------------------------------------- downstream


def ind(key: str, value, unit: str = "dias", reason: str | None = None, label: str = "X"):
    return Indicator(key, "cpd", label, "definição", unit, value, ("f.csv",), reason=reason)


def test_formatting_and_comparison_of_an_unavailable_value():
    assert formatting.indicator_value(None, "dias") == "não disponível"
    assert formatting.indicator_value(None, "reais") == "não disponível"
    assert formatting.indicator_value(None, "contagem") == "não disponível"
    for current, previous in ((None, 2.5), (2.5, None), (None, None)):
        ch = compare.change(current, previous)
        assert ch.word == "não comparável" and ch.ratio is None and not ch.comparable
    assert compare.sentence("o tempo", False, compare.change(None, 2.5), previous_year=2023) is None


def test_reconcile_an_unavailable_figure_is_not_equal():
    pub = published.Published(2024, "release", {"chamados_tempo_mediano": "0,0 dias"}, None)
    rec = published.reconcile(
        {"chamados_tempo_mediano": ind("chamados_tempo_mediano", None, reason="sem coluna")}, pub
    )
    (row,) = rec.itertuples()
    assert row.calculado == "não disponível"
    assert not row.confere and not row.disponivel and row.motivo == "sem coluna"


def cpd_indicators(median):
    return {
        "chamados": ind("chamados", 10, "contagem", label="Chamados registrados"),
        "chamados_tempo_mediano": median,
    }


def test_cpd_paragraph_says_why_the_median_is_missing_never_zero():
    median = ind("chamados_tempo_mediano", None, reason=NO_SOLUTION_COLUMN)
    text = narrative.department("cpd", cpd_indicators(median), Highlights())
    assert "10 chamados" in text
    assert (
        "O tempo mediano de solução dos chamados não está disponível: "
        "a exportação do GLPI não tem a coluna Data da solução." in text
    )
    assert "0,0" not in text
    available = narrative.department(
        "cpd", cpd_indicators(ind("chamados_tempo_mediano", 2.25)), Highlights()
    )
    assert "O tempo mediano de solução dos chamados foi de 2,3 dias." in available


def test_no_comparison_with_an_unavailable_headline():
    now = {"chamados": ind("chamados", None, "contagem", reason="sem exportação")}
    before = {"chamados": ind("chamados", 8, "contagem")}
    text = narrative.comparison(["cpd"], now, before, previous_year=2023, demo=False)
    assert "%" not in text and "caíram" not in text and "cresceram" not in text
    assert "não está disponível (sem exportação)" in text


def test_paragraph_with_an_unavailable_count_names_it_instead_of_a_number():
    inds = {
        "chamados": ind(
            "chamados", None, "contagem", reason="o GLPI não exportou", label="Chamados registrados"
        )
    }
    text = narrative.department("cpd", inds, Highlights())
    # A clause with its verb (issue 17: no sentence without a verb).
    assert "o indicador “Chamados registrados” não está disponível (o GLPI não exportou)." in text
    assert not re.search(r"\b0 chamados\b", text)


def test_indicators_json_round_trip_keeps_the_reason(tmp_path):
    payload = ind("chamados_tempo_mediano", None, reason=NO_SOLUTION_COLUMN).as_dict()
    assert payload["value"] is None and payload["reason"] == NO_SOLUTION_COLUMN
    json.dumps(payload)  # serialisable: null, not NaN


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA])
def test_label_of_missing_text(value):
    assert formatting.label(value) == "Não informado"
    assert formatting.label(value, "Sem categoria") == "Sem categoria"


# --------------------------------------------------------------------------- a whole year


def copy_years(dest, years=(2023, 2024)):
    import shutil

    from conftest import ROOT

    for year in years:
        shutil.copytree(ROOT / "data" / "raw" / str(year), dest / "data" / "raw" / str(year))
    shutil.copytree(ROOT / "data" / "published", dest / "data" / "published")
    return Settings(root=dest)


@pytest.fixture(scope="module")
def without_solution_date(tmp_path_factory):
    """The 2024 sample exports, with a GLPI view that lacks "Data da solução"."""
    from raw_edits import glpi_edit

    settings = copy_years(tmp_path_factory.mktemp("sem_solucao"))
    glpi_edit(settings.raw_dir(2024) / "glpi_chamados.csv", drop=("Data da solução",))
    return settings


def test_prepare_writes_null_and_the_reason_and_the_cli_says_so(without_solution_date):
    import subprocess
    import sys

    settings = without_solution_date
    out = subprocess.run(
        [sys.executable, "-m", "balanco.cli", "prepare", "--year", "2024"],
        cwd=settings.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if "Tempo mediano de solução" in x)
    assert "não disponível" in line and "0,0" not in line
    assert f"({NO_SOLUTION_COLUMN})" in out.stdout
    payload = json.loads(
        (settings.processed_dir(2024) / "indicadores.json").read_text(encoding="utf-8")
    )
    (median,) = [i for i in payload["indicadores"] if i["key"] == "chamados_tempo_mediano"]
    assert median["value"] is None
    assert median["motivo"] == NO_SOLUTION_COLUMN
    # The other CPD figures are still counted.
    (count,) = [i for i in payload["indicadores"] if i["key"] == "chamados"]
    assert count["value"] > 0


def test_report_sections_say_not_available_and_not_comparable(without_solution_date):
    from balanco.display import Chart, Paragraphs
    from balanco.notebook import open_report

    settings = without_solution_date
    report = open_report(
        year=2024,
        municipality="Itaquaquecetuba",
        data_dir=str(settings.data_path),
        reports_dir=str(settings.root / "reports"),
        department="cpd",
    )
    assert report.data.indicators["chamados_tempo_mediano"].reason == NO_SOLUTION_COLUMN
    table = report.indicators("cpd")
    (row,) = [r for r in table.rows if r[0] == "Tempo mediano de solução"]
    previous, current, variation = row[1:]
    # 2023 had the column (a median below 2 days is "dia", issue 17)
    assert previous.endswith((" dia", " dias")) and previous != "0,0 dias"
    assert current == "não disponível"
    assert variation == "não comparável"
    assert f"Tempo mediano de solução (2024): {NO_SOLUTION_COLUMN}" in table.note
    chart = report.chart("cpd", "por_prazo")
    assert isinstance(chart, Paragraphs)
    assert chart.paragraphs == [
        "Tempo de solução dos chamados: gráfico não disponível. "
        "A exportação do GLPI não tem a coluna Data da solução."
    ]
    assert isinstance(report.chart("cpd", "por_categoria"), Chart)  # still drawn
    summary = " ".join(report.summary().paragraphs)
    assert "não está disponível: " + NO_SOLUTION_COLUMN in summary
    assert "0,0 dias" not in summary


def test_an_all_zero_chart_is_a_sentence_instead(tmp_path):
    """A breakdown with nothing to draw (no fiscalização in the year): no chart of zeros."""
    from balanco.display import Chart, Paragraphs
    from balanco.notebook import Report
    from balanco.pipeline import YearData

    at = sindec(tmp_path, [("Serviços Essenciais", "08576000")])
    data = YearData(2024, {}, {"procon": procon_tables(at)}, Highlights(), [], False, "h")
    report = Report(data, 2024, "Itaquaquecetuba", "procon", {}, Settings(root=tmp_path))
    chart = report.chart("procon", "fiscalizacoes")
    assert isinstance(chart, Paragraphs)
    assert chart.paragraphs == [
        "Fiscalizações por resultado: gráfico não disponível. "
        "Nenhuma fiscalização registrada em 2024."
    ]
    assert isinstance(report.chart("procon", "por_mes"), Chart)  # one atendimento in January


def test_chart_axes_are_pt_br():
    from balanco import charts

    for values in ([0] * 12, [1] + [0] * 11, [3, 7, 2] + [0] * 9):
        with charts.figure() as fig:
            ax = fig.add_subplot()
            charts.monthly(ax, list(range(1, 13)), values, title="t")
            fig.canvas.draw()
            ticks = [t.get_text() for t in ax.get_yticklabels()]
        assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks


def test_blank_glpi_status_is_reported_not_a_crash(tmp_path):
    from balanco.errors import BadInput

    rows = [TICKETS[0], ["2", "Impressora", "", "2024-03-02 08:00", "Redes", "Fulano"]]
    with pytest.raises(BadInput) as exc:
        glpi(tmp_path, VIEW, rows)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column, problem.value) == (3, "Status", None)
    assert problem.expected.startswith("está vazio; esperado um de: Novo")


def test_blank_sindec_type_is_reported_not_a_crash(tmp_path):
    from balanco.departments.frames import with_source
    from balanco.errors import BadInput
    from balanco.io import read_delimited

    body = (
        "2024;1;1;02/01/2024 09:15;3;Sudeste;SP;4;;187;Telefonia Celular;NULL;"
        "NULL;NULL;NULL;F;entre 21 a 30 anos;8576000\n"
    )
    path = write(tmp_path / "sindec_atendimentos.csv", SINDEC_HEADER + body, encoding="cp1252")
    raw = read_delimited(path, required=procon.SINDEC_COLUMNS, na_values=("", "NULL"))
    with pytest.raises(BadInput) as exc:
        procon.clean_atendimentos(with_source(raw, path))
    (problem,) = exc.value.problems
    assert (problem.line, problem.column) == (2, "DescricaoTipoAtendimento")


def test_read_delimited_keeps_missing_cells_as_none(tmp_path):
    from balanco.io import read_delimited

    path = write(tmp_path / "x.csv", "A;B\nx;\n;NULL\n")
    frame = read_delimited(path, required=("A", "B"), na_values=("", "NULL"))
    assert frame["A"].tolist() == ["x", None]
    assert frame["B"].tolist() == [None, None]


def test_no_comparison_sentence_contracts_de_with_the_subjects_article():
    # The headline subject is "os chamados registrados no CPD": "dos chamados", not "de os".
    now = {"chamados": ind("chamados", None, "contagem", reason="sem exportação")}
    before = {"chamados": ind("chamados", 8, "contagem")}
    text = narrative.comparison(["cpd"], now, before, previous_year=2023, demo=False)
    assert text.startswith("Não há comparação dos chamados registrados no CPD com 2023:")
    assert " de os " not in text
