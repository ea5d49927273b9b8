"""Checks before publication (balanco.checks): one hand-written case per check and
severity, aceites.toml, --rigoroso and the wrong-period case through the CLI."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, write

from balanco import checks, cli, formatting, pipeline
from balanco.checks import (
    BLOCKING,
    WARNING,
    Context,
    arquivo_do_manifesto_ausente,
    data_futura,
    mes_sem_registros,
    valor_acima_do_limite,
)
from balanco.config import Settings
from balanco.departments.base import COUNT, DAYS, Indicator
from balanco.departments.comunicacao import wordpress
from balanco.errors import BadInput, Problem
from balanco.io import sha256
from balanco.raw_sources import raw_sources

NOW = datetime(2025, 1, 31, 23, 59)
EXPORT = "data da exportação (31/01/2025, data_exportacao do manifest.toml)"


def ctx(settings: Settings, cleaned=None, indicators=(), previous=None, year=2024) -> Context:
    settings.raw_dir(year).mkdir(parents=True, exist_ok=True)
    return Context(settings, year, cleaned or {}, list(indicators), previous, NOW, EXPORT)


def atendimentos(*dates: str) -> pd.DataFrame:
    when = pd.to_datetime(list(dates), format="%d/%m/%Y")
    return pd.DataFrame(
        {
            "ano": pd.Series(when.year, dtype="Int64"),
            "data_atendimento": when,
            "linha_origem": range(2, 2 + len(dates)),
        }
    )


def plain(group) -> str:
    """The text of a display Group, unescaped."""
    out = []
    for part in group.parts:
        for item in getattr(part, "paragraphs", None) or getattr(part, "items", ()):
            out.append(" ".join(item) if isinstance(item, tuple) else item)
    return "\n".join(out)


def ids(found) -> list[str]:
    return [f.code for f in found]


# --------------------------------------------------------------------------- blocking


def test_source_of_another_period_blocks_and_lists_the_years_found(tmp_settings):
    c = ctx(tmp_settings, {"procon": {"atendimentos": atendimentos("05/03/2024", "06/03/2024")}})
    c.year = 2025
    (found,) = checks.check_sources(c)
    assert found.code == "sem_registros_no_ano" and found.severity == BLOCKING
    assert found.file == "sindec_atendimentos.csv"
    assert "exportação de outro período? anos encontrados: 2024" in found.mensagem
    assert found.mensagem.startswith("sindec_atendimentos.csv: ")


def test_a_source_with_some_records_in_the_year_passes(tmp_settings):
    frame = atendimentos("31/12/2023", "02/01/2024")
    assert list(checks.check_sources(ctx(tmp_settings, {"procon": {"atendimentos": frame}}))) == []


def test_source_without_any_record_blocks(tmp_settings):
    empty = atendimentos()
    (found,) = checks.check_sources(ctx(tmp_settings, {"procon": {"audiencias": empty}}))
    assert (found.code, found.file) == ("fonte_vazia", "procon_audiencias.xlsx")
    assert "nenhum registro" in found.expected


def test_transferegov_file_with_its_header_only_blocks(tmp_settings):
    raw = tmp_settings.raw_dir(2024)
    write(
        raw / "siconv_proposta.csv", "ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE\n"
    )
    write(raw / "siconv_convenio.csv", "NR_CONVENIO;ID_PROPOSTA\n1;10\n")
    found = list(checks.check_sources(ctx(tmp_settings)))
    assert [(f.code, f.file) for f in found] == [("fonte_vazia", "siconv_proposta.csv")]


PROPOSTA_HEADER = (
    "ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA;"
    "DESC_ORGAO_SUP;OBJETO_PROPOSTA\n"
)


def test_transferegov_of_another_municipality_blocks_naming_who_appears(tmp_settings):
    raw = tmp_settings.raw_dir(2024)
    rows = [
        "1;SP;SUZANO;3552502;Administração Pública Municipal;MS;Obra",
        "2;SP;SUZANO;3552502;Administração Pública Municipal;MS;Obra",
        "3;SP;MOGI DAS CRUZES;3530607;Administração Pública Municipal;MS;Obra",
    ]
    write(raw / "siconv_proposta.csv", PROPOSTA_HEADER + "\n".join(rows) + "\n")
    write(raw / "siconv_convenio.csv", "NR_CONVENIO;ID_PROPOSTA\n9;1\n")
    federal = pd.DataFrame({"ano": pd.Series([], dtype="Int64"), "cod_municipio_ibge": []})
    found = list(
        checks.check_sources(ctx(tmp_settings, {"convenios": {"convenios_federais": federal}}))
    )
    assert ids(found) == ["municipio_ausente"]
    assert found[0].file == "siconv_proposta.csv" and found[0].column == "COD_MUNIC_IBGE"
    assert "(3523107) não aparece" in found[0].expected
    assert "SUZANO/SP (3552502) com 2 propostas e MOGI DAS CRUZES/SP (3530607) com 1 proposta" in (
        found[0].expected
    )


def posts(**pages: int) -> pd.DataFrame:
    rows = [
        {"arquivo_origem": f"data/raw/2024/{name}.json", "linha_origem": i + 1}
        for name, n in pages.items()
        for i in range(n)
    ]
    return pd.DataFrame(rows, columns=["arquivo_origem", "linha_origem"])


def wp_pages(settings: Settings, *numbers: int) -> None:
    for n in numbers:
        write(settings.raw_dir(2024) / f"wordpress_posts_{n}.json", "[]")


def test_wordpress_pages_not_contiguous_block(tmp_settings):
    wp_pages(tmp_settings, 1, 2, 4)
    frame = posts(wordpress_posts_1=100, wordpress_posts_2=100, wordpress_posts_4=7)
    found = list(wordpress.check(ctx(tmp_settings, {"comunicacao": {"posts": frame}})))
    assert [(f.code, f.file) for f in found] == [("paginas_wordpress", "wordpress_posts_*.json")]
    assert "falta a página 3" in found[0].expected


def test_wordpress_page_cut_short_before_the_last_blocks(tmp_settings):
    wp_pages(tmp_settings, 1, 2, 3)
    frame = posts(wordpress_posts_1=100, wordpress_posts_2=64, wordpress_posts_3=30)
    found = list(wordpress.check(ctx(tmp_settings, {"comunicacao": {"posts": frame}})))
    assert [(f.code, f.file) for f in found] == [("paginas_wordpress", "wordpress_posts_2.json")]
    assert "64 posts" in found[0].expected


def test_wordpress_count_must_match_the_saved_total(tmp_settings):
    wp_pages(tmp_settings, 1, 2)
    write(tmp_settings.raw_dir(2024) / "wordpress_total.json", '{"X-WP-Total": 190}')
    frame = posts(wordpress_posts_1=100, wordpress_posts_2=53)
    c = ctx(tmp_settings, {"comunicacao": {"posts": frame}})
    (found,) = wordpress.check(c)
    assert "informou 190 posts" in found.expected and "somam 153 posts" in found.expected
    write(tmp_settings.raw_dir(2024) / "wordpress_total.json", '{"X-WP-Total": 153}')
    assert list(wordpress.check(c)) == []


def test_date_after_the_export_blocks_with_line_and_value(tmp_settings):
    tickets = pd.DataFrame(
        {
            "ano": pd.Series([2024, 2031], dtype="Int64"),
            "data_abertura": pd.to_datetime(["2024-05-02 10:00", "2031-03-05 14:10"]),
            "data_solucao": pd.to_datetime(["2025-02-01 09:00", None]),
            "linha_origem": [2, 3],
        }
    )
    found = list(data_futura.check(ctx(tmp_settings, {"cpd": {"chamados": tickets}})))
    got = [(f.code, f.file, f.line, f.column, f.value) for f in found]
    assert got == [
        ("data_futura", "glpi_chamados.csv", 3, "Data de abertura", "05/03/2031 14:10"),
        ("data_futura", "glpi_chamados.csv", 2, "Data da solução", "01/02/2025 09:00"),
    ]
    assert "posterior à data da exportação (31/01/2025" in found[0].expected


def test_export_date_comes_from_the_manifest_else_today(tmp_settings):
    raw = tmp_settings.raw_dir(2024)
    raw.mkdir(parents=True)
    limit, label = checks.export_limit(tmp_settings, 2024)
    assert limit.date() == datetime.now().date() and label.startswith("data de hoje")
    write(raw / "manifest.toml", "data_exportacao = 2025-01-31\n")
    limit, label = checks.export_limit(tmp_settings, 2024)
    assert limit == datetime(2025, 1, 31, 23, 59, 59, 999999)
    assert label == EXPORT


def test_money_value_beyond_the_bound_blocks_and_says_how_to_accept(tmp_settings):
    federal = pd.DataFrame(
        {
            "valor_repasse": [1_482_100.0, 999_999_999.99],
            "linha_origem": [2, 3],
        }
    )
    c = ctx(tmp_settings, {"convenios": {"convenios_federais": federal}})
    (found,) = valor_acima_do_limite.check(c)
    assert (found.code, found.line, found.column) == ("valor_acima_do_limite", 3, "VL_REPASSE_CONV")
    # Amounts' spaces are non-breaking (issue 17); the characters are the same.
    assert formatting.plain_spaces(found.value) == "R$ 999.999.999,99"
    assert "R$ 50.000.000,00" in formatting.plain_spaces(found.expected)
    message = checks.ChecksFailed([found], tmp_settings.raw_dir(2024)).render()
    assert 'verificacao = "valor_acima_do_limite"' in message
    assert 'arquivo = "siconv_convenio.csv"' in message and "aceites.toml" in message
    lowered = c.settings.with_(max_record_value=1e15)
    assert list(valor_acima_do_limite.check(ctx(lowered, c.cleaned))) == []


# --------------------------------------------------------------------------- warnings


def ind(key: str, value, unit=COUNT, reason=None) -> Indicator:
    return Indicator(
        key, "cpd", key.capitalize(), "def", unit, value, ("glpi_chamados.csv",), reason
    )


def test_indicator_equal_to_zero_is_a_warning(tmp_settings):
    (found,) = checks.check_indicators(ctx(tmp_settings, indicators=[ind("chamados", 0)]))
    assert (found.code, found.severity, found.file) == (
        "indicador_zero",
        WARNING,
        "glpi_chamados.csv",
    )


def test_indicator_not_available_is_a_warning_with_its_reason(tmp_settings):
    reason = "a exportação do GLPI não tem a coluna Data da solução"
    found = list(
        checks.check_indicators(ctx(tmp_settings, indicators=[ind("tempo", None, DAYS, reason)]))
    )
    assert ids(found) == ["indicador_nao_disponivel"] and reason in found[0].mensagem


def test_change_beyond_the_threshold_is_a_warning(tmp_settings):
    previous = {"chamados": {"value": 100}, "solucionados": {"value": 100}}
    now = [ind("chamados", 40), ind("solucionados", 140)]
    found = list(checks.check_indicators(ctx(tmp_settings, indicators=now, previous=previous)))
    assert ids(found) == ["variacao_grande"]
    # The minus sign U+2212, as every signed number a reader sees (issue 17).
    assert "\u221260,0%" in found[0].expected and "limite de alerta: 50%" in found[0].expected
    # No previous year: nothing to compare.
    assert list(checks.check_indicators(ctx(tmp_settings, indicators=now))) == []


def test_month_without_records_is_a_warning(tmp_settings):
    dates = [f"{d:02d}/{m:02d}/2024" for m in range(1, 13) if m != 7 for d in range(1, 11)]
    c = ctx(tmp_settings, {"procon": {"atendimentos": atendimentos(*dates)}})
    (found,) = mes_sem_registros.check(c)
    assert (found.code, found.file) == ("mes_sem_registros", "sindec_atendimentos.csv")
    assert "julho de 2024" in found.expected
    # A thin source (fewer than 5 a month) has ordinary empty months.
    thin = ctx(tmp_settings, {"procon": {"atendimentos": atendimentos(*dates[::3])}})
    assert list(mes_sem_registros.check(thin)) == []


# --------------------------------------------------------------------------- aceites.toml


def test_acceptance_file_unknown_check_or_file_suggests_the_right_one(tmp_path):
    write(
        tmp_path / "aceites.toml",
        '[[aceite]]\nverificacao = "sem_registro_no_ano"\narquivo = "sindec_atendimento.csv"\n'
        'motivo = "x"\n\n[[aceite]]\nverificacao = "fonte_vazia"\narquivo = "oficios.csv"\n',
    )
    write(tmp_path / "sindec_atendimentos.csv", "x\n")
    write(tmp_path / "oficios.csv", "x\n")
    with pytest.raises(BadInput) as err:
        checks.read_acceptances(tmp_path, known_files=checks.known_files(tmp_path))
    text = err.value.render()
    assert 'linha 1, chave "verificacao"' in text
    assert 'Você quis dizer "sem_registros_no_ano"?' in text
    assert 'Você quis dizer "sindec_atendimentos.csv"?' in text
    assert 'linha 6, chave "motivo"' in text and "aceite sem motivo" in text


def test_acceptance_is_part_of_the_year_inputs(tmp_settings):
    shutil.copytree(ROOT / "data" / "raw" / "2024", tmp_settings.raw_dir(2024))
    names = {s["arquivo"] for s in raw_sources(tmp_settings, 2024)}
    assert "aceites.toml" not in names and "wordpress_total.json" in names
    write(tmp_settings.raw_dir(2024) / "aceites.toml", "")
    names = {s["arquivo"] for s in raw_sources(tmp_settings, 2024)}
    assert "aceites.toml" in names


# --------------------------------------------------------------------------- end to end


def test_the_2024_data_pass_every_check():
    s = Settings(root=ROOT)
    cleaned, indicators, _ = pipeline.compute(s, 2024)
    outcome = checks.run(s, 2024, cleaned=cleaned, indicators=indicators)
    assert outcome.blocking == [] and outcome.warnings == []


@pytest.fixture
def wrong_period(tmp_path, monkeypatch) -> Path:
    """data/raw/2025 holding the 2024 exports."""
    raw = tmp_path / "data" / "raw" / "2025"
    shutil.copytree(ROOT / "data" / "raw" / "2024", raw)
    # The manifest would give the period away (ano = 2024 in a 2025 folder is bad
    # input of its own, tested in test_provenance): the records must too.
    manifest = raw / "manifest.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("ano = 2024", "ano = 2025"), encoding="utf-8"
    )
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    return tmp_path


def test_report_of_the_wrong_period_fails_and_leaves_nothing_behind(wrong_period, capsys):
    import psutil

    # Data to prepare: the build starts its workers' kernels while it prepares (two
    # workers by default); a year that fails its checks stops them all.
    assert cli.main(["report", "--year", "2025", "--jobs", "2"]) == 2
    # multiprocessing's own helpers (the forkserver that starts workers once Typst has
    # run in this process, its resource tracker) live as long as this process does;
    # every worker and kernel of the failed run must be gone.
    helpers = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")

    def helper(p) -> bool:
        try:
            return any(h in " ".join(p.cmdline()) for h in helpers)
        except psutil.Error:  # already gone
            return False

    children = [p for p in psutil.Process().children(recursive=True) if not helper(p)]
    assert psutil.wait_procs(children, timeout=30)[1] == []
    out = capsys.readouterr()
    assert "exportação de outro período? anos encontrados: 2024" in out.err
    assert "FALHOU" in out.out
    assert not (wrong_period / "reports" / "2025").exists()
    assert not (wrong_period / "data" / "processed" / "2025").exists()
    assert cli.main(["prepare", "--year", "2025"]) == 2
    assert not (wrong_period / "data" / "processed" / "2025").exists()
    # Nothing at all: no lock file, no temporary or staging folder of 2025.
    left = [
        p.relative_to(wrong_period).as_posix()
        for p in wrong_period.rglob("*2025*")
        if "raw" not in p.parts
    ]
    assert left == []


ACCEPT = "".join(
    f'[[aceite]]\nverificacao = "sem_registros_no_ano"\narquivo = "{f}"\n'
    'motivo = "Teste: exportação de 2024 usada de propósito"\nresponsavel = "Ana"\n\n'
    for f in (
        "siconv_convenio.csv",
        "convenios_estaduais.xlsx",
        "oficios.csv",
        "sindec_atendimentos.csv",
        "procon_audiencias.xlsx",
        "procon_fiscalizacoes.xlsx",
        "demandas_imprensa.xlsx",
    )
) + "".join(
    # Issue 14, item 3: a 2024 export holding a few posts and tickets of January 2025
    # is of another period, not a 2025 export (it used to pass unnoticed).
    f'[[aceite]]\nverificacao = "periodo_misturado"\narquivo = "{f}"\n'
    'motivo = "Teste: exportação de 2024 usada de propósito"\n\n'
    for f in ("wordpress_posts_*.json", "glpi_chamados.csv")
)


def test_blocked_then_accepted_then_recorded(wrong_period, capsys, monkeypatch):
    raw = wrong_period / "data" / "raw" / "2025"
    write(raw / "aceites.toml", ACCEPT)
    assert cli.main(["prepare", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Situação: ok com alertas" in out and "Aceites (aceites.toml, 9)" in out
    folder = wrong_period / "data" / "processed" / "2025"
    payload = json.loads((folder / "indicadores.json").read_text(encoding="utf-8"))
    assert len(payload["aceites"]) == 9
    assert payload["aceites"][0]["aceite"]["motivo"].startswith("Teste:")
    assert "indicador_zero" in {a["id"] for a in payload["alertas"]}
    # The report records every acceptance in its quality section.
    from balanco.notebook import open_report

    report = open_report(year=2025, data_dir="data", reports_dir="reports")
    text = plain(report.quality())
    assert "Motivo do aceite: Teste: exportação de 2024 usada de propósito" in text
    assert "Número do balanço igual a zero" in text
    procon = open_report(year=2025, data_dir="data", reports_dir="reports", department="procon")
    assert "procon_audiencias.xlsx" in plain(procon.quality())
    assert "oficios.csv" not in plain(procon.quality())
    # --rigoroso: warnings fail, and the processed data stay as they were.
    before = {p.name: sha256(p) for p in folder.iterdir()}
    assert cli.main(["prepare", "--year", "2025", "--rigoroso"]) == 2
    assert "--rigoroso" in capsys.readouterr().err
    # Without the acceptances the year is blocked again; nothing is rewritten.
    (raw / "aceites.toml").unlink()
    assert cli.main(["prepare", "--year", "2025"]) == 2
    assert {p.name: sha256(p) for p in folder.iterdir()} == before


def test_every_notebook_has_a_quality_section():
    from balanco.report import NOTEBOOKS

    for name in NOTEBOOKS:
        cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text("utf-8"))["cells"]
        sources = ["".join(c["source"]) for c in cells]
        k = sources.index("# Qualidade dos dados")
        assert sources[k + 1] == "report.quality()", name


def test_quality_section_says_when_every_check_passed(tmp_settings):
    from balanco.highlights import Highlights
    from balanco.notebook import Report

    data = pipeline.YearData(2024, {}, {}, Highlights(), [], False, "h")
    r = Report(data, 2024, "X", None, {}, tmp_settings)
    text = plain(r.quality())
    assert "Todas as verificações de completude e plausibilidade passaram" in text
    for check in checks.CHECKS.values():
        assert check.title in text


def test_the_pdf_quality_section_opens_and_closes_its_quotes(tmp_settings):
    # The PDF's fonts print a straight " as a closing quote: the review found
    # ”Convênio Anulada” in "Qualidade dos dados". Each quotation opens with “.
    from balanco.highlights import Highlights
    from balanco.notebook import Report

    spelling = {
        "arquivo": "siconv_convenio.csv",
        "coluna": "SIT_CONVENIO",
        "valor": "Convênio Anulada",
        "aceito_como": "Convênio Anulado",
        "registros": 1,
        "linhas": [4],
        "departamento": "convenios",
    }
    alert = Problem(
        "oficios.csv",
        'o registro não conta (situação "Cancelado")',
        7,
        "Valor",
        "1.0.0",
        code="valor_ignorado",
        severity=WARNING,
        title="Valor ilegível que nenhuma regra lê",
    )
    data = pipeline.YearData(
        2024, {}, {}, Highlights(), [], False, "h", alertas=[alert], grafias=[spelling]
    )
    latex = Report(data, 2024, "X", None, {}, tmp_settings).quality()._repr_latex_()
    assert "“Convênio Anulada” lido como “Convênio Anulado”" in latex
    assert "valor “1.0.0” o registro não conta (situação “Cancelado”)" in latex
    assert '"' not in latex and "”Convênio" not in latex


def two_implausible_values(settings: Settings) -> list:
    federal = pd.DataFrame({"valor_repasse": [1e11, 1_000.0, 2e11], "linha_origem": [6, 7, 34]})
    cleaned = {"convenios": {"convenios_federais": federal}}
    return list(valor_acima_do_limite.check(ctx(settings, cleaned)))


def test_a_record_level_acceptance_covers_only_the_lines_it_lists(tmp_settings):
    raw = tmp_settings.raw_dir(2024)
    found = two_implausible_values(tmp_settings)
    assert [f.line for f in found] == [6, 34]
    write(raw / "siconv_convenio.csv", "x\n")
    write(
        raw / "aceites.toml",
        '[[aceite]]\nverificacao = "valor_acima_do_limite"\narquivo = "siconv_convenio.csv"\n'
        'linhas = [6]\nmotivo = "O repasse da linha 6 é de fato esse valor"\n',
    )
    acceptances = checks.read_acceptances(raw, known_files=checks.known_files(raw))
    outcome = checks.Outcome(checks.apply(found, acceptances), raw)
    assert [f.line for f in outcome.accepted] == [6]
    assert [f.line for f in outcome.blocking] == [34]
    # The accepted line is said where the acceptances are listed.
    assert "linha 6" in outcome.accepted[0].mensagem
    # The suggested entry lists the lines still blocking.
    message = checks.ChecksFailed(outcome.blocking, raw).render()
    assert "linhas = [34]" in message


def test_the_suggested_acceptance_of_record_findings_lists_every_line(tmp_settings):
    message = checks.ChecksFailed(
        two_implausible_values(tmp_settings), tmp_settings.raw_dir(2024)
    ).render()
    assert message.count("[[aceite]]") == 1 and "linhas = [6, 34]" in message


def test_a_record_level_acceptance_without_lines_is_refused_in_portuguese(tmp_path):
    write(tmp_path / "siconv_convenio.csv", "x\n")
    write(tmp_path / "sindec_atendimentos.csv", "x\n")
    write(
        tmp_path / "aceites.toml",
        '[[aceite]]\nverificacao = "valor_acima_do_limite"\narquivo = "siconv_convenio.csv"\n'
        'motivo = "confere"\n\n'
        '[[aceite]]\nverificacao = "fonte_vazia"\narquivo = "sindec_atendimentos.csv"\n'
        'motivo = "confere"\n',
    )
    with pytest.raises(BadInput) as err:
        checks.read_acceptances(tmp_path, known_files=checks.known_files(tmp_path))
    text = err.value.render()
    assert 'linha 1, chave "linhas"' in text
    assert "aceita registro a registro" in text and "linhas = [6, 34]" in text
    # The file-level check keeps the one-per-file form: no problem on line 6.
    assert "linha 6" not in text


def test_a_file_listed_in_the_manifest_but_absent_blocks(tmp_settings):
    raw = tmp_settings.raw_dir(2024)
    digest = "0" * 64
    write(
        raw / "manifest.toml",
        f'ano = 2024\n\n[[arquivos]]\nnome = "oficios.csv"\nsha256 = "{digest}"\n\n'
        f'[[arquivos]]\nnome = "wordpress_posts_5.json"\nsha256 = "{digest}"\n',
    )
    write(raw / "oficios.csv", "x\n")
    found = list(arquivo_do_manifesto_ausente.check(ctx(tmp_settings)))
    assert [(f.code, f.file, f.severity) for f in found] == [
        ("arquivo_do_manifesto_ausente", "wordpress_posts_5.json", BLOCKING)
    ]
    assert "consta do manifest.toml, mas não está na pasta" in found[0].mensagem


def test_a_full_last_wordpress_page_without_the_total_blocks(tmp_settings):
    wp_pages(tmp_settings, 1, 2)
    frame = posts(wordpress_posts_1=100, wordpress_posts_2=100)
    found = list(wordpress.check(ctx(tmp_settings, {"comunicacao": {"posts": frame}})))
    assert [(f.code, f.file) for f in found] == [("paginas_wordpress", "wordpress_posts_*.json")]
    assert "tem exatamente 100 posts" in found[0].expected
    assert "mesmo múltiplo de 100, aceite" in found[0].expected
    # One post fewer on the last page: an ordinary last page.
    short = posts(wordpress_posts_1=100, wordpress_posts_2=99)
    assert list(wordpress.check(ctx(tmp_settings, {"comunicacao": {"posts": short}}))) == []
    # With the total saved beside the pages, the count decides.
    write(tmp_settings.raw_dir(2024) / "wordpress_total.json", '{"X-WP-Total": 200}')
    assert list(wordpress.check(ctx(tmp_settings, {"comunicacao": {"posts": frame}}))) == []


# --------------------------------------------------------------------------- previous year


def test_the_previous_year_is_prepared_first_so_history_does_not_matter(tmp_settings):
    for y in (2023, 2024):
        shutil.copytree(ROOT / "data" / "raw" / str(y), tmp_settings.raw_dir(y))
    assert not tmp_settings.processed_dir(2023).exists()
    previous, why_not = pipeline.previous_year(tmp_settings, 2024)
    assert why_not is None and previous is not None and previous["ano"] == 2023
    assert (tmp_settings.processed_dir(2023) / "indicadores.json").exists()
    data = pipeline.prepare(tmp_settings, 2024)
    payload = json.loads(
        (tmp_settings.processed_dir(2024) / "indicadores.json").read_text(encoding="utf-8")
    )
    assert payload["hash_dados_ano_anterior"] == previous["hash_dados"]
    assert "ano_anterior_indisponivel" not in {f.code for f in data.alertas}


def test_bad_previous_year_data_make_the_comparison_unavailable_with_a_warning(tmp_settings):
    for y in (2023, 2024):
        shutil.copytree(ROOT / "data" / "raw" / str(y), tmp_settings.raw_dir(y))
    sindec = tmp_settings.raw_dir(2023) / "sindec_atendimentos.csv"
    header = sindec.read_bytes().splitlines(keepends=True)[0]
    sindec.write_bytes(header)  # header only: 2023 is blocked (fonte_vazia)
    previous, why_not = pipeline.previous_year(tmp_settings, 2024)
    assert previous is None
    assert "os dados de 2023 têm problemas" in why_not and "sindec_atendimentos.csv" in why_not
    data = pipeline.prepare(tmp_settings, 2024)
    (warning,) = [f for f in data.alertas if f.code == "ano_anterior_indisponivel"]
    assert warning.severity == WARNING and "comparação com 2023" in warning.mensagem


def test_a_money_value_in_a_message_is_shown_as_written_in_the_file(tmp_settings):
    # 99999999999999,99 is not exactly representable as a float: formatting the
    # parsed number would show ...,98. The message shows the file's text.
    federal = pd.DataFrame({"valor_repasse": [99999999999999.99], "linha_origem": [6]})
    raw = pd.DataFrame({"VL_REPASSE_CONV": [" 99999999999999,99"], "_linha": [6]})
    raw.attrs["source"] = "data/raw/2024/siconv_convenio.csv"
    c = ctx(tmp_settings, {"convenios": {"convenios_federais": federal}})
    c.raw = {"convenios": {"convenios_federais": raw}}
    (found,) = valor_acima_do_limite.check(c)
    assert found.value == "99999999999999,99"
    assert 'valor "99999999999999,99" está acima do limite' in found.mensagem


def test_the_checks_look_at_what_each_department_declares(monkeypatch):
    """Dated records and bounded money values are declared in each department's
    package (DATES, OTHER_DATES, BOUNDED): a new department's are checked with no
    edit to balanco.checks."""
    import types

    from balanco import departments
    from balanco.departments import base

    toy = types.SimpleNamespace(
        NAME="brinquedo",
        DATES=(base.Dated("emprestimos", "data", "emprestimos.csv", "Data", "empréstimos"),),
        BOUNDED=(base.Bounded("emprestimos", "valor", "emprestimos.csv", "Valor"),),
    )
    monkeypatch.setattr(departments, "DEPARTMENTS", (departments.BY_NAME["cpd"], toy))
    dates = checks.declared("DATES")
    assert [(d.department, d.frame) for d in dates] == [
        ("cpd", "chamados"),
        ("brinquedo", "emprestimos"),
    ]
    assert [(d.department, d.column) for d in checks.declared("OTHER_DATES")] == [
        ("cpd", "data_solucao")
    ]
    assert [(b.department, b.column) for b in checks.declared("BOUNDED")] == [
        ("brinquedo", "valor")
    ]
    ids = {c.id for c in checks.performed(["brinquedo"])}
    assert "valor_acima_do_limite" in ids and "municipio_ausente" not in ids
