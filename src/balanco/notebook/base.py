"""The report's data and parameters, which every section reads: the one base of
the section classes that :class:`~balanco.notebook.report.Report` combines."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import publication
from ..pipeline import YearData
from ..publication import Publication


@dataclass
class ReportBase:
    """A year's data and parameters (the sections are in the subclasses)."""

    data: YearData
    year: int
    municipality: str
    department: str | None
    parameters: dict[str, object]
    settings: object
    previous: YearData | None = None
    previous_note: str | None = None
    #: Each department's breakdowns, computed once per report (every chart and
    #: table of the department reads them; computing them is ~40 ms a call).
    breakdowns: dict[str, dict] = field(default_factory=dict, init=False, repr=False, compare=False)

    def publication(self) -> Publication:
        """This report's publication date and the PDF's link to its HTML (the
        municipality file's ``[publicacao]`` and ``endereco_publicacao``)."""
        name = self.department or "balanco"
        return publication.of(self.settings, self.year, f"{name}-{self.year}.html")

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def previous_demo(self) -> bool:
        return bool(self.previous and self.previous.extra.get("demo"))


def _after_colon(text: str) -> str:
    """A definition as it reads after "Rótulo:", the same in every report."""
    return text[:1].lower() + text[1:]
