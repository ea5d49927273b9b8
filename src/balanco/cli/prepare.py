"""``balanco prepare``: clean the year's raw data, compute the indicators and
print them beside the published figures, with the checks' warnings."""

from __future__ import annotations

import argparse

from .output import _print_checks
from .parser import STRICT_HELP, _settings, year


def add_parser(sub) -> None:
    pp = sub.add_parser("prepare", help="limpa os dados brutos do ano e calcula os indicadores")
    pp.add_argument("--year", type=year, required=True, metavar="ANO", help="ano do balanço")
    pp.set_defaults(func=cmd_prepare)
    pp.add_argument("--rigoroso", action="store_true", help=STRICT_HELP)


def cmd_prepare(args: argparse.Namespace) -> int:
    from .. import published, release_check
    from ..pipeline import prepare

    s = _settings(args)
    data = prepare(s, args.year, strict=args.rigoroso)
    # First: a published file of bad form is bad input, with all its problems.
    release = release_check.divergences(s, args.year, data.indicators)
    _print_indicators(s, data, published.load(s, args.year))
    print(f"\nDados processados em {s.processed_dir(args.year)}")
    print()
    _print_checks(data.alertas, data.aceites)
    if data.grafias:
        from ..formatting import plural

        print(f"Grafias do município (municipios/{s.slug}.toml, {len(data.grafias)}):")
        for g in data.grafias:
            print(
                f'  - {g["arquivo"]}, coluna "{g["coluna"]}": "{g["valor"]}" lido como '
                f'"{g["aceito_como"]}" ({plural(g["registros"], "registro", "registros")})'
            )
    status = "ok com alertas" if data.alertas else "ok"
    if release is not None:
        # A figure that differs from the published release is never "ok".
        also = " Há também alertas (acima)." if data.alertas else ""
        status = f"{release.describe()}.{also}"
    print(f"Situação: {status}")
    return 0


def _print_indicators(settings, data, pub) -> None:
    from .. import formatting, published

    table = published.reconcile(data.indicators, pub)
    by_key = {r.chave: r for r in table.itertuples()}
    from ..departments import DEPARTMENTS

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
            from ..formatting import plural

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
        print(f"\nNão há números publicados para {data.year}: nada a conferir.")
    else:
        counted, outside = published.reconciled(settings, data.indicators, pub)
        ok = int(counted["confere"].sum())
        line = f"\nConferência com o release: {ok} de {len(counted)} números iguais ao publicado."
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
