"""Edit a copy of a year's raw exports the way real exports differ from the
sample ones: a GLPI view without a column, blank GLPI fields, NULL Sindec
subjects, a CEP written with its leading zero. Only ever applied to copies."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def _read_glpi(path: Path) -> tuple[list[str], list[list[str]]]:
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))
    rows = [r[:-1] if r and r[-1] == "" else r for r in rows if r]
    return rows[0], rows[1:]


def _write_glpi(path: Path, header: list[str], rows: list[list[str]]) -> None:
    # GLPI 10: UTF-8 with BOM, every field quoted, every line ends with ';'.
    def line(cells: list[str]) -> str:
        return ";".join('"' + c + '"' for c in cells) + ";\n"

    path.write_bytes(b"\xef\xbb\xbf" + "".join(line(r) for r in [header, *rows]).encode("utf-8"))


def glpi_edit(
    path: Path,
    *,
    drop: tuple[str, ...] = (),
    blank: dict[str, int] | None = None,
) -> int:
    """Drop columns of a GLPI export; blank ``column`` on every n-th ticket
    (``blank={"Categoria": 5}``). Returns the number of tickets."""
    header, rows = _read_glpi(path)
    for column, every in (blank or {}).items():
        k = header.index(column)
        for n, row in enumerate(rows):
            if n % every == 0:
                row[k] = ""
    keep = [k for k, h in enumerate(header) if h not in drop]
    _write_glpi(path, [header[k] for k in keep], [[r[k] for k in keep] for r in rows])
    return len(rows)


def sindec_edit(path: Path, *, null_subject_every: int, cep_first: str) -> None:
    """Sindec dump (Windows-1252, ';', NULL for missing): GrupoAssunto NULL on every
    n-th row, and the first row's CEPConsumidor written as ``cep_first``."""
    lines = path.read_bytes().decode("cp1252").split("\n")
    header = lines[0].rstrip("\r").split(";")
    subject, cep = header.index("GrupoAssunto"), header.index("CEPConsumidor")
    out = [lines[0]]
    for n, line in enumerate(lines[1:]):
        if not line.strip():
            out.append(line)
            continue
        cells = line.rstrip("\r").split(";")
        if n % null_subject_every == 0:
            cells[subject] = "NULL" if n % (2 * null_subject_every) else ""
        if n == 0:
            cells[cep] = cep_first
        out.append(";".join(cells))
    path.write_bytes("\n".join(out).encode("cp1252"))
