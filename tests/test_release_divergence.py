"""A figure that differs from the published release is never reported as "ok"
(issue 1: a wrong figure used to end with "Situação: ok"). Written from the
definition: the release's text against the figure computed from the records."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT

from balanco import cli, published
from balanco.build.plan import YearOutcome
from balanco.cli.builds import _print_outcomes
from balanco.config import Settings
from balanco.departments.base import Indicator

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
    assert published.divergences(settings, 2030, same) is None
    assert published.divergences(settings, 2031, same) is None  # nothing published


def test_each_differing_figure_is_named_with_its_line_and_both_values(settings):
    indicators = {
        "oficios": _ind("oficios", 92, label="Ofícios enviados"),
        "chamados": _ind("chamados", 1385),
        "releases": _ind("releases", None, label="Releases produzidos", reason="sem posts"),
    }
    found = published.divergences(settings, 2030, indicators)
    assert found is not None and found.compared == 3
    first, second = found.problems
    assert (first.line, first.column, first.value) == (6, "figuras.oficios", "91")
    assert first.expected == (
        "difere do número calculado a partir dos registros (Ofícios enviados: 92); "
        "esperado o mesmo número"
    )
    assert first.file.endswith("2030.toml")
    # Not computable is not the published figure either.
    assert (second.line, second.column, second.value) == (8, "figuras.releases", "390")
    assert "não disponível (sem posts)" in second.expected
    assert found.sentence() == (
        "2 dos 3 números do release diferem do calculado a partir dos registros: "
        "Ofícios enviados (publicado: 91; calculado: 92); "
        "Releases produzidos (publicado: 390; calculado: não disponível (sem posts))."
    )


def test_a_figure_of_a_department_not_in_the_balance_is_not_compared(settings):
    # Only CPD is computed: the other two published figures are not this balance's.
    found = published.divergences(settings, 2030, {"chamados": _ind("chamados", 1384)})
    assert found.compared == 1
    assert found.sentence().startswith("1 dos 1 números do release difere do calculado")


def test_the_build_summary_never_says_ok_beside_a_differing_figure(settings, capsys):
    found = published.divergences(settings, 2030, {"oficios": _ind("oficios", 92)})
    built = YearOutcome(2030, built=["balanco"], release=found)
    unchanged = YearOutcome(2030, status="sem mudanças", release=found)
    fine = YearOutcome(2030, built=["balanco"])
    assert _print_outcomes(settings, [built, unchanged, fine]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("  2030: ATENÇÃO, números diferentes do release — 1 PDF gerado")
    assert "publicado: 91; calculado: 92" in lines[1]
    assert "sem mudanças" in lines[2] and "(números diferentes do release)" in lines[2]
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
        "Situação: números diferentes do release. 1 dos 14 números do release difere do "
        "calculado a partir dos registros: Ofícios enviados (publicado: 92; calculado: 91)."
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
