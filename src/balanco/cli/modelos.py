"""``balanco modelos``: blank templates of the hand-kept spreadsheets."""

from __future__ import annotations

import argparse
import sys

from ..errors import EXIT_BAD_INPUT
from .parser import _settings


def add_parser(sub) -> None:
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


def cmd_modelos(args: argparse.Namespace) -> int:
    """Write the blank templates of the hand-kept spreadsheets; never overwrite
    without --force (``blank_sheets``)."""
    from pathlib import Path

    from ..blank_sheets import DEFAULT_FOLDER, write_templates
    from ..departments import enabled

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
