"""What the checks of a year come to (:class:`Outcome`), the failure that stops a
run (:class:`ChecksFailed`), and the findings stored with the figures
(``indicadores.json``: :func:`stored`, :func:`stored_warnings`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BadInput, Problem
from ..io import display_path
from ..settings import INDICATORS_FILE
from .acceptances import acceptance_hint
from .collect import title

if TYPE_CHECKING:
    from ..settings import Settings


@dataclass
class Outcome:
    """Every finding of a year, acceptances applied."""

    findings: list[Problem]
    raw_dir: Path

    @property
    def blocking(self) -> list[Problem]:
        return [f for f in self.findings if f.bloqueante and f.acceptance is None]

    @property
    def warnings(self) -> list[Problem]:
        return [f for f in self.findings if not f.bloqueante and f.acceptance is None]

    @property
    def accepted(self) -> list[Problem]:
        return [f for f in self.findings if f.acceptance is not None]

    @property
    def status(self) -> str:
        return "ok com alertas" if self.warnings else "ok"

    def raise_if_failed(self, *, strict: bool = False) -> None:
        """Blocking findings always fail; warnings too with ``strict`` (--rigoroso)."""
        if self.blocking:
            raise ChecksFailed(self.blocking, self.raw_dir)
        if strict and self.warnings:
            raise ChecksFailed(self.warnings, self.raw_dir, strict=True)

    def as_json(self) -> dict[str, list[dict[str, object]]]:
        return {
            "alertas": [f.as_dict() for f in self.warnings],
            "aceites": [f.as_dict() for f in self.accepted],
        }


class ChecksFailed(BadInput):
    """Blocking findings (or warnings under --rigoroso): the run stops, nothing is
    written. The message lists them as bad input, each file with its path and each
    problem with its check, and ends with the exact aceites.toml entries that
    accept them."""

    def __init__(self, findings: list[Problem], raw_dir: Path, *, strict: bool = False):
        self.findings = list(findings)
        self.strict = strict
        self.raw_dir = raw_dir
        label = "alerta tratado como erro por --rigoroso" if strict else "verificação"
        problems = [
            replace(
                f,
                file=display_path(raw_dir / f.file) if f.file else display_path(raw_dir),
                expected=f"{f.expected} [{label}: {f.code}]",
            )
            for f in self.findings
        ]
        super().__init__(problems)

    #: More of the same run's problems, said after these (--rigoroso: the figures
    #: that differ from the published release, ``release_check.ReleaseDiffers``).
    also: str = ""

    def render(self) -> str:
        text = super().render() + "\n\n" + acceptance_hint(self.findings, self.raw_dir)
        return f"{text}\n\n{self.also}" if self.also else text


def previous_payload(settings: Settings, year: int) -> dict[str, object] | None:
    """The previous year's processed ``indicadores.json``, when it exists."""
    path = settings.processed_dir(year - 1) / INDICATORS_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def _read(items: list[dict[str, object]]) -> list[Problem]:
    return [Problem.from_dict(d, title=title(str(d["id"]))) for d in items]


def stored(payload: dict[str, object]) -> tuple[list[Problem], list[Problem]]:
    """(warnings, accepted findings) as stored in ``indicadores.json``."""
    return _read(payload.get("alertas", [])), _read(payload.get("aceites", []))


def stored_warnings(settings: Settings, year: int) -> list[Problem]:
    """The warnings of a year's processed data (JSON only, no pandas work)."""
    path = settings.processed_dir(year) / INDICATORS_FILE
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return []
    return _read(payload.get("alertas", []))
