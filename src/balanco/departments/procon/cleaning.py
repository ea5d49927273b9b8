"""Procon: validating and normalising every source; every problem reported at once."""

from __future__ import annotations

import re

import pandas as pd

from ...errors import ProblemLog
from ...io import DATE_EXPECTED, LINE, convert_series, fold, map_text, parse_datetime
from ...settings import Settings
from ..frames import checked, clean_register, clean_sources, drop_line, source_of, text
from ..vocabulary import Vocabulary, as_objects, spellings_for, with_spellings
from .sources import (
    AUDIENCIAS,
    FISCALIZACOES,
    NOT_HELD,
    SINDEC,
    SINDEC_COLUMNS,
    SINDEC_OPTIONAL,
)
from .vocabularies import (
    RESULTADO_AUDIENCIA,
    RESULTADO_FISCALIZACAO,
    SITUACAO_AUDIENCIA,
    tipo_vocabulary,
    type_table,
)


def cep(value: object) -> str | None:
    """A CEP as text of 8 digits. Sindec's dumps write it as a number, so the
    leading zero of São Paulo's CEPs (01000-000 to 09999-999, the eastern
    metropolitan region's 08500-000 to 08599-999 among them) is lost: a value
    of 7 digits gets its zero back. Any other value is kept as written (it is not a CEP that can be
    repaired); a missing value stays missing.

    >>> cep("8576000"), cep("08576-000"), cep("60110000"), cep("s/n"), cep(None), cep("123")
    ('08576000', '08576000', '60110000', 's/n', None, '123')
    """
    written = text(value)
    if written is None:
        return None
    digits = written.replace("-", "").replace(".", "")
    if digits.isdigit() and len(digits) in (7, 8):
        return digits.zfill(8)
    return written


#: A total row pasted into an export ("TOTAL", "Total geral: 3.290"): never data.
_TOTAL = re.compile(r"^TOTAL\b")


def _total_cells(raw: pd.DataFrame) -> dict[object, str]:
    """Row index -> column, for rows whose first field or a required field reads
    TOTAL (the Sindec export has no total row; one is a hand edit)."""
    found: dict[object, str] = {}
    first = ("AnoAtendimento",) if "AnoAtendimento" in raw.columns else (raw.columns[0],)
    for c in dict.fromkeys(c for c in (*first, *SINDEC_COLUMNS) if c != LINE):
        hits = raw[c].map(lambda v: bool(_TOTAL.match(fold(text(v) or ""))))
        for idx in raw.index[hits.to_numpy(dtype=bool)]:
            found.setdefault(idx, c)
    return found


def clean_atendimentos(raw: pd.DataFrame, *, settings: Settings | None = None) -> pd.DataFrame:
    """Parse dates (both Sindec formats) and map each type to its report category.

    Works on each distinct text once (the raw columns are categorical), so
    that millions of lines stay cheap; every bad line is still reported."""
    log = ProblemLog()
    file = source_of(raw)
    totals = _total_cells(raw)
    for idx, column in totals.items():
        log.add(
            file,
            "marca uma linha de total, não um atendimento; a exportação do Sindec não tem "
            "linha de total: apague esta linha do arquivo",
            line=int(raw.at[idx, LINE]),
            column=column,
            value=raw.at[idx, column],
        )
    raw = raw.drop(index=list(totals))
    when = convert_series(
        raw,
        "DataAtendimento",
        parse_datetime,
        file=file,
        log=log,
        expected=DATE_EXPECTED,
        dtype="datetime64",
    )
    table = type_table()
    by_key = dict(zip(table["chave"], table["categoria"], strict=True))
    vocab = tipo_vocabulary()
    # One look-up per distinct spelling, not per row (exports run to millions of rows).
    types, used = vocab.apply(
        raw["DescricaoTipoAtendimento"],
        raw[LINE].to_numpy(),
        file=file,
        log=log,
        spellings=spellings_for(settings, vocab),
    )
    lines = raw[LINE].to_numpy()
    log.raise_if_any()
    categories = map_text(types.astype("category"), lambda v: by_key.get(fold(v)))
    # Missing (NULL or empty) stays missing; CEP is a code, kept as text (see ``cep``).
    extra = {
        c.lower(): map_text(raw[c], cep if c == "CEPConsumidor" else text)
        for c in SINDEC_OPTIONAL
        if c in raw.columns
    }
    out = pd.DataFrame(
        {
            "data_atendimento": when.to_numpy(),
            "tipo_atendimento": types,
            "categoria": categories,
            **extra,
            LINE: lines,
        }
    )
    out.insert(0, "ano", out["data_atendimento"].dt.year.astype("Int64"))
    return with_spellings(drop_line(out.reset_index(drop=True)), used)


