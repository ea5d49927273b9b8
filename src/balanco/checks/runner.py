"""Running the checks on a year: every check of the package and of the enabled
departments, in their run order (:attr:`Check.runs`), then the acceptances of
``aceites.toml``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING

from ..check_spec import INDICATOR, Check
from ..errors import Problem
from .acceptances import apply, known_files, read_acceptances
from .collect import builtin, of_departments, titled
from .context import Context, declared, export_limit
from .outcome import Outcome

if TYPE_CHECKING:
    import pandas as pd

    from ..departments.base import Indicator
    from ..settings import Settings


def _subjects(ctx: Context, each: str) -> list[object]:
    if each == INDICATOR:
        return list(ctx.indicators)
    # The dated sources a department's check has not judged whole already.
    return [s for s in declared("DATES") if (s.department, s.frame) not in ctx.judged]


def findings(ctx: Context, checks: Iterable[Check]) -> Iterator[Problem]:
    """What ``checks`` find, in their run order. Checks about one subject each
    (:attr:`Check.each`) that run one after another take each subject in turn."""
    ordered = sorted(checks, key=lambda c: c.runs)
    for each, group in groupby(ordered, key=lambda c: c.each):
        together = list(group)
        if each is None:
            for check in together:
                yield from check.function(ctx)
            continue
        for subject in _subjects(ctx, each):
            for check in together:
                yield from check.function(ctx, subject)


def run(
    settings: Settings,
    year: int,
    *,
    cleaned: dict[str, dict[str, pd.DataFrame]],
    indicators: list[Indicator],
    previous: dict[str, object] | None = None,
    previous_unavailable: str | None = None,
    raw: dict[str, dict[str, pd.DataFrame]] | None = None,
) -> Outcome:
    """Run every check on a year's cleaned records and indicators, then apply the
    acceptances of ``aceites.toml`` (validated first: a bad file is bad input)."""
    from ..departments import enabled

    raw_dir = settings.raw_dir(year)
    acceptances = read_acceptances(raw_dir, known_files=known_files(raw_dir))
    limit, label = export_limit(settings, year)
    prev = None
    if previous is not None:
        prev = {d["key"]: d for d in previous.get("indicadores", [])}
    ctx = Context(
        settings, year, cleaned, indicators, prev, limit, label, raw or {}, previous_unavailable
    )
    checks = (*builtin(), *of_departments(enabled(settings)))
    return Outcome(apply(titled(list(findings(ctx, checks))), acceptances), raw_dir)
