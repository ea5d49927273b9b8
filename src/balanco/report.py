"""papermill runs and nbconvert export: notebooks -> executed notebooks -> PDFs,
for one year or many, incrementally and in parallel.

Outputs of a year live in ``reports/<ano>/``: the PDFs; the executed notebooks
under ``notebooks/`` (with their kernel logs) for audit; and
``construcao.json``, the human-readable record of what each PDF was built from.

A year is replaced whole or not at all: its notebooks and PDFs are built in a
staging folder, ``reports/.<ano>.staging-<pid>``, which starts as a copy of the
current year (so unchanged PDFs carry over) and replaces ``reports/<ano>`` only
when every notebook of the year succeeded. A failure or an interrupt discards
the staging folder and leaves every previous file byte-identical; a failed
notebook is kept as ``reports/<ano>/notebooks/<nome>.erro.ipynb``. A lock per
year (``reports/.<ano>.lock``) keeps two runs of the same year from
interleaving, and the next run removes what a killed one left behind.

Speed: worker processes are forked after the heavy imports, and each keeps one
Jupyter kernel for all the notebooks it runs (its namespace is reset between
notebooks), so kernel start-up and library imports are paid once per worker
rather than once per notebook.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import __version__, files, formatting
from .config import Settings
from .errors import EXIT_BAD_INPUT, EXIT_FAILED
from .fingerprint import cached_hash as _hash
from .fingerprint import code_hash, file_hash, locked, processed_is_current

# jsonschema builds an RFC 3987 grammar at import when rfc3987-syntax is
# installed (jupyterlab pulls it in), costing ~2 s per process; nbformat never
# validates IRIs, and jsonschema skips that checker when the import fails.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

#: Notebooks of the balance, in the order they are listed. The consolidated
#: balance reads every department; each other notebook reads its own.
NOTEBOOKS = ("balanco", "convenios", "procon", "comunicacao", "cpd")
CONSOLIDATED = "balanco"
#: nbconvert settings for the PDF (shared with the README's plain route).
NBCONVERT_CONFIG = "nbconvert_config.json"
RECORD = "construcao.json"
#: Raw files every notebook depends on, whatever its department.
SHARED_RAW = ("destaques.toml", "manifest.toml", "aceites.toml")


class ReportError(Exception):
    """A notebook or export failed; the message is for the analyst (Portuguese)."""


class Cancelled(Exception):
    """A queued notebook was not run because the build is being interrupted."""


@dataclass(frozen=True)
class Built:
    year: int
    name: str
    pdf: Path
    seconds: float
    inputs: dict[str, str]


@dataclass
class YearOutcome:
    year: int
    status: str = "ok"  # "ok", "sem mudanças" or "falhou"
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    summary: str = ""
    #: Exit code this year asks for (``errors.EXIT_*``): 0 when it did not fail.
    exit_code: int = 0
    #: Unaccepted warnings of the year's checks (``checks.Finding``).
    alerts: list = field(default_factory=list)

    @property
    def reason(self) -> str:
        """One line saying why the year failed."""
        if self.summary:
            return self.summary
        return self.errors[0].splitlines()[0] if self.errors else ""


def pdf_name(name: str, year: int) -> str:
    return f"{name}-{year}.pdf"


def parameters(settings: Settings, year: int) -> dict[str, object]:
    return {
        "year": year,
        "municipio": settings.slug,
        "data_dir": settings.data_dir,
        "reports_dir": settings.reports_dir,
    }


# =========================================================================== inputs


def _rel(settings: Settings, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(settings.root.resolve()))
    except ValueError:
        return str(path)


def raw_files(settings: Settings, year: int) -> dict[str, Path]:
    folder = settings.raw_dir(year)
    if not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file()}


def _departments_of(settings: Settings, year: int) -> dict[str, str]:
    """raw file name -> department, as recorded when the year was prepared."""
    path = settings.processed_dir(year) / "indicadores.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return {s["arquivo"]: s["departamento"] for s in payload.get("fontes", [])}


def inputs(settings: Settings, year: int, name: str, hashes: dict[Path, str]) -> dict[str, str]:
    """Everything a notebook's PDF depends on, with hashes: the notebook, the
    template, the package, the parameters, and the raw files it reads — of its
    year and of the year before (for the comparison)."""
    files: list[Path] = [settings.notebooks_dir / f"{name}.ipynb"]
    files += sorted(p for p in settings.templates_dir.rglob("*") if p.is_file())
    if name == CONSOLIDATED:
        files += [
            settings.published_file(year),
            settings.published_file(year).parent / f"{year}_release.txt",
            settings.root / "docs" / "metodologia.md",
        ]
    for y in (year, year - 1):
        owners = _departments_of(settings, y)
        for fname, path in raw_files(settings, y).items():
            owner = owners.get(fname)
            # Unknown files count for everyone (conservative).
            if name == CONSOLIDATED or fname in SHARED_RAW or owner in (None, name):
                files.append(path)
    out = {_rel(settings, p): _hash(hashes, p) for p in files if p.exists()}
    out["pacote"] = f"{__version__} {code_hash()}"
    out["parametros"] = json.dumps(parameters(settings, year), sort_keys=True, ensure_ascii=False)
    out["municipio"] = settings.config_hash  # the municipality file's SHA-256
    return out


def read_record(settings: Settings, year: int) -> dict:
    path = settings.reports_path(year) / RECORD
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def write_record(settings: Settings, year: int, record: dict, *, out: Path | None = None) -> None:
    """Write ``construcao.json`` into ``out`` (default: the year's reports folder)."""
    out = settings.reports_path(year) if out is None else out
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    files.atomic_write(out / RECORD, text)


def up_to_date(
    settings: Settings, year: int, name: str, current: dict[str, str], record: dict
) -> bool:
    entry = record.get("notebooks", {}).get(name)
    if not entry or entry.get("entradas") != current:
        return False
    pdf = settings.reports_path(year) / pdf_name(name, year)
    return pdf.exists() and file_hash(pdf) == entry.get("sha256_pdf")


# =========================================================================== one notebook

_KERNEL = None  # this process's reusable kernel manager
_KERNEL_USED = False


def _kernel():
    global _KERNEL
    if _KERNEL is None:
        from jupyter_client.manager import AsyncKernelManager

        # The connection file goes to this process's scratch folder (files.scratch), where
        # the next run finds and removes it if this process is killed.
        _KERNEL = AsyncKernelManager(
            kernel_name="python3",
            connection_file=os.path.join(tempfile.gettempdir(), f"kernel-{uuid.uuid4()}.json"),
        )
    return _KERNEL


def shutdown_kernel() -> None:
    """Stop this process's kernel, if it started one."""
    global _KERNEL, _KERNEL_USED
    if _KERNEL is not None and _KERNEL.has_kernel:
        from jupyter_core.utils import run_sync

        with suppress(Exception):  # best effort at exit
            run_sync(_KERNEL.shutdown_kernel)(now=True)
    _KERNEL, _KERNEL_USED = None, False


def _reset_namespace(km) -> None:
    """Forget the previous notebook's variables (modules stay imported)."""
    from jupyter_core.utils import run_sync

    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=60)
        run_sync(kc.execute_interactive)(
            "get_ipython().run_line_magic('reset', '-f')", timeout=60, store_history=False
        )
    finally:
        kc.stop_channels()


