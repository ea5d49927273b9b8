"""Command line: parse arguments, call the library, print, exit code.

Everything printed is Portuguese, argparse's own usage and errors included.
One handler (``output.run``, called by ``main``) turns every failure into a
sentence and an exit code of ``errors.py``, the same in every subcommand:
2 bad input, 3 environment (permissions, full disk), 130 interrupted, 1 a
failed notebook or a bug. ``--debug`` adds the traceback.

One module per subcommand (its arguments, the library call, what it prints);
``parser`` is the Portuguese argparse and the global options, ``output`` the
shared printing and the top-level handler. This layer is the top one: it may
import anything in ``balanco``, and nothing imports it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from ..errors import EXIT_BAD_INPUT
from . import batch, coletar, exportar, init, manifesto, modelos, nacional, prepare, report, sample
from .batch import cmd_batch
from .builds import _run_build
from .exportar import cmd_exportar
from .init import cmd_init
from .manifesto import cmd_manifest
from .modelos import cmd_modelos
from .output import run
from .parser import (
    ARGPARSE_PT,
    MIN_YEAR,
    REPORTS_BESIDE_DATA,
    Parser,
    _description,
    _global_options,
    _settings,
    integer,
    jobs,
    max_year,
    parse_years,
    year,
    year_spec,
)
from .prepare import cmd_prepare
from .report import cmd_report
from .sample import cmd_sample

__all__ = [
    "ARGPARSE_PT",
    "MIN_YEAR",
    "REPORTS_BESIDE_DATA",
    "Parser",
    "_run_build",
    "_settings",
    "build_parser",
    "cmd_batch",
    "cmd_exportar",
    "cmd_init",
    "cmd_manifest",
    "cmd_modelos",
    "cmd_prepare",
    "cmd_report",
    "cmd_sample",
    "integer",
    "jobs",
    "main",
    "max_year",
    "parse_years",
    "run",
    "year",
    "year_spec",
]

#: The subcommands in the order ``balanco --help`` lists them.
SUBCOMMANDS = (
    prepare,
    sample,
    manifesto,
    coletar,
    report,
    exportar,
    batch,
    nacional,
    init,
    modelos,
)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="balanco",
        description=_description(),
    )
    _global_options(p, top=True)
    sub = p.add_subparsers(dest="command", required=True, metavar="comando")
    for command in SUBCOMMANDS:
        command.add_parser(sub)
    for sp in sub.choices.values():  # every subcommand, also after its name
        _global_options(sp, top=False)
    return p


def entry() -> int:
    """The ``balanco`` console script (and ``python -m balanco.cli``): :func:`main`,
    then every object of the process frozen for the garbage collector before
    Python exits. Exiting, Python collects the whole heap a build has loaded
    (pandas, matplotlib, nbconvert, Typst): ~0,4 s of a ~9 s ``balanco report``,
    measured, with nothing to gain — every file has been written and closed, the
    workers and kernels are gone, and the operating system takes the memory back.
    For every subcommand: nothing of ``balanco`` relies on a finalizer at exit
    (files go through ``files.atomic_write`` or ``with``; clean-ups are atexit
    handlers, which still run). ``main`` stays a plain function for the tests."""
    import gc

    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """The ``balanco`` command. Returns the exit code (argparse's own exits
    included: 0 for --help and --version, 2 for a usage error)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    return run(args)
