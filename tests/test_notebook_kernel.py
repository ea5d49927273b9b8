"""What the build asks of its kernel besides notebooks (balanco.notebook.kernel).
The IPython shell runs in a process of its own (IPYTHONDIR in the test's folder):
an in-process shell would change this test session's __main__, builtins and
warnings, and write to the user's IPython history."""

from __future__ import annotations

import os
import subprocess
import sys

FORGET = """
import gc
from IPython.core.interactiveshell import InteractiveShell
from balanco.notebook.kernel import forget
shell = InteractiveShell.instance()
collect = gc.collect
shell.run_cell("big = list(range(1000))\\nbig[:3]", store_history=True)
assert "big" in shell.user_ns and shell.user_ns["Out"]
forget()
assert "big" not in shell.user_ns, "variable kept"
assert not shell.user_ns.get("Out"), "output cache kept"
assert gc.collect is collect, "gc.collect not restored"

def broken(*args, **kwargs):
    raise RuntimeError("reset falhou")

shell.run_line_magic = broken
try:
    forget()
except RuntimeError:
    pass
else:
    raise AssertionError("the failure was swallowed")
assert gc.collect is collect, "gc.collect not restored after a failure"
print("ok")
"""


def _python(code: str, tmp_path) -> str:
    env = {**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_forget_clears_the_namespace_and_the_output_cache_and_restores_gc(tmp_path):
    assert _python(FORGET, tmp_path).strip().endswith("ok")


def test_warm_up_writes_nothing_in_the_folder_it_runs_in(tmp_path):
    _python("from balanco.notebook.kernel import warm_up\nwarm_up()", tmp_path)
    assert sorted(os.listdir(tmp_path)) == []  # IPYTHONDIR is never made: no shell here
