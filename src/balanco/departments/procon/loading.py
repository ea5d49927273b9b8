"""Procon: reading the raw files (I/O only)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...io import UTF8_OR_LATIN, read_columns, read_sheet
from ...settings import Settings
from ..frames import with_source
from .sources import (
    AUDIENCIA_COLUMNS,
    AUDIENCIAS,
    FISCALIZACAO_COLUMNS,
    FISCALIZACOES,
    SINDEC,
    SINDEC_COLUMNS,
    SINDEC_OPTIONAL,
)


def load(raw_dir: Path, *, settings: Settings) -> dict[str, pd.DataFrame]:
    """Read the department's raw files (I/O only)."""
    sindec = SINDEC.paths(raw_dir)[0]
    aud = AUDIENCIAS.paths(raw_dir)[0]
    fis = FISCALIZACOES.paths(raw_dir)[0]
    return {
        SINDEC.key: with_source(
            # A national-format export can hold millions of lines: only the
            # columns used are kept, streamed, one copy per distinct text.
            read_columns(
                sindec,
                required=SINDEC_COLUMNS,
                # AnoAtendimento only to recognise a pasted TOTAL row (_total_cells).
                optional=(*SINDEC_OPTIONAL, "AnoAtendimento"),
                encodings=UTF8_OR_LATIN,
                na_values=("", "NULL"),
            ),
            sindec,
        ),
        AUDIENCIAS.key: with_source(read_sheet(aud, required=AUDIENCIA_COLUMNS), aud),
        FISCALIZACOES.key: with_source(read_sheet(fis, required=FISCALIZACAO_COLUMNS), fis),
    }
