"""The list of checks, collected: the modules of this package (each defines one
``CHECK``) and the checks the departments declare for their own source systems
(``CHECKS``). Adding a check is adding its module (or, for a department's source
system, its module in the department's folder and its line in ``CHECKS``)."""

from __future__ import annotations

import pkgutil
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache
from importlib import import_module
from pathlib import Path

from ..check_spec import Check
from ..errors import Problem


@cache
def builtin() -> tuple[Check, ...]:
    """The checks of this package, one per module (no department is imported)."""
    found = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        check = getattr(import_module(f"{__package__}.{info.name}"), "CHECK", None)
        if isinstance(check, Check):
            found.append(check)
    return tuple(found)


def of_departments(departments: Iterable[object]) -> tuple[Check, ...]:
    """The checks ``departments`` declare (``CHECKS``), each with its department's
    name filled in."""
    return tuple(
        replace(c, department=d.NAME)  # type: ignore[attr-defined]
        for d in departments
        for c in getattr(d, "CHECKS", ())
    )


def collected(departments: Iterable[object] | None = None) -> list[Check]:
    """Every check, in the order of the list of checks (:attr:`Check.listed`): this
    package's and those of ``departments`` (by default every registered one)."""
    if departments is None:
        from ..departments import DEPARTMENTS as departments
    checks = sorted((*builtin(), *of_departments(departments)), key=lambda c: c.listed)
    ids = [c.id for c in checks]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(f"checks declared twice: {', '.join(twice)}")
    return checks


def by_id() -> dict[str, Check]:
    """Every check by its identifier, in the order of the list of checks."""
    return {c.id: c for c in collected()}


def record_checks() -> frozenset[str]:
    """Checks whose findings are about one record (they carry its line): accepted per
    line, with ``linhas = [...]`` in the aceites.toml entry."""
    return frozenset(c.id for c in collected() if c.per_record)


def performed(enabled: Iterable[str]) -> list[Check]:
    """The checks a run with the departments ``enabled`` performs, in order: a
    department's own checks, and those tied to what departments declare
    (:attr:`Check.tied_to`: the money bound, to the departments that declare
    ``BOUNDED`` values; the period, to those with an export of one period; an
    ignored value, to those with money values and records that never count), only
    when one of those departments is enabled."""
    names = set(enabled)
    out = []
    for c in collected():
        tied = {c.department} if c.department else set(c.tied_to() if c.tied_to else ())
        if not tied or tied & names:
            out.append(c)
    return out


def title(code: str) -> str | None:
    """The title of check ``code`` (this package's first: a department is imported
    only for a check of its own)."""
    for checks in (builtin, collected):
        hit = next((c.title for c in checks() if c.id == code), None)
        if hit is not None:
            return hit
    return None


def titled(found: Sequence[Problem]) -> list[Problem]:
    """``found``, each problem with its check's title."""
    return [p if p.title is not None else replace(p, title=title(p.code or "")) for p in found]