def clean(
    raw: dict[str, pd.DataFrame], *, year: int, settings: Settings
) -> dict[str, pd.DataFrame]:
    """Validate and normalise every source; every problem is reported at once."""
    return clean_sources(
        {
            "atendimentos": lambda: clean_atendimentos(raw[SINDEC.key], settings=settings),
            "audiencias": lambda: checked(
                lambda log: clean_audiencias(raw[AUDIENCIAS.key], log, settings=settings)
            ),
            "fiscalizacoes": lambda: checked(
                lambda log: clean_fiscalizacoes(raw[FISCALIZACOES.key], log, settings=settings)
            ),
        }
    )


def _closed(
    frame: pd.DataFrame,
    out: pd.DataFrame,
    vocabs: dict[str, Vocabulary],
    log: ProblemLog,
    settings: Settings | None,
) -> pd.DataFrame:
    """``out`` with each processed column of ``vocabs`` replaced by its accepted
    values (the raw column is the vocabulary's), carrying the spellings used."""
    changes, used = _accepted(frame, vocabs, log, settings)
    return with_spellings(out.assign(**changes), *used)


def _accepted(
    frame: pd.DataFrame,
    vocabs: dict[str, Vocabulary],
    log: ProblemLog,
    settings: Settings | None,
) -> tuple[dict[str, list[str | None]], list]:
    """The accepted values of each vocabulary's column of ``frame`` (by processed
    column), and the spellings used."""
    used = []
    changes = {}
    for dst, vocab in vocabs.items():
        values, mapped = vocab.apply(
            frame[vocab.column],
            frame[LINE].to_numpy(),
            file=source_of(frame),
            log=log,
            spellings=spellings_for(settings, vocab),
        )
        changes[dst] = as_objects(values)
        used.append(mapped)
    return changes, used


def clean_audiencias(
    sheet: pd.DataFrame, log: ProblemLog, *, settings: Settings | None = None
) -> pd.DataFrame:
    vocabs = {"situacao": SITUACAO_AUDIENCIA, "resultado": RESULTADO_AUDIENCIA}
    values, used = _accepted(sheet, vocabs, log, settings)
    out = clean_register(
        sheet,
        id_column="Nº",
        dates={"Data": "data"},
        # An audiência not held never counts (NOT_HELD): it may have no date.
        never=NOT_HELD.never_counts(pd.Series(values["situacao"], dtype=object)).to_numpy(),
        log=log,
        text={
            "Nº": "numero",
            "Processo": "processo",
            "Fornecedor": "fornecedor",
            "Situação": "situacao",
            "Resultado": "resultado",
        },
    )
    return with_spellings(out.assign(**values), *used)


def clean_fiscalizacoes(
    sheet: pd.DataFrame, log: ProblemLog, *, settings: Settings | None = None
) -> pd.DataFrame:
    out = clean_register(
        sheet,
        id_column="Nº",
        dates={"Data": "data"},
        log=log,
        text={
            "Nº": "numero",
            "Estabelecimento": "estabelecimento",
            "Ramo": "ramo",
            "Bairro": "bairro",
            "Resultado": "resultado",
        },
    )
    return _closed(sheet, out, {"resultado": RESULTADO_FISCALIZACAO}, log, settings)
