"""The build: prepare what changed, plan, stage, execute and export the
notebooks ``jobs`` at a time across all years, swap each finished year in.

Speed: worker processes are forked after the heavy imports, and each keeps one
Jupyter kernel for all the notebooks it runs (:class:`.execute.Kernel`), so
kernel start-up and library imports are paid once per worker rather than once
per notebook. ``--jobs 1`` goes through the same loop with an in-process
executor (:class:`.workers.InlineExecutor`).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack, nullcontext
from datetime import datetime
from pathlib import Path

from .. import __version__, files, formatting
from ..errors import EXIT_BAD_INPUT, EXIT_FAILED
from ..fingerprint import file_hash, locked, processed_is_current
from ..open_data.origin import processed_digest
from ..settings import Settings
from . import notebooks, plan
from .execute import (
    BUSY,
    STOP,
    Cancelled,
    ReportError,
    execute,
    shutdown_kernel,
    warm_imports,
    worker_init,
)
from .export import export, export_html
from .plan import (
    BUILT_FROM,
    Built,
    YearOutcome,
    _rel,
    inputs,
    only_the_link_changed,
    parameters,
    pdf_name,
    read_record,
    up_to_date,
    write_record,
)
from .staging import (
    disk_full,
    disk_full_fault,
    lock_path,
    outputs_of_others,
    remove_leftovers,
    stage,
    staging_path,
    swap_in,
)
from .workers import (
    InlineExecutor,
    sigterm_interrupts,
    started_workers,
    stop_workers,
    worker_context,
)


def build_one(
    settings: Settings, name: str, year: int, wanted: dict[str, str], out: Path | None = None
) -> Built:
    """Execute and export one notebook of one year into ``out`` (default: the
    year's reports folder; ``build`` passes the year's staging folder). A failed
    notebook is kept in the year's real ``notebooks/`` folder, where the message
    says it is."""
    if STOP.is_set():
        raise Cancelled(name)
    start = time.perf_counter()
    final = settings.reports_path(year)
    out = final if out is None else out
    BUSY.set()
    try:
        executed = execute(
            settings,
            name,
            year,
            out_dir=out / "notebooks",
            failed_dir=final / "notebooks",
            source=notebooks.source(settings, name),
        )
        pdf = export(settings, executed, out / pdf_name(name, year))
        export_html(settings, executed, pdf, year)
    finally:
        BUSY.clear()
    return Built(year, name, pdf, time.perf_counter() - start, wanted)


def build(
    settings: Settings,
    years: Iterable[int],
    *,
    names: tuple[str, ...] | None = None,
    jobs: int | None = None,
    force: bool = False,
    strict: bool = False,
    progress: Callable[[str], None] = print,
) -> list[YearOutcome]:
    """Build the PDFs of ``years``: prepare what changed, then run the notebooks
    whose inputs changed, ``jobs`` at a time across all years. Each year is built
    in a staging folder and replaces ``reports/<ano>`` whole, or not at all. A
    year's failure neither stops nor corrupts the others. Ctrl-C or SIGTERM stop
    everything and raise KeyboardInterrupt, leaving previous outputs intact. A year
    whose data fail a blocking check (or, with ``strict``, has warnings) fails
    before any notebook runs."""
    years = sorted(set(years))
    names = plan.notebook_names(settings) if names is None else tuple(names)
    outcomes = {y: YearOutcome(y) for y in years}
    # A year without data creates nothing (no reports/<ano>, no lock).
    for y in years:
        if not settings.raw_dir(y).is_dir():
            o = outcomes[y]
            o.status, o.exit_code = "falhou", EXIT_BAD_INPUT
            o.summary = (
                f"não há dados de {y}: a pasta {_rel(settings, settings.raw_dir(y))} não existe"
            )
            o.errors.append(
                f"Não há dados de {y}: a pasta {_rel(settings, settings.raw_dir(y))} não existe. "
                f"Coloque nela as exportações do ano (veja data/raw/README.md)."
            )
    with ExitStack() as stack:
        stack.enter_context(sigterm_interrupts())
        # Data to prepare means notebooks to run (their inputs include the raw files):
        # the workers start their kernels while this process prepares the data.
        # One run hashes each raw file once: the same memo for all three stages.
        hashes: dict[Path, str] = {}
        alive = [y for y in years if outcomes[y].status != "falhou"]
        width = max(1, min(jobs or os.cpu_count() or 1, len(names) * len(alive)))
        pool = None
        if width > 1 and alive and (force or not _data_current(settings, alive, hashes)):
            pool = stack.enter_context(started_workers(settings, width))
        _data_stage(
            settings, years, outcomes, force=force, strict=strict, progress=progress, hashes=hashes
        )
        for y in years:
            if outcomes[y].status == "falhou":
                continue
            stack.enter_context(
                locked(
                    lock_path(settings, y),
                    on_wait=lambda y=y: progress(
                        f"{y}: outra execução está gerando este ano; aguardando…"
                    ),
                )
            )
            remove_leftovers(settings, y)
        files.remove_dead_scratch()
        return _build_locked(
            settings,
            years,
            outcomes,
            names=names,
            jobs=jobs,
            force=force,
            strict=strict,
            progress=progress,
            pool=pool,
            hashes=hashes,
        )


def _data_current(settings: Settings, years: list[int], hashes: dict[Path, str]) -> bool:
    """True when no year (nor the year before it) has data to prepare."""
    return all(
        processed_is_current(settings, y, hashes)
        for y in sorted({*years, *(y - 1 for y in years)})
        if settings.raw_dir(y).is_dir()
    )


def _data_stage(
    settings: Settings,
    years: list[int],
    outcomes: dict[int, YearOutcome],
    *,
    force: bool,
    strict: bool,
    progress: Callable[[str], None],
    hashes: dict[Path, str] | None = None,
) -> None:
    """Prepare each year (and the year before it, which the comparison reads)
    before any report lock is taken: a year whose data fail a blocking check,
    or whose warnings fail --rigoroso, leaves nothing in reports/."""
    from .. import checks, release_check
    from ..errors import BadInput

    hashes = {} if hashes is None else hashes
    # 1. Data: each year, and the year before it (the comparison reads it).
    alive = [y for y in years if outcomes[y].status != "falhou"]
    for y in sorted({*alive, *(y - 1 for y in alive)}):
        if not settings.raw_dir(y).is_dir() or (y in outcomes and outcomes[y].status == "falhou"):
            continue
        if not force and processed_is_current(settings, y, hashes):
            continue
        try:
            from ..pipeline import prepare

            progress(f"{y}: preparando os dados…")
            prepare(settings, y)
        except BadInput as exc:
            if y in outcomes:
                n = len(exc.problems)
                first = " ".join(exc.problems[0].render().split())
                outcomes[y].summary = f"dados com problemas ({n}): {first}"
                outcomes[y].errors.append(exc.render())
                outcomes[y].status = "falhou"
                outcomes[y].exit_code = EXIT_BAD_INPUT
            # A broken previous year only removes the comparison.
        hashes.clear()
    # Warnings of the checks and the release's comparison travel with the outcome;
    # --rigoroso makes either a failure (both reported at once).
    for y in years:
        if outcomes[y].status == "falhou":
            continue
        outcomes[y].alerts = checks.stored_warnings(settings, y)
        # The published release, compared with the processed figures (its own file
        # may change without the data: compared on every run).
        outcomes[y].release = _release_divergences(settings, y, outcomes[y])
        if not strict or outcomes[y].status == "falhou":
            continue
        reasons = []
        if outcomes[y].alerts:
            first = outcomes[y].alerts[0].mensagem
            reasons.append(f"alertas com --rigoroso ({len(outcomes[y].alerts)}): {first}")
            outcomes[y].errors.append(
                "\n".join(f"{a.mensagem} [{a.code}]" for a in outcomes[y].alerts)
            )
        if outcomes[y].release is not None:
            reasons.append(f"com --rigoroso, {outcomes[y].release.describe()}")
            outcomes[y].errors.append(release_check.ReleaseDiffers(outcomes[y].release).render())
        if reasons:
            outcomes[y].summary = "; ".join(reasons)
            outcomes[y].status = "falhou"
            outcomes[y].exit_code = EXIT_BAD_INPUT


def _release_divergences(settings: Settings, year: int, outcome: plan.YearOutcome):
    """The year's published figures that differ from its processed ones, or None
    (also when the year has no processed data or no published figures). A broken
    published file fails the year, with its message."""
    from .. import release_check
    from ..errors import BadInput, os_fault

    try:
        indicators = release_check.stored_indicators(settings, year)
    except (OSError, ValueError, KeyError):
        return None  # no processed data: the build reports that itself
    try:
        return release_check.divergences(settings, year, indicators)
    except OSError as exc:  # a folder in its place, no permission: the machine's
        path = settings.published_file(year)
        raise os_fault(exc, path=path, doing="ler os números publicados") from exc
    except BadInput as exc:
        first = " ".join(exc.problems[0].render().split())
        outcome.summary = f"números publicados com problemas: {first}"
        outcome.errors.append(exc.render())
        outcome.status = "falhou"
        outcome.exit_code = EXIT_BAD_INPUT
        return None


def _build_locked(
    settings: Settings,
    years: list[int],
    outcomes: dict[int, YearOutcome],
    *,
    names: tuple[str, ...],
    jobs: int | None,
    force: bool,
    strict: bool,
    progress: Callable[[str], None],
    pool: Executor | None = None,
    hashes: dict[Path, str] | None = None,
) -> list[YearOutcome]:
    hashes = {} if hashes is None else hashes
    # 2. Plan (a department without notebooks/<nome>.ipynb gets a generated one).
    if any(o.status != "falhou" for o in outcomes.values()):
        notebooks.write_generated(settings, names)
    tasks: list[tuple[int, str, dict[str, str]]] = []
    relinks: list[tuple[int, str, dict[str, str]]] = []  # the HTML alone, again
    # The year's folder holds the outputs of this run's notebooks only: those of a
    # department switched off since are left out of the staged year and its record.
    this_run = tuple(dict.fromkeys((*plan.notebook_names(settings), *names)))
    records = {y: read_record(settings, y) for y in years}
    others = {
        y
        for y in years
        if outcomes[y].status != "falhou"
        and (
            set(records[y].get("notebooks", {})) - set(this_run)
            or outputs_of_others(settings.reports_path(y), y, this_run)
        )
    }
    for y in others:
        entries = records[y].get("notebooks", {})
        records[y]["notebooks"] = {n: e for n, e in entries.items() if n in this_run}
    for y in years:
        if outcomes[y].status == "falhou":
            continue
        for name in names:
            current = inputs(settings, y, name, hashes, source=notebooks.source(settings, name))
            if not force and up_to_date(settings, y, name, current, records[y]):
                outcomes[y].skipped.append(name)
            elif not force and only_the_link_changed(settings, y, name, current, records[y]):
                relinks.append((y, name, current))
            else:
                tasks.append((y, name, current))
    if not tasks and not others and not relinks:
        for o in outcomes.values():
            if o.status != "falhou":
                o.status = "sem mudanças"
        return [outcomes[y] for y in years]
    # 3. Stage: every year with work is built in its own staging folder.
    staged: dict[int, Path] = {}
    working = sorted({t[0] for t in tasks} | others | {r[0] for r in relinks})
    try:
        for y in working:
            staged[y] = stage(settings, y, keep=this_run)
            if y in others and records[y]:
                write_record(settings, y, records[y], out=staged[y])
        for y, name, current in relinks:
            _relink(settings, y, name, current, records[y], staged[y], outcomes[y], progress)
        with files.scratch():
            if tasks:
                _run(
                    settings,
                    tasks,
                    outcomes,
                    records,
                    staged,
                    names=names,
                    jobs=jobs,
                    progress=progress,
                    pool=pool,
                )
        # 4. Swap: a year whose notebooks all succeeded replaces its folder whole.
        for y, staging in staged.items():
            if outcomes[y].status == "ok":
                swap_in(staging, settings.reports_path(y))
    except OSError as exc:
        if not disk_full(exc):
            raise
        # A full disk fails every year alike: the whole build stops, and what it
        # wrote goes at once, to give the space back.
        for y in working:
            shutil.rmtree(staging_path(settings, y), ignore_errors=True)
        raise disk_full_fault(settings, working, exc) from None
    finally:
        # staging_path, not staged: a folder whose copy failed half-way goes too.
        for y in working:
            shutil.rmtree(staging_path(settings, y), ignore_errors=True)
    for o in outcomes.values():
        if o.status == "ok" and not o.built and not o.relinked:
            o.status = "sem mudanças"
    return [outcomes[y] for y in years]


def _relink(
    settings: Settings,
    year: int,
    name: str,
    current: dict[str, str],
    record: dict,
    staging: Path,
    outcome: YearOutcome,
    progress: Callable[[str], None],
) -> None:
    """Export a notebook's HTML again from its kept executed notebook, in the
    year's staging folder: only its link to the open data changed, and neither the
    notebook nor its PDF needs to run again (a fraction of a second, not seconds)."""
    pdf = staging / pdf_name(name, year)
    export_html(settings, staging / "notebooks" / f"{name}.ipynb", pdf, year)
    entry = record["notebooks"][name]
    entry["entradas"] = current
    entry[BUILT_FROM] = processed_digest(settings.processed_dir(year))
    write_record(settings, year, record, out=staging)
    outcome.relinked.append(name)
    progress(f"{pdf.with_suffix('.html').name}: só o link dos dados abertos mudou; HTML refeito")


def _run(
    settings: Settings,
    tasks: list[tuple[int, str, dict[str, str]]],
    outcomes: dict[int, YearOutcome],
    records: dict[int, dict],
    staged: dict[int, Path],
    *,
    names: tuple[str, ...],
    jobs: int | None,
    progress: Callable[[str], None],
    pool: Executor | None = None,
) -> None:
    """Run the tasks into the staging folders, recording each result there, in
    ``pool`` (workers already started, see :func:`started_workers`) or in a pool
    of ``jobs`` made here."""
    # The consolidated balances (the longest) first, years interleaved, so the cores stay
    # busy to the end.
    tasks.sort(key=lambda t: (names.index(t[1]), t[0]))
    total = len(tasks)
    jobs = max(1, min(jobs or os.cpu_count() or 1, total))
    progress(f"{total} {'notebook' if total == 1 else 'notebooks'} a executar, {jobs} por vez…")

    def finished(y: int, name: str, result: Built | None, error: str | None, done: int) -> None:
        o = outcomes[y]
        record = records[y]
        entries = record.setdefault("notebooks", {})
        if error is not None:
            o.status = "falhou"
            o.exit_code = EXIT_FAILED
            o.errors.append(error)
            entries.pop(name, None)
            progress(f"[{done}/{total}] {y} {name}: FALHOU")
            return  # the staged year is discarded: nothing to record
        assert result is not None
        o.built.append(name)
        entries[name] = {
            "pdf": result.pdf.name,
            "sha256_pdf": file_hash(result.pdf),
            "construido_em": datetime.now().isoformat(timespec="seconds"),
            "segundos": round(result.seconds, 1),
            "entradas": result.inputs,
            # What exportar compares its open data with (publish.reports_behind).
            BUILT_FROM: processed_digest(settings.processed_dir(y)),
        }
        took = formatting.seconds(result.seconds)
        progress(f"[{done}/{total}] {result.pdf.name} pronto ({took})")
        record.update(
            {
                "ano": y,
                "versao_balanco": __version__,
                "parametros": parameters(settings, y),
                "atualizado_em": datetime.now().isoformat(timespec="seconds"),
            }
        )
        write_record(settings, y, record, out=staged[y])

    # One path for any --jobs: jobs == 1 runs in this process, in order; more run in
    # worker processes. A failing notebook stops the rest of its year (not the others).
    if pool is not None:
        owned: Executor | nullcontext = nullcontext(pool)  # its owner shuts it down
    elif jobs == 1:
        pool = owned = InlineExecutor()
    else:
        warm_imports()
        pool = owned = ProcessPoolExecutor(
            max_workers=jobs, initializer=worker_init, mp_context=worker_context()
        )
    with owned:
        try:
            pending: dict[Future, tuple[int, str]] = {
                pool.submit(build_one, settings, name, y, current, staged[y]): (y, name)
                for y, name, current in tasks
            }
            done = 0
            while pending:
                ready = pool.next_done(pending) if isinstance(pool, InlineExecutor) else None
                if ready is None:
                    ready, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in ready:
                    y, name = pending.pop(fut)
                    done += 1
                    if fut.cancelled():
                        outcomes[y].cancelled.append(name)
                        continue
                    try:
                        finished(y, name, fut.result(), None, done)
                    except ReportError as exc:
                        finished(y, name, None, str(exc), done)
                    except (Cancelled, KeyboardInterrupt):
                        raise KeyboardInterrupt from None  # a worker was interrupted
                    except Exception as exc:  # noqa: BLE001 - a worker bug fails one task
                        if disk_full(exc):
                            raise  # the machine, not this notebook: stops the build
                        finished(y, name, None, f"{name}: erro inesperado: {exc!r}", done)
                    if outcomes[y].status == "falhou":
                        for other, (oy, _n) in pending.items():
                            if oy == y:
                                other.cancel()
        except BaseException:
            if isinstance(pool, ProcessPoolExecutor):
                stop_workers(pool)
            raise
        finally:
            if isinstance(pool, InlineExecutor):
                shutdown_kernel()