@contextmanager
def _stderr_to(path: Path):
    """Send this process's stderr (and so its kernel's) to a log file: the kernel's
    start-up chatter belongs in the audit trail, not on the analyst's terminal."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _code_cell_number(source: Path, index: int) -> int:
    """1-based position among the notebook's own code cells of the cell papermill
    reports at ``index`` (papermill inserts its parameters cell right after the
    cell tagged "parameters")."""
    try:
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
    except (OSError, json.JSONDecodeError, KeyError):
        return index + 1
    tagged = [
        i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if tagged and index > tagged[0]:
        index -= 1
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    return code.index(index) + 1 if index in code else index + 1


def execute(
    settings: Settings, name: str, year: int, *, out_dir: Path, failed_dir: Path | None = None
) -> Path:
    """Run one notebook through papermill in this process's kernel, into
    ``out_dir``. When it fails, the executed notebook is kept for diagnosis as
    ``<failed_dir>/<nome>.erro.ipynb`` (default: ``out_dir``)."""
    global _KERNEL_USED, _KERNEL
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    # A non-inline backend in the environment would drop every inline chart.
    os.environ.pop("MPLBACKEND", None)
    source = settings.notebooks_dir / f"{name}.ipynb"
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"{name}.ipynb"
    failed_dir = out_dir if failed_dir is None else failed_dir
    failed = failed_dir / f"{name}.erro.ipynb"
    tmp = out_dir / f".{name}.tmp-{os.getpid()}.ipynb"

    def keep_failed() -> None:
        # An empty or missing file (full disk) is no diagnosis: leave nothing.
        if tmp.exists() and tmp.stat().st_size > 0:
            failed_dir.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, failed)
        else:
            tmp.unlink(missing_ok=True)

    km = _kernel()
    try:
        with _stderr_to(out_dir / f"{name}.log"):
            if _KERNEL_USED and km.has_kernel:
                _reset_namespace(km)
            _KERNEL_USED = True
            pm.execute_notebook(
                str(source),
                str(tmp),
                parameters=parameters(settings, year),
                cwd=str(settings.root),
                kernel_name="python3",
                km=km,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
            )
    except PapermillExecutionError as exc:
        if (
            _STOP.is_set() or exc.ename == "KeyboardInterrupt"
        ):  # the kernel saw the Ctrl-C: an interrupt, not a failure
            tmp.unlink(missing_ok=True)
            shutdown_kernel()
            raise KeyboardInterrupt from None
        keep_failed()
        first = (exc.source or "").strip().splitlines()[:1]
        number = _code_cell_number(source, exc.cell_index)
        raise ReportError(
            f"O notebook notebooks/{name}.ipynb ({year}) falhou na célula de código nº "
            f"{number} ({first[0] if first else '?'}): {exc.ename}: {exc.evalue}\n"
            f"O notebook executado foi guardado para análise em {_rel(settings, failed)}."
        ) from None
    except BaseException:
        if _STOP.is_set() or not isinstance(sys.exc_info()[1], Exception):
            tmp.unlink(missing_ok=True)  # interrupted: nothing to diagnose
        else:
            keep_failed()
        shutdown_kernel()  # a kernel in an unknown state is not reused
        raise
    _renumber_and_sign(tmp)
    os.replace(tmp, final)
    # An earlier failure's diagnosis goes with the folder this success replaces it in.
    (out_dir / failed.name).unlink(missing_ok=True)
    return final


def _renumber_and_sign(path: Path) -> None:
    """Execution counts from 1 (the worker's kernel is reused, so they would go on
    from the previous notebook), then sign the notebook: JupyterLab trusts it and
    shows its charts (an untrusted notebook shows only their text form)."""
    import nbformat
    from nbformat.sign import NotebookNotary

    nb = nbformat.read(path, as_version=4)
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = count
    NotebookNotary().sign(nb)
    nbformat.write(nb, path)


def exporter(settings: Settings):
    """The PDF exporter configured by ``templates/nbconvert_config.json`` (the same
    file the README's plain ``jupyter nbconvert --config`` route uses)."""
    from nbconvert import PDFExporter
    from traitlets.config import Config

    c = Config(json.loads((settings.templates_dir / NBCONVERT_CONFIG).read_text("utf-8")))
    c.TemplateExporter.extra_template_basedirs = [str(settings.templates_dir)]
    return PDFExporter(config=c, template_name="balanco")


def export(settings: Settings, executed: Path, target: Path) -> Path:
    """Export an executed notebook to ``target`` atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        body, _ = exporter(settings).from_filename(str(executed))
    except Exception as exc:  # nbconvert raises LatexFailed and others
        log = getattr(exc, "output", "") or str(exc)
        tail = "\n".join(str(log).strip().splitlines()[-15:])
        raise ReportError(
            f"A exportação para PDF de {executed.name} falhou; o PDF anterior foi mantido.\n{tail}"
        ) from None
    files.atomic_write(target, body)
    return target


def export_html(settings: Settings, executed: Path, pdf: Path) -> Path:
    """Write the accessible HTML beside ``pdf`` (same name, ``.html``), atomically."""
    from . import export_html as html

    try:
        return html.export(executed, html.html_name(pdf), settings.templates_dir)
    except Exception as exc:  # nbconvert's errors have no common base
        raise ReportError(
            f"A exportação para HTML de {executed.name} falhou; o HTML anterior foi mantido.\n{exc}"
        ) from None


def build_one(
    settings: Settings, name: str, year: int, wanted: dict[str, str], out: Path | None = None
) -> Built:
    """Execute and export one notebook of one year into ``out`` (default: the
    year's reports folder; ``build`` passes the year's staging folder). A failed
    notebook is kept in the year's real ``notebooks/`` folder, where the message
    says it is."""
    if _STOP.is_set():
        raise Cancelled(name)
    start = time.perf_counter()
    final = settings.reports_path(year)
    out = final if out is None else out
    _BUSY.set()
    try:
        executed = execute(
            settings, name, year, out_dir=out / "notebooks", failed_dir=final / "notebooks"
        )
        pdf = export(settings, executed, out / pdf_name(name, year))
        export_html(settings, executed, pdf)
    finally:
        _BUSY.clear()
    return Built(year, name, pdf, time.perf_counter() - start, wanted)


# Interrupts. In a worker, the first SIGINT/SIGTERM stops the notebook being run (as
# KeyboardInterrupt) and makes every later task return at once (Cancelled); a worker
# waiting for work is left to receive the executor's stop sentinel. Later signals only
# confirm the stop: they must not break the kernel's shutdown.
_STOP = threading.Event()
_BUSY = threading.Event()


def _on_worker_signal(signum, frame) -> None:
    first = not _STOP.is_set()
    _STOP.set()
    if first and _BUSY.is_set():
        raise KeyboardInterrupt


def _worker_init() -> None:
    from multiprocessing import util

    _STOP.clear()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _on_worker_signal)
    # This worker's temporary files (LaTeX builds, kernel connection file) in its own
    # recognisable folder, removed at exit (or by the next run if it is killed).
    sc = files.scratch()
    sc.__enter__()
    util.Finalize(None, sc.__exit__, args=(None, None, None), exitpriority=5)
    util.Finalize(None, shutdown_kernel, exitpriority=10)


def warm_imports() -> None:
    """Import what the workers need before forking them, so each does not pay it."""
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401
    from nbconvert import PDFExporter  # noqa: F401


# =========================================================================== many notebooks


def lock_path(settings: Settings, year: int) -> Path:
    """The lock of a year's build: beside ``reports/<ano>`` rather than inside it,
    since the folder itself is swapped."""
    return settings.reports_path(year).parent / f".{year}.lock"


def staging_path(settings: Settings, year: int) -> Path:
    final = settings.reports_path(year)
    return final.parent / f".{year}.staging-{os.getpid()}"


def remove_leftovers(settings: Settings, year: int) -> None:
    """Remove what a killed run of ``year`` left (call with the year's lock held):
    staging folders and temporary files whose process is dead, empty
    ``*.erro.ipynb``; and put back a year caught between the two renames of a swap."""
    final = settings.reports_path(year)
    parent = final.parent
    if not final.exists():
        # Killed between moving the old year aside and moving the new one in.
        for old in sorted(parent.glob(f".{year}.old-*")):
            pid = files.owner_pid(old.name)
            if pid is not None and not files.pid_alive(pid):
                old.rename(final)
                break
    files.remove_dead(parent, f".{year}.staging-*")
    files.remove_dead(parent, f".{year}.old-*")
    for folder in (final, final / "notebooks"):
        files.remove_dead(folder, ".*tmp-*")
        if folder.is_dir():
            for stale in folder.glob(".construcao.*.tmp"):  # mkstemp names of versions <= 0.1
                stale.unlink(missing_ok=True)
    notebooks = final / "notebooks"
    if notebooks.is_dir():
        for erro in notebooks.glob("*.erro.ipynb"):
            if erro.stat().st_size == 0:
                erro.unlink()


def _stage(settings: Settings, year: int) -> Path:
    """A staging folder holding a copy of the year's current outputs (so PDFs that
    need no rebuild carry over), hidden files (locks, temporaries) excepted."""
    final = settings.reports_path(year)
    staging = staging_path(settings, year)
    if staging.exists():
        shutil.rmtree(staging)
    if final.is_dir():
        shutil.copytree(final, staging, ignore=lambda _d, names: [n for n in names if n[0] == "."])
    else:
        staging.mkdir(parents=True)
    return staging


def _swap_in(staging: Path, final: Path) -> None:
    """Replace the folder ``final`` by ``staging``: two renames in the same folder.
    If the second fails, the first is undone; if the process dies between them,
    the next run's :func:`remove_leftovers` puts the old folder back."""
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        os.rename(final, old)
    try:
        os.rename(staging, final)
    except BaseException:
        if old.exists() and not final.exists():
            os.rename(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


@contextmanager
def _sigterm_interrupts():
    """SIGTERM behaves as Ctrl-C (KeyboardInterrupt) while building, so a killed
    run cleans up like an interrupted one. Only the main thread can set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, saved)


def _stop_workers(pool: ProcessPoolExecutor, *, grace: float = 20.0) -> None:
    """Cancel queued work and stop the workers now: each gets SIGTERM (its handler
    stops the running notebook and shuts its kernel down); those still alive after
    ``grace`` seconds are killed."""
    # ProcessPoolExecutor has no public list of its processes; _processes is stable
    # since Python 3.2 (pid -> Process).
    procs = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        with suppress(ProcessLookupError, OSError):
            os.kill(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))
        if p.is_alive():
            p.kill()
            p.join(5)


def build(
    settings: Settings,
    years: Iterable[int],
    *,
    names: tuple[str, ...] = NOTEBOOKS,
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
        stack.enter_context(_sigterm_interrupts())
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
        )


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
) -> list[YearOutcome]:
    from . import checks
    from .errors import BadInput

    hashes: dict[Path, str] = {}
    # 1. Data: each year, and the year before it (the comparison reads it).
    for y in sorted({*years, *(y - 1 for y in years)}):
        if not settings.raw_dir(y).is_dir() or (y in outcomes and outcomes[y].status == "falhou"):
            continue
        if not force and processed_is_current(settings, y, hashes):
            continue
        try:
            from .pipeline import prepare

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
    # Warnings of the checks travel with the outcome; --rigoroso makes them a failure.
    for y in years:
        if outcomes[y].status == "falhou":
            continue
        outcomes[y].alerts = checks.stored_warnings(settings, y)
        if strict and outcomes[y].alerts:
            first = outcomes[y].alerts[0].mensagem
            n = len(outcomes[y].alerts)
            outcomes[y].summary = f"alertas com --rigoroso ({n}): {first}"
            outcomes[y].errors.append(
                "\n".join(f"{a.mensagem} [{a.id}]" for a in outcomes[y].alerts)
            )
            outcomes[y].status = "falhou"
            outcomes[y].exit_code = EXIT_BAD_INPUT
    # 2. Plan.
    tasks: list[tuple[int, str, dict[str, str]]] = []
    records = {y: read_record(settings, y) for y in years}
    for y in years:
        if outcomes[y].status == "falhou":
            continue
        for name in names:
            current = inputs(settings, y, name, hashes)
            if not force and up_to_date(settings, y, name, current, records[y]):
                outcomes[y].skipped.append(name)
            else:
                tasks.append((y, name, current))
    if not tasks:
        for o in outcomes.values():
            if o.status != "falhou":
                o.status = "sem mudanças"
        return [outcomes[y] for y in years]
    # 3. Stage: every year with work is built in its own staging folder.
    staged: dict[int, Path] = {}
    try:
        for y in sorted({t[0] for t in tasks}):
            staged[y] = _stage(settings, y)
        with files.scratch():
            _run(
                settings,
                tasks,
                outcomes,
                records,
                staged,
                names=names,
                jobs=jobs,
                progress=progress,
            )
        # 4. Swap: a year whose notebooks all succeeded replaces its folder whole.
        for y, staging in staged.items():
            if outcomes[y].status == "ok":
                _swap_in(staging, settings.reports_path(y))
    finally:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)
    for o in outcomes.values():
        if o.status == "ok" and not o.built:
            o.status = "sem mudanças"
    return [outcomes[y] for y in years]


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
) -> None:
    """Run the tasks into the staging folders, recording each result there."""
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

    # A failing notebook stops the rest of its year (not the other years).
    if jobs == 1:
        try:
            for done, (y, name, current) in enumerate(tasks, start=1):
                if outcomes[y].status == "falhou":
                    outcomes[y].cancelled.append(name)
                    continue
                try:
                    built = build_one(settings, name, y, current, staged[y])
                except ReportError as exc:
                    finished(y, name, None, str(exc), done)
                else:
                    finished(y, name, built, None, done)
        finally:
            shutdown_kernel()
        return
    warm_imports()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
        try:
            pending: dict[Future, tuple[int, str]] = {
                pool.submit(build_one, settings, name, y, current, staged[y]): (y, name)
                for y, name, current in tasks
            }
            done = 0
            while pending:
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
                        finished(y, name, None, f"{name}: erro inesperado: {exc!r}", done)
                    if outcomes[y].status == "falhou":
                        for other, (oy, _n) in pending.items():
                            if oy == y:
                                other.cancel()
        except BaseException:
            _stop_workers(pool)
            raise
