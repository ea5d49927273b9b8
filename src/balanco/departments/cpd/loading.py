"""CPD: reading the raw files (I/O only)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...io import UTF8_ONLY, read_columns
from ...settings import Settings
from ..frames import with_source
from .sources import OPTIONAL, REQUIRED, TICKETS


def load(raw_dir: Path, *, settings: Settings) -> dict[str, pd.DataFrame]:
    """Read the GLPI export (UTF-8 with BOM, every field quoted, trailing ';')."""
    path = TICKETS.paths(raw_dir)[0]
    return {
        # Only the columns used, streamed, one copy per distinct text: an export
        # of hundreds of thousands of tickets stays small.
        TICKETS.key: with_source(
            read_columns(path, required=REQUIRED, optional=tuple(OPTIONAL), encodings=UTF8_ONLY),
            path,
        )
    }
