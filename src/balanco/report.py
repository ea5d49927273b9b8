"""papermill runs and nbconvert export, for one year or many: a thin facade over
:mod:`balanco.build`, kept so that ``from balanco.report import build`` and the
CLI go on working.

Outputs of a year live in ``reports/<ano>/``: the PDFs; the executed notebooks
under ``notebooks/`` (with their kernel logs) for audit; and
``construcao.json``, the human-readable record of what each PDF was built from.
A year is replaced whole or not at all (see :mod:`balanco.build.staging`).
"""

from __future__ import annotations

from .build import (
    CONSOLIDATED,
    KERNEL,
    NBCONVERT_CONFIG,
    RECORD,
    SHARED_RAW,
    Built,
    Cancelled,
    InlineExecutor,
    Kernel,
    ReportError,
    YearOutcome,
    build,
    build_one,
    export_html,
    exporter,
    inputs,
    lock_path,
    parameters,
    pdf_name,
    raw_files,
    read_record,
    remove_leftovers,
    shutdown_kernel,
    staging_path,
    up_to_date,
    warm_imports,
    write_record,
)
from .build.execute import _renumber_and_sign, execute
from .build.export import export
from .build.plan import notebook_names


def __getattr__(name: str):
    """``NOTEBOOKS``: the notebooks of the balance, in the order they are listed
    (the consolidated balance, then one per registered department); computed on
    first use, so that importing this module does not import the departments."""
    if name == "NOTEBOOKS":
        return notebook_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONSOLIDATED",
    "KERNEL",
    "NBCONVERT_CONFIG",
    "NOTEBOOKS",  # noqa: F822 - module __getattr__
    "RECORD",
    "SHARED_RAW",
    "Built",
    "Cancelled",
    "InlineExecutor",
    "Kernel",
    "ReportError",
    "YearOutcome",
    "_renumber_and_sign",
    "build",
    "build_one",
    "execute",
    "export",
    "export_html",
    "exporter",
    "inputs",
    "lock_path",
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
