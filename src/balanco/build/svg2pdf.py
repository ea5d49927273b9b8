"""The charts' SVG as PDF for nbconvert's optional LaTeX route (``--to pdf``), by
Typst instead of Inkscape.

The notebooks' charts travel as SVG only (one form for the HTML and the Typst PDF;
matplotlib's PDF backend cost a third of the kernel's chart time). nbconvert's
``SVG2PDFPreprocessor`` turns SVG outputs into ``application/pdf`` for LaTeX by
calling Inkscape, which the project does not install; this subclass compiles each
SVG with the ``typst`` package (already a dependency: vector, text kept as text).
``templates/nbconvert_config.json`` puts it in place of nbconvert's.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from nbconvert.preprocessors import SVG2PDFPreprocessor

#: A page the size of the image, no margin.
PAGE = '#set page(width: auto, height: auto, margin: 0pt)\n#image("figura.svg")\n'


def svg_to_pdf(svg: str) -> bytes:
    """One SVG drawing as a one-page PDF of its own size."""
    import typst

    with tempfile.TemporaryDirectory(prefix="balanco-svg-") as tmp:
        Path(tmp, "figura.svg").write_text(svg, "utf-8")
        return typst.compile(PAGE.encode("utf-8"), root=tmp)


class TypstSVG2PDF(SVG2PDFPreprocessor):
    """``SVG2PDFPreprocessor`` without Inkscape: Typst converts."""

    def convert_figure(self, data_format, data):
        return base64.encodebytes(svg_to_pdf(data)).decode("ascii")
