"""Completeness and plausibility checks, run after cleaning and before anything
is written.

A wrong figure that looks right is the worst thing an official balance can
publish, so the pipeline looks at the cleaned records before it computes the
report. Every check has an identifier (snake_case), a severity and a
Portuguese message that names the file and says why:

- *blocking* (``bloqueante``): the run stops with exit code 2 and writes
  nothing, unless the analyst accepts the result for that file in
  ``data/raw/<ano>/aceites.toml`` (the message says exactly what to write);
- *warning* (``alerta``): the run completes with status "ok com alertas"; the
  warnings travel with the figures (``indicadores.json``, the CLI summary, the
  "Qualidade dos dados" section of every PDF). ``--rigoroso`` turns them into a
  failure, for publication pipelines.

One check is one module of this package (its ``CHECK``, a
:class:`balanco.check_spec.Check`; its docstring documents it); a department
declares the checks of its own source systems in its package (``CHECKS``: the
WordPress pages in Comunicação, the Transferegov dumps in Convênios), and
:mod:`.collect` collects both. What a check finds is a
:class:`balanco.errors.Problem` with the check's ``code`` and severity.
Acceptances: :mod:`.acceptances`; running a year: :mod:`.runner`; what it comes
to: :mod:`.outcome`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..check_spec import BLOCKING, WARNING, Check
from ..errors import Aceite, Problem
from . import (
    fonte_vazia,
    indicador_nao_disponivel,
    indicador_zero,
    sem_registros_no_ano,
    variacao_grande,
)
from .acceptances import ACCEPTANCE_FILE, acceptance_hint, apply, known_files, read_acceptances
from .collect import of_departments, performed
from .context import Context, declared, export_limit
from .outcome import ChecksFailed, Outcome, previous_payload, stored, stored_warnings
from .runner import findings, run


def check_sources(ctx: Context) -> Iterator[Problem]:
    """The checks of the sources, as a run makes them: the enabled departments' checks
    of their own source systems that run before the per-source checks (which pass
    over the tables those judged whole), then each dated source empty or without a
    record of the year."""
    from ..departments import enabled

    first = min(fonte_vazia.CHECK.runs, sem_registros_no_ano.CHECK.runs)
    own = [c for c in of_departments(enabled(ctx.settings)) if c.runs < first]
    yield from findings(ctx, (*own, fonte_vazia.CHECK, sem_registros_no_ano.CHECK))


def check_indicators(ctx: Context) -> Iterator[Problem]:
    """The checks of the indicators, as a run makes them, indicator by indicator."""
    yield from findings(
        ctx, (indicador_nao_disponivel.CHECK, indicador_zero.CHECK, variacao_grande.CHECK)
    )


def __getattr__(name: str) -> object:
    """``CHECKS`` (every check by identifier, in the order of the list of checks), on
    first use: the package itself is imported without the departments, so a run with
    nothing to do reads its stored warnings without importing pandas."""
    from . import collect

    if name == "CHECKS":
        return collect.by_id()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ACCEPTANCE_FILE",
    "BLOCKING",
    "WARNING",
    "Aceite",
    "Check",
    "ChecksFailed",
    "Context",
    "Outcome",
    "Problem",
    "acceptance_hint",
    "apply",
    "check_indicators",
    "check_sources",
    "declared",
    "export_limit",
    "findings",
    "known_files",
    "performed",
    "previous_payload",
    "read_acceptances",
    "run",
    "stored",
    "stored_warnings",
]
