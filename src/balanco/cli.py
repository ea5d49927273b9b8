"""Command line: parse arguments, call the library, print, exit code.

Messages are in Portuguese; bad input prints the problem list and exits 2
without a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .config import settings as make_settings
from .errors import EXIT_BAD_INPUT, BadInput, Problem


def _print_indicators(data, pub) -> None:
    from . import formatting, published

    table = published.reconcile(data.indicators, pub)
    by_key = {r.chave: r for r in table.itertuples()}
    from .departments import DEPARTMENTS

    width = max(len(i.label) for i in data.indicators.values())
    print(f"Balanço {data.year} — indicadores calculados a partir dos registros")
    if data.extra.get("demo"):
        print("(DADOS FICTÍCIOS DE DEMONSTRAÇÃO: não existe balanço publicado deste ano)")
    elif data.synthetic:
        print("(registros sintéticos de exemplo)")
    for dept in DEPARTMENTS:
        print(f"\n{dept.TITLE}")
        for ind in data.by_department(dept.NAME):
            value = formatting.indicator_value(ind.value, ind.unit)
            row = by_key.get(ind.key)
            mark = ""
            if row is not None:
                mark = "  = publicado" if row.confere else f"  ≠ publicado: {row.publicado}"
            print(f"  {ind.label:<{width}}  {value:>18}{mark}")
    if pub is None:
        print(f"\nNão há figuras publicadas para {data.year}: nada a conferir.")
    else:
        ok = int(table["confere"].sum())
        print(f"\nConferência com o release: {ok} de {len(table)} figuras iguais ao publicado.")


def cmd_prepare(args: argparse.Namespace) -> int:
    from . import published
    from .pipeline import prepare

    s = make_settings(data_dir=args.data_dir)
    data = prepare(s, args.year)
    _print_indicators(data, published.load(s, args.year))
    print(f"\nDados processados em {s.processed_dir(args.year)}")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from .sample import generate, read_targets

    s = make_settings(data_dir=args.data_dir)
    targets_file = Path(args.targets) if args.targets else s.targets_file(args.year)
    targets = read_targets(targets_file)
    if targets.year != args.year:
        raise BadInput(
            [
                Problem(
                    str(targets_file),
                    f"as metas são de {targets.year}, não de {args.year}",
                    column="ano",
                    value=targets.year,
                )
            ]
        )
    out = Path(args.out) if args.out else s.raw_dir(args.year)
    if args.national:
        from .sample import national_transferegov

        if not args.out:
            print(
                "Erro: --national precisa de --out (os arquivos não vão para data/raw).",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        national_transferegov(out, municipal_dir=s.raw_dir(args.year), propostas=args.national)
        print(f"Transferegov nacional sintético ({args.national} propostas) gravado em {out}")
        return 0
    files = generate(targets, out, seed=args.seed, demo=args.demo)
    print(
        f"{len(files)} arquivos sintéticos gravados em {out} (semente {args.seed or targets.seed})"
    )
    return 0


def parse_years(values: Sequence[str]) -> list[int]:
    """``2023 2024`` or ``2020-2024`` (or both) -> sorted years."""
    years: set[int] = set()
    for value in values:
        for part in value.replace(",", " ").split():
            if "-" in part:
                a, _, b = part.partition("-")
                if not (a.isdigit() and b.isdigit()) or int(a) > int(b):
                    raise argparse.ArgumentTypeError(
                        f"intervalo de anos inválido: {part!r} (ex.: 2020-2024)"
                    )
                years.update(range(int(a), int(b) + 1))
            elif part.isdigit():
                years.add(int(part))
            else:
                raise argparse.ArgumentTypeError(f"ano inválido: {part!r}")
    return sorted(years)


def _run_build(years: list[int], args: argparse.Namespace) -> int:
    from . import formatting, report

    s = make_settings(data_dir=args.data_dir)
    start = time.perf_counter()
    outcomes = report.build(s, years, jobs=args.jobs, force=args.force)
    print(f"\nResumo ({formatting.seconds(time.perf_counter() - start)}):")
    for o in outcomes:
        folder = s.reports_path(o.year)
        if o.status == "sem mudanças":
            print(f"  {o.year}: sem mudanças desde a última execução; nada a refazer ({folder})")
        elif o.status == "ok":
            kept = f", {len(o.skipped)} sem mudanças" if o.skipped else ""
            print(f"  {o.year}: ok — {len(o.built)} PDFs gerados{kept} ({folder})")
        else:
            print(f"  {o.year}: FALHOU — {o.reason}")
            if o.cancelled:
                print(f"        não executados por causa da falha: {', '.join(o.cancelled)}")
    failed = [o for o in outcomes if o.status == "falhou"]
    for o in failed:
        print(f"\nErros de {o.year}:", file=sys.stderr)
        for err in o.errors:
            print(err, file=sys.stderr)
    return max((o.exit_code or 1 for o in failed), default=0)


def cmd_report(args: argparse.Namespace) -> int:
    return _run_build([args.year], args)


def cmd_batch(args: argparse.Namespace) -> int:
    try:
        years = parse_years(args.years)
    except argparse.ArgumentTypeError as exc:
        print(f"Erro: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return _run_build(years, args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="balanco",
        description="Balanço anual da Secretaria de "
        "Governo de Itaquaquecetuba a partir das exportações dos "
        "departamentos.",
    )
    p.add_argument(
        "--data-dir",
        default=None,
        help="pasta de dados (com raw/, processed/), relativa à raiz do projeto",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="comando")
    pp = sub.add_parser("prepare", help="limpa os dados brutos do ano e calcula os indicadores")
    pp.add_argument("--year", type=int, required=True, help="ano do balanço")
    pp.set_defaults(func=cmd_prepare)
    ps = sub.add_parser("sample", help="gera dados brutos sintéticos que atingem as metas do ano")
    ps.add_argument("--year", type=int, required=True, help="ano dos dados")
    ps.add_argument(
        "--seed", type=int, default=None, help="semente (padrão: a do arquivo de metas)"
    )
    ps.add_argument("--out", default=None, help="pasta de saída (padrão: data/raw/<ano>)")
    ps.add_argument(
        "--targets", default=None, help="arquivo de metas (padrão: data/targets/<ano>.toml)"
    )
    ps.add_argument(
        "--demo",
        action="store_true",
        help="marca os dados como fictícios, de demonstração (ano sem balanço publicado)",
    )
    ps.add_argument(
        "--national",
        type=int,
        default=None,
        metavar="N",
        help="gera dumps nacionais do Transferegov com N propostas de outros municípios mais as "
        "do ano (para medir desempenho; exige --out)",
    )
    ps.set_defaults(func=cmd_sample)
    pr = sub.add_parser("report", help="executa os notebooks e exporta os PDFs do ano")
    pr.add_argument("--year", type=int, required=True, help="ano do balanço")
    pb = sub.add_parser("batch", help="gera os PDFs de vários anos em paralelo")
    pb.add_argument(
        "--years",
        nargs="+",
        required=True,
        metavar="ANOS",
        help="anos: 2023 2024, ou um intervalo: 2020-2024",
    )
    for sp, func in ((pr, cmd_report), (pb, cmd_batch)):
        sp.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="notebooks em paralelo (padrão: número de núcleos)",
        )
        sp.add_argument("--force", action="store_true", help="refaz tudo, mesmo o que não mudou")
        sp.set_defaults(func=func)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BadInput as exc:
        print("Erro nos dados de entrada:\n", file=sys.stderr)
        print(exc.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("Interrompido.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
