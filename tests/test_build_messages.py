"""What `balanco report`/`batch` print at the end: errors, then the summary, in
plain Portuguese."""

from __future__ import annotations

import argparse
import io
import sys

from balanco.build.plan import YearOutcome
from balanco.cli import builds as cli
from balanco.errors import Problem


def _run(monkeypatch, outcomes) -> str:
    """The text a person sees on the terminal (stdout and stderr interleaved)."""
    screen = io.StringIO()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(cli, "_build_years", lambda s, years, args: outcomes)
    args = argparse.Namespace(municipio=None, municipios=None, data_dir=None, reports_dir=None)
    cli._run_build([2023, 2024], args)
    return screen.getvalue()


def test_errors_come_before_the_summary_not_inside_it(monkeypatch):
    outcomes = [
        YearOutcome(2023, status="falhou", errors=["O notebook cpd.ipynb (2023) falhou"]),
        YearOutcome(2024, status="ok", built=["cpd"]),
    ]
    shown = _run(monkeypatch, outcomes)
    summary = shown.index("Resumo")
    assert shown.index("O notebook cpd.ipynb (2023) falhou") < summary
    assert "2024: ok" in shown[summary:]


def test_an_unchanged_year_with_warnings_reads_as_one_phrase(monkeypatch):
    warning = Problem(None, "um alerta de teste", code="teste", severity="alerta")
    shown = _run(monkeypatch, [YearOutcome(2024, status="sem mudanças", alerts=[warning])])
    assert "2024: sem mudanças desde a última execução (com alertas); nada a refazer" in shown


def test_the_count_of_pdfs_agrees_with_its_noun(monkeypatch):
    shown = _run(
        monkeypatch,
        [
            YearOutcome(2023, built=["cpd"], skipped=["balanco"]),
            YearOutcome(2024, built=["a", "b"]),
        ],
    )
    assert "2023: ok — 1 PDF gerado, 1 sem mudanças" in shown
    assert "2024: ok — 2 PDFs gerados" in shown


def test_each_municipalitys_errors_come_under_its_own_heading(monkeypatch):
    """batch --municipios: a municipality's errors are printed before the next one's
    heading (and all before the summary)."""
    from balanco.config import Settings

    screen = io.StringIO()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr(sys, "stderr", screen)
    by_slug = {
        "a": [YearOutcome(2024, status="falhou", errors=["erro do município A"])],
        "b": [YearOutcome(2024, status="falhou", errors=["erro do município B"])],
    }

    def build(s, years, args):
        print(f"\n== {s.slug} ==")
        return by_slug[s.slug]

    monkeypatch.setattr(cli, "_build_years", build)
    monkeypatch.setattr(cli, "_settings", lambda args, slug=None: Settings(slug=slug))
    args = argparse.Namespace(
        municipio=None, municipios=["a", "b"], data_dir=None, reports_dir=None
    )
    cli._run_build([2024], args)
    shown = screen.getvalue()
    order = [
        shown.index(t)
        for t in ("== a ==", "erro do município A", "== b ==", "erro do município B", "Resumo")
    ]
    assert order == sorted(order)
