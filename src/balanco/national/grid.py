"""The national edition's grid: every (municipality, year) a task, on a Dask
cluster (given by address, or a ``LocalCluster`` started here) or one after the
other in this process (the default, without Dask).

Each task reads its partition from the shared output folder and returns a small
record (:func:`.task.build_town`); the scheduler never carries a DataFrame or a
PDF. A task lost with its worker is run again (``retries``); a town whose data
fail is reported and the others go on; a town whose content hash did not change
is not sent at all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import formatting
from ..errors import EnvironmentFault
from ..package_hash import code_hash, tree_hash
from ..settings import Settings
from .partition import Town
from .task import build_town, content_hash, failed, record_of, up_to_date

#: How many times a task lost with its worker is run again.
RETRIES = 3
#: The memory of one LocalCluster worker past which (95%) its nanny restarts it.
#: Measured (bench/nacional.py soak): ~230 MB after a first town, flat after.
WORKER_MEMORY = "1.5GiB"
#: The Dask settings of the workers of a LocalCluster (:func:`worker_environment`).
WORKER_CONFIG = {
    "distributed.worker.memory.pause": False,
    "distributed.worker.profile.enabled": False,
}
#: The same, as ``dask worker`` machines take them from their environment.
WORKER_ENV = {
    "DASK_DISTRIBUTED__WORKER__MEMORY__PAUSE": "False",
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
}


@contextmanager
def worker_environment():
    """:data:`WORKER_CONFIG` while workers are started: in this process's Dask
    configuration (the nannies hand it to the workers) and environment (which
    the worker processes inherit); then both as they were."""
    import dask

    saved = {k: os.environ.get(k) for k in WORKER_ENV}
    os.environ.update(WORKER_ENV)
    try:
        with dask.config.set(WORKER_CONFIG):
            yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@dataclass
class Grid:
    """Where and how the grid runs."""

    out: Path
    year: int
    base: Settings
    #: Known municipalities (their own files) by IBGE code.
    known: dict[str, Settings] = field(default_factory=dict)
    pdf: bool = True
    force: bool = False
    cluster: str | None = None
    workers: int | None = None
    retries: int = RETRIES


def _settings_for(grid: Grid, town: Town) -> Settings:
    return grid.known.get(town.ibge, grid.base)


def plan(grid: Grid, towns: Iterable[Town]) -> tuple[list[tuple[Town, str]], list[dict]]:
    """The towns to build (with their content hash) and the records of those up to date."""
    # The code and the report templates decide what a town's files look like.
    templates = [p for p in grid.base.templates_dir.rglob("*") if p.is_file()]
    code = code_hash() + tree_hash(templates, root=grid.base.templates_dir)
    todo, done = [], []
    for t in towns:
        s = _settings_for(grid, t)
        digest = content_hash(t, grid.year, pdf=grid.pdf, settings_hash=s.config_hash, code=code)
        if not grid.force and up_to_date(grid.out, grid.year, t, digest, pdf=grid.pdf):
            done.append(record_of(grid.out, grid.year, t, status="em dia"))
        else:
            todo.append((t, digest))
    return todo, done


def _call(grid: Grid, town: Town, digest: str, sources: dict[str, str]) -> tuple[tuple, dict]:
    args = (str(grid.out), asdict(town), grid.year)
    kwargs = {
        "sources": sources,
        "base": _settings_for(grid, town),
        "pdf": grid.pdf,
        "digest": digest,
    }
    return args, kwargs


def run(
    grid: Grid,
    towns: list[Town],
    sources: dict[str, str],
    *,
    progress: Callable[[str], None] = print,
) -> list[dict]:
    """Build every town not up to date; one record per town, in the towns' order."""
    todo, done = plan(grid, towns)
    records = {r["ibge"]: r for r in done}
    if done:
        progress(f"{len(done)} de {len(towns)} municípios já estão em dia (nada mudou).")
    if todo:
        runner = _run_dask if (grid.cluster or grid.workers) else _run_local
        for r in runner(grid, todo, sources, progress=progress, total=len(todo)):
            records[r["ibge"]] = r
    return [records[t.ibge] for t in towns if t.ibge in records]


