"""``balanco init``: the file of a new municipality in municipios/."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_BAD_INPUT


def add_parser(sub) -> None:
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


def cmd_init(args: argparse.Namespace) -> int:
    """Scaffold ``municipios/<slug>.toml`` and its first targets; never overwrite."""
    from ..config import find_root
    from ..scaffold import scaffold

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
    from ..config import load_municipio

    s = load_municipio(root, path.stem)
    print(f"Município criado: {path.relative_to(root)}")
    if targets is not None:
        year = targets.stem
        print(
            f"Metas fictícias de exemplo de {year}: {targets.relative_to(root)} "
            f"(para testar: balanco --municipio {s.slug} sample --year {year})"
        )
    print(
        f"Colete os dados brutos dos sistemas (depois de escrever os endereços na seção "
        f"[coleta] de {path.relative_to(root)}):"
    )
    print(f"  balanco --municipio {s.slug} coletar --year <ano>")
    print(f"ou coloque-os à mão em {s.data_dir}/raw/<ano>/; depois rode:")
    print(f"  balanco --municipio {s.slug} report --year <ano>")
    return 0
