"""The shared parser: argparse in Portuguese, the argument types, and the
options valid before and after every subcommand (and the settings they give).

Subcommand modules import from here; nothing here knows the subcommands.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from .. import __version__
from ..config import settings as make_settings
from ..errors import BadInput

# =========================================================================== argparse in Portuguese

#: argparse's own messages (its gettext msgids) in Portuguese. argparse looks
#: each one up through ``argparse._``/``argparse.ngettext`` when it builds a
#: parser, formats help and reports an error; ``_portuguese`` answers those
#: look-ups while a ``Parser`` works. This is gettext's mechanism without a
#: compiled catalogue and without changing the process-wide text domain (which
#: would translate other libraries too); an msgid missing here (a future
#: Python's new wording) falls back to English rather than failing, and
#: tests/test_cli_faults.py pins the texts a user meets.
ARGPARSE_PT = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos posicionais",
    "options": "opções",
    "optional arguments": "opções",
    "subcommands": "comandos",
    "show this help message and exit": "mostra esta mensagem de ajuda e sai",
    "show program's version number and exit": "mostra a versão do programa e sai",
    "%(prog)s: error: %(message)s\n": "%(prog)s: erro: %(message)s\n",
    "the following arguments are required: %s": "os seguintes argumentos são obrigatórios: %s",
    "unrecognized arguments: %s": "argumentos não reconhecidos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor inválido (%(type)s): %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "valor inválido: %(value)r (escolha entre %(choices)s)"
    ),
    "invalid choice: %(value)r, maybe you meant %(closest)r?": (
        "valor inválido: %(value)r; você quis dizer %(closest)r?"
    ),
    "expected one argument": "esperado um valor",
    "expected at most one argument": "esperado no máximo um valor",
    "expected at least one argument": "esperado pelo menos um valor",
    "expected %s argument": "esperado %s valor",
    "expected %s arguments": "esperados %s valores",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opção ambígua: %(option)s pode ser %(matches)s"
    ),
    "not allowed with argument %s": "não permitido junto com o argumento %s",
    "ignored explicit argument %r": "valor não esperado: %r",
    "one of the arguments %s is required": "um dos argumentos %s é obrigatório",
    "unexpected option string: %s": "opção inesperada: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "comando desconhecido %(parser_name)r (opções: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "não foi possível abrir '%(filename)s': %(error)s",
}


@contextmanager
def _portuguese() -> Iterator[None]:
    """While active, argparse's messages come from ``ARGPARSE_PT``."""
    saved = argparse._, argparse.ngettext

    def gettext(message: str) -> str:
        return ARGPARSE_PT.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own texts (usage, help, errors) are Portuguese."""

    def __init__(self, *args, **kwargs) -> None:
        with _portuguese():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):
        with _portuguese():
            return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with _portuguese():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with _portuguese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _portuguese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _portuguese():
            return super().format_usage()

    def format_help(self) -> str:
        with _portuguese():
            return super().format_help()

    def error(self, message: str):
        with _portuguese():
            super().error(message)


# =========================================================================== argument types

#: Years the balance can be about: the secretariat's systems go back to the
#: 2000s, and next year's report may be prepared in December.
MIN_YEAR = 2000


def max_year() -> int:
    return date.today().year + 1


def integer(text: str) -> int:
    """An integer argument, with a Portuguese message when it is not one."""
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"valor inteiro inválido: '{text}'; esperado um número inteiro, ex.: 4"
        ) from None


def year(text: str) -> int:
    """A year in ``MIN_YEAR .. max_year()``."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ano inválido: '{text}'; esperado um ano com quatro algarismos, ex.: 2024"
        ) from None
    if not MIN_YEAR <= value <= max_year():
        raise argparse.ArgumentTypeError(
            f"ano fora do intervalo aceito: '{text}'; esperado um ano de {MIN_YEAR} a {max_year()}"
        )
    return value


def jobs(text: str) -> int:
    """``--jobs``: at least 1 (0 or negative is refused, never coerced)."""
    value = integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"valor inválido: '{text}'; esperado um número inteiro maior ou igual a 1"
        )
    return value


def year_spec(text: str) -> list[int]:
    """One ``--years`` item: ``2024``, ``2020-2024`` or ``2023,2024``."""
    out: list[int] = []
    for part in text.replace(",", " ").split():
        a, dash, b = part.partition("-")
        if dash and a and b:
            first, last = year(a), year(b)
            if first > last:
                raise argparse.ArgumentTypeError(
                    f"intervalo de anos inválido: '{part}'; o primeiro ano deve vir antes, "
                    "ex.: 2020-2024"
                )
            out.extend(range(first, last + 1))
        else:
            out.append(year(part))
    if not out:
        raise argparse.ArgumentTypeError(f"ano inválido: '{text}'; ex.: 2024 ou 2020-2024")
    return out


