"""The build's worker processes: started after the heavy imports, each with its
kernel (:func:`started_workers`), stopped at once on an interrupt or a failure
(:func:`stop_workers`; SIGTERM behaves as Ctrl-C while building,
:func:`sigterm_interrupts`), and the in-process executor ``--jobs 1`` uses
(:class:`InlineExecutor`)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress

from ..settings import Settings
from ..typst_markup import compiled_here
from .execute import start_kernel, warm_imports, worker_init


class InlineExecutor(Executor):
    """Runs submitted calls in this process, one at a time, in submission order, when
    :meth:`next_done` asks for the next result: what ``--jobs 1`` uses, so a
    cancelled future (its year already failed) is never run. An exception becomes
    the future's result; an interrupt (BaseException) propagates at once."""

    def __init__(self) -> None:
        self._queue: deque[tuple[Future, Callable, tuple, dict]] = deque()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        fut: Future = Future()
        self._queue.append((fut, fn, args, kwargs))
        return fut

    def next_done(self, pending) -> set[Future]:
        while self._queue:
            fut, fn, args, kwargs = self._queue.popleft()
            if fut not in pending:
                continue
            if fut.set_running_or_notify_cancel():
                try:
                    fut.set_result(fn(*args, **kwargs))
                except Exception as exc:  # noqa: BLE001 - reported as the task's failure
                    fut.set_exception(exc)
            return {fut}
        return set(pending)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        for fut, *_ in self._queue:
            fut.cancel()
        self._queue.clear()


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


@contextmanager
def sigterm_interrupts():
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


def stop_workers(pool: ProcessPoolExecutor, *, grace: float = 20.0) -> None:
    """Cancel queued work and stop the workers now: each gets SIGTERM (its handler
    stops the running notebook and shuts its kernel down); those still alive after
    ``grace`` seconds are killed."""
    # ProcessPoolExecutor has no public list of its processes; _processes is stable
    # since Python 3.2 (pid -> Process).
    procs = list((getattr(pool, "_processes", None) or {}).values())
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


def worker_context():
    """How workers start: forked from this process (fast: the heavy imports are
    already done), unless Typst has compiled here — its threads do not survive a
    fork and the child's first compile would hang — then from a fresh forkserver,
    which imports the build's modules once for every worker."""
    if not compiled_here():
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    return ctx


@contextmanager
def started_workers(settings: Settings, jobs: int):
    """``jobs`` worker processes, forked now, each starting its kernel at once (see
    :func:`.execute.start_kernel`); stopped at once if the build is interrupted or
    fails, shut down after their work otherwise."""
    warm_imports()
    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=worker_init, mp_context=worker_context()
    )
    try:
        for _ in range(jobs):
            pool.submit(start_kernel, settings)
        yield pool
    except BaseException:
        stop_workers(pool)
        raise
    pool.shutdown(wait=True)
