"""Convênios: reading the raw files (I/O only)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ...io import (
    LINE,
    column_pattern_in,
    display_path,
    fold,
    grep_delimited,
    read_delimited,
    read_header,
    read_sheet,
    require_columns,
)
from ...settings import Settings
from ..frames import with_source
from .sources import (
    CONVENIO_COLUMNS,
    FEDERAL_CONVENIO,
    FEDERAL_PROPOSTA,
    OFICIO_COLUMNS,
    OFICIOS,
    PROPOSTA_COLUMNS,
    STATE,
    STATE_COLUMNS,
)


def name_pattern(name: str) -> str:
    """A case-insensitive pattern for a municipality's name in a dump, whatever its
    encoding: accented letters of the official name match any one or two bytes
    (a generous first cut; the exact comparison comes after).

    >>> print(name_pattern("São Paulo")), print(name_pattern("Suzano"))
    (?i)s.{1,2}o\\s+paulo
    (?i)suzano
    (None, None)
    """
    out = []
    for ch in name.strip():
        if ch.isspace():
            out.append(r"\s+")
        elif ch.isascii():
            out.append(re.escape(ch.lower()))
        else:
            out.append(".{1,2}")
    return "(?i)" + "".join(out).replace(r"\s+\s+", r"\s+")


def municipality_names(settings: Settings) -> tuple[str, ...]:
    """The official name and its configured variants (``variantes_nome``), without repeats."""
    return tuple(dict.fromkeys((settings.municipality, *settings.name_variants)))


def municipal_rows(props: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The municipality's propostas: by IBGE code (``settings.ibge_code``), or —
    where the code is missing — by UF and the official name or one of
    ``settings.name_variants`` (accents and case aside)."""
    code = props["COD_MUNIC_IBGE"].fillna("").str.strip()
    by_code = code == settings.ibge_code
    names = {fold(n) for n in municipality_names(settings)}
    by_name = (
        (code == "")
        & (props["UF_PROPONENTE"].fillna("").str.strip().str.upper() == settings.uf.upper())
        & props["MUNIC_PROPONENTE"].fillna("").map(fold).isin(names)
    )
    return props[by_code | by_name]


def load_federal(
    convenio: Path, proposta: Path, *, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the municipality's propostas and their convênios from the national dumps
    (the department's columns), each with its source file."""
    convs, props = municipal_records(convenio, proposta, settings=settings)
    return with_source(convs, convenio), with_source(props, proposta)


def municipal_records(
    convenio: Path, proposta: Path, *, settings: Settings, every_column: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The municipality's propostas (by IBGE code, or UF and name where the code is
    missing) and the convênios of those propostas, in file order, with their line.

    The dumps hold every municipality (hundreds of MB): lines that mention the
    IBGE code or the name are picked out first, and the exact rule is applied
    to those few rows. ``every_column``: all the dumps' columns, as ``balanco
    coletar`` writes the extract; else the department's.
    """
    p_columns = (
        read_header(proposta, required=PROPOSTA_COLUMNS)[0] if every_column else PROPOSTA_COLUMNS
    )
    props = grep_delimited(
        proposta,
        columns=p_columns,
        patterns=[
            re.escape(settings.ibge_code),
            *(name_pattern(n) for n in municipality_names(settings)),
        ],
    )
    props = municipal_rows(props, settings)
    ids = sorted({i.strip() for i in props["ID_PROPOSTA"].dropna()} - {""})
    header = None
    if every_column or not ids:
        header, _ = read_header(convenio, required=CONVENIO_COLUMNS)
    c_columns = header if every_column else CONVENIO_COLUMNS
    if ids:
        alternatives = "|".join(re.escape(i) for i in ids)
        # The ID in its column, whether the dump quotes its fields or not.
        in_column = column_pattern_in(convenio, "ID_PROPOSTA", ids, required=CONVENIO_COLUMNS)
        convs = grep_delimited(
            convenio, columns=c_columns, patterns=[in_column], prefilter=[alternatives]
        )
        convs = convs[convs["ID_PROPOSTA"].fillna("").str.strip().isin(ids)]
    else:  # no proposta of the municipality: nothing to look for, but the layout is checked
        require_columns(header, CONVENIO_COLUMNS, display_path(convenio))
        convs = _empty(c_columns)
    return convs.reset_index(drop=True), props.reset_index(drop=True)


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame(
        {**{c: pd.Series([], dtype=object) for c in columns}, LINE: pd.Series([], dtype="int64")}
    )


def load(raw_dir: Path, *, settings: Settings) -> dict[str, pd.DataFrame]:
    """Read the department's raw files (I/O only)."""
    convenio, proposta = (FEDERAL_CONVENIO.paths(raw_dir)[0], FEDERAL_PROPOSTA.paths(raw_dir)[0])
    convs, props = load_federal(convenio, proposta, settings=settings)
    state = STATE.paths(raw_dir)[0]
    oficios = OFICIOS.paths(raw_dir)[0]
    return {
        FEDERAL_CONVENIO.key: convs,
        FEDERAL_PROPOSTA.key: props,
        STATE.key: with_source(read_sheet(state, required=STATE_COLUMNS), state),
        OFICIOS.key: with_source(read_delimited(oficios, required=OFICIO_COLUMNS), oficios),
    }
