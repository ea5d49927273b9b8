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
    arquivo_do_manifesto_ausente,
    data_futura,
    fonte_vazia,
    indicador_nao_disponivel,
    indicador_zero,
    mes_sem_registros,
    periodo_misturado,
    sem_registros_no_ano,
    valor_acima_do_limite,
    valor_ignorado,
    variacao_grande,
)
from .acceptances import ACCEPTANCE_FILE, acceptance_hint, apply, known_files, read_acceptances
from .collect import performed
from .context import Context, declared, export_limit
from .outcome import ChecksFailed, Outcome, previous_payload, stored, stored_warnings
from .runner import findings, run

check_manifest_files = arquivo_do_manifesto_ausente.check
check_period = periodo_misturado.check
check_dates = data_futura.check
check_money = valor_acima_do_limite.check
check_ignored_values = valor_ignorado.check
check_months = mes_sem_registros.check


def check_sources(ctx: Context) -> Iterator[Problem]:
    """The checks of the sources, as a run makes them: the Transferegov dumps, then
    each dated source empty or without a record of the year."""
    from ..departments.convenios import transferegov

    yield from findings(ctx, (transferegov.CHECK, fonte_vazia.CHECK, sem_registros_no_ano.CHECK))


def check_indicators(ctx: Context) -> Iterator[Problem]:
    """The checks of the indicators, as a run makes them, indicator by indicator."""
    yield from findings(
        ctx, (indicador_nao_disponivel.CHECK, indicador_zero.CHECK, variacao_grande.CHECK)
    )


def Finding(  # noqa: N802 - the name of a check's finding before Problem served both
    id: str,  # noqa: A002
    severidade: str,
    mensagem: str,
    detalhe: str,
    arquivo: str | None = None,
    linha: int | None = None,
    coluna: str | None = None,
    valor: str | None = None,
    departamento: str | None = None,
    aceite: Aceite | None = None,
) -> Problem:
    """A check's finding from the fields ``indicadores.json`` stores, in their order
    (its message is made from them, and must agree)."""
    found = Problem(
        arquivo,
        detalhe,
        linha,
        coluna,
        valor,
        code=id,
        severity=severidade,
        department=departamento,
        acceptance=aceite,
    )
    if found.mensagem != mensagem:
        raise ValueError(f"message {mensagem!r} is not the finding's {found.mensagem!r}")
    return found


#: Names read from the departments on first use (PEP 562): the package itself is
#: imported without them, so a run with nothing to do reads its stored warnings
#: without importing pandas.
_FROM_DEPARTMENTS = {
    "check_wordpress": ("comunicacao.wordpress", "check"),
    "WP_TOTAL_FILE": ("comunicacao.wordpress", "WP_TOTAL_FILE"),
    "WP_PAGES": ("comunicacao.wordpress", "WP_PAGES"),
    "check_municipality": ("convenios.transferegov", "check_municipality"),
}


def __getattr__(name: str) -> object:
    """``CHECKS`` (every check by identifier, in the order of the list of checks),
    ``RECORD_CHECKS`` and the names of the departments' own checks, on first use."""
    from importlib import import_module

    from . import collect

    if name == "CHECKS":
        return collect.by_id()
    if name == "RECORD_CHECKS":
        return collect.record_checks()
    if name in _FROM_DEPARTMENTS:
        module, attribute = _FROM_DEPARTMENTS[name]
        return getattr(import_module(f"balanco.departments.{module}"), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ACCEPTANCE_FILE",
    "BLOCKING",
    "WARNING",
    "Aceite",
    "Check",
    "ChecksFailed",
    "Context",
    "Finding",
    "Outcome",
    "Problem",
    "acceptance_hint",
    "apply",
    "check_dates",
    "check_ignored_values",
    "check_indicators",
    "check_manifest_files",
    "check_money",
    "check_months",
    "check_period",
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
