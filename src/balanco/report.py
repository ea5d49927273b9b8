"""papermill runs and nbconvert export: notebooks -> executed notebooks -> PDFs,
for one year or many, incrementally and in parallel.

Outputs of a year live in ``reports/<ano>/``: the PDFs; the executed notebooks
under ``notebooks/`` (with their kernel logs) for audit; and
``construcao.json``, the human-readable record of what each PDF was built from.
A PDF is written beside its final name and renamed only when complete, so an
earlier good PDF is never replaced by a broken or partial one. A failed
notebook is kept as ``notebooks/<nome>.erro.ipynb``. A lock per year keeps two
runs of the same year from interleaving.

Speed: worker processes are forked after the heavy imports, and each keeps one
Jupyter kernel for all the notebooks it runs (its namespace is reset between
notebooks), so kernel start-up and library imports are paid once per worker
rather than once per notebook.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import __version__, formatting
from .config import Settings
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
    #: Why the year failed, as an exit code of errors.py (0: not set; the CLI
    #: then uses EXIT_FAILED).
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
    return out


def read_record(settings: Settings, year: int) -> dict:
    path = settings.reports_path(year) / RECORD
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def write_record(settings: Settings, year: int, record: dict) -> None:
    out = settings.reports_path(year)
    out.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".construcao.", suffix=".tmp", dir=out)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(record, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    os.replace(tmp, out / RECORD)


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

        _KERNEL = AsyncKernelManager(kernel_name="python3")
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


def execute(settings: Settings, name: str, year: int, *, out_dir: Path) -> Path:
    """Run one notebook through papermill in this process's kernel."""
    global _KERNEL_USED, _KERNEL
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    # A non-inline backend in the environment would drop every inline chart.
    os.environ.pop("MPLBACKEND", None)
    source = settings.notebooks_dir / f"{name}.ipynb"
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"{name}.ipynb"
    failed = out_dir / f"{name}.erro.ipynb"
    tmp = out_dir / f".{name}.{os.getpid()}.ipynb"
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
        os.replace(tmp, failed)
        first = (exc.source or "").strip().splitlines()[:1]
        number = _code_cell_number(source, exc.cell_index)
        raise ReportError(
            f"O notebook notebooks/{name}.ipynb ({year}) falhou na célula de código nº "
            f"{number} ({first[0] if first else '?'}): {exc.ename}: {exc.evalue}\n"
            f"O notebook executado foi guardado para análise em {_rel(settings, failed)}."
        ) from None
    except BaseException:
        if tmp.exists():
            os.replace(tmp, failed)
        shutdown_kernel()  # a kernel in an unknown state is not reused
        raise
    os.replace(tmp, final)
    failed.unlink(missing_ok=True)
    return final


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
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".pdf.tmp", dir=target.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(body)
    os.replace(tmp, target)
    return target


def build_one(settings: Settings, name: str, year: int, wanted: dict[str, str]) -> Built:
    """Execute and export one notebook of one year."""
    start = time.perf_counter()
    out = settings.reports_path(year)
    executed = execute(settings, name, year, out_dir=out / "notebooks")
    pdf = export(settings, executed, out / pdf_name(name, year))
    return Built(year, name, pdf, time.perf_counter() - start, wanted)


def _worker_init() -> None:
    from multiprocessing import util

    util.Finalize(None, shutdown_kernel, exitpriority=10)


def warm_imports() -> None:
    """Import what the workers need before forking them, so each does not pay it."""
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401
    from nbconvert import PDFExporter  # noqa: F401


# =========================================================================== many notebooks


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
    whose inputs changed, ``jobs`` at a time across all years. A year's failure
    neither stops nor corrupts the others. A year whose data fail a blocking
    check (or, with ``strict``, has warnings) fails before any notebook runs
    and leaves no ``reports/<ano>/`` behind."""
    try:
        return _build(
            settings, years, names=names, jobs=jobs, force=force, strict=strict, progress=progress
        )
    finally:
        for y in set(years):
            _remove_if_only_lock(settings.reports_path(y))


def _remove_if_only_lock(folder: Path) -> None:
    """A year that failed before producing anything leaves no folder behind."""
    with suppress(OSError):
        if [p.name for p in folder.iterdir()] == [".lock"]:
            (folder / ".lock").unlink()
            folder.rmdir()


def _build(
    settings: Settings,
    years: Iterable[int],
    *,
    names: tuple[str, ...],
    jobs: int | None,
    force: bool,
    strict: bool,
    progress: Callable[[str], None],
) -> list[YearOutcome]:
    from . import checks
    from .errors import EXIT_BAD_INPUT, BadInput

    years = sorted(set(years))
    outcomes = {y: YearOutcome(y) for y in years}
    hashes: dict[Path, str] = {}
    with ExitStack() as stack:
        for y in years:
            lock = settings.reports_path(y) / ".lock"
            stack.enter_context(
                locked(
                    lock,
                    on_wait=lambda y=y: progress(
                        f"{y}: outra execução está gerando este ano; aguardando…"
                    ),
                )
            )
        # 1. Data: each year, and the year before it (the comparison reads it).
        for y in sorted({*years, *(y - 1 for y in years)}):
            if y not in outcomes and not settings.raw_dir(y).is_dir():
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
        # 3. Run: the consolidated balances (the longest) first, years interleaved, so the
        # cores stay busy to the end.
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
                o.errors.append(error)
                entries.pop(name, None)
                progress(f"[{done}/{total}] {y} {name}: FALHOU")
            else:
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
            write_record(settings, y, record)

        # A failing notebook stops the rest of its year (not the other years).
        if jobs == 1:
            try:
                for done, (y, name, current) in enumerate(tasks, start=1):
                    if outcomes[y].status == "falhou":
                        outcomes[y].cancelled.append(name)
                        continue
                    try:
                        finished(y, name, build_one(settings, name, y, current), None, done)
                    except ReportError as exc:
                        finished(y, name, None, str(exc), done)
            finally:
                shutdown_kernel()
        else:
            warm_imports()
            with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
                pending: dict[Future, tuple[int, str]] = {
                    pool.submit(build_one, settings, name, y, current): (y, name)
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
                        except Exception as exc:  # noqa: BLE001 - a worker bug fails one task
                            finished(y, name, None, f"{name}: erro inesperado: {exc!r}", done)
                        if outcomes[y].status == "falhou":
                            for other, (oy, _n) in pending.items():
                                if oy == y:
                                    other.cancel()
    for o in outcomes.values():
        if o.status == "ok" and not o.built:
            o.status = "sem mudanças"
    return [outcomes[y] for y in years]
