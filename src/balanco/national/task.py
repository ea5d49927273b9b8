"""One (municipality, year) of the national edition: read its partition from the
shared folder, compute, write its files (each write-then-rename, the content
hash last), and return a small record — never a DataFrame or a PDF.

The same function runs in a Dask task and in the single-machine loop, so the
two give the same files.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from .. import files
from ..build.export import export, export_html
from ..departments.convenios import NAME
from ..errors import BadInput
from ..settings import Settings
from .partition import Town, read_partition
from .town import figures, notebook, summary_row, town_settings, write_notebook

#: The content hash of a town's last complete build (written after every output).
HASH = ".hash"
#: Version of the edition's layout: a change here rebuilds every town.
LAYOUT = "2"


def town_dir(out: Path, year: int, town: Town) -> Path:
    return out / str(year) / town.ibge


def names(year: int) -> dict[str, str]:
    """The files of a town's folder."""
    return {
        "pdf": f"convenios-{year}.pdf",
        "html": f"convenios-{year}.html",
        "indicadores": "indicadores.json",
        "csv": "convenios_federais.csv",
    }


def content_hash(town: Town, year: int, *, pdf: bool, settings_hash: str, code: str) -> str:
    """What a town's outputs depend on: its partition, the year, the municipality's
    settings, the package's code and whether the PDF is made."""
    key = "|".join([LAYOUT, town.sha256, str(year), str(pdf), settings_hash, code])
    return hashlib.sha256(key.encode()).hexdigest()


def up_to_date(out: Path, year: int, town: Town, digest: str, *, pdf: bool) -> bool:
    """The town's files are all there, built from the same inputs."""
    folder = town_dir(out, year, town)
    wanted = [k for k in names(year) if pdf or k != "pdf"]
    try:
        same = (folder / HASH).read_text("utf-8").strip() == digest
    except OSError:
        return False
    return same and all((folder / names(year)[k]).is_file() for k in wanted)


def record_of(out: Path, year: int, town: Town, *, status: str, seconds: float = 0.0) -> dict:
    """The record of a built town, read back from its folder (a town skipped as up
    to date reports the figures of its last build)."""
    folder = town_dir(out, year, town)
    data = json.loads((folder / names(year)["indicadores"]).read_text("utf-8"))
    return {
        "ibge": town.ibge,
        "status": status,
        "pasta": str(folder.relative_to(out)),
        "arquivos": {k: v for k, v in names(year).items() if (folder / v).is_file()},
        "hash": (folder / HASH).read_text("utf-8").strip(),
        "segundos": seconds,
        "problemas": [],
        "linha": data["linha"],
    }


def build_town(
    out: str,
    town: dict,
    year: int,
    *,
    sources: dict[str, str],
    base: Settings,
    pdf: bool,
    digest: str,
) -> dict:
    """Build one town into ``out/<ano>/<ibge>/``; a record of what happened."""
    start = time.perf_counter()
    root, t = Path(out), Town(**town)
    folder = town_dir(root, year, t)
    # A worker killed while writing leaves a hidden temporary file (never the final
    # name): the run that builds the town again removes it.
    for sub in (folder, folder / ".notebooks"):
        files.remove_dead(sub, ".*.tmp-*")
    try:
        convs, props = read_partition(root, t, sources=sources)
        names_in_dump = tuple(
            dict.fromkeys(str(n).strip() for n in props["MUNIC_PROPONENTE"].dropna())
        )
        settings = base if base.ibge_code == t.ibge else town_settings(base, t, names=names_in_dump)
        indicators, tables, fed = figures(settings, convs, props, year=year)
        nb = notebook(settings, indicators, tables, year=year)
        f = names(year)
        executed = write_notebook(nb, folder / ".notebooks" / f"convenios-{year}.ipynb")
        _open_data(fed, settings, year, folder / f["csv"])
        # The build's exporters (the report's PDF and accessible HTML), as for any report.
        target_pdf = folder / f["pdf"]
        if pdf:
            export(settings, executed, target_pdf)
        else:  # a PDF of an earlier build would no longer match the page and the figures
            target_pdf.unlink(missing_ok=True)
        export_html(settings, executed, target_pdf)
        row = summary_row(settings, indicators, year)
        files.atomic_write(
            folder / f["indicadores"],
            json.dumps(
                {"linha": row, "indicadores": [i.as_dict() for i in indicators.values()]},
                ensure_ascii=False,
                indent=1,
            ),
        )
        files.atomic_write(folder / HASH, digest)
    except BadInput as exc:
        return failed(t, time.perf_counter() - start, [exc.render()])
    except Exception as exc:  # noqa: BLE001 - one town's bug must not stop the grid
        return failed(t, time.perf_counter() - start, [f"{type(exc).__name__}: {exc}"])
    return record_of(root, year, t, status="feito", seconds=time.perf_counter() - start)


def failed(town: Town, seconds: float, problems: list[str]) -> dict:
    """The record of a town that failed, with its messages."""
    return {
        "ibge": town.ibge,
        "status": "falhou",
        "pasta": "",
        "arquivos": {},
        "hash": "",
        "segundos": seconds,
        "problemas": problems,
        "linha": None,
    }


def _open_data(fed, settings: Settings, year: int, target: Path) -> None:
    """The town's open data: the department's dataset of federal convênios, written
    by the open-data writer exactly as ``balanco exportar`` writes it (the same
    columns, dictionary, formats and ``conta_no_indicador``)."""
    import tempfile

    from ..open_data.csv_excel import write_csv
    from ..open_data.datasets import as_published, dataset, year_rows
    from ..open_data.lgpd import publishable
    from ..open_data.writer import csv_frame

    spec = as_published(dataset(NAME, "convenios_federais"), settings)
    public = publishable(year_rows(fed, spec, year), spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        scratch = Path(tmp) / target.name
        write_csv(csv_frame(public, spec), scratch)
        files.atomic_write(target, scratch.read_bytes())