def _line(k: int, total: int, town: Town, r: dict) -> str:
    name = formatting.institution(town.name)
    if r["status"] == "falhou":
        first = " ".join(line.strip() for line in r["problemas"][0].splitlines()[:2])
        return f"[{k}/{total}] {name} ({town.ibge}): falhou — {first}"
    return f"[{k}/{total}] {name} ({town.ibge}): feito em {formatting.seconds(r['segundos'])}"


def _run_local(grid: Grid, todo, sources, *, progress, total: int):
    """One town after the other in this process (no Dask)."""
    for k, (town, digest) in enumerate(todo, 1):
        args, kwargs = _call(grid, town, digest, sources)
        r = build_town(*args, **kwargs)
        progress(_line(k, total, town, r))
        yield r


def client_for(grid: Grid, *, progress: Callable[[str], None] = print):
    """A Dask client: to the scheduler at ``grid.cluster``, or to a LocalCluster of
    ``grid.workers`` processes (one thread each: a build is CPU and subprocess work)
    on 127.0.0.1. The caller closes it (and its cluster)."""
    from distributed import Client, LocalCluster

    if grid.cluster:
        try:
            client = Client(grid.cluster, timeout="10s")
        except (OSError, ValueError) as exc:  # unreachable, refused, a malformed address
            raise EnvironmentFault(
                f"não foi possível conectar ao agendador do Dask em {grid.cluster} ({exc}); "
                "confira o endereço (tcp://MÁQUINA:8786, o que `dask scheduler` mostra) "
                "e se o agendador está no ar e acessível desta máquina"
            ) from None
        cluster = None
    else:
        # A worker whose memory passes 95% of WORKER_MEMORY is restarted by its
        # nanny (its town is sent again): a long grid cannot grow without bound.
        # Never paused: a build holds no data to spill, a paused worker would stay so.
        # Dask's statistical profiler is off: its call trees of our deep (pandas,
        # nbconvert) stacks grew a worker by ~0,7 MB a town (bench/nacional.py soak).
        with worker_environment():
            cluster = LocalCluster(
                n_workers=grid.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",
                memory_limit=WORKER_MEMORY,
            )
        client = Client(cluster)
    progress(f"Painel do Dask (acompanhe as tarefas): {client.dashboard_link}")
    return client, cluster


def _run_dask(grid: Grid, todo, sources, *, progress, total: int):
    """Each town a Dask task; records as they end. ``build_town`` never raises (a
    town's own failure is a record), so a future that errs lost its worker — while
    running (Dask's ``retries``) or holding the record before it was fetched: that
    town is sent again, ``grid.retries`` times at most."""
    from distributed import as_completed

    client, cluster = client_for(grid, progress=progress)
    try:
        futures: dict = {}
        tries: dict[str, int] = {}

        def send(town: Town, digest: str):
            tries[town.ibge] = tries.get(town.ibge, 0) + 1
            args, kwargs = _call(grid, town, digest, sources)
            f = client.submit(
                build_town,
                *args,
                **kwargs,
                key=f"convenios-{grid.year}-{town.ibge}-{digest[:12]}-{tries[town.ibge]}",
                retries=grid.retries,
                pure=False,
            )
            futures[f] = (town, digest)
            return f

        pending = as_completed([send(t, d) for t, d in todo])
        k = 0
        for f in pending:
            town, digest = futures.pop(f)
            try:
                r = f.result()
            except Exception as exc:  # noqa: BLE001 - the worker was lost
                if tries[town.ibge] <= grid.retries:
                    pending.add(send(town, digest))
                    continue
                why = f"a tarefa não terminou no cluster ({type(exc).__name__}: {exc})"
                r = failed(town, 0.0, [why])
            k += 1
            progress(_line(k, total, town, r))
            yield r
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def elapsed(start: float) -> str:
    return formatting.seconds(time.perf_counter() - start)
