"""papermill runs and nbconvert export: notebooks -> executed notebooks -> PDFs.

Outputs of a year live in ``reports/<ano>/``: the PDFs, and the executed
notebooks under ``notebooks/`` for audit. A PDF is written beside its final
name and renamed only when complete, so an earlier good PDF is never replaced
by a broken or partial one. A failed notebook is kept as ``<nome>.erro.ipynb``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .config import Settings

# jsonschema builds an RFC 3987 grammar at import when rfc3987-syntax is
# installed (jupyterlab pulls it in), costing ~2 s per process; nbformat never
# validates IRIs, and jsonschema skips that checker when the import fails.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

#: Notebooks of the balance, in the order they are listed.
NOTEBOOKS = ("balanco", "convenios", "procon", "comunicacao", "cpd")
#: nbconvert settings for the PDF: no code, no prompts, no cells tagged
#: "nao-imprimir" (screen-only), and two xelatex passes instead of nbconvert's
#: three (the contents page is the only cross-reference; tables have fixed widths).
NBCONVERT_CONFIG = "nbconvert_config.json"


class ReportError(Exception):
    """A notebook or export failed; the message is for the analyst (Portuguese)."""


@dataclass(frozen=True)
class Built:
    name: str
    pdf: Path
    seconds: float


def pdf_name(name: str, year: int) -> str:
    return f"{name}-{year}.pdf"


def parameters(settings: Settings, year: int) -> dict[str, object]:
    return {
        "year": year,
        "municipality": settings.municipality,
        "data_dir": settings.data_dir,
        "reports_dir": settings.reports_dir,
    }


def _kernel_env() -> None:
    # A non-inline backend in the environment would drop every chart of an
    # inline-plotting notebook; ours render themselves, but keep the kernel default.
    os.environ.pop("MPLBACKEND", None)


@contextmanager
def _stderr_to(path: Path):
    """Send this process's stderr (and so the kernel's, which inherits it) to a log file:
    the kernel's start-up chatter is for the audit trail, not the analyst's terminal."""
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


def execute(settings: Settings, name: str, year: int, *, out_dir: Path) -> Path:
    """Run one notebook through papermill; return the executed notebook's path."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    _kernel_env()
    source = settings.notebooks_dir / f"{name}.ipynb"
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"{name}.ipynb"
    failed = out_dir / f"{name}.erro.ipynb"
    tmp = out_dir / f".{name}.{os.getpid()}.ipynb"
    try:
        with _stderr_to(out_dir / f"{name}.log"):
            pm.execute_notebook(
                str(source),
                str(tmp),
                parameters=parameters(settings, year),
                cwd=str(settings.root),
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
            )
    except PapermillExecutionError as exc:
        os.replace(tmp, failed)
        first = (exc.source or "").strip().splitlines()[:1]
        raise ReportError(
            f"O notebook notebooks/{name}.ipynb falhou na célula {exc.exec_count} "
            f"({first[0] if first else '?'}): {exc.ename}: {exc.evalue}\n"
            f"O notebook executado foi guardado para análise em {failed}."
        ) from None
    except BaseException:
        if tmp.exists():
            os.replace(tmp, failed)
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
    exp = exporter(settings)
    try:
        body, _ = exp.from_filename(str(executed))
    except Exception as exc:  # nbconvert raises LatexFailed and friends
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


def build_one(settings: Settings, name: str, year: int) -> Built:
    """Execute and export one notebook of the year."""
    start = time.perf_counter()
    out = settings.reports_path(year)
    executed = execute(settings, name, year, out_dir=out / "notebooks")
    pdf = export(settings, executed, out / pdf_name(name, year))
    return Built(name, pdf, time.perf_counter() - start)


def build(
    settings: Settings,
    year: int,
    *,
    names: tuple[str, ...] = NOTEBOOKS,
    jobs: int | None = None,
    progress: Callable[[str], None] = print,
) -> list[Built]:
    """Build the year's PDFs, ``jobs`` notebooks at a time. Every notebook is
    attempted; failures are reported together at the end."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    built: list[Built] = []
    errors: list[str] = []
    if jobs == 1:
        for i, name in enumerate(names, start=1):
            progress(f"[{i}/{len(names)}] {name}: executando e exportando…")
            try:
                b = build_one(settings, name, year)
            except ReportError as exc:
                errors.append(str(exc))
                progress(f"      {name}: FALHOU")
                continue
            built.append(b)
            progress(f"      {b.pdf.name} pronto ({_secs(b.seconds)})")
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(build_one, settings, n, year): n for n in names}
            progress(f"Executando {len(names)} notebooks, {jobs} por vez…")
            for done, fut in enumerate(as_completed(futures), start=1):
                name = futures[fut]
                try:
                    b = fut.result()
                except ReportError as exc:
                    errors.append(str(exc))
                    progress(f"[{done}/{len(names)}] {name}: FALHOU")
                    continue
                built.append(b)
                progress(f"[{done}/{len(names)}] {b.pdf.name} pronto ({_secs(b.seconds)})")
    if errors:
        raise ReportError("\n\n".join(errors))
    return sorted(built, key=lambda b: names.index(b.name))


def _secs(seconds: float) -> str:
    from .formatting import number

    return f"{number(seconds, 1)} s"


def clean_partial(out_dir: Path) -> None:
    """Remove leftovers of interrupted runs (temporary files only)."""
    for p in out_dir.glob(".*.tmp"):
        p.unlink(missing_ok=True)
    shutil.rmtree(out_dir / ".tmp", ignore_errors=True)
