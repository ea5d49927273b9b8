"""The departments: one package each, all with the same contract
(:class:`balanco.departments.base.Department`).

The registry is :data:`REGISTRY`: adding a department means adding its folder
here and one line there. The environment variable ``BALANCO_DEPARTAMENTOS``
(module names separated by commas, e.g. ``balanco.departments.procon,toy``)
replaces the registry for a run — a department kept outside the package, or a
test's toy department.
"""

from __future__ import annotations

import os
from importlib import import_module
from types import ModuleType

from . import comunicacao, convenios, cpd, procon
from .base import Department

#: In the order the balance presents them: one line per department.
REGISTRY = (
    "balanco.departments.convenios",
    "balanco.departments.procon",
    "balanco.departments.comunicacao",
    "balanco.departments.cpd",
)
ENV = "BALANCO_DEPARTAMENTOS"


def registered() -> tuple[ModuleType, ...]:
    """The departments of this run, in order (the registry, or ``BALANCO_DEPARTAMENTOS``)."""
    names = [n.strip() for n in os.environ.get(ENV, "").split(",") if n.strip()] or REGISTRY
    return tuple(import_module(n) for n in names)


DEPARTMENTS: tuple[Department, ...] = registered()  # type: ignore[assignment]
BY_NAME = {d.NAME: d for d in DEPARTMENTS}


def enabled(settings: object | None = None) -> tuple[Department, ...]:
    """The departments of a run, in the registry's order: those of :data:`DEPARTMENTS`
    that the municipality file enables (``departamentos``, ``settings.departments``).

    A department added by the run (``BALANCO_DEPARTAMENTOS``, outside the package's
    :data:`REGISTRY`) is kept: the municipality file cannot know it. Without
    settings, every registered department.
    """
    wanted = getattr(settings, "departments", None)
    if wanted is None:
        return DEPARTMENTS
    return tuple(
        d
        for d in DEPARTMENTS
        if d.NAME in wanted or d.__name__ not in REGISTRY  # type: ignore[attr-defined]
    )


__all__ = [
    "BY_NAME",
    "DEPARTMENTS",
    "REGISTRY",
    "Department",
    "comunicacao",
    "convenios",
    "cpd",
    "enabled",
    "procon",
    "registered",
]
