"""The Typst forms of the report's own pages (cover with contents, colophon,
a section's heading), from values the sections have already computed: every
value is escaped (:mod:`balanco.typst_markup`)."""

from __future__ import annotations

import re
from pathlib import Path

from ..typst_markup import escape, string

SANS = '"DejaVu Sans"'
RULE = '#line(length: 60%, stroke: 1.5pt + rgb("#0072B2"))'


def logo_path(root: Path, logo: str) -> str | None:
    """The coat of arms as Typst reads it (``/``-rooted inside the project, which is
    the PDF compiler's root), or None when the path leaves the project."""
    base = Path(root).resolve()
    image = (base / logo).resolve()
    if not image.is_relative_to(base) or not image.is_file():
        return None
    return "/" + image.relative_to(base).as_posix()


def url_text(url: str) -> str:
    r"""``url`` as Typst markup that breaks only after a ``/`` (each piece up to its
    slash is one box): a break after "sp." would read as the end of a sentence.

    >>> print(url_text("https://a.sp.gov.br/b_1/c.html"))
    #box[https:\/\/]#box[a\.sp\.gov\.br\/]#box[b\_1\/]#box[c\.html]
    """
    return "".join(f"#box[{escape(piece)}]" for piece in re.findall(r"[^/]*/+|[^/]+", url))


def cover(
    *,
    municipality: str,
    secretariat: str,
    kind: str,
    title: str,
    year: int,
    notice: str,
    place_date: str,
    html_line: str,
    html_name: str,
    logo: str | None,
) -> str:
    """The cover page (no footer), then the contents on a page of their own; the
    page numbers count from the contents."""
    lines = [
        f"#page(footer: none)[\n#set align(center)\n#set par(justify: false)\n"
        f"#set text(font: {SANS})\n#v(2.2cm)"
    ]
    if logo:
        alt = f"Brasão de {municipality}"
        lines.append(f"#image({string(logo)}, height: 2.5cm, alt: {string(alt)})\n#v(0.6cm)")
    lines += [
        f"#text(size: 14pt)[Prefeitura Municipal de {escape(municipality)}]\n",
        f"#text(size: 14pt)[{escape(secretariat)}]\n#v(2.2cm)",
        f"{RULE}\n#v(0.6cm)",
    ]
    if kind:
        lines.append(f"#text(size: 17pt)[{escape(kind)}]\n#v(0.2cm)")
    lines += [
        f'#text(size: 30pt, weight: "bold")[{escape(title)}]\n#v(0.2cm)',
        f'#text(size: 44pt, weight: "bold", fill: rgb("#0072B2"))[{year}]\n#v(0.6cm)',
        f"{RULE}\n#v(1fr)",
    ]
    if notice:
        lines.append(
            f'#text(size: 13pt, weight: "bold", fill: rgb("#D55E00"))[{escape(notice)}]\n#v(1cm)'
        )
    lines += [
        f"#text(size: 9.5pt)[{escape(place_date)}]\n#v(0.3cm)",
        f"#text(size: 9.5pt)[{escape(html_line)} "
        f"#link({string(html_name)})[{url_text(html_name)}]]",
        "]",
        "#counter(page).update(1)",
        "#outline()",
        "#pagebreak(weak: true)",
    ]
    return "\n".join(lines) + "\n"


def section(title: str) -> str:
    """A numbered section heading, in the contents."""
    return f"= {escape(title)}\n"


def colophon(lines: list[str]) -> str:
    """The colophon at the foot of the last page, small, the data hash in mono; one
    block that never splits across pages (it moves whole to a new page)."""
    body = []
    for x in lines:
        if "SHA-256): " in x:
            head, value = x.split("SHA-256): ", 1)
            body.append(
                f"{escape(head)}SHA\\-256): \\ "
                f'#text(font: "DejaVu Sans Mono", size: 7pt)[{escape(value)}]'
            )
        else:
            body.append(escape(x))
    paragraphs = "\n\n".join(body)
    return (
        "#v(1fr)\n#align(center, block(width: 85%, breakable: false)[\n"
        f"#set align(left)\n#set text(font: {SANS}, size: 7.5pt)\n"
        "#set par(justify: false, spacing: 0.7em)\n"
        f"#strong[Colofão]\n\n{paragraphs}\n])\n"
    )
