"""What each raw file must look like: its columns, their types, whether they are
required, their accepted values (the closed vocabularies) and an example row,
declared by each department (``columns.LAYOUTS``, a lazy part) so that the
column reference (``docs/colunas.md``, :func:`reference`) and the blank
spreadsheet templates (``balanco modelos``) are generated from one declaration.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

from .vocabulary import Vocabulary

#: Column types, as the reference prints them.
TEXT = "texto"
CODE = "código (texto)"
DATE = "data"
DATETIME = "data e hora"
MONEY = "valor em reais"
INTEGER = "número inteiro"
CATEGORY = "valor da lista"
JSON_LIST = "lista de números (JSON)"

#: The committed column reference (tests/test_layout.py keeps it generated).
REFERENCE_FILE = "docs/colunas.md"


@dataclass(frozen=True)
class Field:
    """One column of a raw file, as written in its header."""

    name: str
    kind: str
    example: str
    required: bool = True
    vocabulary: Vocabulary | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if (self.vocabulary is None) != (self.kind != CATEGORY):
            raise ValueError(f"{self.name}: a category column needs its vocabulary (and only it)")


@dataclass(frozen=True)
class Layout:
    """The columns of one source (``source``: its Source key) that the balance reads.
    ``template``: a hand-kept spreadsheet, for which ``balanco modelos`` writes a
    blank ``.xlsx`` named ``file``."""

    source: str
    file: str
    title: str
    fields: tuple[Field, ...]
    template: bool = False
    note: str = ""

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


def category(
    vocab: Vocabulary, example: str, description: str = "", *, required: bool = True
) -> Field:
    """The field of a closed vocabulary: its column and values come from the
    vocabulary (``required``: the column must be in the file; whether a blank
    cell is accepted is the vocabulary's, said in its rule)."""
    return Field(vocab.column, CATEGORY, example, required, vocab, description)


def declared(departments: Iterable[ModuleType]) -> list[tuple[ModuleType, Layout]]:
    """Every department's layouts (``columns.LAYOUTS``), in the registry's order."""
    out = []
    for dept in departments:
        try:
            layouts = dept.columns.LAYOUTS
        except AttributeError:
            continue
        out.extend((dept, layout) for layout in layouts)
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference(departments: Iterable[ModuleType]) -> str:
    """The column reference (Markdown, Portuguese): one section per source."""
    lines = [
        "# Referência das colunas",
        "",
        "<!-- Gerado por balanco.departments.layout.reference a partir das declarações",
        "dos departamentos (columns.py e VOCABULARIES); não edite à mão:",
        "python -c 'from balanco import blank_sheets; blank_sheets.write_reference()' -->",
        "",
        "O que cada arquivo de `data/raw/<ano>/` deve ter: as colunas que o balanço lê "
        "(colunas a mais são ignoradas; a ordem não importa), o tipo, se é obrigatória e, "
        "nas colunas que decidem se um registro conta, os valores aceitos. Maiúsculas, "
        "acentos e espaços não fazem um valor novo; outra grafia para a execução, a menos "
        "que seja declarada em `[grafias]` do arquivo do município "
        "(`municipios/README.md`). As planilhas mantidas à mão têm modelos em branco, com "
        "listas suspensas: `balanco modelos`.",
        "",
    ]
    for dept, layout in declared(departments):
        lines += [f"## {dept.TITLE}: {layout.title} (`{layout.file}`)", ""]
        if layout.note:
            lines += [layout.note, ""]
        lines += [
            f"Nome da fonte em `[grafias]`: `{layout.source}`."
            + (" Modelo em branco: `balanco modelos`." if layout.template else ""),
            "",
            "| Coluna | Tipo | Obrigatória | Valores aceitos | Descrição |",
            "|---|---|---|---|---|",
        ]
        for f in layout.fields:
            values = ""
            if f.vocabulary is not None:
                values = ", ".join(f"`{v}`" for v in f.vocabulary.values)
            description = f.description
            if f.vocabulary is not None:
                description = " ".join(p for p in (description, f.vocabulary.rule) if p)
                if f.vocabulary.note:
                    description += " " + f.vocabulary.note
            lines.append(
                f"| `{_cell(f.name)}` | {f.kind} | {'sim' if f.required else 'não'} | "
                f"{_cell(values)} | {_cell(description)} |"
            )
        lines += [
            "",
            "Exemplo de linha:",
            "",
            "| " + " | ".join(_cell(f.name) for f in layout.fields) + " |",
            "|" + "---|" * len(layout.fields),
            "| " + " | ".join(_cell(f.example) for f in layout.fields) + " |",
            "",
        ]
    return "\n".join(lines)
