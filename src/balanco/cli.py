"""Command line: parse arguments, call the library, print, exit code.

Everything printed is Portuguese, argparse's own usage and errors included.
One handler in ``main`` turns every failure into a sentence and an exit code
of ``errors.py``, the same in every subcommand: 2 bad input, 3 environment
(permissions, full disk), 130 interrupted, 1 a failed notebook or a bug.
``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from . import __version__
from .config import settings as make_settings
from .errors import (
    EXIT_BAD_INPUT,
    EXIT_ENVIRONMENT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    BadInput,
    EnvironmentFault,
    Problem,
    os_fault,
)

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
        n_syn = sum(1 for s in data.sources if s.get("sintetico"))
        n_real = len(data.sources) - n_syn
        if n_real == 0:
            print("(registros sintéticos de exemplo)")
        else:
            from .formatting import plural

            print(
                f"({plural(n_syn, 'arquivo', 'arquivos')} com registros sintéticos de exemplo "
                f"e {plural(n_real, 'arquivo real', 'arquivos reais')})"
            )
    for dept in DEPARTMENTS:
        if not data.by_department(dept.NAME):
            continue  # not enabled for this municipality
        print(f"\n{dept.TITLE}")
        for ind in data.by_department(dept.NAME):
            value = formatting.indicator_value(ind.value, ind.unit)
            row = by_key.get(ind.key)
            mark = ""
            if row is not None:
                mark = "  = publicado" if row.confere else f"  ≠ publicado: {row.publicado}"
            print(f"  {ind.label:<{width}}  {value:>18}{mark}")
            if not ind.available:
                print(f"  {'':<{width}}  ({ind.reason})")
    _print_origins(data.sources)
    if pub is None:
        print(f"\nNão há figuras publicadas para {data.year}: nada a conferir.")
    else:
        counted, outside = published.in_balance(table)
        ok = int(counted["confere"].sum())
        line = f"\nConferência com o release: {ok} de {len(counted)} figuras iguais ao publicado."
        print(line + (f" {outside}" if outside else ""))


def _print_origins(sources) -> None:
    """Per file: synthetic records or a real export, and why (hash vs manifest)."""
    synthetic = [s for s in sources if s.get("sintetico")]
    real = [s for s in sources if not s.get("sintetico")]
    no_manifest = bool(sources) and all(
        "não tem manifesto" in str(s.get("origem", "")) for s in sources
    )
    if no_manifest:
        print("\nOrigem dos arquivos (sem manifesto: todos os arquivos são exportações reais):")
    else:
        print("\nOrigem dos arquivos (SHA-256 conferido com o manifesto):")
    if no_manifest:
        pass
    elif not real:
        print("  todos os registros são sintéticos (gerados pelo balanco)")
    elif not synthetic:
        print("  todos os arquivos são exportações reais")
    width = max(len(str(s["arquivo"])) for s in sources) if sources else 0
    for s in sources:
        print(f"  {s['arquivo']:<{width}}  {s.get('origem', '')}")


def cmd_manifest(args: argparse.Namespace) -> int:
    from datetime import date

    from .provenance import ManifestExists, write_real_manifest

    s = _settings(args)
    raw_dir = s.raw_dir(args.year)
    try:
        exported = date.fromisoformat(args.data_exportacao)
    except ValueError:
        raise BadInput(
            [
                Problem(
                    "--data-exportacao",
                    "não é uma data de exportação válida; esperado ano-mês-dia (ISO), "
                    "ex.: 2025-01-15",
                    value=args.data_exportacao,
                )
            ]
        ) from None
    if exported > date.today():
        raise BadInput(
            [
                Problem(
                    "--data-exportacao",
                    "está no futuro; esperado o dia em que os arquivos "
                    "foram exportados dos sistemas",
                    value=args.data_exportacao,
                )
            ]
        )
    if not raw_dir.is_dir():
        raise BadInput(
            [Problem(str(raw_dir), "pasta não encontrada; coloque nela as exportações do ano")]
        )
    try:
        path = write_real_manifest(raw_dir, year=args.year, export_date=exported, force=args.force)
    except ManifestExists as exc:
        print(
            f"Erro: {exc.path} já existe; nada foi gravado. Use --force para substituí-lo "
            "(arquivos ainda iguais aos gerados pelo balanco continuam marcados como "
            "sintéticos).",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    from .provenance import origins

    print(f"Manifesto gravado em {path} (exportação de {exported.isoformat()}):")
    for o in origins(raw_dir):
        print(f"  {o.name}: {o.reason}")
    return 0


def _print_checks(alerts, accepted=(), *, indent: str = "") -> None:
    """The checks' warnings and acceptances (checks.py), one per line."""
    if alerts:
        print(f"{indent}Alertas ({len(alerts)}):")
        for a in alerts:
            print(f"{indent}  - {a.mensagem} [{a.id}]")
    if accepted:
        print(f"{indent}Aceites (aceites.toml, {len(accepted)}):")
        for a in accepted:
            print(f"{indent}  - {a.mensagem} [{a.id}] — aceito: {a.aceite.motivo}")


