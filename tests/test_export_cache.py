"""The PDF and HTML exporters are built once per process (building one compiles the
Jinja templates); the HTML's is rebuilt when a template of the project changes
(the PDF's templates ship with the package: it is rebuilt for another project)."""

from __future__ import annotations

import os
import shutil

from conftest import ROOT

from balanco.build import export
from balanco.build import html as export_html
from balanco.config import Settings


def test_the_exporters_are_kept_until_a_template_changes(tmp_path):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    s = Settings(root=tmp_path)
    pdf, html = export.exporter(s), export_html.exporter(s.templates_dir)
    assert export.exporter(s) is pdf
    assert export_html.exporter(s.templates_dir) is html
    template = tmp_path / "templates" / "balanco_html" / "index.html.j2"
    st = template.stat()
    os.utime(template, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert export_html.exporter(s.templates_dir) is not html
    assert export.exporter(s) is pdf
    assert export.exporter(Settings(root=tmp_path / "outro")) is not pdf
