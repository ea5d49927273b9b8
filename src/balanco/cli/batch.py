"""``balanco batch``: the PDFs of several years (and municipalities) in parallel."""

from __future__ import annotations

import argparse

from .builds import _run_build, add_build_options
from .parser import year_spec


def add_parser(sub) -> None:
    pb = sub.add_parser("batch", help="gera os PDFs de vários anos em paralelo")
    pb.add_argument(
        "--years",
        type=year_spec,
        nargs="+",
        required=True,
        metavar="ANOS",
        help="anos: 2023 2024, ou um intervalo: 2020-2024",
    )
    add_build_options(pb, cmd_batch)
    pb.add_argument(
        "--municipios",
        nargs="+",
        default=None,
        metavar="MUNICÍPIO",
        help="municípios (arquivos de municipios/, sem .toml): gera cada (município, ano)",
    )


def cmd_batch(args: argparse.Namespace) -> int:
    return _run_build(sorted({y for spec in args.years for y in spec}), args)
