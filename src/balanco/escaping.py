r"""Escaping text from data for each form a cell shows: LaTeX (:func:`latex_escape`,
:func:`latex_url`) for nbconvert's stock ``--to pdf`` route, Markdown for JupyterLab
(:func:`md_escape`), and the element MathJax skips (:func:`no_math`, :data:`NO_MATH`).
The Typst form's escaping is :func:`balanco.typst_markup.escape`; the display
objects that use all of them are in :mod:`balanco.display`.
"""

from __future__ import annotations

import re

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "%": r"\%",
    # A non-breaking space (inside "R$ 81,3 milhões") is TeX's tie.
    "\xa0": "~",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIAL))
#: A straight double quote at the start of the text or after a space or an opening
#: bracket opens a quotation; any other closes one.
_OPENING_QUOTE = re.compile(r'(?:^|(?<=[\s(\[{]))"')
_CLOSING_QUOTE = re.compile('"')
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>$~^&%]")
#: Characters JupyterLab's math pre-pass reacts to, as character references.
_MD_REFS = {"\\": "&#92;", "$": "&#36;"}
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
#: Classes whose contents MathJax leaves alone: v3 (JupyterLab 4) and v2 (classic Notebook).
NO_MATH = "tex2jax_ignore mathjax_ignore"


def latex_escape(text: object) -> str:
    r"""Escape a value for LaTeX so that it prints literally.

    >>> print(latex_escape("100% & R$ 5 {x} \\y ~ ^ # _"))
    100\% \& R\$ 5 \{x\} \textbackslash{}y \textasciitilde{} \textasciicircum{} \# \_

    Two or three hyphens stay hyphens (TeX would print a dash): a command's option
    is printed as written.

    >>> print(latex_escape("balanco prepare --year 2023"))
    balanco prepare -{}-year 2023

    A straight double quote would print as a closing quote on both sides (the TeX
    mapping of the PDF's fonts turns ``"`` into ”): the messages' quotes become an
    opening “ where a word starts and a closing ” elsewhere.

    >>> print(latex_escape('valor "Convênio Anulada" ("x"); "Cancelado"'))
    valor “Convênio Anulada” (“x”); “Cancelado”
    """
    escaped = _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group()], str(text))
    escaped = _CLOSING_QUOTE.sub("”", _OPENING_QUOTE.sub("“", escaped))
    return escaped.replace("--", "-{}-").replace("--", "-{}-")


def latex_url(url: str) -> str:
    r"""A URL as ``\href``'s first argument: hyperref reads it verbatim except ``%``,
    ``#`` and ``\``, escaped here.

    >>> print(latex_url("https://x.org/a%20b/balanco-2024.html"))
    https://x.org/a\%20b/balanco-2024.html
    """
    return re.sub(r"([%#\\])", r"\\\1", url)


def md_escape(text: object) -> str:
    r"""Escape a value for Markdown (screen form) so that it prints literally: no
    emphasis, link, HTML or math; line breaks become spaces (a data value is one
    line of prose).

    >>> print(md_escape("R$ 5 *x* <b> \\y"))
    R&#36; 5 \*x\* \<b\> &#92;y
    """
    text = _NEWLINES.sub(" ", str(text))
    return _MD_SPECIAL.sub(lambda m: _MD_REFS.get(m.group(), "\\" + m.group()), text)


def no_math(body: str, *, markdown: bool = True) -> str:
    """Wrap a screen form in an element MathJax skips (:data:`NO_MATH`). In
    Markdown, blank lines around the body keep it Markdown inside the HTML block."""
    if markdown:
        return f'<div class="{NO_MATH}">\n\n{body}\n\n</div>'
    return f'<div class="{NO_MATH}">{body}</div>'
