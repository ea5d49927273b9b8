"""What every subcommand shares on the way out: the checks' lines, and the
top-level handler that turns every failure into a Portuguese sentence and an
exit code of ``errors.py`` (2 bad input, 3 environment, 130 interrupted, 1 a
failed notebook or a bug); ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from ..errors import (
    EXIT_BAD_INPUT,
    EXIT_ENVIRONMENT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    BadInput,
    EnvironmentFault,
    os_fault,
)


def _print_checks(alerts, accepted=(), *, indent: str = "") -> None:
    """The checks' warnings and acceptances (balanco.checks), one per line."""
    if alerts:
        print(f"{indent}Alertas ({len(alerts)}):")
        for a in alerts:
            print(f"{indent}  - {a.mensagem} [{a.code}]")
    if accepted:
        print(f"{indent}Aceites (aceites.toml, {len(accepted)}):")
        for a in accepted:
            print(f"{indent}  - {a.mensagem} [{a.code}] — aceito: {a.acceptance.motivo}")


def _fail(message: str, *, debug: bool) -> None:
    if debug:
        traceback.print_exc()
        print(file=sys.stderr)
    print(message, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; every failure becomes a Portuguese sentence and an
    exit code of errors.py (a traceback only with ``--debug``)."""
    debug = bool(getattr(args, "debug", False))
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _fail("Interrompido.", debug=debug)
        return EXIT_INTERRUPTED
    except BadInput as exc:
        _fail(f"Erro nos dados de entrada:\n\n{exc.render()}", debug=debug)
        return EXIT_BAD_INPUT
    except EnvironmentFault as exc:
        _fail(f"Erro no ambiente de execução:\n\n{exc.render()}", debug=debug)
        return EXIT_ENVIRONMENT
    except MemoryError:
        _fail(
            "Erro no ambiente de execução:\n\nmemória insuficiente; feche outros programas "
            "ou rode com menos --jobs",
            debug=debug,
        )
        return EXIT_ENVIRONMENT
    except OSError as exc:
        fault = os_fault(exc, doing="ler ou gravar um arquivo")
        _fail(f"Erro no ambiente de execução:\n\n{fault.render()}", debug=debug)
        return EXIT_ENVIRONMENT
    except UnicodeError as exc:
        _fail(
            "Erro nos dados de entrada:\n\num arquivo não pôde ser lido na codificação "
            f"esperada ({exc}); exporte-o novamente em UTF-8",
            debug=debug,
        )
        return EXIT_BAD_INPUT
    except Exception as exc:  # noqa: BLE001 - the last resort: a bug, said as such
        _fail(
            "Erro inesperado do balanco (um defeito do programa, não dos seus dados): "
            f"{type(exc).__name__}: {exc}\n"
            "Rode de novo com --debug e envie a saída completa a quem mantém o balanco.",
            debug=debug,
        )
        return EXIT_FAILED
