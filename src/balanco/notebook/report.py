"""Opening a year's report: its data (prepared when missing or stale), the
previous year's for the comparison, and the :class:`Report` whose methods are
the sections."""

from __future__ import annotations

from ..config import settings as make_settings
from ..errors import BadInput, Problem
from ..io import fold
from ..pipeline import open_year
from .front import FrontMatter
from .quality import Quality
from .sections import Sections
from .sources import Sources


class Report(FrontMatter, Sections, Quality, Sources):
    """A year's data and parameters, and the sections of its report."""


def _retired_municipality(explicit: str | None) -> str | None:
    """A ``municipality`` given to ``open_report`` or injected by papermill
    (``-p municipality X``): the notebooks no longer take it, since the
    municipality is settings, not a cover string."""
    if explicit is not None:
        return explicit
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return None
    shell = get_ipython()
    value = shell.user_ns.get("municipality") if shell is not None else None
    return value if isinstance(value, str) else None


def open_report(
    *,
    year: int,
    data_dir: str,
    reports_dir: str,
    department: str | None = None,
    municipality: str | None = None,
    municipio: str | None = None,
) -> Report:
    """Open a year's report (preparing its data when missing or stale).

    The municipality — on the cover and in every cleaning rule — comes from the
    settings only. ``municipality`` exists to refuse a different one clearly
    (also when papermill injects ``-p municipality X``): a cover never names a
    municipality other than the one whose data it shows.
    """
    s = make_settings(data_dir=data_dir, reports_dir=reports_dir, municipio=municipio)
    asked = _retired_municipality(municipality)
    if asked is not None and fold(asked) != fold(s.municipality):
        raise BadInput(
            [
                Problem(
                    "parâmetro municipality",
                    "não é o município do balanço, que vem da configuração "
                    f"({s.municipality} ({s.uf}), código IBGE {s.ibge_code}), não de um "
                    "parâmetro do notebook; retire -p municipality. Para outro município, "
                    "use -p municipio <arquivo de municipios/>",
                    value=asked,
                )
            ]
        )
    data = open_year(s, year)

    previous, note = None, None
    if s.raw_dir(year - 1).is_dir():
        try:
            previous = open_year(s, year - 1)
        except BadInput:
            note = (
                f"Os dados de {year - 1} não passaram nas verificações antes da publicação: "
                "não há comparação com o ano anterior."
            )
    params = {
        "year": year,
        "municipio": s.slug,
        "data_dir": s.data_dir,
        "reports_dir": s.reports_dir,
    }
    return Report(data, year, s.municipality, department, params, s, previous, note)
