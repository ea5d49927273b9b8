"""Streamed unzip of the national dumps into the cache (never the whole file in
memory), with Portuguese messages for a truncated or corrupt zip and for a CSV
of another layout."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from ..errors import BadInput, Problem
from ..files import promote, temp_name
from ..io.dialect import sniff_separator, split_header
from ..io.encoding import header_line
from ..io.validate import require_columns
from .base import Progress

CHUNK = 1 << 20


def _why(exc: BaseException) -> str:
    """What went wrong with a zip, in Portuguese."""
    if isinstance(exc, EOFError):
        return "o arquivo termina antes do fim dos dados"
    if isinstance(exc, zlib.error):
        return "dados compactados inválidos"
    if "CRC" in str(exc):
        return "a soma de verificação CRC de um arquivo de dentro não confere"
    return "não é um arquivo zip completo"


class CorruptZip(BadInput):
    """A zip that cannot be read whole (exit code 2, as any bad input)."""


def corrupt(shown: str, detail: str) -> CorruptZip:
    """A zip that cannot be read whole, said in Portuguese."""
    return CorruptZip(
        [
            Problem(
                shown,
                f"o arquivo zip está truncado ou corrompido ({detail}); a cópia baixada foi "
                "apagada do cache: rode de novo para baixá-la outra vez",
            )
        ]
    )


def _member(zf: zipfile.ZipFile, name: str, shown: str) -> zipfile.ZipInfo:
    """The CSV ``name`` inside the zip (any folder, any case), or its only CSV."""
    files = [i for i in zf.infolist() if not i.is_dir()]
    named = [i for i in files if Path(i.filename).name.lower() == name.lower()]
    csvs = [i for i in files if i.filename.lower().endswith(".csv")]
    if named:
        return named[0]
    if len(csvs) == 1:
        return csvs[0]
    inside = ", ".join(i.filename for i in files) or "nenhum arquivo"
    raise BadInput([Problem(shown, f"o zip não contém {name} (contém: {inside})")])


def extract_csv(
    zip_path: Path,
    dest: Path,
    *,
    name: str,
    required: Sequence[str],
    shown: str,
    progress: Progress,
) -> str:
    """Unzip the CSV ``name`` of ``zip_path`` into ``dest`` (atomically, in chunks)
    and check its header has the ``required`` columns; the member's name in the zip."""
    tmp = temp_name(dest)
    try:
        try:
            with zipfile.ZipFile(zip_path) as zf:
                info = _member(zf, name, shown)
                where = f"{shown} ({info.filename})"
                done = 0
                progress(f"{name} (descompactando)", 0, info.file_size, "B")
                with zf.open(info) as src, open(tmp, "wb") as out:
                    while chunk := src.read(CHUNK):
                        out.write(chunk)
                        done += len(chunk)
                        progress(f"{name} (descompactando)", done, info.file_size, "B")
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise corrupt(shown, _why(exc)) from None
        try:
            first, _ = header_line(tmp)
        except BadInput as exc:  # empty, binary or unreadable: named as in the zip
            raise BadInput([Problem(where, p.expected) for p in exc.problems]) from None
        header = split_header(first, sniff_separator(first, required))
        try:
            require_columns(header, required, where)
        except BadInput as exc:
            raise BadInput(
                [*exc.problems, Problem(where, "o arquivo tem outro layout; " + LAYOUT_HINT)]
            ) from None
        promote(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return info.filename


#: What to do when a dump comes in another layout.
LAYOUT_HINT = (
    "o Transferegov pode ter mudado o formato dos dados abertos; avise a equipe que mantém "
    "o balanço e, até lá, coloque à mão em data/raw/<ano> os arquivos no layout clássico"
)


def first_value(zip_path: Path, *, shown: str, limit: int = 1 << 16) -> str | None:
    """The first field of the first record of the only CSV of a small zip (the
    date of the last load), or None when it has no record."""
    try:
        with zipfile.ZipFile(zip_path) as zf:
            files = [i for i in zf.infolist() if not i.is_dir()]
            if not files:
                raise corrupt(shown, "zip vazio")
            with zf.open(files[0]) as src:
                raw = src.read(limit)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise corrupt(shown, _why(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    sep = sniff_separator(lines[0])
    value = split_header(lines[1], sep)
    return value[0] if value and value[0] else None
