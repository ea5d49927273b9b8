"""Markdown (the notebook's Markdown cells, the methodology's text) as Typst markup,
through mistune's syntax tree: text is escaped (:func:`balanco.typst_markup.escape`),
so only Markdown's own structure (headings, paragraphs, lists, emphasis, code,
links) becomes Typst; raw HTML (comments, wrappers) is left out."""

from __future__ import annotations

from functools import cache

from ..typst_markup import escape, string


@cache
def _parser():
    import mistune

    return mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])


def markdown_to_typst(text: str) -> str:
    r"""``text`` (Markdown) as Typst markup.

    >>> print(markdown_to_typst("# Fontes e métodos\n\nR$ *5* `x_y` [site](http://a.b)"))
    = Fontes e métodos
    <BLANKLINE>
    R\$ #emph[5] #raw("x_y") #link("http://a.b")[site]
    <BLANKLINE>
    """
    return _blocks(_parser()(text)).strip() + "\n"


def _blocks(tokens: list[dict]) -> str:
    out = []
    for t in tokens:
        kind, children = t["type"], t.get("children", [])
        if kind == "heading":
            out.append("=" * t["attrs"]["level"] + " " + _inline(children))
        elif kind in ("paragraph", "block_text"):
            out.append(_inline(children))
        elif kind == "list":
            marker = "+" if t["attrs"].get("ordered") else "-"
            items = [
                f"{marker} " + _blocks(item.get("children", [])).replace("\n", "\n  ")
                for item in children
            ]
            out.append("\n".join(items))
        elif kind == "block_code":
            out.append(f"#raw(block: true, {string(t['raw'].rstrip())})")
        elif kind == "block_quote":
            out.append(f"#quote(block: true)[{_blocks(children)}]")
        elif kind == "thematic_break":
            out.append("#line(length: 100%, stroke: 0.5pt)")
        elif kind == "table":
            out.append(_table(children))
        # blank_line, block_html (comments, wrappers): nothing printed
    return "\n\n".join(x for x in out if x.strip())


def _inline(tokens: list[dict]) -> str:
    out = []
    for t in tokens:
        kind, children = t["type"], t.get("children", [])
        if kind == "text":
            out.append(escape(t["raw"]))
        elif kind == "emphasis":
            out.append(f"#emph[{_inline(children)}]")
        elif kind == "strong":
            out.append(f"#strong[{_inline(children)}]")
        elif kind == "strikethrough":
            out.append(f"#strike[{_inline(children)}]")
        elif kind == "codespan":
            out.append(f"#raw({string(t['raw'])})")
        elif kind == "link":
            out.append(f"#link({string(t['attrs']['url'])})[{_inline(children)}]")
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "linebreak":
            out.append(" \\\n")
        elif kind == "image":
            out.append(_inline(children))  # its alternative text, as text
        # inline_html: nothing printed
    return "".join(out)


def _table(parts: list[dict]) -> str:
    rows: list[list[str]] = []
    header: list[str] = []
    for part in parts:
        if part["type"] == "table_head":
            header = [f"[*{_inline(c.get('children', []))}*]" for c in part["children"]]
        elif part["type"] == "table_body":
            for row in part["children"]:
                rows.append([f"[{_inline(c.get('children', []))}]" for c in row["children"]])
    cells = ",\n".join(", ".join(r) for r in rows)
    return (
        f"#table(columns: {max(len(header), 1)}, table.hline(stroke: 0.08em), "
        f"table.header({', '.join(header)}), table.hline(stroke: 0.05em),\n"
        f"{cells},\n table.hline(stroke: 0.08em))"
    )
