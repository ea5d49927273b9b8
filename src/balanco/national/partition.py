"""One scan of the national Transferegov dumps, partitioned by municipality.

The propostas of a UF (or of the whole country) are read once; each is given to
the municipality of its IBGE code (``COD_MUNIC_IBGE``), or — where the code is
missing — to the municipality of the same UF and name that does carry a code,
as the department's own rule does (:func:`balanco.departments.convenios.municipal_rows`).
Each municipality's rows are written, as read (text, with the dump's line
numbers), to one small partition the grid's tasks read from the shared folder:
no DataFrame ever travels through the scheduler.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .. import files
from ..departments import convenios
from ..io import LINE, column_pattern_in, display_path, fold, grep_delimited

#: The whole country (``--uf BR``).
COUNTRY = "BR"
#: The partitions' folder under the output root, and the list of towns found.
PARTS = ".particoes"
TOWNS = "municipios.json"
PROPOSTAS = "propostas.csv"
CONVENIOS = "convenios.csv"


@dataclass(frozen=True)
class Town:
    """A municipality found in the dumps: IBGE code, name as the dumps write it, UF,
    its partition's folder and the SHA-256 of the partition (reruns)."""

    ibge: str
    name: str
    uf: str
    folder: str
    sha256: str
    propostas: int
    convenios: int


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].fillna("").astype(str).str.strip()


def assign_codes(props: pd.DataFrame) -> pd.Series:
    """The IBGE code each proposta belongs to: its own ``COD_MUNIC_IBGE``; without
    one, the code of the only municipality of the same UF and name (accents and
    case aside) found with a code in the dumps; else empty (nobody's).

    >>> p = pd.DataFrame({"COD_MUNIC_IBGE": ["3552502", None, None],
    ...     "UF_PROPONENTE": ["SP", "sp", "SP"],
    ...     "MUNIC_PROPONENTE": ["SUZANO", "Suzano", "POÁ"]})
    >>> assign_codes(p).tolist()
    ['3552502', '3552502', '']
    """
    code = _text(props, "COD_MUNIC_IBGE")
    key = (
        _text(props, "UF_PROPONENTE").str.upper()
        + "|"
        + props["MUNIC_PROPONENTE"].map(lambda v: fold(v) if isinstance(v, str) else "")
    )
    known = pd.DataFrame({"key": key[code != ""], "code": code[code != ""]}).drop_duplicates()
    unique = known.groupby("key")["code"].agg(lambda s: s.iloc[0] if len(s) == 1 else "")
    by_name = key.map(unique).fillna("")
    return code.where(code != "", by_name)


