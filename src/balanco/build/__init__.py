"""The build layer: notebooks -> executed notebooks -> PDFs (and HTML), for one
year or many, incrementally and in parallel.

- :mod:`.plan`: which notebooks (from the departments' registry) and what each
  PDF depends on (from the departments' declared ``SOURCES``); ``construcao.json``;
- :mod:`.notebooks`: a department's notebook generated from its package;
- :mod:`.execute`: papermill in a reused kernel (:class:`.execute.Kernel`);
- :mod:`.export`: nbconvert PDF and the accessible HTML;
- :mod:`.staging`: staging folder, swap, locks, leftovers of killed runs;
- :mod:`.run`: :func:`build`, one execution loop for any ``--jobs``.

Files are written with :func:`balanco.files.atomic_write`. ``balanco.report``
re-exports the public names.
"""

from __future__ import annotations

import sys

# jsonschema builds an RFC 3987 grammar at import when rfc3987-syntax is
# installed (jupyterlab pulls it in), costing ~2 s per process; nbformat never
# validates IRIs, and jsonschema skips that checker when the import fails.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from .execute import (  # noqa: E402
    KERNEL,
    Cancelled,
    Kernel,
    ReportError,
    shutdown_kernel,
    warm_imports,
)
from .export import NBCONVERT_CONFIG, export_html, exporter  # noqa: E402
from .plan import (  # noqa: E402
    CONSOLIDATED,
    RECORD,
    SHARED_RAW,
    Built,
    YearOutcome,
    inputs,
    notebook_names,
    owners_of,
    parameters,
    pdf_name,
    raw_files,
    read_record,
    up_to_date,
    write_record,
)
from .run import build, build_one  # noqa: E402
from .staging import lock_path, remove_leftovers, staging_path  # noqa: E402
from .workers import InlineExecutor  # noqa: E402

__all__ = [
    "CONSOLIDATED",
    "KERNEL",
    "NBCONVERT_CONFIG",
    "RECORD",
    "SHARED_RAW",
    "Built",
    "Cancelled",
    "InlineExecutor",
    "Kernel",
    "ReportError",
    "YearOutcome",
    "build",
    "build_one",
    "export_html",
    "exporter",
    "inputs",
    "lock_path",
    "notebook_names",
    "owners_of",
    "parameters",
    "pdf_name",
    "raw_files",
    "read_record",
    "remove_leftovers",
    "shutdown_kernel",
    "staging_path",
    "up_to_date",
    "warm_imports",
    "write_record",
]
