"""What the checks look at: the run's :class:`Context`, what the departments
declare (:func:`declared`) and the latest date a record may carry
(:func:`export_limit`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .. import check_spec, formatting
from ..fingerprint import enabled_names, foreign
from ..io import LINE
from ..provenance import read_manifest

if TYPE_CHECKING:  # pandas is imported by the checks that need it: a run with
    # nothing to do reads the stored warnings (JSON) without it.
    import pandas as pd

    from ..departments.base import Bounded, Dated
    from ..settings import Settings


def declared(attribute: str) -> tuple:
    """What the registered departments declare for the checks: ``DATES`` (the first
    date of each table decides its year), ``OTHER_DATES`` (other dates that cannot
    be after the export either), ``BOUNDED`` (money values bounded per record) or
    ``EXCLUDED`` (records no rule counts, by their status), each with its
    department's name filled in (see ``departments.base.Dated``)."""
    from ..departments import DEPARTMENTS

    return tuple(
        replace(spec, department=d.NAME) for d in DEPARTMENTS for spec in getattr(d, attribute, ())
    )


class Context(check_spec.Context):
    """What the checks look at (:class:`balanco.check_spec.Context`), knowing which
    departments the run enables and what they declare."""

    def written(self, dept: str, file: str, column: str, line: int) -> str | None:
        """The text of ``column`` at source ``line`` of ``file``, as written, when
        the raw frames are at hand."""
        for frame in self.raw.get(dept, {}).values():
            if column not in frame.columns or LINE not in frame.columns:
                continue
            if Path(str(frame.attrs.get("source", ""))).name != file:
                continue
            hit = frame.loc[frame[LINE] == line, column]
            if len(hit) and isinstance(hit.iloc[0], str) and hit.iloc[0].strip():
                return hit.iloc[0].strip()
        return None

    @cached_property
    def enabled(self) -> set[str]:
        """The names of the departments this run enables (``departamentos``)."""
        return enabled_names(self.settings)

    def skips(self, fname: str) -> bool:
        """Whether the raw file ``fname`` belongs only to departments this run does
        not enable: it is not part of this balance, and no check looks at it."""
        return foreign(self.settings, fname, enabled=self.enabled)

    def frame(self, spec: Dated) -> pd.DataFrame | None:
        if spec.department not in self.enabled:
            return None
        return self.cleaned.get(spec.department, {}).get(spec.frame)

    def never_counted(self, department: str, name: str, frame: pd.DataFrame) -> pd.Series:
        """True for the records of table ``name`` that no rule counts, by their status
        (the department's ``EXCLUDED``): not checked as if they counted."""
        import pandas as pd

        out = pd.Series(False, index=frame.index)
        for rule in declared("EXCLUDED"):
            if (rule.department, rule.frame) == (department, name):
                out |= rule.mask(frame)
        return out

    def unread(self, spec: Bounded, frame: pd.DataFrame) -> pd.Series:
        """True for the records of ``frame`` whose ``spec`` value no rule of this
        balance reads: never counted by their status, or (``spec.read_in_year``) of
        another year than the balance's, or without a date."""
        import pandas as pd

        out = self.never_counted(spec.department, spec.frame, frame)
        if spec.read_in_year is not None and spec.read_in_year in frame.columns:
            year = pd.to_datetime(frame[spec.read_in_year]).dt.year
            out = out | year.ne(self.year).fillna(True).astype(bool)
        return out


def export_limit(settings: Settings, year: int) -> tuple[datetime, str]:
    """The latest date a record may carry: the end of the manifest's
    ``data_exportacao`` when given, else now; and how to name it in a message."""
    # provenance.read_manifest already refused a data_exportacao that is not a date.
    raw = read_manifest(settings.raw_dir(year)).export_date
    when: date | None = raw.date() if isinstance(raw, datetime) else raw
    if when is None:
        now = datetime.now()
        return now, f"data de hoje ({formatting.short_date(now.date())})"
    return (
        datetime.combine(when, time.max),
        f"data da exportação ({formatting.short_date(when)}, data_exportacao do manifest.toml)",
    )