def parse_years(values: Sequence[str]) -> list[int]:
    """``2023 2024`` or ``2020-2024`` (or both) -> sorted years.

    >>> parse_years(["2022-2024", "2020"])
    [2020, 2022, 2023, 2024]
    """
    return sorted({y for value in values for y in year_spec(value)})


#: The help of ``--rigoroso``, the same in prepare, report and batch.
STRICT_HELP = (
    "trata os alertas das verificações e os números diferentes do release publicado como "
    "erro (código de saída 2), para pipelines de publicação"
)


#: Where reports go when --data-dir is given without --reports-dir: inside that
#: data folder, so outputs of two data folders never mix.
REPORTS_BESIDE_DATA = "relatorios"


def _settings(args: argparse.Namespace, municipio: str | None = None):
    """The run's settings from the global options: the municipality file of
    ``--municipio`` (or ``municipio``), ``--data-dir`` over its data folder, and
    reports in --reports-dir, else ``<data-dir>/relatorios`` when --data-dir is
    given, else the municipality's reports folder."""
    data_dir = getattr(args, "data_dir", None)
    reports_dir = getattr(args, "reports_dir", None)
    if reports_dir is None and data_dir:
        reports_dir = str(Path(data_dir) / REPORTS_BESIDE_DATA)
    return make_settings(
        data_dir=data_dir,
        reports_dir=reports_dir,
        municipio=municipio or getattr(args, "municipio", None),
    )


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options accepted before and after the subcommand. On subcommands their
    default is SUPPRESS, so that a value given before the subcommand is kept."""
    keep = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument(
        "--data-dir",
        metavar="PASTA",
        help="pasta de dados (com raw/, processed/), relativa à raiz do projeto",
        **({"default": None} if top else keep),
    )
    parser.add_argument(
        "--municipio",
        metavar="MUNICÍPIO",
        help="município do balanço: o arquivo municipios/<MUNICÍPIO>.toml (padrão: "
        f"{_default_slug()})",
        **({"default": None} if top else keep),
    )
    parser.add_argument(
        "--reports-dir",
        metavar="PASTA",
        help="pasta dos relatórios e dados abertos, relativa à raiz do projeto (padrão: "
        f"reports/, ou <data-dir>/{REPORTS_BESIDE_DATA} quando --data-dir é dado)",
        **({"default": None} if top else keep),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="mostra o traceback completo de um erro (para relatar um defeito)",
        **({"default": False} if top else keep),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"balanco {__version__}",
        help="mostra a versão do programa e sai",
    )


def _default_slug() -> str:
    """The default municipality's slug for the help text (the file with padrao = true)."""
    from ..config import DEFAULT_KEY, default_municipio

    try:
        return default_municipio()
    except BadInput:
        return f"o arquivo com {DEFAULT_KEY} = true"


def _description() -> str:
    """The program's description, naming the default municipality (from its file)."""
    try:
        s = make_settings()
    except BadInput:
        return (
            "Balanço anual de uma secretaria municipal a partir das exportações dos departamentos."
        )
    return (
        f"Balanço anual da {s.secretariat} de {s.municipality} ({s.uf}) a partir das "
        "exportações dos departamentos. Outro município: --municipio (arquivos em municipios/)."
    )


def command_line(
    args: argparse.Namespace | None, command: str, year: int, *, municipio: str | None = None
) -> str:
    """``balanco <command> --year <year>`` with the global options this run was given
    (``--municipio``, or ``municipio``; ``--data-dir``; ``--reports-dir``), quoted
    for the shell: a command the analyst can paste.

    >>> ns = argparse.Namespace(municipio=None, data_dir="dados x", reports_dir=None)
    >>> command_line(ns, "exportar", 2024, municipio="mogi")
    "balanco --municipio mogi --data-dir 'dados x' exportar --year 2024"
    >>> command_line(None, "report", 2024)
    'balanco report --year 2024'
    """
    import shlex

    options = [
        f"{flag} {shlex.quote(str(value))}"
        for flag, value in (
            ("--municipio", municipio or getattr(args, "municipio", None)),
            ("--data-dir", getattr(args, "data_dir", None)),
            ("--reports-dir", getattr(args, "reports_dir", None)),
        )
        if value
    ]
    return " ".join([program(), *options, command, "--year", str(year)])


def program() -> str:
    """The program as this run was called, when it is the console script
    (``.venv/bin/balanco``, as the README and ``make`` call it: ``balanco`` alone
    is not on the PATH of a venv that is not activated); else ``balanco``."""
    import shlex
    import sys

    called = sys.argv[0] if sys.argv else ""
    return shlex.quote(called) if Path(called).name == "balanco" else "balanco"
