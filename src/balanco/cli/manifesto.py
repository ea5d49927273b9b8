"""``balanco manifesto``: record the year's real exports in its manifest."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_BAD_INPUT, BadInput, Problem
from .parser import _settings, year


def add_parser(sub) -> None:
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


def cmd_manifest(args: argparse.Namespace) -> int:
    from datetime import date

    from ..provenance import ManifestExists, write_real_manifest

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
    from ..provenance import origins

    print(f"Manifesto gravado em {path} (exportação de {exported.isoformat()}):")
    for o in origins(raw_dir):
        print(f"  {o.name}: {o.reason}")
    return 0
