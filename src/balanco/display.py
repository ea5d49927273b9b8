r"""What a notebook cell shows: objects with a screen form (Markdown/HTML/SVG, for
JupyterLab) and print forms: Typst (:data:`TYPST`, the PDF of
:mod:`balanco.build.typst_exporter`) and LaTeX/PDF (nbconvert's stock ``--to pdf``).

Every string that comes from data is escaped here, so a value such as
``100% & {x}`` or ``R$ 5 {mi} e R$ 6`` prints literally everywhere: Typst
(:func:`balanco.typst_markup.escape`) and LaTeX (:func:`latex_escape`) for the PDF,
Markdown and HTML for JupyterLab (:func:`md_escape`, ``html.escape``). On screen,
JupyterLab hands Markdown and HTML outputs to MathJax, which would typeset the
text between two ``$`` as math; the screen forms are therefore wrapped in an
element of the classes MathJax skips (:data:`NO_MATH`), and Markdown spells ``$``
and ``\`` as character references, which JupyterLab's math pre-pass (before the
Markdown parser) does not see.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .escaping import (  # noqa: F401 - re-exported: the display objects' escaping
    NO_MATH,
    latex_escape,
    latex_url,
    md_escape,
    no_math,
)
from .typst_markup import TYPST
from .typst_markup import escape as typst_escape


def _typst_heading(heading: str | None) -> str:
    """A part's own heading: one level under the notebook's sections, unnumbered and
    out of the contents (as LaTeX's starred ``\\subsection*``)."""
    if not heading:
        return ""
    return f"#heading(level: 2, numbering: none, outlined: false)[{typst_escape(heading)}]\n"


@dataclass(frozen=True)
class Paragraphs:
    """Plain sentences (already formatted); optional bold lead-in per paragraph."""

    paragraphs: Sequence[str]
    heading: str | None = None

    def _repr_markdown_(self) -> str:
        head = f"### {md_escape(self.heading)}\n\n" if self.heading else ""
        return no_math(head + "\n\n".join(md_escape(p) for p in self.paragraphs))

    def _repr_latex_(self) -> str:
        head = f"\\subsection*{{{latex_escape(self.heading)}}}\n" if self.heading else ""
        return head + "\n\n".join(latex_escape(p) for p in self.paragraphs) + "\n"

    def _typst(self) -> str:
        return _typst_heading(self.heading) + "\n\n".join(typst_escape(p) for p in self.paragraphs)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {TYPST: self._typst()}

    def __repr__(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Bullets:
    """A bulleted list; an item may be a (bold lead, text) pair."""

    items: Sequence[str | tuple[str, str]]
    heading: str | None = None

    def _repr_markdown_(self) -> str:
        head = f"**{md_escape(self.heading)}**\n\n" if self.heading else ""
        return no_math(head + "\n".join(f"- {self._md(i)}" for i in self.items))

    @staticmethod
    def _md(item: str | tuple[str, str]) -> str:
        if isinstance(item, tuple):
            return f"**{md_escape(item[0])}**: {md_escape(item[1])}"
        return md_escape(item)

    @staticmethod
    def _tex(item: str | tuple[str, str]) -> str:
        if isinstance(item, tuple):
            return f"\\textbf{{{latex_escape(item[0])}}}: {latex_escape(item[1])}"
        return latex_escape(item)

    def _repr_latex_(self) -> str:
        head = f"\\paragraph{{{latex_escape(self.heading)}}}\n" if self.heading else ""
        body = "\n".join(f"  \\item {self._tex(i)}" for i in self.items)
        return f"{head}{{\\raggedright\\begin{{itemize}}\n{body}\n\\end{{itemize}}}}\n"

    def _typst(self) -> str:
        def item(i: str | tuple[str, str]) -> str:
            if isinstance(i, tuple):
                return f"*{typst_escape(i[0])}*: {typst_escape(i[1])}"
            return typst_escape(i)

        return _typst_heading(self.heading) + "\n".join(f"- {item(i)}" for i in self.items)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {TYPST: self._typst()}

    def __repr__(self) -> str:
        return "\n".join(f"- {self._md(i)}" for i in self.items)


@dataclass(frozen=True)
class Table:
    """A typeset table: header, rows of display strings, alignment per column."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    align: str = ""
    caption: str | None = None
    note: str | None = None
    widths: Sequence[float] = field(default=())
    #: Columns printed in a small monospaced font, broken every 32 characters (hashes).
    mono: Sequence[int] = field(default=())

    def _align(self) -> str:
        return self.align or "l" + "r" * (len(self.header) - 1)

    #: What a table without rows says instead of a header over nothing.
    EMPTY = "Nenhum registro no ano para esta tabela."

    def _empty_text(self) -> str:
        return (
            f"{self.caption}: {self.EMPTY[0].lower()}{self.EMPTY[1:]}"
            if self.caption
            else (self.EMPTY)
        )

    def _repr_html_(self) -> str:
        """The table in a box that scrolls sideways on its own (a focusable region
        named by the caption: a keyboard reaches what is off screen), never the page.
        Every header cell has its scope, the first column heads its row (a screen
        reader says the indicator with each number); right-aligned columns are
        numbers (``num``: never broken in two), monospaced ones hashes (``hash``:
        the only cells that may break anywhere)."""
        if not self.rows:
            return no_math(f"<p>{html.escape(self._empty_text())}</p>", markdown=False)
        al = {"l": "left", "r": "right", "c": "center", "p": "left"}
        cols = self._align().replace("p", "l")

        def kind(i: int, a: str) -> str:
            names = (["num"] if a == "r" else []) + (["hash"] if i in self.mono else [])
            return f' class="{" ".join(names)}"' if names else ""

        head = "".join(
            f'<th scope="col"{kind(i, a)} style="text-align:{al[a]}">{html.escape(h)}</th>'
            for i, (h, a) in enumerate(zip(self.header, cols, strict=True))
        )

        def cell(i: int, value: object, a: str) -> str:
            tag, scope = ("th", ' scope="row"') if i == 0 else ("td", "")
            style = f' style="text-align:{al[a]}"'
            return f"<{tag}{scope}{kind(i, a)}{style}>{html.escape(str(value))}</{tag}>"

        body = "".join(
            "<tr>"
            + "".join(cell(i, c, a) for i, (c, a) in enumerate(zip(r, cols, strict=True)))
            + "</tr>"
            for r in self.rows
        )
        # An id from the content, the same at every build: the region is named by it.
        ident = "tabela-" + hashlib.sha1(repr(self).encode("utf-8")).hexdigest()[:10]
        name = self.caption or "Tabela: " + ", ".join(self.header)
        cap = f'<caption id="{ident}">{html.escape(name)}</caption>'
        note = (
            "<p><small>"
            + "<br>".join(html.escape(n) for n in self.note.split("\n"))
            + "</small></p>"
            if self.note
            else ""
        )
        table = (
            f'<div class="tabela" role="region" aria-labelledby="{ident}" tabindex="0">'
            f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{note}"
        )
        return no_math(table, markdown=False)

    def _repr_latex_(self) -> str:
        if not self.rows:
            return latex_escape(self._empty_text()) + "\n"
        cols = self._align()
        if self.widths:
            spec = "".join(
                f">{{\\raggedright\\arraybackslash}}p{{{w}\\linewidth}}"
                if a in "lp"
                else f">{{\\raggedleft\\arraybackslash}}p{{{w}\\linewidth}}"
                for a, w in zip(cols, self.widths, strict=True)
            )
        else:
            spec = cols
        head = " & ".join(f"\\textbf{{{latex_escape(h)}}}" for h in self.header)
        body = "\n".join(
            " & ".join(self._cell(i, c) for i, c in enumerate(r)) + r" \\" for r in self.rows
        )
        # The caption is a spanning first row (repeated on continuation pages): nbconvert's
        # base template switches LaTeX captions off.
        cap = (
            f"\\multicolumn{{{len(self.header)}}}{{@{{}}l}}"
            f"{{\\normalsize\\textbf{{{latex_escape(self.caption)}}}}}\\\\[2pt]\n"
            if self.caption
            else ""
        )
        # A note may be long (the reasons why figures are not available): it wraps
        # within the table's width, one paragraph per line of ``note``.
        width = sum(self.widths) if self.widths else 0.8
        note = (
            f"\\multicolumn{{{len(self.header)}}}{{@{{}}p{{{width:.2f}\\linewidth}}}}"
            "{\\footnotesize\\raggedright "
            + "\\par ".join(latex_escape(n) for n in self.note.split("\n"))
            + "}\\\\\n"
            if self.note
            else ""
        )
        return (
            "\\begingroup\\small\n"
            f"\\begin{{longtable}}{{{spec}}}\n{cap}\\toprule\n{head} \\\\\n\\midrule\n"
            "\\endhead\n"
            f"{body}\n\\bottomrule\n{note}\\end{{longtable}}\n\\endgroup\n"
        )

    def _cell(self, i: int, value: object) -> str:
        text = latex_escape(value)
        if i in self.mono:
            chunks = [text[k : k + 32] for k in range(0, len(text), 32)]
            return "\\texttt{\\scriptsize " + "\\newline ".join(chunks) + "}"
        return text

    def _typst(self) -> str:
        """A table whose header cells are tagged TH and repeat on every page, rows
        never split (the template's ``table.cell`` rule), its caption above it."""
        if not self.rows:
            return typst_escape(self._empty_text())
        al = {"l": "left", "r": "right", "c": "center", "p": "left"}
        cols = self._align()
        # The table is as wide as the widths' sum (a fraction of the text width); a
        # number column is as wide as its widest entry (an amount never runs into the
        # next one), the text columns share the rest in their proportions.
        widths = (
            ", ".join(
                "auto" if a == "r" else f"{w * 100:g}fr"
                for a, w in zip(cols, self.widths, strict=True)
            )
            if self.widths
            else ", ".join(["auto"] * len(self.header))
        )
        width = f"{sum(self.widths) * 100:g}%" if self.widths else "auto"
        head = ", ".join(f"[*{typst_escape(h)}*]" for h in self.header)
        body = ",\n".join(
            ", ".join(f"[{self._typst_cell(i, c)}]" for i, c in enumerate(r)) for r in self.rows
        )
        caption = (
            f"caption: figure.caption(position: top)[{typst_escape(self.caption)}], "
            if self.caption
            else ""
        )
        table = (
            f"#figure(kind: table, {caption}block(width: {width}, table(\n"
            f"  columns: ({widths},), align: ({', '.join(al[a] for a in cols)},),\n"
            f"  table.hline(stroke: 0.08em), table.header({head}), table.hline(stroke: 0.05em),\n"
            f"{body},\n  table.hline(stroke: 0.08em))))\n"
        )
        if self.note:
            lines = " \\\n".join(typst_escape(n) for n in self.note.split("\n"))
            table += f"#block(above: 0.4em, text(size: 8pt)[{lines}])\n"
        return table

    def _typst_cell(self, i: int, value: object) -> str:
        text = str(value)
        if i in self.mono:
            chunks = [typst_escape(text[k : k + 32]) for k in range(0, len(text), 32)]
            return '#text(font: "DejaVu Sans Mono", size: 6.5pt)[' + " \\ ".join(chunks) + "]"
        return typst_escape(text)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {TYPST: self._typst()}

    def __repr__(self) -> str:
        if not self.rows:
            return self._empty_text()
        lines = [" | ".join(self.header)] + [" | ".join(map(str, r)) for r in self.rows]
        return "\n".join(lines)


#: The output type of a chart's phone version (templates/balanco_html shows it on
#: small screens).
PHONE_SVG = "application/vnd.balanco.celular+svg+xml"


@dataclass(frozen=True)
class Chart:
    """A rendered chart: one SVG for the screens and the Typst PDF (vector, text as
    text); ``pdf``, the form nbconvert's stock LaTeX route reads (the notebooks make
    it from the SVG with Typst, :func:`balanco.charts.svg_pdf`), travels when given.

    ``alt`` is its alternative text (the finding and the numbers drawn, see
    :func:`balanco.charts.alt_text`); it travels as the outputs' metadata, where the
    HTML template makes it the chart's ``aria-label`` and description and the PDF
    template its ``/Alt`` text."""

    svg: str
    pdf: bytes
    title: str
    alt: str = ""
    #: The chart drawn for phones (:mod:`balanco.phone`), which the HTML page shows on
    #: small screens; travels as :data:`PHONE_SVG` (JupyterLab and the PDF ignore it).
    svg_phone: str = ""

    def _repr_mimebundle_(self, include=None, exclude=None):
        alt = self.alt or f"Gráfico: {self.title}"
        data = {"image/svg+xml": self.svg, "text/plain": alt}
        # The title is also the figure's caption in the Typst PDF.
        meta = {"image/svg+xml": {"alt": alt, "title": self.title}}
        if self.pdf:
            data["application/pdf"] = base64.b64encode(self.pdf).decode("ascii")
            meta["application/pdf"] = {"alt": alt}
        if self.svg_phone:
            data[PHONE_SVG] = self.svg_phone
        return data, meta


@dataclass(frozen=True)
class Latex:
    """Raw LaTeX built by this package (cover, colophon), with a Markdown screen form
    and its Typst form (``typst``; ``typst_meta`` travels as the output's metadata:
    the cover's document title, author, subject, keywords and running footer)."""

    latex: str
    markdown: str
    typst: str = ""
    typst_meta: Mapping[str, object] | None = None

    def _repr_mimebundle_(self, include=None, exclude=None):
        if not self.typst:
            return {}
        return {TYPST: self.typst}, ({TYPST: dict(self.typst_meta)} if self.typst_meta else {})

    def _repr_latex_(self) -> str:
        return self.latex

    def _repr_markdown_(self) -> str:
        return no_math(self.markdown)

    def __repr__(self) -> str:
        return self.markdown


#: The output metadata (under ``text/markdown``) of a :class:`Markdown` display: its
#: headings are at the notebook cells' levels, and the HTML page shifts them as it
#: shifts the cells' (``balanco.build.html``).
NESTED_HEADINGS = "balanco_titulos_do_notebook"


@dataclass(frozen=True)
class Markdown:
    """Trusted project prose (docs/metodologia.md): Markdown on screen and for the
    Typst PDF (the exporter converts it), and converted by pandoc, when installed,
    for the stock LaTeX route with raw TeX disabled."""

    text: str
    shift_headings: int = 1

    def _repr_markdown_(self) -> tuple[str, dict[str, bool]]:
        return self.text, {NESTED_HEADINGS: True}

    def _repr_latex_(self) -> str | None:
        import shutil
        import subprocess

        if shutil.which("pandoc") is None:
            return None  # only the optional stock LaTeX route reads it (README)
        # pandoc directly (not through nbconvert, whose import costs seconds in the kernel);
        # raw TeX and TeX math are off, so the text prints literally.
        done = subprocess.run(
            [
                "pandoc",
                "--from",
                "markdown-raw_tex-tex_math_dollars-tex_math_single_backslash",
                "--to",
                "latex",
                f"--shift-heading-level-by={self.shift_headings}",
            ],
            input=self.text,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def __repr__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Group:
    """Several display objects shown one after the other (one cell, one section)."""

    parts: Sequence[Paragraphs | Bullets | Table]

    def _repr_markdown_(self) -> str:
        shown = (
            p._repr_markdown_() if hasattr(p, "_repr_markdown_") else p._repr_html_()
            for p in self.parts
        )
        return "\n\n".join(x[0] if isinstance(x, tuple) else x for x in shown)

    def _repr_latex_(self) -> str:
        return "\n".join(p._repr_latex_() for p in self.parts)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {TYPST: "\n\n".join(p._typst() for p in self.parts)}

    def __repr__(self) -> str:
        return "\n\n".join(repr(p) for p in self.parts)


@dataclass(frozen=True)
class Outputs:
    """Several outputs of one cell, each shown as its own output (a chart cannot
    share an output with text): the consolidated report's departments, one
    section each."""

    parts: Sequence[object]

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(*self.parts)

    def __repr__(self) -> str:
        return "\n\n".join(repr(p) for p in self.parts)
