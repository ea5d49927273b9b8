"""The records the preparation's stages hand each other (``balanco.pipeline``), and
:class:`YearData`, everything the report of one year reads. Plain data: the stages
live in the pipeline, the records below it, so that the open data and the
notebooks can take a year without importing the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import highlights
from .departments.base import Indicator
from .errors import Problem
from .settings import Settings

#: A year's frames: department -> table -> frame.
Frames = dict[str, dict[str, pd.DataFrame]]


@dataclass(frozen=True)
class Inputs:
    """The year's raw files, listed and hashed (``raw_sources.raw_sources``)."""

    settings: Settings
    year: int
    sources: list[dict[str, object]]


@dataclass(frozen=True)
class Read:
    """Every department's frames as read (text as written). What could not be read
    keeps its problems here, so that the clean stage reports every department's
    problems together, in the registry's order."""

    inputs: Inputs
    raw: Frames
    #: The problems of the departments that could not be read, by department.
    unread: dict[str, list[Problem]]
    #: The municipality file's ``[grafias]`` naming unknown sources, columns or values.
    spellings: list[Problem]
    highlights: highlights.Highlights
    highlight_problems: list[Problem]


@dataclass(frozen=True)
class Cleaned:
    """Every department's clean records (and the frames as read, for the checks)."""

    inputs: Inputs
    raw: Frames
    tables: Frames
    highlights: highlights.Highlights


@dataclass(frozen=True)
class Computed:
    """The clean records and the indicators summarised from them."""

    inputs: Inputs
    raw: Frames
    tables: Frames
    highlights: highlights.Highlights
    indicators: list[Indicator]


@dataclass(frozen=True)
class Checked:
    """A year that passed its checks: ready to be written."""

    inputs: Inputs
    tables: Frames
    highlights: highlights.Highlights
    indicators: list[Indicator]
    #: The checks' ``Outcome`` (``balanco.checks``).
    outcome: object
    #: The previous year's processed payload the checks compared with (or None).
    previous: dict[str, object] | None


@dataclass
class YearData:
    """Everything the report of one year reads."""

    year: int
    indicators: dict[str, Indicator]
    tables: dict[str, dict[str, pd.DataFrame]]
    highlights: highlights.Highlights
    sources: list[dict[str, object]]
    synthetic: bool
    data_hash: str
    extra: dict[str, object] = field(default_factory=dict)
    #: Unaccepted warnings of the checks (``balanco.checks``' findings) and accepted findings.
    alertas: list = field(default_factory=list)
    aceites: list = field(default_factory=list)
    #: The municipality's spellings of closed vocabularies used by this year's
    #: files (``[grafias]``; see ``departments.vocabulary``), one record each.
    grafias: list[dict[str, object]] = field(default_factory=list)
    #: The digest of the processed data these were read from or written as
    #: (``open_data.origin.digest_of``); None for data not from data/processed.
    processed_digest: str | None = None

    def by_department(self, name: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.department == name]
