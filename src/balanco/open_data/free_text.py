"""Which free text typed by staff the open data publishes: none, unless the
municipality's file names the column in ``publicar_texto_livre`` (LGPD).

An ofício's subject, a press demand's subject, a GLPI ticket's title, the state
spreadsheet's object, a supplier's or a shop's name are typed by staff and may
hold anybody's name; the program cannot tell. Each open-data column is classified
in its department (``Column.kind``, :mod:`balanco.departments.open_data_spec`); a column of
class ``texto_livre`` is published only when the municipality's file writes it as
``"conjunto.coluna"`` (the published names, as in the dictionary), and then with
the treatment its department declares (known names of the year replaced, the
name after "Gabinete de" cut).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..config import municipio_file
from ..departments.open_data_spec import FREE_TEXT, KINDS, Dataset, opt_in
from ..errors import BadInput, Problem, did_you_mean
from ..settings import Settings

#: The municipality file's key (``municipios/README.md``).
KEY = "publicar_texto_livre"


def free_text_columns(specs: Iterable[Dataset]) -> list[str]:
    """Every free-text column of ``specs`` as the municipality file names it."""
    return [f"{s.name}.{c.name}" for s in specs for c in s.columns if c.kind == FREE_TEXT]


def chosen(settings: Settings | None, specs: Iterable[Dataset]) -> frozenset[str]:
    """The free-text columns the municipality publishes, checked against ``specs``
    (every dataset of the registered departments); anything else is a BadInput
    naming the municipality file, the line and the key."""
    if settings is None:
        return frozenset()
    names = tuple(settings.open_free_text)
    if not names:
        return frozenset()
    specs = tuple(specs)
    columns = {f"{s.name}.{c.name}": c for s in specs for c in s.columns}
    allowed = free_text_columns(specs)
    problems = []
    path = municipio_file(settings.root, settings.slug)
    line = _line(path)
    for name in names:
        column = columns.get(name)
        if column is not None and column.kind == FREE_TEXT:
            continue
        if column is None:
            why = f"não é uma coluna dos dados abertos.{did_you_mean(name, allowed)}"
        else:
            why = f"não é texto livre ({KINDS.get(column.kind, 'sem classificação')})."
        problems.append(
            Problem(
                str(path),
                f"{why} Esperado “conjunto.coluna” de uma coluna de texto livre: "
                + ", ".join(allowed),
                line=line,
                column=KEY,
                value=name,
            )
        )
    if problems:
        raise BadInput(problems)
    return frozenset(names)


def applied(specs: Iterable[Dataset], names: frozenset[str]) -> list[Dataset]:
    """``specs`` with the chosen free-text columns published (the others are not)."""
    return [opt_in(s, names) for s in specs]


def summary(specs: Iterable[Dataset]) -> str:
    """The dictionary's paragraph on the classes of columns and on the free text
    left out or published by the municipality's decision (Portuguese)."""
    specs = tuple(specs)
    left = [
        f"`{s.name}.{c.name}`"
        for s in specs
        for c in s.columns
        if c.kind == FREE_TEXT and not c.opted_in
    ]
    chosen_ = [f"`{s.name}.{c.name}`" for s in specs for c in s.columns if c.opted_in]
    text = (
        "Cada coluna tem uma classificação (coluna `classificacao`): codificada "
        "(categorias, datas, contagens, códigos e valores), pública por lei (publicada "
        "como está na fonte, como o objeto de um convênio no Transferegov e o título de "
        "um post publicado no site), texto livre digitado pela equipe ou dado pessoal. "
        "Dados pessoais (nomes, número do processo) nunca são publicados. Texto livre "
        "digitado pela equipe pode conter o nome de qualquer pessoa e só é publicado "
        "quando o município decide publicar a coluna; a coluna `lgpd` diz o que ficou "
        "de fora e por quê."
    )
    if left:
        text += " Texto livre não publicado: " + ", ".join(left) + "."
    if chosen_:
        text += " Texto livre publicado por decisão do município: " + ", ".join(chosen_) + "."
    return text


def colophon(specs: Iterable[Dataset]) -> str | None:
    """The colophon's sentence on the free text the municipality's file publishes
    (None when it publishes none), in Portuguese.

    >>> from balanco.departments.open_data_spec import Column
    >>> col = Column("bairro", "bairro", "string", "Bairro, como digitado.", "Bairro", "",
    ...              kind=FREE_TEXT, opted_in=True)
    >>> colophon([Dataset("fisc", "procon", "f", "", "", None, "", (col,))]).split(": ")[1]
    'bairro (fisc.bairro).'
    """
    chosen_ = [
        f"{_phrase(c.description)} ({s.name}.{c.name})"
        for s in specs
        for c in s.columns
        if c.kind == FREE_TEXT and c.opted_in
    ]
    if not chosen_:
        return None
    return (
        "Texto livre digitado pela equipe publicado por decisão do município "
        f"({KEY}): " + "; ".join(chosen_) + "."
    )


def _phrase(description: str) -> str:
    """A column's description as a phrase: its first clause, lower-case."""
    first = description.split(",")[0].rstrip(".").strip()
    return first[:1].lower() + first[1:]


def _line(path) -> int | None:
    try:
        text = path.read_text("utf-8")
    except OSError:
        return None
    pattern = re.compile(rf"^\s*{KEY}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None
