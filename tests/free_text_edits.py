"""Write text into the free-text fields of a copy of a year's raw exports: a
person's name in every field typed by staff (issue 14), or a formula. Only ever
applied to copies."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from raw_edits import _read_glpi, _write_glpi

#: A name that no sample file holds, per free-text field of each source: (file,
#: column as written) -> (name, how the staff wrote it around the name).
NAMES: dict[tuple[str, str], tuple[str, str]] = {
    ("oficios.csv", "Assunto"): ("Deolinda Furtado Quaresma", "Requerimento do vereador {}"),
    ("oficios.csv", "Destinatário"): (
        "Epaminondas Vilaça Torres",
        "Associação de Moradores – a/c {}",
    ),
    ("demandas_imprensa.xlsx", "Assunto"): (
        "Genoveva Arruda Pimentel",
        "Reclamação da moradora {} sobre a creche",
    ),
    ("demandas_imprensa.xlsx", "Jornalista"): ("Hermenegildo Sarmento Paes", "{}"),
    ("demandas_imprensa.xlsx", "Veículo"): ("Teodomiro Calixto Bragança", "Blog do {}"),
    ("demandas_imprensa.xlsx", "Secretaria demandada"): (
        "Ubaldina Fontoura Reis",
        "Gabinete da vereadora {}",
    ),
    ("convenios_estaduais.xlsx", "Objeto"): (
        "Idalina Corrêa Bittencourt",
        "Reforma da praça pedida por {}",
    ),
    ("convenios_estaduais.xlsx", "Órgão Concedente"): (
        "Valdomiro Quintela Arruda",
        "Gabinete do deputado {}",
    ),
    ("glpi_chamados.csv", "Título"): ("Leopoldino Assunção Brum", "Computador de {} não liga"),
    ("glpi_chamados.csv", "Requerente - Requerente"): ("Marcolina Teixeira Frota", "{} "),
    ("glpi_chamados.csv", "Atribuído - Técnico"): ("Quitéria Lemos Valadares", "{} "),
    ("procon_audiencias.xlsx", "Fornecedor"): ("Rosalvo Magalhães Pinto", "{} ME"),
    ("procon_fiscalizacoes.xlsx", "Estabelecimento"): (
        "Sebastiana Queiroz Leal",
        "Mercearia da {}",
    ),
    ("procon_fiscalizacoes.xlsx", "Ramo"): ("Wanderléia Godinho Prates", "Salão da {}"),
    ("procon_fiscalizacoes.xlsx", "Bairro"): ("Xisto Barreto Linhares", "Vila {}"),
}


def set_sheet(path: Path, column: str, value: Callable[[object], object]) -> int:
    """Replace ``column`` (header found by name) in every data row of a hand-kept
    spreadsheet (not the TOTAL row, not empty rows); returns the rows changed."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    header = next(r for r in ws.iter_rows() if any(c.value == column for c in r))
    col = next(c.column for c in header if c.value == column)
    changed = 0
    for row in range(header[0].row + 1, ws.max_row + 1):
        first = ws.cell(row=row, column=1).value
        if first is None or str(first).strip().upper() == "TOTAL":
            continue
        cell = ws.cell(row=row, column=col)
        cell.value = value(cell.value)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # text typed as it is: "=…" is not a formula here
        changed += 1
    wb.save(path)
    return changed


def set_plain_csv(path: Path, column: str, value: Callable[[str], str]) -> int:
    """The same for a ';' CSV (the ofícios register: UTF-8, unquoted)."""
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    k = rows[0].index(column)
    for row in rows[1:]:
        if row:
            row[k] = value(row[k])
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return len(rows) - 1


def set_glpi(path: Path, column: str, value: Callable[[str], str]) -> int:
    header, rows = _read_glpi(path)
    k = header.index(column)
    for row in rows:
        row[k] = value(row[k])
    _write_glpi(path, header, rows)
    return len(rows)


def set_field(raw: Path, file: str, column: str, value: Callable[[object], object]) -> int:
    path = raw / file
    if file.endswith(".xlsx"):
        return set_sheet(path, column, value)
    if file == "glpi_chamados.csv":
        return set_glpi(path, column, value)
    return set_plain_csv(path, column, value)


def write_names(raw: Path) -> dict[tuple[str, str], str]:
    """Every field of :data:`NAMES` gets its name, in every row; returns the names."""
    for (file, column), (name, template) in NAMES.items():
        assert set_field(raw, file, column, lambda _old, t=template, n=name: t.format(n)) > 0
    return {field: name for field, (name, _) in NAMES.items()}
