"""What ``report`` and ``batch`` share: their options, building the years of
each municipality, and the printing of the errors and then the summary."""

from __future__ import annotations

import argparse
import sys
import time

from ..errors import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from .output import _print_checks
from .parser import STRICT_HELP, _settings, jobs


def add_build_options(sp: argparse.ArgumentParser, func) -> None:
    """``--jobs``, ``--force`` and ``--rigoroso``, and the command to run."""
    sp.add_argument(
        "--jobs",
        type=jobs,
        default=None,
        metavar="N",
        help="notebooks em paralelo, pelo menos 1 (padrão: número de núcleos)",
    )
    sp.add_argument("--force", action="store_true", help="refaz tudo, mesmo o que não mudou")
    sp.add_argument("--rigoroso", action="store_true", help=STRICT_HELP)
    sp.set_defaults(func=func)


def _run_build(years: list[int], args: argparse.Namespace) -> int:
    """Build ``years`` of each municipality (``--municipios``, else ``--municipio``);
    print one status line per (municipality, year); return the most serious code."""
    from .. import formatting

    slugs = getattr(args, "municipios", None) or [None]
    start = time.perf_counter()
    # Load every municipality file first: a bad one stops before anything is built.
    runs = [(slug, _settings(args, slug)) for slug in dict.fromkeys(slugs)]
    results = []
    for slug, s in runs:
        outcomes = _build_years(s, years, args)
        # Each municipality's errors right after its build (under its heading), all
        # before the summary: stderr and stdout share the terminal, and an error
        # printed while the summary is being written would land in its middle.
        sys.stdout.flush()
        _print_errors(outcomes, label=s.slug if slug else "")
        sys.stderr.flush()
        results.append((slug, s, outcomes))
    print(f"\nResumo ({formatting.seconds(time.perf_counter() - start)}):")
    codes = []
    for slug, s, outcomes in results:
        codes.append(_print_outcomes(s, outcomes, label=s.slug if slug else "", args=args))
    return max(codes, default=EXIT_OK)


def _build_years(s, years: list[int], args: argparse.Namespace):
    from .. import report

    if getattr(args, "municipios", None):
        print(f"\n== {s.municipality} ({s.uf}) ==")
    return report.build(s, years, jobs=args.jobs, force=args.force, strict=args.rigoroso)


def _print_errors(outcomes, *, label: str = "") -> None:
    """The messages of the failed years, on stderr."""
    prefix = f"{label} " if label else ""
    for o in outcomes:
        if o.status != "falhou":
            continue
        if o.exit_code == EXIT_BAD_INPUT:
            print(f"\nErro nos dados de entrada de {prefix}{o.year}:\n", file=sys.stderr)
        else:
            print(f"\nErros de {prefix}{o.year}:", file=sys.stderr)
        for err in o.errors:
            print(err, file=sys.stderr)


def _print_outcomes(s, outcomes, *, label: str = "", args=None) -> int:
    from .. import formatting

    prefix = f"{label} " if label else ""
    for o in outcomes:
        folder = s.reports_path(o.year)
        # A figure that differs from the published release is never just "ok".
        differs = o.release is not None
        ok = "ATENÇÃO, o release não confere" if differs else "ok"
        warned = (" (e há alertas)" if differs else " com alertas") if o.alerts else ""
        if o.status == "sem mudanças":
            notes = ["o release não confere"] if differs else []
            notes += ["com alertas"] if o.alerts else []
            also = f" ({'; '.join(notes)})" if notes else ""
            print(
                f"  {prefix}{o.year}: sem mudanças desde a última execução{also}; nada a "
                f"refazer ({folder})"
            )
        elif o.status == "ok":
            kept = f", {len(o.skipped)} sem mudanças" if o.skipped else ""
            made = (
                formatting.plural(len(o.built), "PDF gerado", "PDFs gerados")
                if o.built
                else "nenhum PDF gerado"
            )
            if o.relinked:
                pages = formatting.plural(
                    len(o.relinked), "página HTML refeita", "páginas HTML refeitas"
                )
                made += f", {pages} (link dos dados abertos)"
            print(f"  {prefix}{o.year}: {ok}{warned} — {made}{kept} ({folder})")
        elif o.exit_code == EXIT_BAD_INPUT:
            # The problems themselves are printed once, above (_print_errors).
            print(f"  {prefix}{o.year}: FALHOU — dados de entrada com problemas (veja acima)")
        else:
            print(f"  {prefix}{o.year}: FALHOU — {o.reason}")
            if o.cancelled:
                print(f"        não executados por causa da falha: {', '.join(o.cancelled)}")
        if o.status != "falhou":
            if o.release is not None:
                print(f"        {o.release.describe()}")
            _print_checks(o.alerts, indent="        ")
            _print_stale_open_data(s, o.year, args=args, label=label)
    failed = [o for o in outcomes if o.status == "falhou"]
    # Years failing for different reasons: the most serious code (3, then 2, then 1).
    return max((o.exit_code or EXIT_FAILED for o in failed), default=EXIT_OK)


def _print_stale_open_data(
    s, year: int, *, args: argparse.Namespace | None = None, label: str = ""
) -> None:
    """Say so when the year's open data were written from other processed data than
    the report's: its HTML has no link to them (``open_data.origin``)."""
    from ..open_data.names import FOLDER
    from ..open_data.origin import STALE, year_state
    from .parser import command_line

    if year_state(s, year) != STALE:
        return
    town = s.slug if label else None  # batch --municipios: this one
    exportar = command_line(args, "exportar", year, municipio=town)
    report = command_line(args, "report", year, municipio=town)
    print(
        f"        os dados abertos em {s.reports_path(year) / FOLDER} não correspondem aos "
        "dados deste relatório\n        (foram gravados a partir de outros dados processados);"
        " por isso o HTML não tem link para eles.\n        Para "
        f"atualizá-los e pôr o link de volta:\n        {exportar} && {report}"
    )
