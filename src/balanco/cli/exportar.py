"""``balanco exportar``: the year's open data, without personal data."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_BAD_INPUT
from .parser import _settings, command_line, integer, year


def add_parser(sub) -> None:
    pe = sub.add_parser(
        "exportar",
        help="grava os dados abertos do ano (CSV, Parquet, dicionário, datapackage.json), "
        "sem dados pessoais",
    )
    pe.add_argument("--year", type=year, required=True, metavar="ANO", help="ano do balanço")
    pe.add_argument(
        "--k",
        type=integer,
        default=5,
        help="k do k-anonimato de sexo × faixa etária × CEP dos consumidores (padrão: 5)",
    )
    pe.set_defaults(func=cmd_exportar)


def cmd_exportar(args: argparse.Namespace) -> int:
    from .. import publish

    if args.k < 2:
        print("Erro: --k precisa ser pelo menos 2 (k-anonimato).", file=sys.stderr)
        return EXIT_BAD_INPUT
    s = _settings(args)
    folder = publish.export(
        s,
        args.year,
        k=args.k,
        on_wait=lambda: print(
            f"{args.year}: outra execução está gerando os relatórios deste ano; aguardando…"
        ),
    )
    files = sorted(p.name for p in folder.iterdir())
    print(f"Dados abertos de {args.year} gravados em {folder} ({len(files)} arquivos):")
    for name in files:
        print(f"  {name}")
    behind = publish.reports_behind(s, args.year, folder)
    if behind:
        print(
            f"\nAtenção: os relatórios de {args.year} em {s.reports_path(args.year)} {behind}."
            f"\nPara refazê-los: {command_line(args, 'report', args.year)}"
        )
    return 0
