"""What the notebooks call: one object per report, one method per section.

Every method returns something a cell displays (``balanco.display``): Markdown,
HTML and SVG in JupyterLab; LaTeX and vector PDF in the exported report. No
method reads a raw file: data comes from ``data/processed/<ano>/`` (built on
demand by ``pipeline.open_year``).

One module per job: :mod:`.report` opens a year's report (:func:`open_report`)
and assembles :class:`Report` from the sections of :mod:`.front` (cover,
summary), :mod:`.sections` (indicators, comparison, charts, tables),
:mod:`.quality` (reconciliation, data quality) and :mod:`.sources` (sources,
methodology, colophon), each reading what :mod:`.base` holds.
"""

from __future__ import annotations

# The registry the sections look departments up in (the same dict object):
# a test adds an outside department to it through this name.
from ..departments import BY_NAME
from .front import CONSOLIDATED_TITLE
from .report import Report, open_report
from .sources import METHODOLOGY_MARKER

__all__ = ["BY_NAME", "CONSOLIDATED_TITLE", "METHODOLOGY_MARKER", "Report", "open_report"]
