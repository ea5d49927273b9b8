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
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported on first use (PEP 562 below): they import pandas
    from . import comunicacao, convenios, cpd, procon  # noqa: F401
    from .base import Department

    #: The departments of this run (:func:`registered`), made on first use.
    DEPARTMENTS: tuple[Department, ...]
    BY_NAME: dict[str, Department]

#: In the order the balance presents them: one line per department.
REGISTRY = (
    "balanco.departments.convenios",
    "balanco.departments.procon",
    "balanco.departments.comunicacao",
    "balanco.departments.cpd",
)
ENV = "BALANCO_DEPARTAMENTOS"


def from_environment() -> tuple[str, ...]:
    """The module names ``BALANCO_DEPARTAMENTOS`` gives (separated by commas), in
    order; empty when it is not set. The one place that reads the variable: the
    registry, the code hash and the cache of declared sources ask here."""
    return tuple(n.strip() for n in os.environ.get(ENV, "").split(",") if n.strip())


def registered() -> tuple[ModuleType, ...]:
    """The departments of this run, in order (the registry, or ``BALANCO_DEPARTAMENTOS``)."""
    return tuple(import_module(n) for n in from_environment() or REGISTRY)


def known_names() -> tuple[str, ...]:
    """The names a municipality file may enable, without importing any department
    (pandas): the registry's, then those ``BALANCO_DEPARTAMENTOS`` adds (a module
    from outside the registry is imported to read its ``NAME``)."""
    names = [m.rsplit(".", 1)[-1] for m in REGISTRY]
    for module in from_environment():
        if module not in REGISTRY:
            names.append(getattr(import_module(module), "NAME", module.rsplit(".", 1)[-1]))
    return tuple(dict.fromkeys(names))


def __getattr__(name: str) -> object:
    """``DEPARTMENTS``, ``BY_NAME``, ``Department`` and the department modules,
    imported on first use: ``REGISTRY``, ``ENV`` and :func:`known_names` cost no
    pandas import (a run with nothing to do never needs it)."""
    if name == "DEPARTMENTS":
        value: object = registered()
    elif name == "BY_NAME":
        value = {d.NAME: d for d in _attribute("DEPARTMENTS")}  # type: ignore[attr-defined]
    elif name == "Department":
        from .base import Department as value
    elif name in ("comunicacao", "convenios", "cpd", "procon"):
        value = import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def _attribute(name: str) -> object:
    """A module attribute, made by :func:`__getattr__` on first use (and kept: a
    value set from outside, e.g. by a test, is the one used)."""
    return globals()[name] if name in globals() else __getattr__(name)


def enabled(settings: object | None = None) -> tuple[Department, ...]:
    """The departments of a run, in the registry's order: those of :data:`DEPARTMENTS`
    that the municipality file enables (``departamentos``, ``settings.departments``).

    A department added by the run (``BALANCO_DEPARTAMENTOS``, outside the package's
    :data:`REGISTRY`) is kept: the municipality file cannot know it. Without
    settings, every registered department.
    """
    departments = _attribute("DEPARTMENTS")
    wanted = getattr(settings, "departments", None)
    if wanted is None:
        return departments  # type: ignore[return-value]
    return tuple(
        d
        for d in departments  # type: ignore[attr-defined]
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
    "from_environment",
    "known_names",
    "procon",
    "registered",
]
