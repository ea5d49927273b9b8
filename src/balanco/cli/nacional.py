"""``balanco nacional``: the convênios edition of every municipality of a UF (or
of the country) from the national Transferegov files, on a Dask cluster or here."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import EXIT_BAD_INPUT
from ..formatting import plural
from .parser import _settings, integer, year

#: The default output folder, under the project root.
OUT = Path("reports") / "nacional"


def uf(text: str) -> str:
    """A UF's abbreviation, or BR for the whole country."""
    from ..config.uf import UF_CODES

    value = text.strip().upper()
    if value != "BR" and value not in UF_CODES:
        raise argparse.ArgumentTypeError(
            f"UF inválida: '{text}'; esperada a sigla de uma UF (ex.: SP) ou BR para o país todo"
        )
    return value


def add_parser(sub) -> None:
    pn = sub.add_parser(
        "nacional",
        help="gera o balanço de convênios federais de cada município de uma UF (ou do país) "
        "a partir dos arquivos nacionais do Transferegov, num cluster Dask ou nesta máquina",
    )
    pn.add_argument("--uf", type=uf, required=True, help="sigla da UF (ex.: SP) ou BR: o país todo")
    # --year as in every other command; --ano, its first spelling here, still works.
    pn.add_argument(
        "--year",
        "--ano",
        dest="ano",
        type=year,
        required=True,
        metavar="ANO",
        help="ano do balanço",
    )
    pn.add_argument(
        "--dados",
        default=None,
        metavar="PASTA",
        help="pasta com os arquivos nacionais siconv_proposta.csv e siconv_convenio.csv "
        "(padrão: data/raw/<ano>)",
    )
    pn.add_argument(
        "--saida",
        default=None,
        metavar="PASTA",
        help="pasta dos relatórios, vista por todos os workers do cluster "
        f"(padrão: {OUT.as_posix()})",
    )
    where = pn.add_mutually_exclusive_group()
    where.add_argument(
        "--cluster",
        default=None,
        metavar="ENDEREÇO",
        help="endereço do agendador de um cluster Dask existente, ex.: tcp://10.0.0.5:8786",
    )
    where.add_argument(
        "--workers",
        type=integer,
        default=None,
        metavar="N",
        help="inicia um cluster Dask local com N processos (sem --cluster nem --workers: "
        "um município depois do outro, sem Dask)",
    )
    pn.add_argument("--sem-pdf", action="store_true", help="gera só as páginas HTML (mais rápido)")
    pn.add_argument(
        "--force", action="store_true", help="refaz todos os municípios, mesmo os em dia"
    )
    pn.set_defaults(func=cmd_nacional)


def cmd_nacional(args: argparse.Namespace) -> int:
    from .. import national

    if args.workers is not None and args.workers < 1:
        print("Erro: --workers precisa ser pelo menos 1.", file=sys.stderr)
        return EXIT_BAD_INPUT
    s = _settings(args)
    dumps = Path(args.dados) if args.dados else s.raw_dir(args.ano)
    out = Path(args.saida) if args.saida else s.root / OUT
    done = national.edition(
        s,
        uf=args.uf,
        year=args.ano,
        dumps=dumps,
        out=out,
        cluster=args.cluster,
        workers=args.workers,
        pdf=not args.sem_pdf,
        force=args.force,
        progress=lambda line: print(line, flush=True),
    )
    ok = len(done.records) - len(done.failed)
    print(f"{plural(ok, 'município gerado', 'municípios gerados')}; índice: {done.index}")
    if done.failed:
        failed = plural(len(done.failed), "município falhou", "municípios falharam")
        print(f"{failed} (os demais foram gerados):", file=sys.stderr)
        for r in done.failed:
            print(f"  código IBGE {r['ibge']}:", file=sys.stderr)
            for p in r["problemas"]:
                print("    " + p.replace("\n", "\n    "), file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0
