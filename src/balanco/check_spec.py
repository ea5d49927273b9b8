"""What a check before publication is (:class:`Check`) and what it looks at
(:class:`Context`): the building blocks shared by the checks package
(:mod:`balanco.checks`) and the checks a department declares for its own source
systems (its ``CHECKS``: the WordPress pages of Comunicação, the Transferegov dumps
of Convênios). They sit below the departments, which may not import the checks.

A check is one object in one module (as frictionless-py keeps one check per file
and sqlfluff one rule per file): its identifier (snake_case, what aceites.toml
names), severity, title (Portuguese, as printed in the report), whether it is
about one record (accepted line by line), and the function that finds its
problems (:class:`balanco.errors.Problem` with the check's ``code``). The module's
docstring is the check's documentation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import BLOCKING, WARNING, Problem

__all__ = ["BLOCKING", "INDICATOR", "SOURCE", "WARNING", "Check", "Context"]

#: :attr:`Check.each`: the function is called once per dated source a department
#: declares (``DATES``), as ``function(context, dated)``.
SOURCE = "source"
#: :attr:`Check.each`: the function is called once per indicator of the year, as
#: ``function(context, indicator)``.
INDICATOR = "indicator"


@dataclass(frozen=True)
class Check:
    """One check before publication.

    ``function(context)`` yields the problems found (one per file, or one per record
    with ``per_record``); with ``each`` (:data:`SOURCE`, :data:`INDICATOR`) it is
    called once per subject instead, and the checks of the same kind that run one
    after another take each subject in turn, so that their problems come out
    subject by subject. ``listed`` places the check in the list of checks (the
    README's table, the report's "Verificações feitas", the aceites.toml message);
    ``runs`` places it in a run (the order of the problems in the messages and in
    ``indicadores.json``). ``tied_to`` names the departments whose declarations the
    check looks at (the check is performed only when one of them is enabled; None:
    every run's); ``department`` is filled in for a check a department declares
    (``CHECKS``), which is performed only when that department is enabled.
    """

    id: str
    severity: str
    title: str
    function: Callable[..., Iterable[Problem]]
    per_record: bool = False
    each: str | None = None
    listed: int = 0
    runs: int = 0
    tied_to: Callable[[], Iterable[str]] | None = field(default=None, compare=False)
    department: str = ""

    def __post_init__(self) -> None:
        if self.severity not in (BLOCKING, WARNING):
            raise ValueError(f"{self.id}: unknown severity {self.severity!r}")
        if self.each not in (None, SOURCE, INDICATOR):
            raise ValueError(f"{self.id}: unknown subject {self.each!r}")

    def problem(
        self,
        detail: str,
        *,
        file: str | None,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
        department: str | None = None,
        item: str | None = None,
    ) -> Problem:
        """A problem this check found: ``detail`` says why (Portuguese); the place
        (``file`` as named in the raw folder, ``line``, ``column``, ``value`` as
        written; ``item`` names a JSON list's record instead of "linha") comes first
        in its message."""
        return Problem(
            file,
            detail,
            line,
            column,
            value,
            code=self.id,
            severity=self.severity,
            department=department,
            title=self.title,
            item=item,
        )


@dataclass
class Context:
    """What a check looks at: the run's settings, the year, the cleaned records (by
    department, then table), the indicators, the previous year's indicators (by
    key), the latest date a record may carry (``limit``, named ``limit_label`` in
    messages) and the frames as read (``raw``: values as written in the file).

    ``judged`` holds the tables (department, table) a department's check judged
    whole in this run, which the per-source checks then pass over (the Transferegov
    dump of another municipality: its convênios are not "of another period").
    The checks package makes the context (:class:`balanco.checks.Context`): it
    knows which departments the run enables (:meth:`skips`).
    """

    settings: Any  # the run's Settings
    year: int
    cleaned: dict[str, dict[str, Any]]  # department -> table -> DataFrame
    indicators: list[Any]  # departments.base.Indicator
    previous: dict[str, dict[str, object]] | None = None
    limit: datetime = field(default_factory=datetime.now)
    limit_label: str = ""
    raw: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Why the comparison with the previous year is not available, when it is not.
    previous_unavailable: str | None = None
    judged: set[tuple[str, str]] = field(default_factory=set)

    @property
    def raw_dir(self) -> Path:
        return self.settings.raw_dir(self.year)

    def skips(self, fname: str) -> bool:
        """Whether the raw file ``fname`` belongs only to departments this run does
        not enable: it is not part of this balance, and no check looks at it."""
        raise NotImplementedError