def cmd_prepare(args: argparse.Namespace) -> int:
    from . import published
    from .pipeline import prepare

    s = _settings(args)
    data = prepare(s, args.year, strict=args.rigoroso)
    _print_indicators(data, published.load(s, args.year))
    print(f"\nDados processados em {s.processed_dir(args.year)}")
    print()
    _print_checks(data.alertas, data.aceites)
    if data.grafias:
        from .formatting import plural

        print(f"Grafias do município (municipios/{s.slug}.toml, {len(data.grafias)}):")
        for g in data.grafias:
            print(
                f'  - {g["arquivo"]}, coluna "{g["coluna"]}": "{g["valor"]}" lido como '
                f'"{g["aceito_como"]}" ({plural(g["registros"], "registro", "registros")})'
            )
    status = "ok com alertas" if data.alertas else "ok"
    print(f"Situação: {status}")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from .sample import generate, read_targets

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
        from .sample import national_transferegov

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
    from .sample import OverwriteRefused

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


def cmd_exportar(args: argparse.Namespace) -> int:
    from . import publish

    if args.k < 2:
        print("Erro: --k precisa ser pelo menos 2 (k-anonimato).", file=sys.stderr)
        return EXIT_BAD_INPUT
    s = _settings(args)
    folder = publish.export(s, args.year, k=args.k)
    files = sorted(p.name for p in folder.iterdir())
    print(f"Dados abertos de {args.year} gravados em {folder} ({len(files)} arquivos):")
    for name in files:
        print(f"  {name}")
    return 0


def _run_build(years: list[int], args: argparse.Namespace) -> int:
    """Build ``years`` of each municipality (``--municipios``, else ``--municipio``);
    print one status line per (municipality, year); return the most serious code."""
    from . import formatting

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
        codes.append(_print_outcomes(s, outcomes, label=s.slug if slug else ""))
    return max(codes, default=EXIT_OK)


def _build_years(s, years: list[int], args: argparse.Namespace):
    from . import report

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


def _print_outcomes(s, outcomes, *, label: str = "") -> int:
    from . import formatting

    prefix = f"{label} " if label else ""
    for o in outcomes:
        folder = s.reports_path(o.year)
        warned = " com alertas" if o.alerts else ""
        if o.status == "sem mudanças":
            also = " (com alertas)" if o.alerts else ""
            print(
                f"  {prefix}{o.year}: sem mudanças desde a última execução{also}; nada a "
                f"refazer ({folder})"
            )
        elif o.status == "ok":
            kept = f", {len(o.skipped)} sem mudanças" if o.skipped else ""
            made = formatting.plural(len(o.built), "PDF gerado", "PDFs gerados")
            print(f"  {prefix}{o.year}: ok{warned} — {made}{kept} ({folder})")
        elif o.exit_code == EXIT_BAD_INPUT:
            # The problems themselves are printed once, above (_print_errors).
            print(f"  {prefix}{o.year}: FALHOU — dados de entrada com problemas (veja acima)")
        else:
            print(f"  {prefix}{o.year}: FALHOU — {o.reason}")
            if o.cancelled:
                print(f"        não executados por causa da falha: {', '.join(o.cancelled)}")
        if o.status != "falhou":
            _print_checks(o.alerts, indent="        ")
    failed = [o for o in outcomes if o.status == "falhou"]
    # Years failing for different reasons: the most serious code (3, then 2, then 1).
    return max((o.exit_code or EXIT_FAILED for o in failed), default=EXIT_OK)


def cmd_report(args: argparse.Namespace) -> int:
    return _run_build([args.year], args)


