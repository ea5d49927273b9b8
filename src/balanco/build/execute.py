"""Execution: one notebook through papermill, in a Jupyter kernel that this
process reuses (:class:`Kernel`), with the kernel's chatter in a log, the
notebook renumbered and signed, and a failed notebook kept for diagnosis.

Interrupts: in a worker, the first SIGINT/SIGTERM stops the notebook being run
(as KeyboardInterrupt) and makes every later task return at once
(:class:`Cancelled`).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

from .. import files
from ..settings import ROOT_ENV, Settings
from .plan import _rel, parameters


class ReportError(Exception):
    """A notebook or export failed; the message is for the analyst (Portuguese)."""


class Cancelled(Exception):
    """A queued notebook was not run because the build is being interrupted."""


class Kernel:
    """One Jupyter kernel, reused for every notebook this process runs: started on
    first use, its namespace reset between notebooks (modules stay imported), shut
    down on :meth:`shutdown` (a kernel in an unknown state is not reused)."""

    def __init__(self) -> None:
        self.manager = None
        self.used = False
        self._client = None  # shell channel only, for the namespace resets
        self._pending: str | None = None  # msg_id of a reset sent, reply not yet read

    def ready(self):
        """The kernel manager for the next notebook (papermill starts the kernel
        itself the first time), with the previous notebook's variables forgotten (a
        kernel that fails to forget them is stopped, and a new one started)."""
        if self.used and self.manager is not None and self.manager.has_kernel:
            self.forget()
            self._await_reset()
        if self.manager is None:
            from jupyter_client.manager import AsyncKernelManager

            from .kernel_client import CLIENT_CLASS

            # The connection file goes to this process's scratch folder (files.scratch),
            # where the next run finds and removes it if this process is killed.
            self.manager = AsyncKernelManager(
                kernel_name="python3",
                connection_file=os.path.join(tempfile.gettempdir(), f"kernel-{uuid.uuid4()}.json"),
                # Ready 0,2 s sooner for every notebook (see kernel_client).
                client_class=CLIENT_CLASS,
            )
        self.used = True
        return self.manager

    def forget(self) -> None:
        """Ask the kernel to forget the last notebook's variables (``%reset -f``,
        :func:`balanco.notebook.kernel.forget`) without waiting: the build calls
        this when a notebook has run, so the reset happens while this process
        exports the PDF; :meth:`ready` waits for its reply. One client, shell
        channel only, kept for the kernel's life (a new client per reset paid a
        0.2 s readiness handshake)."""
        if self.manager is None or not self.manager.has_kernel or self._pending is not None:
            return
        if self._client is None:
            # A blocking client: plain ZeroMQ sockets, no event loop to run them.
            from jupyter_client.blocking import BlockingKernelClient

            kc = BlockingKernelClient()
            kc.load_connection_info(self.manager.get_connection_info())
            kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
            self._client = kc
        self._pending = self._client.execute(
            "__import__('balanco.notebook.kernel', fromlist=['forget']).forget()",
            silent=True,
            store_history=False,
        )

    def _await_reset(self, timeout: float = 60.0) -> None:
        from queue import Empty

        deadline = time.monotonic() + timeout
        while self._pending is not None:
            left = deadline - time.monotonic()
            try:
                msg = self._client.get_shell_msg(timeout=max(left, 0.01))
            except Empty:
                raise TimeoutError(
                    "o kernel não respondeu ao reinício do espaço de nomes"
                ) from None
            if msg.get("parent_header", {}).get("msg_id") == self._pending:
                self._pending = None
                if msg.get("content", {}).get("status") != "ok":
                    # Not reset: the next notebook would see this one's variables. A
                    # kernel in an unknown state is not reused (papermill starts anew).
                    self.shutdown()

    def shutdown(self) -> None:
        """Stop the kernel, if one was started (best effort: also runs at exit)."""
        if self._client is not None:
            with suppress(Exception):
                self._client.stop_channels()
        if self.manager is not None and self.manager.has_kernel:
            from jupyter_core.utils import run_sync

            _drop_leftover_tasks()
            with suppress(Exception):
                run_sync(self.manager.shutdown_kernel)(now=True)
        self.manager, self.used, self._client, self._pending = None, False, None, None


def _drop_leftover_tasks() -> None:
    """Cancel the tasks an interrupted notebook left pending in this thread's loop.

    A Ctrl-C or SIGTERM raised inside nbclient's output task is stored in that task
    and stops the loop, but the cell's own task still waits on it. The next
    ``run_until_complete`` on the loop (the kernel's shutdown, also at the worker's
    exit) would step that task, which then raises the stored KeyboardInterrupt again
    and breaks the shutdown. Cancelled first, each task ends with CancelledError
    or nbclient's own error, and what they raise is dropped: they belong to a
    notebook that is gone."""
    import asyncio

    from jupyter_core.utils import ensure_event_loop

    loop = ensure_event_loop()
    if loop.is_running() or loop.is_closed():
        return
    left = [t for t in asyncio.all_tasks(loop) if not t.done()]
    if not left:
        return
    for task in left:
        task.cancel()
    # Their exceptions stay in them (asyncio.wait raises none); a stored
    # KeyboardInterrupt may still escape a task's step, and is the old interrupt,
    # already acted on. Bounded: a task that ignores its cancellation is left.
    with suppress(KeyboardInterrupt):
        loop.run_until_complete(asyncio.wait(left, timeout=5))
    for task in left:  # read, so that asyncio does not log them as never retrieved
        if task.done() and not task.cancelled():
            task.exception()


#: This process's kernel (each worker process has its own).
KERNEL = Kernel()


def shutdown_kernel() -> None:
    """Stop this process's kernel, if it started one."""
    KERNEL.shutdown()


