"""Validation: files fit to read (check_input_file, check_xlsx), required columns, unique keys."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..errors import BadInput, Problem, ProblemLog, did_you_mean
from ..missing import is_missing
from .dialect import header_key
from .paths import LINE, display_path


def check_input_file(path: Path, *, root: Path | None = None) -> None:
    """Refuse what cannot be read as an input file, with a Portuguese message:
    a missing file, a folder, a special file (a FIFO would hang the run), and,
    when ``root`` is given, a symbolic link leading out of ``root`` (raw data is
    copied into its folder, not linked from elsewhere)."""
    shown = display_path(path)
    if root is not None and _escapes(path, root):
        try:
            target = str(path.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            target = os.readlink(path) if path.is_symlink() else "?"
        raise BadInput(
            [
                Problem(
                    shown,
                    f"é um link simbólico que aponta para fora de {display_path(root)} "
                    f"({target}); copie o arquivo para a pasta em vez de usar um link",
                )
            ]
        )
    if not path.exists():
        if path.is_symlink():
            raise BadInput(
                [Problem(shown, f"é um link simbólico quebrado (aponta para {os.readlink(path)})")]
            )
        raise BadInput([Problem(shown, "arquivo não encontrado")])
    if path.is_dir():
        raise BadInput(
            [Problem(shown, "é uma pasta; esperado um arquivo com este nome (a exportação)")]
        )
    if not path.is_file():
        raise BadInput(
            [Problem(shown, "não é um arquivo comum (é um pipe, socket ou dispositivo)")]
        )


def _escapes(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    except (OSError, RuntimeError):  # a symlink loop
        return True
    return False


def require_columns(header: Sequence[str], required: Sequence[str], shown: str) -> None:
    """Report every required column missing from ``header``, with suggestions;
    case, accents and spaces aside (:func:`~balanco.io.dialect.header_key`)."""
    present = {header_key(h) for h in header}
    missing = [c for c in required if header_key(c) not in present]
    if missing:
        raise BadInput(
            [
                Problem(
                    shown,
                    f'coluna obrigatória "{c}" não encontrada no cabeçalho.'
                    + did_you_mean(c, header),
                    line=1,
                )
                for c in missing
            ]
        )


#: Decompressed size above which an .xlsx is refused (a hand-kept sheet is a few MB).
XLSX_MAX_BYTES = 512 << 20


def check_xlsx(path: Path) -> None:
    """Refuse, before openpyxl opens it, what is not a plain .xlsx: an empty
    file, a CSV or old .xls renamed, a broken zip, a zip bomb, or XML with a
    DOCTYPE or entity declarations (XXE, "billion laughs"), which Excel and
    LibreOffice never write. openpyxl parses with defusedxml as well; this check
    holds even when ``OPENPYXL_DEFUSEDXML`` turns that off, and gives a
    Portuguese message instead of a parser's exception."""
    import zipfile
    import zlib

    check_input_file(path)
    shown = display_path(path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise BadInput([Problem(shown, "arquivo vazio; esperada uma planilha .xlsx")])
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadInput(
            [
                Problem(
                    shown,
                    "é uma planilha no formato antigo .xls (Excel 97-2003) ou protegida por "
                    "senha; abra no Excel ou no LibreOffice, tire a senha se houver e salve "
                    'como "Pasta de Trabalho do Excel (.xlsx)"',
                )
            ]
        )
    if not head.startswith(b"PK"):
        kind = "texto (parece um CSV com a extensão trocada)" if _looks_text(path) else "outro"
        raise BadInput(
            [
                Problem(
                    shown,
                    f"não é uma planilha .xlsx: o conteúdo é {kind}; abra o arquivo no Excel "
                    'ou no LibreOffice e salve como "Pasta de Trabalho do Excel (.xlsx)"',
                )
            ]
        )
    broken = (
        "a planilha está corrompida (o arquivo .xlsx, que é um zip, está incompleto ou "
        "danificado); copie o arquivo de novo ou abra e salve a planilha no Excel ou no "
        "LibreOffice"
    )
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            total = sum(m.file_size for m in members)
            if total > XLSX_MAX_BYTES:
                raise BadInput(
                    [
                        Problem(
                            shown,
                            f"descompactada, a planilha ocuparia {total >> 20} MB; esperada "
                            "uma planilha comum (o arquivo pode ser malicioso e não foi aberto)",
                        )
                    ]
                )
            for member in members:
                if not member.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(member) as fh:
                    start = fh.read(8192)
                if re.search(rb"<!(DOCTYPE|ENTITY)", start.replace(b"\x00", b""), re.I):
                    raise BadInput(
                        [
                            Problem(
                                shown,
                                f"a parte {member.filename} da planilha declara entidades XML "
                                "(DOCTYPE/ENTITY), o que o Excel e o LibreOffice nunca gravam; "
                                "o arquivo pode ser malicioso e não foi aberto. Peça a planilha "
                                "original ou salve-a de novo no Excel ou no LibreOffice",
                            )
                        ]
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise BadInput([Problem(shown, broken)]) from None
    except (OSError, ValueError, NotImplementedError) as exc:
        if isinstance(exc, IsADirectoryError | PermissionError):
            raise
        raise BadInput([Problem(shown, broken)]) from None


def _looks_text(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return b"\x00" not in head


def check_unique(
    frame: pd.DataFrame,
    column: str,
    *,
    file: str,
    log: ProblemLog,
    values: Sequence[object] | None = None,
) -> None:
    """Log each repeated identifier with the line where it first appeared.

    ``values`` are the parsed identifiers compared ("2 553" and "2553" are the
    same ticket); the message shows the value as written in the file."""
    seen: dict[object, int] = {}
    vals = values if values is not None else list(frame[column])
    for value, raw, line in zip(vals, frame[column], frame[LINE], strict=True):
        if is_missing(value):
            continue
        if value in seen:
            log.add(
                file,
                f"está repetido; já aparece na linha {seen[value]} (esperado identificador único)",
                line=int(line),
                column=column,
                value=raw,
            )
        else:
            seen[value] = int(line)


def check_not_negative(
    values: Sequence[object], frame: pd.DataFrame, column: str, *, file: str, log: ProblemLog
) -> None:
    """Log each negative amount, shown as written in the file (a spreadsheet's
    number as an amount, ``-5.000,00``)."""
    for value, raw, line in zip(values, frame[column], frame[LINE], strict=True):
        if value is not None and value < 0:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                raw = Decimal(str(raw)).quantize(Decimal("0.01"))
            log.add(
                file,
                "é negativo; esperado valor maior ou igual a zero",
                line=int(line),
                column=column,
                value=raw,
            )
