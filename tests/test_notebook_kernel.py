"""What the build asks of its kernel besides notebooks (balanco.notebook.kernel),
run in an in-process IPython shell."""

from __future__ import annotations

import gc
import os

import pytest


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    yield ip
    InteractiveShell.clear_instance()


def test_forget_clears_the_namespace_and_the_output_cache_and_keeps_gc(shell):
    from balanco.notebook.kernel import forget

    collect = gc.collect
    shell.run_cell("big = list(range(1000))\nbig[:3]", store_history=True)
    assert "big" in shell.user_ns and shell.user_ns["Out"]
    forget()
    assert "big" not in shell.user_ns
    assert not shell.user_ns.get("Out")
    assert gc.collect is collect  # the collector is Python's own again


def test_forget_restores_gc_collect_when_the_reset_fails(shell, monkeypatch):
    from balanco.notebook.kernel import forget

    collect = gc.collect

    def broken(*args, **kwargs):
        raise RuntimeError("reset falhou")

    monkeypatch.setattr(shell, "run_line_magic", broken)
    with pytest.raises(RuntimeError):
        forget()
    assert gc.collect is collect


def test_warm_up_writes_nothing(tmp_path, monkeypatch):
    from balanco.notebook.kernel import warm_up

    monkeypatch.chdir(tmp_path)
    warm_up()
    assert os.listdir(tmp_path) == []
