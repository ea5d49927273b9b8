"""A report computes each department's breakdowns once (Sections.breakdowns) and
every chart and table reads them: drawing them all must leave them as computed."""

from __future__ import annotations

import pandas as pd

from balanco.departments import enabled
from balanco.notebook import open_report


def test_charts_and_tables_leave_the_breakdowns_as_computed():
    report = open_report(year=2024, data_dir="", reports_dir="")
    for dept in enabled(report.settings):
        for name in dept.views.CHARTS:
            report.chart(dept.NAME, name)
        for name in dept.views.TABLES:
            report.table(dept.NAME, name)
        report.comparison(dept.NAME)
        kept = report.breakdowns[dept.NAME]
        fresh = report._computed_tables(dept.NAME)
        assert kept.keys() == fresh.keys()
        for key, frame in fresh.items():
            pd.testing.assert_frame_equal(kept[key], frame, obj=f"{dept.NAME}.{key}")
            assert kept[key].attrs == frame.attrs, (dept.NAME, key)


def test_each_department_is_computed_once_and_no_caller_changes_it():
    report = open_report(year=2024, data_dir="", reports_dir="", department="procon")
    first = report._tables("procon")
    kept = report.breakdowns["procon"]
    report.chart("por_mes")
    assert report.breakdowns["procon"] is kept  # not computed again
    key = next(iter(first))
    columns = list(first[key].columns)
    first[key]["nova_coluna"] = 1  # a caller changing its copy
    assert list(report._tables("procon")[key].columns) == columns
