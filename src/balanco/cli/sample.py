"""``balanco sample``: synthetic raw data that reaches the year's targets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import EXIT_BAD_INPUT, BadInput, Problem
from .parser import _settings, integer, jobs, year


def add_parser(sub) -> None:
    ps = sub.add_parser("sample", help="gera dados brutos sintéticos que atingem as metas do ano")
    ps.add_argument("--year", type=year, required=True, metavar="ANO", help="ano dos dados")
    ps.add_argument(
        "--seed", type=integer, default=None, help="semente (padrão: a do arquivo de metas)"
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
        type=jobs,
        default=None,
        metavar="N",
        help="gera dumps nacionais do Transferegov com N propostas de outros municípios mais as "
        "do ano (para medir desempenho; exige --out)",
    )
    ps.add_argument(
        "--force",
        action="store_true",
        help="substitui também arquivos que o balanco não gerou (exportações reais)",
    )
    ps.set_defaults(func=cmd_sample)


def cmd_sample(args: argparse.Namespace) -> int:
    from ..sample import generate, read_targets

    s = _settings(args)
    targets_file = Path(args.targets) if args.targets else s.targets_file(args.year)
    targets = read_targets(targets_file)
    if targets.year != args.year:
        raise BadInput(
            [
                Problem(
                    str(targets_file),
                    f"não é o ano pedido ({args.year}): estas metas são de outro ano",
                    column="ano",
                    value=str(targets.year),
                )
            ]
        )
    out = Path(args.out) if args.out else s.raw_dir(args.year)
    if args.national:
        from ..departments.convenios.national import national_transferegov

        if not args.out:
            print(
                "Erro: --national precisa de --out (os arquivos não vão para data/raw).",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        national_transferegov(
            out,
            municipal_dir=s.raw_dir(args.year),
            propostas=args.national,
            own_code=s.ibge_code,
        )
        print(f"Transferegov nacional sintético ({args.national} propostas) gravado em {out}")
        return 0
    from ..sample import OverwriteRefused

    try:
        files = generate(targets, out, seed=args.seed, demo=args.demo, force=args.force, settings=s)
    except OverwriteRefused as exc:
        print(
            f"Erro: nada foi gravado em {out}: {len(exc.refused)} arquivo(s) não foram gerados "
            "pelo balanco e seriam substituídos:",
            file=sys.stderr,
        )
        for path, why in exc.refused:
            print(f"  {path.name}: {why}", file=sys.stderr)
        print(
            "Use --force para substituí-los mesmo assim, ou --out para gravar em outra pasta.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    print(
        f"{len(files)} arquivos sintéticos gravados em {out} (semente {args.seed or targets.seed})"
    )
    return 0
