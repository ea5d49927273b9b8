"""Progress of a collection on stderr: what, how much (bytes, pages or records),
of how much, and the time left (ETA) once the total is known."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _amount(n: float, unit: str) -> str:
    """``n`` in ``unit``, bytes in kB/MB/GB, with a decimal comma.

    >>> _amount(1_572_864, "B"), _amount(3, "páginas")
    ('1,5 MB', '3 páginas')
    """
    if unit != "B":
        return f"{int(n)} {unit}"
    for size, name in ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "kB")):
        if n >= size:
            return f"{n / size:.1f}".replace(".", ",") + f" {name}"
    return f"{int(n)} B"


def _duration(seconds: float) -> str:
    """
    >>> _duration(75), _duration(3700)
    ('1 min 15 s', '1 h 1 min')
    """
    s = int(round(seconds))
    if s >= 3600:
        return f"{s // 3600} h {s % 3600 // 60} min"
    if s >= 60:
        return f"{s // 60} min {s % 60} s"
    return f"{s} s"


class TerminalProgress:
    """The :data:`balanco.collect.base.Progress` of the command line. On a terminal
    one line is rewritten in place; elsewhere (a log) a line per step, bytes at most
    one line per ``every`` seconds."""

    def __init__(self, stream: TextIO | None = None, *, every: float = 2.0):
        self.stream = stream if stream is not None else sys.stderr
        self.every = every
        self.started: dict[str, float] = {}
        self.shown: dict[str, float] = {}

    def line(self, what: str, done: int, total: int | None, unit: str) -> str:
        now = time.monotonic()
        start = self.started.setdefault(what, now)
        if total and unit == "B":
            text = f"{what}: {_amount(done, unit)} de {_amount(total, unit)}"
        elif total:
            text = f"{what}: {done} de {_amount(total, unit)}"
        else:
            text = f"{what}: {_amount(done, unit)}"
        if total:
            text += f" ({100 * done // total}%)"
            elapsed = now - start
            if 0 < done < total and elapsed > 0:
                text += f", faltam ~{_duration(elapsed * (total - done) / done)}"
        return text

    def __call__(self, what: str, done: int, total: int | None, unit: str) -> None:
        text = self.line(what, done, total, unit)
        finished = total is not None and done >= total
        tty = getattr(self.stream, "isatty", lambda: False)()
        now = time.monotonic()
        if unit == "B" and not finished and now - self.shown.get(what, -1e9) < self.every:
            return
        self.shown[what] = now
        if tty:
            self.stream.write("\r\x1b[K" + text + ("\n" if finished else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
