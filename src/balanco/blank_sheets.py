"""``balanco modelos``: blank ``.xlsx`` templates of every hand-kept spreadsheet,
generated from the departments' layouts (:mod:`balanco.departments.layout`), and
the column reference written from the same layouts (:func:`write_reference`).

Each template has the header the loader looks for, a drop-down list (openpyxl
data validation) on every column of a closed vocabulary, date and money formats
on the date and money columns, and an instructions sheet (column, type,
required, accepted values, example) — so that a typo cannot be made in the
first place. Templates are written to a folder outside ``data/raw/`` and never
over an existing file without ``force``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from .departments.layout import (
    CATEGORY,
    DATE,
    INTEGER,
    MONEY,
    REFERENCE_FILE,
    Layout,
    declared,
    reference,
)
from .errors import BadInput, Problem
from .files import atomic_write

#: Default folder, relative to the project root (outside ``data/raw/``).
DEFAULT_FOLDER = "modelos"
#: The last row of a worksheet (Excel 2007+): drop-downs cover the whole column
#: below the header, since a year's spreadsheet can run past any guess
#: (``demandas_imprensa.xlsx`` for 2024 has 1,262 rows).
LAST_ROW = 1_048_576
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = '"R$" #,##0.00'
INTEGER_FORMAT = "0"
DATA_SHEET = "Dados"
HELP_SHEET = "Instruções"


def write_reference(root: object = None) -> None:
    """Regenerate ``docs/colunas.md`` from the declarations (the registry's departments)."""
    from .departments import DEPARTMENTS

    base = Path(root) if root is not None else Path(__file__).resolve().parents[2]
    (base / REFERENCE_FILE).write_text(reference(DEPARTMENTS), encoding="utf-8")


def templates(departments: Iterable[ModuleType]) -> list[Layout]:
    """The layouts of the hand-kept spreadsheets (``template=True``)."""
    return [layout for _, layout in declared(departments) if layout.template]


def list_formula(values: Iterable[str]) -> str:
    """An inline list for a list validation: ``"A,B,C"`` (Excel allows 255 characters).

    >>> list_formula(["Realizada", "Cancelada"])
    '"Realizada,Cancelada"'
    """
    values = list(values)
    if any("," in v or '"' in v for v in values):
        raise ValueError(f"a value of a drop-down list has a comma or a quote: {values}")
    formula = '"' + ",".join(values) + '"'
    if len(formula) > 257:
        raise ValueError(f"the drop-down list is longer than Excel allows: {formula}")
    return formula


def workbook(layout: Layout):
    """The blank template of one hand-kept spreadsheet (an openpyxl Workbook)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.freeze_panes = "A2"
    for c, f in enumerate(layout.fields, start=1):
        cell = ws.cell(row=1, column=c, value=f.name)
        cell.font = Font(bold=True)
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = max(14, len(f.name) + 4)
        area = f"{letter}2:{letter}{LAST_ROW}"
        fmt = {DATE: DATE_FORMAT, MONEY: MONEY_FORMAT, INTEGER: INTEGER_FORMAT}.get(f.kind)
        if fmt:
            # A column-level format: every row below the (bold, General) header
            # takes it, however long the year's list grows.
            ws.column_dimensions[letter].number_format = fmt
        if f.kind == CATEGORY and f.vocabulary is not None:
            shown = ", ".join(f.vocabulary.values)
            dv = DataValidation(
                type="list",
                formula1=list_formula(f.vocabulary.values),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Valor fora da lista",
                error=f"{f.name}: escolha um dos valores da lista ({shown}).",
                promptTitle=f.name,
                prompt="Escolha um valor da lista.",
            )
        elif f.kind == DATE:
            dv = DataValidation(
                type="date",
                operator="greaterThan",
                formula1="1",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Data inválida",
                error=f"{f.name}: escreva uma data, ex.: 05/03/2024.",
            )
        elif f.kind == MONEY:
            dv = DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Valor inválido",
                error=f"{f.name}: escreva um valor em reais, sem negativos, ex.: 1.234,56.",
            )
        else:
            continue
        ws.add_data_validation(dv)
        dv.add(area)
    help_ = wb.create_sheet(HELP_SHEET)
    head = ["Coluna", "Tipo", "Obrigatória", "Valores aceitos", "Exemplo", "Descrição"]
    for c, name in enumerate(head, start=1):
        help_.cell(row=1, column=c, value=name).font = Font(bold=True)
    for r, f in enumerate(layout.fields, start=2):
        values = ", ".join(f.vocabulary.values) if f.vocabulary is not None else ""
        rule = f.vocabulary.rule if f.vocabulary is not None else ""
        row = [f.name, f.kind, "sim" if f.required else "não", values, f.example]
        row.append(" ".join(p for p in (f.description, rule) if p))
        for c, value in enumerate(row, start=1):
            help_.cell(row=r, column=c, value=value)
    for letter, width in zip("ABCDEF", (24, 16, 12, 50, 22, 60), strict=True):
        help_.column_dimensions[letter].width = width
    if layout.note:
        help_.cell(row=len(layout.fields) + 3, column=1, value=layout.note)
    return wb


def write_templates(
    folder: Path, *, departments: Iterable[ModuleType], raw_root: Path, force: bool = False
) -> list[Path]:
    """Write every template into ``folder``; nothing is written when one exists
    (unless ``force``) or when ``folder`` is inside ``raw_root`` (``data/raw``,
    read-only: the analyst copies a filled template there)."""
    import io

    folder = Path(folder)
    target = folder.resolve()
    raw = Path(raw_root).resolve()
    if target == raw or raw in target.parents:
        raise BadInput(
            [
                Problem(
                    str(folder),
                    "é uma pasta de dados brutos (data/raw), que o balanco não altera; "
                    "grave os modelos em outra pasta (padrão: modelos/) e copie para "
                    "data/raw/<ano>/ a planilha preenchida",
                )
            ]
        )
    layouts = templates(departments)
    existing = [folder / lay.file for lay in layouts if (folder / lay.file).exists()]
    if existing and not force:
        raise FileExistsError(existing)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for layout in layouts:
        buffer = io.BytesIO()
        workbook(layout).save(buffer)
        path = folder / layout.file
        atomic_write(path, buffer.getvalue())
        out.append(path)
    return out
