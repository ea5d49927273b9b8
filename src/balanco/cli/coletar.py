"""``balanco coletar``: the year's exports read from the systems that have an
interface, into data/raw/<ano>/ (all or nothing), and what remains by hand."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import BadInput, Problem
from .parser import _settings, command_line, year


def add_parser(sub) -> None:
    from ..collect.sources import SOURCES

    pc = sub.add_parser(
        "coletar",
        help="coleta as exportações do ano direto dos sistemas com interface "
        f"({', '.join(SOURCES)}) para data/raw/<ano>/",
        description="Coleta as exportações do ano direto dos sistemas que têm interface e as "
        "grava em data/raw/<ano>/ de uma vez só: se uma fonte falha, a pasta fica como "
        "estava. Os endereços vêm da seção [coleta] do arquivo do município (o Transferegov, "
        "sem endereço, vem do repositório nacional de dados abertos); os tokens, de "
        "variáveis de ambiente (veja o README). Lista também o que falta colocar à mão.",
    )
    pc.add_argument("--year", type=year, required=True, metavar="ANO", help="ano dos dados")
    pc.add_argument(
        "--fonte",
        action="append",
        choices=list(SOURCES),
        metavar="FONTE",
        help=f"coleta só esta fonte ({', '.join(SOURCES)}); pode repetir "
        "(padrão: as configuradas em [coleta], e o Transferegov, que não precisa de "
        "endereço)",
    )
    pc.set_defaults(func=cmd_coletar)


def cmd_coletar(args: argparse.Namespace) -> int:
    from ..collect.progress import TerminalProgress
    from ..collect.sources import SOURCES
    from ..collect.year import collect_year

    s = _settings(args)
    configured = {name for name, _ in s.collect_urls}
    enabled = [n for n, src in SOURCES.items() if src.department in s.departments]
    if args.fonte:
        names = list(dict.fromkeys(args.fonte))
    else:
        names = [n for n in enabled if n in configured or SOURCES[n].default_url]
        if not names:
            raise BadInput(
                [
                    Problem(
                        f"municipios/{s.slug}.toml",
                        "não há fonte a coletar: escreva os endereços na seção [coleta] ("
                        + ", ".join(f"{n} = …" for n in enabled)
                        + "; veja municipios/README.md)",
                        column="coleta",
                    )
                ]
            )
    outcome = collect_year(s, args.year, names, env=os.environ, progress=TerminalProgress())
    raw = outcome.raw_dir
    for name, files in outcome.written.items():
        print(f"{SOURCES[name].title}: {len(files)} arquivo(s) gravado(s) em {raw}")
        for f in files:
            print(f"  {f.name} ({f.size} bytes)")
    for name in outcome.unchanged:
        print(f"{SOURCES[name].title}: nada mudou na fonte desde a última coleta; nada baixado")
    if outcome.by_hand:
        print(f"\nFalta colocar à mão em {raw} (fontes que o balanco coletar não lê):")
        for item in outcome.by_hand:
            there = " (já está na pasta)" if raw.is_dir() and any(raw.glob(item.pattern)) else ""
            print(f"  {item.pattern}{there} — {item.department}: {item.system}. {item.description}")
        print("  Colunas de cada arquivo: docs/colunas.md; modelos das planilhas: balanco modelos.")
    print(f"\nDepois: {next_command(args)}", file=sys.stdout)
    return 0


def next_command(args: argparse.Namespace) -> str:
    """The ``prepare`` to run next, with the global options this run was given.

    >>> next_command(argparse.Namespace(year=2024, municipio="mogi", data_dir="dados x"))
    "balanco --municipio mogi --data-dir 'dados x' prepare --year 2024"
    """
    return command_line(args, "prepare", args.year)
