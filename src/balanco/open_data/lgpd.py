"""The LGPD treatments applied before publication: the CEP generalised and
sex × age band × CEP made k-anonymous, the names after "Gabinete de" cut, every
known person name of the year replaced in free text, drafts' titles dropped
(see :mod:`balanco.open_data` for the decisions)."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from ..departments.open_data_spec import (
    CABINET,
    CEP,
    DATE_ONLY,
    IF_PUBLISHED,
    OMITTED,
    PROTECTION_COLUMN,
    QUASI,
    REDACT,
    Dataset,
)
from .datasets import all_datasets

#: Default k of the k-anonymity of sex × age band × CEP.
K_DEFAULT = 5


def cep_digits(value: object) -> str | None:
    """A CEP as 8 digits (Sindec loses leading zeros), or None when not a CEP.

    >>> cep_digits("8591998"), cep_digits("08591-998"), cep_digits(None), cep_digits("12")
    ('08591998', '08591998', None, None)
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    digits = re.sub(r"\D", "", str(value))
    if not 5 <= len(digits) <= 8:
        return None
    return digits.zfill(8)


def cep_prefix(digits: str | None, keep: int) -> str | None:
    """The CEP with only its first ``keep`` digits, the rest as ``*``.

    >>> cep_prefix("08591998", 5), cep_prefix("08591998", 3), cep_prefix(None, 5)
    ('08591-***', '085**-***', None)
    """
    if digits is None:
        return None
    masked = digits[:keep] + "*" * (8 - keep)
    return f"{masked[:5]}-{masked[5:]}"


LEVEL_5 = "CEP com 5 dígitos"
LEVEL_3 = "CEP com 3 dígitos (combinação rara)"
SUPPRESSED = "sexo, faixa etária e CEP suprimidos (combinação rara)"


