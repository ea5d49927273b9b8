"""A figure that differs from the published release is never reported as "ok"
(issue 1: a wrong figure used to end with "Situação: ok"). Written from the
definition: the release's text against the figure computed from the records."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT

from balanco import cli, release_check
from balanco.build.plan import YearOutcome
from balanco.cli.builds import _print_outcomes
from balanco.config import Settings
from balanco.departments.base import Indicator
from balanco.errors import BadInput

PUBLISHED = """# Números de teste
ano = 2030
fonte = "Release de teste"

[figuras]
oficios = "91"
chamados = "1.385"
releases = "390"
"""


def _ind(key, value, unit="contagem", label=None, reason=None):
    return Indicator(key, "x", label or key, "definição", unit, value, (), reason=reason)


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "data" / "published").mkdir(parents=True)
    (tmp_path / "data" / "published" / "2030.toml").write_text(PUBLISHED, encoding="utf-8")
    return Settings(root=tmp_path)


def test_every_figure_agreeing_is_no_divergence(settings):
    same = {k: _ind(k, v) for k, v in (("oficios", 91), ("chamados", 1385), ("releases", 390))}
    assert release_check.divergences(settings, 2030, same) is None
    assert release_check.divergences(settings, 2031, same) is None  # nothing published


def test_each_differing_figure_is_named_with_its_line_and_both_values(settings):
    indicators = {
        "oficios": _ind("oficios", 92, label="Ofícios enviados"),
        "chamados": _ind("chamados", 1385),
        "releases": _ind(
            "releases", None, label="Releases produzidos", reason="A exportação não tem posts."
        ),
    }
    found = release_check.divergences(settings, 2030, indicators)
    assert found is not None and found.compared == 3 and found.unknown == []
    first, second = found.problems
    assert (first.line, first.column, first.value) == (6, "figuras.oficios", "91")
    assert first.expected == (
        "não confere com o número calculado a partir dos registros (Ofícios enviados: 92); "
        "esperado o mesmo número"
    )
    assert first.file.endswith("2030.toml")
    # Not computable is not the published figure either.
    assert (second.line, second.column, second.value) == (8, "figuras.releases", "390")
    assert second.expected == (
        "não pode ser conferido: Releases produzidos não pôde ser calculado a partir dos "
        "registros, porque a exportação não tem posts"
    )
    assert found.describe() == (
        "números diferentes do release (2 de 3): "
        "Ofícios enviados (publicado: 91; calculado: 92); "
        "Releases produzidos (publicado: 390; "
        "calculado: não disponível (A exportação não tem posts.))"
    )


def test_the_same_figure_written_with_ordinary_spaces_agrees(tmp_path):
    (tmp_path / "data" / "published").mkdir(parents=True)
    (tmp_path / "data" / "published" / "2030.toml").write_text(
        '[figuras]\nvalor = "R$ 81,3 milhões"\n', encoding="utf-8"
    )
    s = Settings(root=tmp_path, departments=("convenios",))
    ind = {"valor": _ind("valor", 81_300_000, unit="reais")}
    assert release_check.divergences(s, 2030, ind) is None
    ind = {"valor": _ind("valor", 81_400_000, unit="reais")}
    assert release_check.divergences(s, 2030, ind).compared == 1


def test_a_key_the_balance_does_not_compute_is_a_typo_when_every_department_is_in(settings):
    (settings.published_file(2030)).write_text(
        PUBLISHED.replace('oficios = "91"', 'oficio = "91"'), encoding="utf-8"
    )
    same = {k: _ind(k, v) for k, v in (("oficios", 91), ("chamados", 1385), ("releases", 390))}
    found = release_check.divergences(settings, 2030, same)
    assert found is not None and found.compared == 2 and found.differing == []
    (problem,) = found.problems
    assert (problem.line, problem.column) == (6, "figuras.oficio")
    assert problem.expected.startswith("não é um número que o balanço calcula")
    assert problem.expected.endswith('Você quis dizer "oficios"?')
    assert found.describe() == (
        'chave do release que o balanço não calcula: "oficio" (Você quis dizer "oficios"?)'
    )


def test_a_figure_of_a_department_not_in_the_balance_is_not_compared(tmp_path):
    # Only the CPD is in this balance: the other two published figures are another
    # department's, not typos...
    (tmp_path / "data" / "published").mkdir(parents=True)
    path = tmp_path / "data" / "published" / "2030.toml"
    path.write_text(PUBLISHED, encoding="utf-8")
    cpd = Settings(root=tmp_path, departments=("cpd",))
    assert release_check.divergences(cpd, 2030, {"chamados": _ind("chamados", 1385)}) is None
    found = release_check.divergences(cpd, 2030, {"chamados": _ind("chamados", 1384)})
    assert found.compared == 1
    assert found.describe().startswith("números diferentes do release (1 de 1): chamados")
    # ... but a key close to one the balance computes is a typo all the same.
    path.write_text(PUBLISHED.replace("chamados =", "chamado ="), encoding="utf-8")
    found = release_check.divergences(cpd, 2030, {"chamados": _ind("chamados", 1385)})
    assert found.unknown == ['"chamado" (Você quis dizer "chamados"?)']


def test_every_problem_of_the_published_file_is_said_at_once(settings):
    """Written from the file's form: ano/fonte/arquivo and [figuras], each figure
    a non-empty text. One wrong of each kind, and a figure that differs."""
    settings.published_file(2030).write_text(
        "ano = 2031\n"  # line 1: another year
        'fnte = "Release"\n'  # line 2: a misspelt key
        "\n[figuras]\n"
        "oficios = 91\n"  # line 5: no quotes
        'chamados = ""\n'  # line 6: empty
        'releases = "391"\n',  # line 7: differs from the records (390)
        encoding="utf-8",
    )
    same = {k: _ind(k, v) for k, v in (("oficios", 91), ("chamados", 1385), ("releases", 390))}
    with pytest.raises(BadInput) as err:
        release_check.divergences(settings, 2030, same)
    found = {(p.line, p.column): p.expected for p in err.value.problems}
    assert sorted(found) == [(1, "ano"), (2, "fnte"), (5, "figuras.oficios"),
                             (6, "figuras.chamados"), (7, "figuras.releases")]  # fmt: skip
    assert found[(1, "ano")] == (
        "ano = 2031 não é o ano deste arquivo; esperado ano = 2030 (o ano do nome do arquivo)"
    )
    assert found[(2, "fnte")].endswith('Você quis dizer "fonte"?')
    assert found[(5, "figuras.oficios")] == (
        "oficios = 91 não está entre aspas; esperado o texto exato do release, entre aspas: "
        'oficios = "91"'
    )
    assert found[(6, "figuras.chamados")].startswith('chamados = "" está vazio')
    assert found[(7, "figuras.releases")].startswith("não confere com o número calculado")


def test_a_year_in_quotes_says_so_and_figures_before_their_header_are_one_problem(settings):
    settings.published_file(2030).write_text(
        'ano = "2030"\noficios = "91"\nchamados = "1.385"\n', encoding="utf-8"
    )
    with pytest.raises(BadInput) as err:
        release_check.divergences(settings, 2030, {})
    found = {(p.line, p.column): p.expected for p in err.value.problems}
    assert found == {
        (1, "ano"): 'ano = "2030" não é um ano; esperado ano = 2030, sem aspas',
        (2, "oficios"): "oficios = … está fora da seção [figuras]; esperada a linha "
        "[figuras] antes dos números do release",
    }


def test_the_same_figure_with_other_spaces_or_accents_agrees(settings):
    money = _ind("valor", 97_300_000, unit="reais")
    decomposed = "R$ 97,3 milho\u0303es"  # "õ" as "o" and a combining tilde
    assert release_check.agrees(money, decomposed)
    assert release_check.agrees(money, "R$ 97,3 milhões ")
    assert not release_check.agrees(money, "R$ 97,4 milhões")


def test_a_published_file_without_figures_is_bad_input(settings):
    settings.published_file(2030).write_text(
        'ano = 2030\n\n[figura]\noficios = "91"\n', encoding="utf-8"
    )
    with pytest.raises(BadInput) as err:
        release_check.divergences(settings, 2030, {"oficios": _ind("oficios", 91)})
    problems = {(p.line, p.column) for p in err.value.problems}
    assert problems == {(3, "figura"), (None, None)}  # a wrong table; no [figuras]
    text = err.value.render()
    assert 'Você quis dizer "figuras"?' in text and "esperada a seção [figuras]" in text


def test_the_build_summary_never_says_ok_beside_a_differing_figure(settings, capsys):
    indicators = {
        k: _ind(k, v, label=k) for k, v in (("oficios", 92), ("chamados", 1385), ("releases", 390))
    }
    found = release_check.divergences(settings, 2030, indicators)
    built = YearOutcome(2030, built=["balanco"], release=found)
    unchanged = YearOutcome(2030, status="sem mudanças", release=found)
    fine = YearOutcome(2030, built=["balanco"])
    assert _print_outcomes(settings, [built, unchanged, fine]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("  2030: ATENÇÃO, o release não confere — 1 PDF gerado")
    assert lines[1] == (
        "        números diferentes do release (1 de 3): oficios (publicado: 91; calculado: 92)"
    )
    assert "sem mudanças" in lines[2] and "(o release não confere)" in lines[2]
    assert lines[-1].startswith("  2030: ok — 1 PDF gerado")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The 2024 raw files, with a release that says 92 ofícios (the records: 91)."""
    shutil.copytree(ROOT / "data" / "raw" / "2024", tmp_path / "data" / "raw" / "2024")
    shutil.copytree(ROOT / "data" / "published", tmp_path / "data" / "published")
    path = tmp_path / "data" / "published" / "2024.toml"
    text = path.read_text(encoding="utf-8")
    assert 'oficios = "91"\n' in text
    path.write_text(text.replace('oficios = "91"\n', 'oficios = "92"\n'), encoding="utf-8")
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    return tmp_path


