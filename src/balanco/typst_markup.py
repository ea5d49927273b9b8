r"""Typst for text from data: every value prints literally in the PDF.

Typst's markup gives meaning to many characters (``$`` opens mathematics, ``#``
code, ``*`` and ``_`` emphasis, ``@`` a reference, ``<`` a label, ``=``/``-``/
``+``/``/`` at a line's start a heading or a list, ``//`` a comment, ``--`` a dash,
``...`` an ellipsis, ``~`` a non-breaking space, ``'`` and ``"`` smart quotes). A
backslash before any of them prints the character itself; :func:`escape` puts one
there. A straight double quote becomes the typographic pair, as in the LaTeX PDF:
an opening “ where a word starts, a closing ” elsewhere (Typst's own smart quote
would print ``0"`` as ``0″``).
"""

from __future__ import annotations

import re

#: Characters that mean something in Typst markup (see the module docstring).
_SPECIAL = re.compile(r"[\\#$*_@<>=\-+/\[\]`~'.]")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
_OPENING_QUOTE = re.compile(r'(?:^|(?<=[\s(\[{]))"')
_CLOSING_QUOTE = re.compile('"')

#: The mimetype of a display object's Typst form (the PDF exporter reads it).
TYPST = "text/vnd.balanco.typst"


def escape(text: object) -> str:
    r"""``text`` as Typst markup that prints it literally, on one line.

    >>> print(escape("R$ 5 *x* _y_ #1 @a <b> \\z = 1.234 -- ok"))
    R\$ 5 \*x\* \_y\_ \#1 \@a \<b\> \\z \= 1\.234 \-\- ok
    >>> print(escape('valor "Convênio" de 0"'))
    valor “Convênio” de 0”
    """
    text = _NEWLINES.sub(" ", str(text))
    text = _CLOSING_QUOTE.sub("”", _OPENING_QUOTE.sub("“", text))
    return _SPECIAL.sub(lambda m: "\\" + m.group(), text)


def string(text: object) -> str:
    r"""``text`` as a Typst string literal (for arguments: ``alt``, metadata).

    >>> print(string('Gráfico "a" \\ b'))
    "Gráfico \"a\" \\ b"
    """
    body = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + body.replace("\r", "").replace("\n", "\\n") + '"'


#: Whether this process has run the Typst compiler (the PDF exporter, a chart's PDF
#: form): its thread pool does not survive a fork, so a forked child that compiles
#: again waits for ever (seen with ``report.build(jobs=2)`` after an in-process
#: export). :func:`balanco.build.workers.started_workers` reads it.
_compiled = [False]


def note_compiled() -> None:
    """Record that Typst compiles in this process (call before compiling)."""
    _compiled[0] = True


def compiled_here() -> bool:
    """Whether Typst may have compiled in this process (ours, or any code that imported
    the ``typst`` module: a test, an analyst's cell): then new worker processes must
    not be forked from it."""
    import sys

    return _compiled[0] or "typst" in sys.modules
