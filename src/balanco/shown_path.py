"""How a path is shown to the analyst, in messages and in files: the lowest floor,
so that both :mod:`balanco.errors` and :mod:`balanco.io` can use it."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path) -> str:
    """The path as an analyst knows it: relative to the working directory if possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
