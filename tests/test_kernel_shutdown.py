"""A kernel's shutdown after an interrupted cell: the interrupt is stored in the
tasks nbclient leaves pending in the loop, and must not be raised again by the
shutdown (at a worker's exit it printed a traceback). Fast: no real kernel."""

from __future__ import annotations

import asyncio
import contextvars

import pytest
from jupyter_core import utils as jupyter_utils

from balanco.build.execute import Kernel


class _Manager:
    """What Kernel.shutdown uses of an AsyncKernelManager."""

    has_kernel = True

    def __init__(self) -> None:
        self.stopped = False

    async def shutdown_kernel(self, now: bool = False) -> None:
        await asyncio.sleep(0)
        self.stopped = True


def _interrupted_cell(loop):
    """The state nbclient leaves after a signal handler raised KeyboardInterrupt in
    its output task: that task holds the interrupt, the cell's task still awaits it
    (and a kernel-alive poll still sleeps)."""

    async def output():
        await asyncio.sleep(0)
        raise KeyboardInterrupt

    async def cell(out):
        try:
            return await out
        except asyncio.CancelledError:  # as nbclient's cell does: DeadKernelError
            raise RuntimeError("Kernel died") from None

    async def alive():
        while True:
            await asyncio.sleep(1)

    out = loop.create_task(output())
    waiting = [loop.create_task(cell(out)), loop.create_task(alive())]
    with pytest.raises(KeyboardInterrupt):
        loop.run_until_complete(out)
    return waiting


def _in_own_loop(fn):
    loop = asyncio.new_event_loop()

    def run():
        jupyter_utils._loop.set(loop)
        return fn(loop)

    try:
        return contextvars.Context().run(run)
    finally:
        loop.close()


def test_shutdown_after_an_interrupted_cell_stops_the_kernel_without_raising_again():
    def scenario(loop):
        waiting = _interrupted_cell(loop)
        assert not any(t.done() for t in waiting)
        kernel = Kernel()
        manager = kernel.manager = _Manager()
        kernel.shutdown()  # before the fix: KeyboardInterrupt from the cell's task
        return manager, kernel, waiting

    manager, kernel, waiting = _in_own_loop(scenario)
    assert manager.stopped and kernel.manager is None
    assert all(t.done() for t in waiting)


def test_shutdown_with_nothing_left_in_the_loop_just_stops_the_kernel():
    def scenario(loop):
        kernel = Kernel()
        manager = kernel.manager = _Manager()
        kernel.shutdown()
        return manager, kernel

    manager, kernel = _in_own_loop(scenario)
    assert manager.stopped and kernel.manager is None


def test_the_dropped_tasks_leave_nothing_for_asyncio_to_log(caplog):
    import gc
    import logging

    def scenario(loop):
        _interrupted_cell(loop)
        kernel = Kernel()
        kernel.manager = _Manager()
        kernel.shutdown()

    with caplog.at_level(logging.ERROR, logger="asyncio"):
        _in_own_loop(scenario)
        gc.collect()
    assert "never retrieved" not in caplog.text
