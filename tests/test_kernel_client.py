"""The build's kernel client (balanco.build.kernel_client): jupyter_client's own,
ready without the 0,2 s drain; a notebook's messages still arrive whole."""

from __future__ import annotations

from jupyter_core.utils import run_sync

from balanco.build.execute import Kernel
from balanco.build.kernel_client import CLIENT_CLASS, QuickKernelClient


def test_the_builds_kernel_manager_makes_quick_clients():
    kernel = Kernel()
    km = kernel.ready()
    assert km.client_class == CLIENT_CLASS
    assert isinstance(km.client(), QuickKernelClient)


def test_a_quick_client_is_ready_and_reads_every_output(tmp_path):
    from jupyter_client.manager import AsyncKernelManager

    km = AsyncKernelManager(
        kernel_name="python3",
        connection_file=str(tmp_path / "kernel.json"),
        client_class=CLIENT_CLASS,
    )
    run_sync(km.start_kernel)(cwd=str(tmp_path))
    try:
        for _ in range(3):  # a new client per notebook, as papermill makes them
            kc = km.client()
            kc.start_channels()
            try:
                run_sync(kc.wait_for_ready)(timeout=60)
                seen: list[str] = []

                def keep(msg, seen=seen):
                    if msg["msg_type"] == "stream":
                        seen.append(msg["content"]["text"])

                code = "for i in range(3): print(i)"
                reply = run_sync(kc.execute_interactive)(code, timeout=60, output_hook=keep)
                assert reply["content"]["status"] == "ok"
                assert "".join(seen) == "0\n1\n2\n"
            finally:
                kc.stop_channels()
    finally:
        run_sync(km.shutdown_kernel)(now=True)


def test_a_kernel_that_fails_to_forget_is_stopped_and_replaced(tmp_path, monkeypatch):
    # The reset between notebooks fails: the next notebook must not run in a kernel
    # that still holds the previous one's variables.
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # the connection file
    kernel = Kernel()
    old = kernel.ready()
    run_sync(old.start_kernel)(cwd=str(tmp_path))
    try:
        kc = old.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=60)
            broken = "import balanco.notebook.kernel as k\nk.forget = lambda: 1 / 0\nx = 1"
            reply = run_sync(kc.execute_interactive)(broken, timeout=60)
            assert reply["content"]["status"] == "ok"
        finally:
            kc.stop_channels()
        new = kernel.ready()
        assert new is not old and not new.has_kernel
        assert not old.has_kernel
    finally:
        kernel.shutdown()
        if old.has_kernel:
            run_sync(old.shutdown_kernel)(now=True)