def _line_of(path, needle) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(needle))


def test_prepare_says_which_figure_differs_and_rigoroso_stops_before_writing(project, capsys):
    assert cli.main(["prepare", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "Situação: ok" not in out
    assert (
        "Situação: números diferentes do release (1 de 14): "
        "Ofícios enviados (publicado: 92; calculado: 91)."
    ) in out
    folder = project / "data" / "processed" / "2024"
    assert (folder / "indicadores.json").is_file()
    # --rigoroso: an error with file, line, key, value and what was expected, and
    # nothing written.
    shutil.rmtree(folder)
    assert cli.main(["prepare", "--year", "2024", "--rigoroso"]) == 2
    err = capsys.readouterr().err
    path = project / "data" / "published" / "2024.toml"
    line = _line_of(path, "oficios =")
    assert "2024.toml" in err and f"linha {line}" in err and "figuras.oficios" in err
    assert '"92"' in err and "91" in err and "--rigoroso" in err
    assert not folder.exists()


def test_a_report_with_rigoroso_fails_before_any_notebook(project, capsys):
    assert cli.main(["report", "--year", "2024", "--rigoroso", "--jobs", "1"]) == 2
    out, err = capsys.readouterr()
    assert "2024: FALHOU" in out
    assert "figuras.oficios" in err and "--rigoroso" in err
    assert not (project / "reports" / "2024").exists()


def _sha(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_a_report_follows_its_release_and_its_open_data(tmp_path, monkeypatch, capsys):
    """Real builds, one after another, as an analyst runs them: the release changes,
    then a raw file, then the open data are written again."""
    from balanco.report import NOTEBOOKS

    for folder in ("notebooks", "templates", "docs", "data/published", "data/raw/2024"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BALANCO_ROOT", str(tmp_path))
    year = tmp_path / "reports" / "2024"

    def linked() -> list[str]:
        return [
            n for n in NOTEBOOKS if "Dados abertos do ano" in (year / f"{n}-2024.html").read_text()
        ]

    def pdfs() -> dict[str, str]:
        return {n: _sha(year / f"{n}-2024.pdf") for n in NOTEBOOKS}

    assert cli.main(["exportar", "--year", "2024"]) == 0
    assert "Atenção" not in capsys.readouterr().out  # no reports yet
    assert cli.main(["report", "--year", "2024", "--jobs", "2"]) == 0
    assert "  2024: ok — 5 PDFs gerados" in capsys.readouterr().out
    assert linked() == list(NOTEBOOKS)
    first = pdfs()

    # 1. The release says 92 ofícios (the records: 91): only the consolidated
    # balance, which shows the release, is built again, and the year is not "ok".
    published = tmp_path / "data" / "published" / "2024.toml"
    published.write_text(
        published.read_text("utf-8").replace('oficios = "91"', 'oficios = "92"'), "utf-8"
    )
    assert cli.main(["report", "--year", "2024", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "  2024: ATENÇÃO, o release não confere — 1 PDF gerado, 4 sem mudanças" in out
    assert "números diferentes do release (1 de 14): Ofícios enviados (publicado: 92; " in out
    assert "\n  2024: ok" not in out

    # 2. One CPD ticket of 2024 less: the CPD and the consolidated balance are built
    # again; the open data no longer match, so no page links them, and the other
    # three pages are only exported again (their PDFs are the same bytes).
    glpi = tmp_path / "data" / "raw" / "2024" / "glpi_chamados.csv"
    lines = glpi.read_bytes().splitlines(keepends=True)
    ticket = next(i for i, line in enumerate(lines) if b"-12-2024 " in line)
    glpi.write_bytes(b"".join(lines[:ticket] + lines[ticket + 1 :]))
    before = pdfs()
    assert cli.main(["report", "--year", "2024", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "2 PDFs gerados, 3 páginas HTML refeitas (link dos dados abertos)" in out
    assert "não correspondem aos dados deste relatório" in out
    assert linked() == []
    after = pdfs()
    changed = {n for n in NOTEBOOKS if after[n] != before[n]}
    assert changed == {"balanco", "cpd"}

    # 3. The open data written again: exportar says the pages lack the link, and
    # the next report only exports the five pages again, all linking them.
    assert cli.main(["exportar", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "ainda não têm, no HTML, o link para estes dados abertos" in out
    assert "balanco report --year 2024" in out
    assert cli.main(["report", "--year", "2024", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "nenhum PDF gerado, 5 páginas HTML refeitas (link dos dados abertos)" in out
    assert linked() == list(NOTEBOOKS)
    assert pdfs() == after and first["convenios"] == after["convenios"]


def test_the_reconciliation_says_which_figures_it_did_not_compare_and_why():
    from balanco.published import Published, in_balance, reconcile

    pub = Published(2030, "", {"oficios": "91", "chamados": "1.385", "oficio": "91"}, None)
    table = reconcile({"chamados": _ind("chamados", 1385)}, pub)
    rows, said = in_balance(table, typos=["oficio"])
    assert list(rows["chave"]) == ["chamados"]
    assert said == (
        "1 número do release é de um departamento que não faz parte deste balanço: não foi "
        "conferido. 1 número do release não corresponde a nenhum número do balanço (oficio): "
        "não foi conferido."
    )
    rows, said = in_balance(table)  # without typos: both another department's
    assert said.startswith("2 números do release são de departamentos que não fazem parte")
    pub = Published(2030, "", {}, None)
    rows, said = in_balance(reconcile({}, pub))  # nothing published: nothing said
    assert rows.empty and said is None
