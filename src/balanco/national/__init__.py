"""The national convênios edition: for every municipality of a UF (or of the
country) found in the national Transferegov dumps, the Convênios department's
balance from the federal files alone, built as a grid of (municipality, year)
tasks — on Dask distributed, or one after the other — plus an index page and one
CSV of every town's figures.

- :mod:`.partition`: one scan of the dumps, partitioned by IBGE code;
- :mod:`.town`: a town's settings, figures (the department's rules) and report;
- :mod:`.task`: one (municipality, year): files written then renamed, a small record;
- :mod:`.grid`: the tasks on a Dask cluster or in this process, reruns by content hash;
- :mod:`.index`: the ranking page, the CSV and its dictionary.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import available_municipios, load_municipio
from ..errors import BadInput, Problem
from ..io import display_path
from ..settings import Settings
from . import index
from .grid import Grid, run
from .partition import COUNTRY, partition

__all__ = ["COUNTRY", "Edition", "Grid", "edition", "known_municipalities"]

DUMPS = ("siconv_proposta.csv", "siconv_convenio.csv")


@dataclass(frozen=True)
class Edition:
    """What a run of the edition did."""

    records: list[dict]
    index: Path
    scan_seconds: float
    grid_seconds: float

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.records if r["status"] == "falhou"]


def known_municipalities(root: Path) -> dict[str, Settings]:
    """The municipality files of the project, by IBGE code (used where they exist)."""
    known = {}
    for slug in available_municipios(root):
        s = load_municipio(root, slug)
        known[s.ibge_code] = s
    return known


def edition(
    base: Settings,
    *,
    uf: str,
    year: int,
    dumps: Path,
    out: Path,
    cluster: str | None = None,
    workers: int | None = None,
    pdf: bool = True,
    force: bool = False,
    progress: Callable[[str], None] = print,
) -> Edition:
    """Scan ``dumps`` (the folder with the national ``siconv_proposta.csv`` and
    ``siconv_convenio.csv``) once, build every town of ``uf`` for ``year`` into
    ``out/<ano>/<ibge>/`` and write the index. Towns that fail are in the records."""
    uf = uf.upper()
    paths = [dumps / n for n in DUMPS]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise BadInput(
            [
                Problem(
                    display_path(p),
                    "arquivo nacional do Transferegov não encontrado; baixe-o dos dados "
                    "abertos do Transferegov (veja data/raw/README.md) ou indique a pasta "
                    "com --dados",
                )
                for p in missing
            ]
        )
    start = time.perf_counter()
    progress(f"Lendo os arquivos nacionais em {display_path(dumps)} ({uf}) …")
    towns = partition(paths[0], paths[1], uf=uf, out=out)
    scan_seconds = time.perf_counter() - start
    where = "no Brasil" if uf == COUNTRY else f"na UF {uf}"
    progress(f"{len(towns)} municípios encontrados {where}.")
    sources = {"proposta": display_path(paths[0]), "convenio": display_path(paths[1])}
    grid = Grid(
        out=out,
        year=year,
        base=base,
        known=known_municipalities(base.root),
        pdf=pdf,
        force=force,
        cluster=cluster,
        workers=workers,
    )
    start = time.perf_counter()
    records = run(grid, towns, sources, progress=progress)
    page = index.write(out, records, year=year, uf=uf)
    return Edition(records, page, scan_seconds, time.perf_counter() - start)
