"""Decoding raw text exports: which of the accepted encodings reads a file (or
its first line), refusing an empty or binary file before trying any.

A problem names the first line that no encoding can read, so that the analyst
can export the file again in UTF-8."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import BadInput, Problem
from .paths import _ENCODING_NAMES, UTF8_OR_LATIN, display_path
from .validate import check_input_file


def _refuse_empty_or_binary(head: bytes, shown: str) -> None:
    """An empty file, or one with NUL bytes in its first 4 KiB (UTF-16, a binary
    file), is not a CSV export: say so before trying encodings."""
    if not head.strip():
        raise BadInput([Problem(shown, "arquivo vazio; esperado um cabeçalho e linhas de dados")])
    if b"\x00" in head[:4096]:
        raise BadInput(
            [
                Problem(
                    shown,
                    "o arquivo contém bytes nulos (parece UTF-16 ou binário); "
                    "exporte novamente como texto CSV em UTF-8",
                )
            ]
        )


def decode(path: Path, *, encodings: Sequence[str] = UTF8_OR_LATIN) -> tuple[str, str]:
    """Read a text file trying ``encodings`` in order; return (text, encoding).

    Raises BadInput naming the first undecodable line when none fits, and for
    an empty file.
    """
    check_input_file(path)
    data = path.read_bytes()
    shown = display_path(path)
    _refuse_empty_or_binary(data, shown)
    first_error: UnicodeDecodeError | None = None
    for enc in encodings:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    # "utf-8-sig" reports offsets after the BOM it strips.
    start = first_error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    line = data[:start].count(b"\n") + 1
    byte = data[start : start + 1]
    names = " ou ".join(_ENCODING_NAMES.get(e, e) for e in encodings)
    raise BadInput(
        [
            Problem(
                shown,
                f"não pode ser lido como {names} (byte 0x{byte.hex()}); "
                f"exporte o arquivo novamente em {names}",
                line=line,
            )
        ]
    )


def detect_encoding(path: Path, *, encodings: Sequence[str] = UTF8_OR_LATIN) -> str:
    """The first of ``encodings`` that decodes the whole file, read in blocks.

    Raises BadInput naming the first undecodable line (of the first encoding)
    when none fits, and for an empty or binary file.
    """
    import codecs

    check_input_file(path)
    shown = display_path(path)
    with open(path, "rb") as fh:
        head = fh.read(4096)
    _refuse_empty_or_binary(head, shown)
    first_failure: tuple[int, str] | None = None
    for enc in encodings:
        decoder = codecs.getincrementaldecoder(enc)()
        offset = 0
        with open(path, "rb") as fh:
            try:
                while block := fh.read(1 << 20):
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError as exc:
                        # The decoder keeps an incomplete character of the previous
                        # block; the failure lies within this block.
                        start = max(exc.start - len(exc.object) + len(block), 0) + offset
                        raise _Undecodable(start) from None
                    offset += len(block)
                decoder.decode(b"", final=True)
                return enc
            except _Undecodable as bad:
                if first_failure is None:
                    first_failure = (bad.offset, enc)
            except UnicodeDecodeError:
                if first_failure is None:
                    first_failure = (offset, enc)
    assert first_failure is not None
    where, _ = first_failure
    with open(path, "rb") as fh:
        line = 1
        read = 0
        while read < where and (block := fh.read(min(1 << 20, where - read))):
            line += block.count(b"\n")
            read += len(block)
        fh.seek(where)
        byte = fh.read(1)
    names = " ou ".join(_ENCODING_NAMES.get(e, e) for e in encodings)
    raise BadInput(
        [
            Problem(
                shown,
                f"não pode ser lido como {names} (byte 0x{byte.hex()}); "
                f"exporte o arquivo novamente em {names}",
                line=line,
            )
        ]
    )


class _Undecodable(Exception):
    def __init__(self, offset: int):
        self.offset = offset


def header_line(path: Path, *, encodings: Sequence[str] = UTF8_OR_LATIN) -> tuple[str, str]:
    """The first line of a delimited file (BOM removed) and the encoding that
    decodes its first 1 MiB."""
    check_input_file(path)
    shown = display_path(path)
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    _refuse_empty_or_binary(head, shown)
    # Cut at the last complete line so a multi-byte character is never split.
    cut = head[: head.rfind(b"\n") + 1] or head
    for enc in encodings:
        try:
            text = cut.decode(enc)
        except UnicodeDecodeError:
            continue
        return text.lstrip("\ufeff").splitlines()[0], enc
    names = " ou ".join(_ENCODING_NAMES.get(e, e) for e in encodings)
    raise BadInput([Problem(shown, f"não pode ser lido como {names}")])
