"""The vocabulary a department's ``open_data.py`` declares its open-data datasets
with (:class:`Dataset`, :class:`Column`, the LGPD treatments, the shared columns).

It imports nothing of ``balanco`` (nor pandas), so a department package can use it
without an import cycle; :mod:`balanco.dados_abertos` re-exports it and does the
export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

OMITTED = "[nome omitido]"
COUNTS_COLUMN = "conta_no_indicador"
PROTECTION_COLUMN = "protecao_lgpd"

# Treatments before publication (the "tratamento" of each column).
KEEP = "manter"
DROP = "retirar"
DATE_ONLY = "so_data"  # datetime published as a date (no time of day)
CEP = "cep"  # generalised CEP, part of the k-anonymity
QUASI = "quase_identificador"  # sex, age band: part of the k-anonymity
CABINET = "gabinete"  # "… – Gabinete de <nome>": the name is cut
REDACT = "texto_livre"  # free text: known names of the year replaced
IF_PUBLISHED = "se_publicado"  # only for posts published on the site

NO_PERSONAL = "não é dado pessoal; publicada como está"
MONEY = "reais (R$)"


@dataclass(frozen=True)
class Column:
    """One column of a dataset: processed name ``source`` -> published ``name``."""

    name: str
    source: str | None
    type: str
    description: str
    raw: str  # the column as written in the raw export ("" when derived)
    lgpd: str  # what was done, in Portuguese, for the dictionary
    treatment: str = KEEP
    unit: str = ""
    personal: str = ""  # non-empty: why the processed column is personal data
    optional: bool = False  # the raw export may lack it (then all missing)
    raw_file: str = ""  # when not the dataset's own raw file

    @property
    def published(self) -> bool:
        return self.treatment != DROP


@dataclass(frozen=True)
class Dataset:
    """One published dataset: a processed table, its rule and its columns."""

    name: str  # file stem
    department: str
    table: str  # key of the processed table
    title: str
    raw_file: str
    rule: Callable[[pd.DataFrame, int], pd.DataFrame]  # the department's *_of_year
    counts_toward: str  # the indicator(s) conta_no_indicador refers to
    columns: tuple[Column, ...]


def ano_column(what: str, raw: str) -> Column:
    return Column("ano", "ano", "integer", f"Ano {what}.", raw, NO_PERSONAL)


def line_column(raw_file: str) -> Column:
    return Column(
        "linha_origem",
        "linha_origem",
        "integer",
        f"Linha do registro em {raw_file} (referência interna).",
        "",
        "não publicada: referência ao arquivo interno, sem uso fora da Secretaria",
        DROP,
    )


def counts_column(rule: str) -> Column:
    return Column(
        COUNTS_COLUMN,
        None,
        "boolean",
        f"sim quando a linha entra no indicador: {rule}",
        "",
        NO_PERSONAL + " (calculada pela regra do indicador)",
    )
