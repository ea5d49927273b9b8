"""A small report page for the HTML tests (issue 17): a notebook holding the
outputs the report's objects display (cover, a section, a chart, tables, the
methodology's Markdown, the colophon), exported with the project's template, and
what a browser measures on it."""

from __future__ import annotations

from pathlib import Path

import nbformat
from IPython.core.interactiveshell import InteractiveShell
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from balanco import charts
from balanco.build import html as export_html
from balanco.display import Chart, Latex, Markdown, Table

ROOT = Path(__file__).resolve().parents[1]
AMOUNT = "R$\xa0150,5\xa0milhões"
#: A table wider than a 375 px phone: eight columns of amounts.
WIDE = Table(
    ["Órgão", *[f"Ano {y}" for y in range(2017, 2025)]],
    [["Ministério da Saúde", *[AMOUNT] * 8], ["Secretaria da Educação", *[AMOUNT] * 8]],
    align="l" + "r" * 8,
    caption="Repasses por órgão: 14 de 14 números do release conferem com os calculados",
)
INDICATORS = Table(
    ["Indicador", "2023", "2024", "Variação"],
    [
        ["Convênios federais celebrados", "18", "22", "+22,2%"],
        ["Valor dos convênios federais", "R$\xa081,3\xa0milhões", AMOUNT, "−3,7%"],
        ["Atendimentos do Procon", "3.162", "3.303", "+4,5%"],
    ],
    align="lrrr",
    caption="Indicadores de 2024",
)
SOURCES = Table(
    ["Arquivo", "Registros", "SHA-256"],
    [["siconv_convenio.csv", "sintéticos", "f71201ef085c6088bf55680dbbd8acf3a18cfd842a3eed680147"]],
    align="lll",
    mono=(2,),
    caption="Arquivos de origem",
)


def chart() -> Chart:
    title = "Telefonia lidera as reclamações"
    with charts.figure() as fig:
        charts.hbar(fig.add_subplot(), ["Telefonia", "Bancos"], [1234, 56], title=title)
        svg, pdf = charts.render(fig)
        alt = charts.alt_text(fig, title)
    return Chart(svg, pdf, title, alt)


def _cell(obj) -> object:
    data, meta = InteractiveShell.instance().display_formatter.format(obj)
    cell = new_code_cell("report.x()")
    cell.outputs = [new_output("display_data", data=data, metadata=meta)]
    return cell


def notebook():
    cover = Latex("", "# Balanço anual — 2024\n\n**Prefeitura Municipal de Suzano · Secretaria**")
    method = Markdown(
        "## Convênios: definições\n\nComo se conta.\n\n## Procon: definições\n\nComo se conta.",
        0,
    )
    colophon = Latex("", "**Colofão**\n\nGerado pelo balanco.")
    return new_notebook(
        cells=[
            _cell(cover),
            new_markdown_cell("# Convênios"),
            _cell(INDICATORS),
            _cell(chart()),
            _cell(WIDE),
            new_markdown_cell("# Fontes e métodos"),
            _cell(SOURCES),
            _cell(method),
            _cell(colophon),
        ]
    )


def page(folder: Path, data_digest: str | None = None) -> Path:
    """The exported page, ``balanco-2024.html`` in ``folder`` (``data_digest``: the
    processed data's the notebook is said to have read)."""
    executed = folder / "notebooks" / "balanco.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook(), executed)
    return export_html.export(
        executed, folder / "balanco-2024.html", ROOT / "templates", data_digest=data_digest
    )


#: A number, an amount or a percentage as a cell holds it.
NUMBER = r"/^[+\-−]?(R\$[\s\u00a0])?[\d.]+(,\d+)?(%|[\s\u00a0](mil|milhão|milhões|dias?))?$/"

#: The table cells holding a number whose text takes more than one line.
WRAPPED_NUMBERS = f"""() => [...document.querySelectorAll('td, th')]
    .filter(c => {NUMBER}.test(c.textContent.trim()))
    .map(c => {{
        const r = document.createRange();
        r.selectNodeContents(c);
        const lines = new Set([...r.getClientRects()].map(x => Math.round(x.bottom)));
        return [c.textContent.trim(), lines.size];
    }})"""

#: Each table: whether a box of its own scrolls it sideways (and is focusable and
#: named), how wide it is and how wide that box is.
TABLE_BOXES = """() => [...document.querySelectorAll('table')].map(t => {
    let box = t.parentElement;
    while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    const own = box && box !== document.body && box !== document.documentElement;
    const label = own && box.getAttribute('aria-labelledby');
    return {
        caption: t.caption ? t.caption.textContent : null,
        own: !!own,
        focusable: !!own && box.tabIndex === 0,
        named: !!label && document.getElementById(label) === t.caption,
        scrolls: !!own && box.scrollWidth > box.clientWidth,
    };
})"""

#: Each table caption's text, how far right its last character reaches and where
#: what the reader sees ends: the right edge of the table's scrolling box, or of
#: the screen (CSS px). A caption cut off inside its box reaches past it.
CAPTION_RIGHTS = """() => [...document.querySelectorAll('caption')].map(c => {
    const r = document.createRange();
    r.selectNodeContents(c);
    const right = Math.max(...[...r.getClientRects()].map(x => x.right));
    let box = c.parentElement;
    while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    const edge = box ? box.getBoundingClientRect().right : window.innerWidth;
    return [c.textContent.trim(), right, Math.min(edge, window.innerWidth)];
})"""

PAGE_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def exposed(page, text: str) -> int:
    """How many nodes of Chromium's accessibility tree expose ``text`` (as a name or
    as text): 1 when a screen reader announces it once."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    count = 0
    for node in nodes:
        if node.get("ignored"):
            continue
        role = node.get("role", {}).get("value")
        name = (node.get("name") or {}).get("value") or ""
        if role != "InlineTextBox" and name.strip() == text.strip():
            count += 1
    return count


def headings(html: str) -> list[tuple[int, str]]:
    import re

    return [
        (int(level), re.sub(r"<[^>]+>", "", text).strip())
        for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, re.DOTALL)
    ]


def repeated_headings(found: list[tuple[int, str]]) -> list[str]:
    """The heading texts that occur more than once anywhere in the page (a reader
    jumping by headings cannot tell two "Convênios" apart)."""
    texts = [text for _, text in found]
    return sorted({t for t in texts if texts.count(t) > 1})


def outline_problems(found: list[tuple[int, str]]) -> list[str]:
    """A heading that skips a level, or repeats the text of another under the same
    parent (two "Convênios" side by side)."""
    problems, path, seen = [], [], set()
    for level, text in found:
        if path and level > path[-1][0] + 1:
            problems.append(f"h{level} {text!r} pula um nível")
        path = [p for p in path if p[0] < level]
        key = (tuple(t for _, t in path), text)
        if key in seen:
            problems.append(f"h{level} {text!r} repetido")
        seen.add(key)
        path.append((level, text))
    return problems
