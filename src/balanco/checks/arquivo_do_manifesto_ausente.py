"""arquivo_do_manifesto_ausente (blocking): every file the manifest lists is in the
year's folder (a manifest describes the export as delivered). A file of a
department the run does not enable is not part of this balance, listed or not."""

from __future__ import annotations

from collections.abc import Iterator

from ..check_spec import BLOCKING, Check
from ..errors import Problem
from ..provenance import read_manifest
from .context import Context


def check(ctx: Context) -> Iterator[Problem]:
    manifest = read_manifest(ctx.raw_dir)
    for name in manifest.files:
        if not (ctx.raw_dir / name).is_file() and not ctx.skips(name):
            yield CHECK.problem(
                f"o arquivo consta do {manifest.path.name}, mas não está na pasta: a "
                "exportação chegou incompleta; copie o arquivo de volta, ou exporte de "
                "novo e registre o manifesto com balanco manifesto",
                file=name,
            )


CHECK = Check(
    "arquivo_do_manifesto_ausente",
    BLOCKING,
    "Arquivo exportado que não chegou à pasta dos dados",
    check,
    listed=50,
    runs=10,
)