def cmd_batch(args: argparse.Namespace) -> int:
    return _run_build(sorted({y for spec in args.years for y in spec}), args)


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
    from .config import DEFAULT_KEY, default_municipio

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


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="balanco",
        description=_description(),
    )
    _global_options(p, top=True)
    sub = p.add_subparsers(dest="command", required=True, metavar="comando")
    pp = sub.add_parser("prepare", help="limpa os dados brutos do ano e calcula os indicadores")
    pp.add_argument("--year", type=year, required=True, metavar="ANO", help="ano do balanço")
    pp.set_defaults(func=cmd_prepare)
    strict_help = (
        "trata os alertas das verificações como erro (código de saída 2), para "
        "pipelines de publicação"
    )
    pp.add_argument("--rigoroso", action="store_true", help=strict_help)
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
    pm = sub.add_parser(
        "manifesto",
        help="registra as exportações reais do ano em data/raw/<ano>/manifest.toml",
    )
    pm.add_argument("--year", type=year, required=True, metavar="ANO", help="ano dos dados")
    pm.add_argument(
        "--data-exportacao",
        required=True,
        metavar="AAAA-MM-DD",
        help="dia em que os arquivos foram exportados dos sistemas (ISO), ex.: 2025-01-15",
    )
    pm.add_argument("--force", action="store_true", help="substitui um manifesto existente")
    pm.set_defaults(func=cmd_manifest)
    pr = sub.add_parser("report", help="executa os notebooks e exporta os PDFs do ano")
    pr.add_argument("--year", type=year, required=True, metavar="ANO", help="ano do balanço")
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
    pb = sub.add_parser("batch", help="gera os PDFs de vários anos em paralelo")
    pb.add_argument(
        "--years",
        type=year_spec,
        nargs="+",
        required=True,
        metavar="ANOS",
        help="anos: 2023 2024, ou um intervalo: 2020-2024",
    )
    for sp, func in ((pr, cmd_report), (pb, cmd_batch)):
        sp.add_argument(
            "--jobs",
            type=jobs,
            default=None,
            metavar="N",
            help="notebooks em paralelo, pelo menos 1 (padrão: número de núcleos)",
        )
        sp.add_argument("--force", action="store_true", help="refaz tudo, mesmo o que não mudou")
        sp.add_argument("--rigoroso", action="store_true", help=strict_help)
        sp.set_defaults(func=func)
    pb.add_argument(
        "--municipios",
        nargs="+",
        default=None,
        metavar="MUNICÍPIO",
        help="municípios (arquivos de municipios/, sem .toml): gera cada (município, ano)",
    )
    pi = sub.add_parser(
        "init", help="cria o arquivo de um novo município em municipios/<nome>.toml"
    )
    pi.add_argument("--ibge", required=True, metavar="CÓDIGO", help="código IBGE (7 dígitos)")
    pi.add_argument("--nome", required=True, metavar="NOME", help="nome oficial do município")
    pi.add_argument("--uf", required=True, metavar="UF", help="sigla da UF, ex.: SP")
    pi.add_argument(
        "--secretaria",
        default="Secretaria de Governo",
        metavar="NOME",
        help="secretaria que publica o balanço (padrão: Secretaria de Governo)",
    )
    pi.set_defaults(func=cmd_init)
    pmo = sub.add_parser(
        "modelos",
        help="grava modelos em branco (.xlsx) das planilhas mantidas à mão, com listas "
        "suspensas dos valores aceitos e colunas de data e valor formatadas",
    )
    pmo.add_argument(
        "--pasta",
        default=None,
        metavar="PASTA",
        help="pasta onde gravar os modelos (padrão: modelos/ na raiz do projeto; nunca data/raw)",
    )
    pmo.add_argument(
        "--force", action="store_true", help="substitui modelos que já existem na pasta"
    )
    pmo.set_defaults(func=cmd_modelos)
    for sp in sub.choices.values():  # every subcommand, also after its name
        _global_options(sp, top=False)
    return p


def cmd_modelos(args: argparse.Namespace) -> int:
    """Write the blank templates of the hand-kept spreadsheets; never overwrite
    without --force (``blank_sheets``)."""
    from pathlib import Path

    from .blank_sheets import DEFAULT_FOLDER, write_templates
    from .departments import enabled

    s = _settings(args)
    folder = Path(args.pasta) if args.pasta else s.root / DEFAULT_FOLDER
    try:
        written = write_templates(
            folder,
            departments=enabled(s),
            raw_root=s.data_path / "raw",
            force=args.force,
        )
    except FileExistsError as exc:
        names = ", ".join(p.name for p in exc.args[0])
        print(
            f"Erro: {folder} já tem {names}; nada foi gravado. Use --force para substituir "
            "ou escolha outra pasta com --pasta.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    print(f"Modelos gravados em {folder}:")
    for path in written:
        print(f"  {path.name}")
    print(
        "Preencha a aba Dados (as colunas com lista só aceitam os valores da lista; a aba "
        "Instruções descreve cada coluna) e copie a planilha para data/raw/<ano>/."
    )
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Scaffold ``municipios/<slug>.toml`` and its first targets; never overwrite."""
    from .config import find_root
    from .scaffold import scaffold

    root = find_root()
    try:
        path, targets = scaffold(
            root, ibge=args.ibge, nome=args.nome, uf=args.uf, secretaria=args.secretaria
        )
    except FileExistsError as exc:
        print(
            f"Erro: {exc.args[0]} já existe; nada foi gravado (edite o arquivo ou apague-o antes).",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    from .config import load_municipio

    s = load_municipio(root, path.stem)
    print(f"Município criado: {path.relative_to(root)}")
    if targets is not None:
        year = targets.stem
        print(
            f"Metas fictícias de exemplo de {year}: {targets.relative_to(root)} "
            f"(para testar: balanco --municipio {s.slug} sample --year {year})"
        )
    print(f"Coloque os dados brutos em {s.data_dir}/raw/<ano>/ e rode:")
    print(f"  balanco --municipio {s.slug} report --year <ano>")
    return 0


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


def main(argv: Sequence[str] | None = None) -> int:
    """The ``balanco`` command. Returns the exit code (argparse's own exits
    included: 0 for --help and --version, 2 for a usage error)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    return run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