def k_anonymise(frame: pd.DataFrame, *, k: int, quasi: tuple[str, ...], cep: str) -> pd.DataFrame:
    """Generalise ``cep`` to 5 digits; rows whose (quasi…, cep) group has fewer
    than ``k`` rows get a 3-digit CEP; rows still in groups smaller than ``k``
    lose every quasi-identifier (missing). ``protecao_lgpd`` says which.

    Afterwards every combination of published values that is not wholly missing
    is shared by at least ``k`` rows.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    digits = pd.Series([cep_digits(v) for v in frame[cep]], index=frame.index, dtype=object)
    keys = [*quasi, cep]

    def small(candidate: pd.DataFrame) -> pd.Series:
        # Missing is a value of its own here ("" only for grouping, never written).
        filled = candidate[keys].astype(object).where(candidate[keys].notna(), "")
        return filled.groupby(keys)[cep].transform("size") < k

    out = frame.astype({c: object for c in keys})
    out[cep] = [cep_prefix(d, 5) for d in digits]
    out[PROTECTION_COLUMN] = LEVEL_5
    rare = small(out)
    if rare.any():
        out.loc[rare, cep] = [cep_prefix(d, 3) for d in digits[rare]]
        out.loc[rare, PROTECTION_COLUMN] = LEVEL_3
        still = small(out)
        out.loc[still, keys] = None
        out.loc[still, PROTECTION_COLUMN] = SUPPRESSED
    return out


def known_names(tables: dict[str, dict[str, pd.DataFrame]]) -> list[str]:
    """Every person name held in the year's processed data (the columns marked
    ``nome de pessoa`` and the names after "Gabinete de" in ofícios)."""
    names: set[str] = set()
    for spec in all_datasets():
        frame = tables.get(spec.department, {}).get(spec.table)
        if frame is None:
            continue
        for col in spec.columns:
            if col.source not in frame.columns:
                continue
            if col.personal in ("nome de pessoa", "pode ser nome de pessoa física"):
                names.update(str(v).strip() for v in frame[col.source].dropna())
            elif col.treatment == CABINET:
                for v in frame[col.source].dropna():
                    _, name = split_cabinet(str(v))
                    if name:
                        names.add(name)
    return sorted((n for n in names if len(n) >= 3), key=len, reverse=True)


_CABINET = re.compile(r"(?i)(gabinete\s+(?:de|do|da)\s+)(.+)$")


def split_cabinet(text: str) -> tuple[str, str | None]:
    """Cut the person's name after "Gabinete de".

    >>> split_cabinet("Câmara dos Deputados – Gabinete de Isabel da Costa")
    ('Câmara dos Deputados – Gabinete de [nome omitido]', 'Isabel da Costa')
    >>> split_cabinet("Ministério da Saúde")
    ('Ministério da Saúde', None)
    """
    match = _CABINET.search(text)
    if not match:
        return text, None
    return text[: match.start(2)] + OMITTED, match.group(2).strip()


def _plain(char: str) -> str:
    """``char`` without accents, lower-case ("Á" -> "a")."""
    return unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode().lower()


#: Each ASCII letter and the Latin letters that are it with an accent ("a": "aáàâãä…").
_VARIANTS: dict[str, str] = {}
for _code in range(0x00C0, 0x0250):
    _base = _plain(chr(_code))
    if len(_base) == 1 and _base.isalpha():
        _VARIANTS[_base] = _VARIANTS.get(_base, _base) + chr(_code)


def _name_pattern(name: str) -> str:
    """A regular expression for ``name`` in any case, with or without accents and
    with any run of spaces between its words.

    >>> bool(re.fullmatch(_name_pattern("Pedro Álvares"), "PEDRO  ALVARES", re.I))
    True
    """
    parts = []
    for word in name.split():
        chars = []
        for char in unicodedata.normalize("NFC", word):
            base = _plain(char)
            if len(base) == 1 and base in _VARIANTS:
                chars.append("[" + re.escape(_VARIANTS[base]) + "]")
            else:
                chars.append(re.escape(char))
        parts.append("".join(chars))
    return r"\s+".join(parts)


def redact(values: pd.Series, names: list[str]) -> pd.Series:
    """Replace every known name (whole words; case, accents and spaces aside) by
    ``[nome omitido]``.

    >>> redact(pd.Series(["Pedido de PEDRO ALVARES  QUIXADA"]), ["Pedro Álvares Quixadá"])[0]
    'Pedido de [nome omitido]'
    """
    names = [n for n in names if n.split()]
    if not names:
        return values
    # Longest first: a name that contains another is replaced whole.
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(_name_pattern(n) for n in ordered) + r")(?!\w)",
        re.IGNORECASE,
    )

    def one(value: object) -> object:
        if not isinstance(value, str):
            return value
        replaced, count = pattern.subn(OMITTED, unicodedata.normalize("NFC", value))
        return replaced if count else value

    return values.map(one)


def publishable(
    rows: pd.DataFrame, spec: Dataset, *, k: int = K_DEFAULT, names: list[str] = ()
) -> pd.DataFrame:
    """What is published of the year's rows (from :func:`year_rows`): personal
    columns dropped or generalised as the table says, in the published order."""
    out = rows.copy()
    quasi = tuple(c.name for c in spec.columns if c.treatment == QUASI)
    cep = next((c.name for c in spec.columns if c.treatment == CEP), None)
    if cep is not None:
        out = k_anonymise(out, k=k, quasi=quasi, cep=cep)
    for col in spec.columns:
        if col.treatment == DATE_ONLY:
            out[col.name] = pd.to_datetime(out[col.name]).dt.normalize()
        elif col.treatment == CABINET:
            out[col.name] = out[col.name].map(
                lambda v: split_cabinet(v)[0] if isinstance(v, str) else v
            )
            out[col.name] = redact(out[col.name], list(names))
        elif col.treatment == REDACT:
            out[col.name] = redact(out[col.name], list(names))
        elif col.treatment == IF_PUBLISHED:
            draft = out["status"].fillna("") != "publish"
            out[col.name] = out[col.name].astype("object").where(~draft, None)
    return out[[c.name for c in spec.columns if c.published]]