@contextmanager
def _root_for_the_kernel(settings: Settings):
    """Start a kernel inside this block: it finds the project by ``$BALANCO_ROOT``
    before its working folder, so the variable names this build's root while the
    kernel starts, and is put back after. A worker forked from a long-lived
    forkserver holds the environment of its process's first build, and a caller's
    own ``$BALANCO_ROOT`` may name another project: either would open another
    project's data in the notebooks."""
    saved = os.environ.get(ROOT_ENV)
    os.environ[ROOT_ENV] = str(settings.root)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(ROOT_ENV, None)
        else:
            os.environ[ROOT_ENV] = saved


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
    settings: Settings,
    name: str,
    year: int,
    *,
    out_dir: Path,
    failed_dir: Path | None = None,
    source: Path | None = None,
) -> Path:
    """Run one notebook through papermill in this process's kernel, into
    ``out_dir``. When it fails, the executed notebook is kept for diagnosis as
    ``<failed_dir>/<nome>.erro.ipynb`` (default: ``out_dir``)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    # A non-inline backend in the environment would drop every inline chart.
    os.environ.pop("MPLBACKEND", None)
    source = settings.notebooks_dir / f"{name}.ipynb" if source is None else source
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"{name}.ipynb"
    failed_dir = out_dir if failed_dir is None else failed_dir
    failed = failed_dir / f"{name}.erro.ipynb"
    tmp = out_dir / f".{name}.tmp-{os.getpid()}.ipynb"

    def keep_failed() -> None:
        # An empty or missing file (full disk) is no diagnosis: leave nothing.
        try:
            if tmp.exists() and tmp.stat().st_size > 0:
                with files.new_folders(failed_dir):  # none left empty if the write fails
                    files.atomic_write(failed, tmp.read_bytes())
        finally:
            tmp.unlink(missing_ok=True)

    try:
        with _stderr_to(out_dir / f"{name}.log"), _root_for_the_kernel(settings):
            km = KERNEL.ready()
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
            STOP.is_set() or exc.ename == "KeyboardInterrupt"
        ):  # the kernel saw the Ctrl-C: an interrupt, not a failure
            tmp.unlink(missing_ok=True)
            KERNEL.shutdown()
            raise KeyboardInterrupt from None
        keep_failed()
        first = (exc.source or "").strip().splitlines()[:1]
        number = _code_cell_number(source, exc.cell_index)
        raise ReportError(
            f"O notebook {_rel(settings, source)} ({year}) falhou na célula de código nº "
            f"{number} ({first[0] if first else '?'}): {exc.ename}: {exc.evalue}\n"
            f"O notebook executado foi guardado para análise em {_rel(settings, failed)}."
        ) from None
    except BaseException:
        if STOP.is_set() or not isinstance(sys.exc_info()[1], Exception):
            tmp.unlink(missing_ok=True)  # interrupted: nothing to diagnose
        else:
            keep_failed()
        KERNEL.shutdown()  # a kernel in an unknown state is not reused
        raise
    # The kernel forgets this notebook's variables while this process exports it.
    with suppress(Exception):  # only a head start: ready() resets it anyway
        KERNEL.forget()
    try:
        files.atomic_write(final, _renumbered_and_signed(tmp))
    finally:
        tmp.unlink(missing_ok=True)
    # An earlier failure's diagnosis goes with the folder this success replaces it in.
    (out_dir / failed.name).unlink(missing_ok=True)
    return final


def _renumber_and_sign(path: Path) -> None:
    """:func:`_renumbered_and_signed`, written back to ``path``."""
    files.atomic_write(path, _renumbered_and_signed(path))


def _renumbered_and_signed(path: Path) -> str:
    """The executed notebook at ``path`` as text, its execution counts from 1 (the
    worker's kernel is reused, so they would go on from the previous notebook),
    signed: JupyterLab trusts it and shows its charts (an untrusted notebook shows
    only their text form)."""
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
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"  # as nbformat.write


#: Set in a worker by its first SIGINT/SIGTERM: the notebook being run stops (as
#: KeyboardInterrupt) and every later task returns at once (Cancelled); a worker
#: waiting for work is left to receive the executor's stop sentinel. Later signals
#: only confirm the stop: they must not break the kernel's shutdown.
STOP = threading.Event()

#: Set while this process runs a notebook (the build's task sets and clears it):
#: only then does a signal interrupt it.
BUSY = threading.Event()


def _on_worker_signal(signum, frame) -> None:
    first = not STOP.is_set()
    STOP.set()
    if first and BUSY.is_set():
        raise KeyboardInterrupt


def worker_init() -> None:
    """Initialise a forked build worker (the process pool's ``initializer``): its
    own asyncio loop and kernel, the signal handlers of :data:`STOP`, its own
    scratch folder, and the kernel stopped at exit."""
    from multiprocessing import util

    STOP.clear()
    # A forked worker must not reuse its parent's asyncio loop (an epoll instance
    # shared across fork: papermill then spins on the parent's sockets, seen as a
    # hang at 100 % CPU when the parent had run a notebook in-process before
    # forking) nor its kernel. jupyter_core keeps "this thread's loop" in _loop.
    import asyncio

    from jupyter_core import utils as jupyter_utils

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    jupyter_utils._loop.set(loop)
    KERNEL.manager, KERNEL.used, KERNEL._client, KERNEL._pending = None, False, None, None
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _on_worker_signal)
    # This worker's temporary files (LaTeX builds, kernel connection file) in its own
    # recognisable folder, removed at exit (or by the next run if it is killed).
    sc = files.scratch()
    sc.__enter__()
    util.Finalize(None, sc.__exit__, args=(None, None, None), exitpriority=5)
    util.Finalize(None, shutdown_kernel, exitpriority=10)


def start_kernel(settings: Settings) -> None:
    """Start this worker's kernel ahead of its first notebook, import the report
    library in it and warm it up (what the first notebook's first cell and first
    chart would pay, :mod:`balanco.notebook.kernel`): the build asks for it while it
    prepares the data, so that the two overlap."""
    if STOP.is_set():
        return
    from jupyter_core.utils import run_sync

    os.environ.pop("MPLBACKEND", None)  # as execute(): the kernel inherits it
    # Interruptible like a notebook (BUSY): a Ctrl-C while the kernel starts stops it
    # now, and the half-started kernel is shut down, not left to the grace period.
    BUSY.set()
    try:
        km = KERNEL.ready()
        if km.has_kernel:
            return
        # The kernel's start-up chatter goes to this worker's scratch folder: no
        # notebook is being run yet whose log it would belong to.
        with _stderr_to(Path(tempfile.gettempdir()) / "kernel.log"), _root_for_the_kernel(settings):
            run_sync(km.start_kernel)(cwd=str(settings.root))
        kc = km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=60)
            run_sync(kc.execute_interactive)(
                "import balanco.notebook\nfrom balanco.notebook.kernel import warm_up\nwarm_up()",
                timeout=120,
                store_history=False,
                silent=True,
                # Nothing of it reaches the terminal (a failed warm-up only costs the
                # first notebook its head start; that notebook reports real problems).
                output_hook=lambda msg: None,
            )
        finally:
            kc.stop_channels()
        KERNEL.forget()  # the first notebook's reset, sent now
    except BaseException:
        KERNEL.shutdown()  # a kernel in an unknown state is not reused
        raise
    finally:
        BUSY.clear()


def warm_imports() -> None:
    """Import what the workers need before forking them, so each does not pay it."""
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    from . import typst_exporter  # noqa: F401
