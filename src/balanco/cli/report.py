"""``balanco report``: run the year's notebooks and export its PDFs."""

from __future__ import annotations

import argparse

from .builds import _run_build, add_build_options
from .parser import year


def add_parser(sub) -> None:
    pr = sub.add_parser("report", help="executa os notebooks e exporta os PDFs do ano")
    pr.add_argument("--year", type=year, required=True, metavar="ANO", help="ano do balanço")
    add_build_options(pr, cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    return _run_build([args.year], args)
