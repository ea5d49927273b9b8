r"""Typst for text from data: every value prints literally in the PDF.

Typst's markup gives meaning to many characters (``$`` opens mathematics, ``#``
code, ``*`` and ``_`` emphasis, ``@`` a reference, ``<`` a label, ``=``/``-``/
``+``/``/`` at a line's start a heading or a list, ``//`` a comment, ``--`` a dash,
``...`` an ellipsis, ``~`` a non-breaking space, ``'`` a smart quote). A backslash
before any of them prints the character itself; :func:`escape` puts one there.
A straight double quote is left to Typst, which prints the quotation marks of
the text's language (“…” in pt-BR), as the LaTeX PDF did.
"""

from __future__ import annotations

import re

#: Characters that mean something in Typst markup (see the module docstring).
_SPECIAL = re.compile(r"[\\#$*_@<>=\-+/\[\]`~'.]")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")

#: The mimetype of a display object's Typst form (the PDF exporter reads it).
TYPST = "text/vnd.balanco.typst"


def escape(text: object) -> str:
    r"""``text`` as Typst markup that prints it literally, on one line.

    >>> print(escape("R$ 5 *x* _y_ #1 @a <b> \\z = 1.234 -- ok"))
    R\$ 5 \*x\* \_y\_ \#1 \@a \<b\> \\z \= 1\.234 \-\- ok
    """
    text = _NEWLINES.sub(" ", str(text))
    return _SPECIAL.sub(lambda m: "\\" + m.group(), text)


def string(text: object) -> str:
    r"""``text`` as a Typst string literal (for arguments: ``alt``, metadata).

    >>> print(string('Gráfico "a" \\ b'))
    "Gráfico \"a\" \\ b"
    """
    body = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + body.replace("\r", "").replace("\n", "\\n") + '"'
