"""The vocabulary a department's ``open_data.py`` declares its open-data datasets
with (:class:`Dataset`, :class:`Column`, the LGPD treatments, the shared columns).

It sits on the departments' floor and imports only what lies below it (no pandas),
so a department package can use it; :mod:`balanco.open_data`, above, does the export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..formatting import after

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

# What a column holds (the "classificacao" of each column), which decides whether it
# may be published at all: coded values and what the law already makes public are;
# free text typed by staff is not unless the municipality's file opts that column in
# (``publicar_texto_livre``); a person's name or identifier never is.
CODED = "codificado"  # categories, dates, counts, codes, amounts
PUBLIC = "publico_por_lei"  # public by law, published as it stands in its source
FREE_TEXT = "texto_livre"  # typed by staff: may hold anybody's name
PERSONAL = "pessoal"  # a person's name or an identifier of one: never published

FREE_TEXT_LEFT_OUT = (
    "não publicada: texto livre digitado pela equipe, pode conter nomes de pessoas; "
    "o município não autorizou a publicação desta coluna"
)
FREE_TEXT_OPTED = "publicada por decisão do município (texto livre digitado pela equipe); "

#: Each class as the dictionary explains it (Portuguese).
KINDS = {
    CODED: "codificado",
    PUBLIC: "público por lei",
    FREE_TEXT: "texto livre digitado pela equipe",
    PERSONAL: "dado pessoal",
}


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
    #: CODED, PUBLIC, FREE_TEXT or PERSONAL (a contract test requires one). For
    #: FREE_TEXT, ``treatment`` and ``lgpd`` say what is done when the municipality
    #: opts the column in; by default it is not published.
    kind: str = ""
    #: Set by :func:`opt_in` when the municipality's file publishes this free text.
    opted_in: bool = False

    @property
    def published(self) -> bool:
        """Whether the column is in the published files: never a person's name or
        identifier, free text only when opted in, anything else unless dropped."""
        if self.kind == PERSONAL or (self.kind == FREE_TEXT and not self.opted_in):
            return False
        return self.treatment != DROP

    @property
    def lgpd_note(self) -> str:
        """What the dictionary says was done, for the LGPD (Portuguese)."""
        if self.kind == FREE_TEXT:
            return FREE_TEXT_OPTED + self.lgpd if self.opted_in else FREE_TEXT_LEFT_OUT
        return self.lgpd


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
    return Column("ano", "ano", "integer", f"Ano {what}.", raw, NO_PERSONAL, kind=CODED)


def line_column(raw_file: str) -> Column:
    return Column(
        "linha_origem",
        "linha_origem",
        "integer",
        f"Linha do registro {after('em', raw_file)} (referência interna).",
        "",
        "não publicada: referência ao arquivo interno, sem uso fora da Secretaria",
        DROP,
        kind=CODED,
    )


def counts_column(rule: str) -> Column:
    return Column(
        COUNTS_COLUMN,
        None,
        "boolean",
        f"sim quando a linha entra no indicador: {rule}",
        "",
        NO_PERSONAL + " (calculada pela regra do indicador)",
        kind=CODED,
    )


def opt_in(spec: Dataset, columns: Iterable[str]) -> Dataset:
    """``spec`` with the free-text columns named in ``columns`` (``"conjunto.coluna"``,
    as the municipality's file writes them) published; other names are ignored here
    (the municipality file's check reports them)."""
    chosen = set(columns)
    return replace(
        spec,
        columns=tuple(
            replace(c, opted_in=True)
            if c.kind == FREE_TEXT and f"{spec.name}.{c.name}" in chosen
            else c
            for c in spec.columns
        ),
    )