def scan(proposta: Path, convenio: Path, *, uf: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The propostas of ``uf`` (every one for :data:`COUNTRY`) with their
    ``ibge`` code (:func:`assign_codes`), and the convênios of those propostas:
    one pass over each dump."""
    if uf == COUNTRY:
        props = grep_delimited(proposta, columns=convenios.PROPOSTA_COLUMNS)
    else:
        in_uf = column_pattern_in(
            proposta, "UF_PROPONENTE", [uf], required=convenios.PROPOSTA_COLUMNS
        )
        # Case aside, as the department's rule compares the UF.
        props = grep_delimited(
            proposta,
            columns=convenios.PROPOSTA_COLUMNS,
            patterns=["(?i)" + in_uf],
            prefilter=[f"(?i){re.escape(uf)}"],
        )
        props = props[_text(props, "UF_PROPONENTE").str.upper() == uf]
    props = props.assign(ibge=assign_codes(props))
    props = props[props["ibge"] != ""]
    ids = set(_text(props, "ID_PROPOSTA")) - {""}
    # Every convênio is read as text and kept when its proposta is one of the UF's
    # (one pass; the exact comparison on the field, quoted or not).
    convs = grep_delimited(convenio, columns=convenios.CONVENIO_COLUMNS)
    convs = convs[_text(convs, "ID_PROPOSTA").isin(ids)]
    return props, convs


def _lines(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Each row as one CSV line (``;``; a value holding ``;``, a quote or a line
    break quoted; a missing value empty), for the whole frame at once."""
    parts = []
    for c in columns:
        v = frame[c].astype(object)
        v = v.where(v.notna(), "").astype(str)
        quote = v.str.contains(r'[;"\n\r]', regex=True)
        parts.append(v.where(~quote, '"' + v.str.replace('"', '""', regex=False) + '"'))
    return parts[0].str.cat(parts[1:], sep=";") if len(parts) > 1 else parts[0]


def _most_common(frame: pd.DataFrame, column: str) -> dict[str, str]:
    """Per IBGE code, the value of ``column`` the dumps give most often (ties: the
    first in the file)."""
    v = frame[column].astype(object)
    v = v.where(v.notna(), "").astype(str).str.strip()
    pairs = pd.DataFrame({"ibge": frame["ibge"], "v": v})
    pairs = pairs[pairs["v"] != ""]
    counts = pairs.groupby(["ibge", "v"], sort=False).size().reset_index(name="n")
    best = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates("ibge")
    return dict(zip(best["ibge"], best["v"], strict=True))


def _replace(target: Path, body: bytes) -> None:
    """Write-then-rename without fsync: a partition is derived (rebuilt from the
    dumps) and thousands of fsyncs would cost more than the scan."""
    files.write_derived(target, body)


def partition(proposta: Path, convenio: Path, *, uf: str, out: Path) -> list[Town]:
    """Scan the dumps once (:func:`scan`) and write each municipality's rows to
    ``out/.particoes/<ibge>/`` (write-then-rename); the list of towns goes to
    ``out/.particoes/municipios.json``. A partition whose bytes did not change
    keeps its file (and its hash: the town is not rebuilt)."""
    props, convs = scan(proposta, convenio, uf=uf)
    root = out / PARTS
    prop_of = dict(zip(_text(props, "ID_PROPOSTA"), props["ibge"], strict=False))
    convs = convs.assign(ibge=_text(convs, "ID_PROPOSTA").map(prop_of))
    pcols = [*convenios.PROPOSTA_COLUMNS, LINE]
    ccols = [*convenios.CONVENIO_COLUMNS, LINE]
    plines, clines = _lines(props, pcols).to_numpy(), _lines(convs, ccols).to_numpy()
    phead, chead = ";".join(pcols) + "\n", ";".join(ccols) + "\n"
    conv_rows = convs.groupby("ibge", sort=False).indices
    names, ufs = _most_common(props, "MUNIC_PROPONENTE"), _most_common(props, "UF_PROPONENTE")
    towns: list[Town] = []
    for code, rows in sorted(props.groupby("ibge", sort=False).indices.items()):
        c_rows = conv_rows.get(code, [])
        pb = (phead + "".join(x + "\n" for x in plines[rows])).encode("utf-8")
        cb = (chead + "".join(x + "\n" for x in clines[c_rows])).encode("utf-8")
        folder = root / str(code)
        for name, body in ((PROPOSTAS, pb), (CONVENIOS, cb)):
            target = folder / name
            if not target.exists() or target.read_bytes() != body:
                folder.mkdir(parents=True, exist_ok=True)
                _replace(target, body)
        towns.append(
            Town(
                str(code),
                names.get(code, ""),
                ufs.get(code, "").upper(),
                str(folder.relative_to(out)),
                hashlib.sha256(pb + b"\0" + cb).hexdigest(),
                len(rows),
                len(c_rows),
            )
        )
    meta = {
        "proposta": display_path(proposta),
        "convenio": display_path(convenio),
        "uf": uf,
        "municipios": [asdict(t) for t in towns],
    }
    root.mkdir(parents=True, exist_ok=True)
    files.atomic_write(root / TOWNS, json.dumps(meta, ensure_ascii=False, indent=1))
    return towns


def read_partition(out: Path, town: Town, *, sources: dict[str, str]) -> tuple[pd.DataFrame, ...]:
    """A town's convênios and propostas as the department's loader gives them (text,
    blank cells missing, the dump's line numbers, tagged with the dump's name)."""
    frames = []
    for name, key, cols in (
        (CONVENIOS, "convenio", convenios.CONVENIO_COLUMNS),
        (PROPOSTAS, "proposta", convenios.PROPOSTA_COLUMNS),
    ):
        f = pd.read_csv(
            out / town.folder / name,
            sep=";",
            dtype=str,
            keep_default_na=False,
            na_values=[],
            encoding="utf-8",
        )
        f = f.reindex(columns=[*cols, LINE])
        f = f.astype(object).where(f != "", None)
        f[LINE] = pd.to_numeric(f[LINE]).astype("int64")
        f.attrs["source"] = sources[key]
        frames.append(f.reset_index(drop=True))
    return tuple(frames)


def read_towns(out: Path) -> tuple[dict[str, str], list[Town]]:
    """The dumps' names and the towns of the last :func:`partition` in ``out``."""
    meta = json.loads((out / PARTS / TOWNS).read_text("utf-8"))
    return (
        {"proposta": meta["proposta"], "convenio": meta["convenio"]},
        [Town(**t) for t in meta["municipios"]],
    )
