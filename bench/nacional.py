"""The national convênios edition (``balanco nacional``), measured side by side.

- ``varredura``: the scan and partition of generator-made national dumps with all
  645 SP municipalities among the other UFs' (5.570 in all by default);
- ``razao``: the same towns built one after the other in one process (the path
  without Dask), by the same path in 2 processes (no Dask) and on a 2-worker
  LocalCluster (127.0.0.1) started as ``balanco nacional --workers 2`` starts it:
  towns per second of each, what Dask costs per task (grid against 2 processes),
  the throughput per worker against one process, and the per-task cost used by
  the projection in bench/README.md; in ``--rodadas`` rounds whose order rotates,
  on processes kept up, the medians and their spread printed;
- ``soak``: a few hundred towns on a LocalCluster of ONE worker: the worker's
  resident memory at the start (after its first town) and at the end.

Run from the project root: ``.venv/bin/python bench/nacional.py [varredura razao soak]
[--municipios N] [--rodadas R] [--pdf]``. Everything is written to a temporary folder; nothing
is asserted (timings belong here, not in the tests).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from balanco.config import load_municipio  # noqa: E402
from balanco.departments.convenios.national import towns_transferegov  # noqa: E402
from balanco.national import edition, index  # noqa: E402
from balanco.national.partition import partition  # noqa: E402

SP = 645
COUNTRY = 5570


def quiet(_line: str) -> None:
    pass


def varredura(tmp: Path, args) -> None:
    d = tmp / "dumps-br"
    towns_transferegov(d, towns=SP, others=COUNTRY - SP, per_town=args.propostas)
    size = sum(p.stat().st_size for p in d.iterdir()) / 1e6
    times = []
    for _ in range(3):
        start = time.perf_counter()
        found = partition(
            d / "siconv_proposta.csv", d / "siconv_convenio.csv", uf="SP", out=tmp / "part"
        )
        times.append(time.perf_counter() - start)
    times.sort()
    print(
        f"varredura + partição (SP entre {COUNTRY} municípios, {size:.1f} MB): "
        f"mediana de 3 = {times[1]:.2f} s; {len(found)} municípios de SP"
    )
    start = time.perf_counter()
    found = partition(
        d / "siconv_proposta.csv", d / "siconv_convenio.csv", uf="BR", out=tmp / "part-br"
    )
    print(
        f"varredura + partição do país todo (BR): {time.perf_counter() - start:.2f} s; "
        f"{len(found)} municípios"
    )


def _one_town(out: str, town, sources: dict, pdf: bool) -> dict:
    """In a process of its own: one town by the local path (no Dask), as
    ``balanco nacional`` builds it without a cluster; its record."""
    from balanco.national import known_municipalities
    from balanco.national.grid import Grid, run

    global _GRID
    if _GRID is None or str(_GRID.out) != out:
        _GRID = Grid(
            out=Path(out),
            year=2024,
            base=load_municipio(ROOT),
            known=known_municipalities(ROOT),
            pdf=pdf,
            force=True,
        )
    (record,) = run(_GRID, [town], sources, progress=quiet)
    return record


_GRID = None


def razao(tmp: Path, args) -> None:
    """Three sides on the same towns, in interleaved rounds (the order rotates) on
    processes kept up between them: a neighbour's load on a shared machine falls on
    every side, and the medians of the rounds' ratios, with their spread, are
    reported.

    - local: ``balanco nacional`` without a cluster (one process, no Dask);
    - grid: a 2-worker LocalCluster started as ``balanco nacional --workers 2``
      starts it (:func:`balanco.national.grid.client_for`);
    - two processes: the local path in a pool of 2 processes of its own, one task
      per town taken by whichever is free (as the scheduler hands them out), no
      Dask — the same parallelism as the grid: grid / two processes is what Dask
      costs; two processes / local is what the machine gives a second process
      (2 cores, shared caches, the OS).

    Every side is timed over the same span (the towns' builds and the index). The
    grid side connects a client to the kept-up cluster each round (the
    ``--cluster`` path, ~0,1 s), not the seconds a LocalCluster takes to start."""
    import statistics
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from balanco.national import DUMPS
    from balanco.national.grid import Grid, client_for

    n = args.municipios
    d = tmp / "dumps"
    towns_transferegov(d, towns=n, per_town=args.propostas)
    base = load_municipio(ROOT)
    kw = dict(uf="SP", year=2024, dumps=d, pdf=args.pdf, progress=quiet)
    sources = {"proposta": str(d / DUMPS[0]), "convenio": str(d / DUMPS[1])}
    rounds: list[dict[str, float]] = []
    per_task: list[float] = []
    scan: list[float] = []
    # "Two processes": a pool of 2, kept up like the cluster.
    pool = ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn"))  # no fork:
    # this process runs Dask's threads
    client, cluster = client_for(
        Grid(out=tmp, year=2024, base=base, workers=2, pdf=args.pdf), progress=quiet
    )
    try:
        address = cluster.scheduler_address

        def two(out: Path) -> float:
            # Timed as the other two sides (edition's grid_seconds): the towns'
            # builds and the index, the scan and partition before it left out.
            towns = partition(d / DUMPS[0], d / DUMPS[1], uf="SP", out=out)
            start = time.perf_counter()
            # One task per town, taken by whichever process is free, as the
            # scheduler hands them to the workers.
            jobs = [pool.submit(_one_town, str(out), t, sources, args.pdf) for t in towns]
            records = [j.result() for j in jobs]
            index.write(out, records, year=2024, uf="SP")
            return time.perf_counter() - start

        # Warm-up of every side (imports, fonts, templates), on folders of their own.
        edition(base, out=tmp / "aquecimento", **kw)
        edition(base, out=tmp / "aquecimento-grade", cluster=address, **kw)
        two(tmp / "aquecimento-dois")
        for r in range(args.rodadas):
            # Every round builds every town again (new folders: nothing is up to date).
            sides = {
                "local": lambda r=r: edition(base, out=tmp / f"local-{r}", **kw),
                "grade": lambda r=r: edition(base, out=tmp / f"grade-{r}", cluster=address, **kw),
                "dois": lambda r=r: two(tmp / f"dois-{r}"),
            }
            names = list(sides)
            names = names[r % 3 :] + names[: r % 3]
            took: dict[str, float] = {}
            for name in names:
                got = sides[name]()
                if name == "dois":
                    took[name] = got
                else:
                    took[name] = got.grid_seconds
                    if name == "local":
                        per_task.append(sum(x["segundos"] for x in got.records) / n)
                        scan.append(got.scan_seconds)
            rounds.append(took)
            print(
                f"  rodada {r + 1}/{args.rodadas} ({' → '.join(names)}): "
                f"local {took['local']:.1f} s, dois processos {took['dois']:.1f} s, "
                f"grade {took['grade']:.1f} s; grade / dois processos = "
                f"{took['dois'] / took['grade']:.2f}; vazão por worker / local = "
                f"{took['local'] / took['grade'] / 2:.2f}",
                flush=True,
            )
    finally:
        client.close()
        cluster.close()
        pool.shutdown()

    def med(key: str) -> float:
        return statistics.median(x[key] for x in rounds)

    def spread(values: list[float]) -> str:
        v = sorted(values)
        return f"mediana {statistics.median(v):.2f} (mín. {v[0]:.2f}, máx. {v[-1]:.2f})"

    lt, tt, gt = med("local"), med("dois"), med("grade")
    what = "com PDF" if args.pdf else "sem PDF (HTML, dados abertos)"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{n} municípios {what}, {len(rounds)} rodadas intercaladas, máquina com "
        f"{os.cpu_count()} núcleos (carga no fim {load}):"
    )
    print(f"  local (um processo, sem Dask), mediana:  {lt:7.1f} s  ({n / lt:5.2f} municípios/s)")
    print(f"  local em 2 processos, sem Dask, mediana: {tt:7.1f} s  ({n / tt:5.2f} municípios/s)")
    print(f"  LocalCluster de 2 workers, mediana:      {gt:7.1f} s  ({n / gt:5.2f} municípios/s)")
    print(
        "  custo do Dask — vazão da grade / vazão do caminho local com o mesmo paralelismo "
        f"(2 processos): {spread([x['dois'] / x['grade'] for x in rounds])}; meta >= 0,9"
    )
    print(
        "  vazão por worker / vazão local de um processo: "
        f"{spread([x['local'] / x['grade'] / 2 for x in rounds])}; sem Dask, 2 processos "
        f"/ um processo: {spread([x['local'] / x['dois'] / 2 for x in rounds])} (o que a "
        "máquina dá a um segundo processo)"
    )
    print(
        f"  custo por tarefa (local, mediana das rodadas): {statistics.median(per_task):.3f} s; "
        f"varredura+partição {statistics.median(scan):.2f} s"
    )


def soak(tmp: Path, args) -> None:
    from contextlib import nullcontext

    import psutil
    from distributed import Client, LocalCluster

    from balanco.national.grid import worker_environment

    n = args.municipios
    d = tmp / "dumps"
    towns_transferegov(d, towns=n, per_town=args.propostas)
    base = load_municipio(ROOT)

    def rss() -> float:
        return psutil.Process().memory_info().rss / 1e6

    # As balanco nacional starts its LocalCluster (--perfilador: Dask's defaults).
    env = nullcontext() if args.perfilador else worker_environment()
    with env:
        cluster = LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        )
    with cluster, Client(cluster) as client:
        first = d.parent / "um"
        towns_transferegov(first, towns=1, per_town=args.propostas, seed=2)
        edition(
            base,
            uf="SP",
            year=2024,
            dumps=first,
            out=tmp / "um-out",
            cluster=cluster.scheduler_address,
            pdf=args.pdf,
            progress=quiet,
        )
        start_mb = next(iter(client.run(rss).values()))
        marks = []

        def every_50(line: str) -> None:
            if not line.startswith("["):
                return
            k = int(line[1 : line.index("/")])
            if k % 50 == 0:
                marks.append((k, next(iter(client.run(rss).values()))))

        edition(
            base,
            uf="SP",
            year=2024,
            dumps=d,
            out=tmp / "soak",
            cluster=cluster.scheduler_address,
            pdf=args.pdf,
            progress=every_50,
        )
        end_mb = next(iter(client.run(rss).values()))
        client.close()
    prof = "ligado" if args.perfilador else "desligado, como em balanco nacional"
    print(
        f"soak: {n} municípios num worker ({'com' if args.pdf else 'sem'} PDF; "
        f"perfilador do Dask {prof})"
    )
    print(
        f"  memória residente do worker: início {start_mb:.0f} MB, fim {end_mb:.0f} MB "
        f"(+{end_mb - start_mb:.0f} MB)"
    )
    print("  a cada 50: " + ", ".join(f"{k}: {mb:.0f} MB" for k, mb in marks))
    print("  kernel: nenhum (a edição nacional monta o notebook sem executar código)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("medidas", nargs="*", default=["varredura", "razao", "soak"])
    p.add_argument("--municipios", type=int, default=None)
    p.add_argument("--propostas", type=int, default=6, help="propostas por município")
    p.add_argument("--pdf", action="store_true")
    p.add_argument(
        "--rodadas",
        type=int,
        default=5,
        help="rodadas intercaladas local / 2 processos / grade (razao)",
    )
    p.add_argument(
        "--perfilador",
        action="store_true",
        help="soak com o perfilador estatístico do Dask ligado (o padrão do Dask)",
    )
    args = p.parse_args()
    for what in args.medidas:
        with tempfile.TemporaryDirectory() as tmp:
            a = argparse.Namespace(**vars(args))
            if a.municipios is None:
                a.municipios = {"razao": 60, "soak": 300}.get(what, SP)
            {"varredura": varredura, "razao": razao, "soak": soak}[what](Path(tmp), a)


if __name__ == "__main__":
    main()
