"""Names shared by every reader: the line-number column, how a path is shown, file hashes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..shown_path import display_path  # noqa: F401 - the one definition, re-exported

LINE = "_linha"


#: Encodings tried in order when a source's encoding varies between exports.
UTF8_OR_LATIN = ("utf-8-sig", "cp1252", "latin-1")


UTF8_ONLY = ("utf-8-sig",)


_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "latin-1": "ISO-8859-1"}


#: SHA-256 of a file's bytes (one implementation, shared with incremental builds).
def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


sha256 = file_hash
