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

__all__ = [
    "BY_NAME",
    "DEPARTMENTS",
    "REGISTRY",
    "Department",
    "comunicacao",
    "convenios",
    "cpd",
    "procon",
    "registered",
]
