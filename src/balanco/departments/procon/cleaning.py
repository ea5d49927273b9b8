"""Procon: atendimentos registered in Sindec, plus the Procon's own registers of
audiências (conciliation hearings) and fiscalizações (inspections of shops).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from ...config import Settings
from ...errors import ProblemLog
from ...io import (
    DATE_EXPECTED,
    LINE,
    UTF8_OR_LATIN,
    convert_series,
    fold,
    map_text,
    parse_datetime,
    read_columns,
    read_sheet,
)
from ..base import (
    COUNT,
    Dated,
    Indicator,
    Source,
    checked,
    clean_register,
    clean_sources,
    drop_line,
    in_year,
    is_missing,
    lazy_parts,
    monthly_counts,
    source_of,
    text,
    unavailable,
    with_source,
)
from ..vocabulary import Vocabulary, as_objects, spellings_for, with_spellings

NAME = "procon"
TITLE = "Procon"
#: The article of TITLE in running text ("do Procon"): ``sentences.of``.
ARTICLE = "o"
COVER_TITLE = "Procon"

SINDEC = Source(
    "atendimentos",
    ("sindec_atendimentos.csv",),
    "Sindec (Sistema Nacional de Informações de Defesa do Consumidor)",
    "Atendimentos a consumidores registrados pelo Procon no Sindec.",
)
AUDIENCIAS = Source(
    "audiencias",
    ("procon_audiencias.xlsx",),
    "Planilha de audiências do Procon",
    "Audiências de conciliação marcadas e realizadas.",
)
FISCALIZACOES = Source(
    "fiscalizacoes",
    ("procon_fiscalizacoes.xlsx",),
    "Planilha de fiscalizações do Procon",
    "Fiscalizações em estabelecimentos comerciais e seu resultado.",
)
SOURCES = (SINDEC, AUDIENCIAS, FISCALIZACOES)

#: What the checks look at (balanco.checks): dated records.
DATES = (
    Dated(
        "atendimentos",
        "data_atendimento",
        "sindec_atendimentos.csv",
        "DataAtendimento",
        "atendimentos",
        one_period=True,
    ),
    Dated(
        "audiencias",
        "data",
        "procon_audiencias.xlsx",
        "Data",
        "audiências",
        held=("situacao", "REALIZADA"),
    ),
    Dated("fiscalizacoes", "data", "procon_fiscalizacoes.xlsx", "Data", "fiscalizações"),
)

SINDEC_COLUMNS = ("DataAtendimento", "DescricaoTipoAtendimento")
SINDEC_OPTIONAL = (
    "GrupoAssunto",
    "DescricaoAssunto",
    "FaixaEtariaConsumidor",
    "SexoConsumidor",
    "CEPConsumidor",
)
AUDIENCIA_COLUMNS = ("Nº", "Data", "Processo", "Fornecedor", "Situação", "Resultado")
FISCALIZACAO_COLUMNS = ("Nº", "Data", "Estabelecimento", "Ramo", "Bairro", "Resultado")


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


#: An audiência counts when it took place; scheduled-then-cancelled ones do not.
HELD = "REALIZADA"

#: The closed vocabularies of the columns that decide whether a record counts or
#: in which category (``balanco.departments.vocabulary``). The Sindec types are
#: those of ``resources/sindec_tipos.csv`` (:func:`tipo_vocabulary`).
SITUACAO_AUDIENCIA = Vocabulary(
    AUDIENCIAS.key,
    "Situação",
    ("Agendada", "Realizada", "Redesignada", "Cancelada"),
    "uma situação de audiência",
    "Só as audiências Realizada contam (vazio: não realizada).",
    required=False,
)
RESULTADO_AUDIENCIA = Vocabulary(
    AUDIENCIAS.key,
    "Resultado",
    ("Acordo", "Sem acordo", "Fornecedor ausente", "Consumidor ausente"),
    "um resultado de audiência",
    "Categoria do gráfico de resultados das audiências; vazio nas não realizadas "
    "(aparece como Não informado).",
    required=False,
)
RESULTADO_FISCALIZACAO = Vocabulary(
    FISCALIZACOES.key,
    "Resultado",
    ("Regular", "Orientado", "Notificado", "Autuado", "Interditado"),
    "um resultado de fiscalização",
    "Categoria do gráfico de resultados das fiscalizações; todas as fiscalizações do ano "
    "contam, e um resultado vazio aparece como Não informado.",
    required=False,
)


@cache
def type_table() -> pd.DataFrame:
    """The editable table mapping Sindec's DescricaoTipoAtendimento to a report
    category (``resources/sindec_tipos.csv``). Spellings are not confirmed by
    Sindec's documentation: add a line there when an export spells a type anew."""
    text = resources.files("balanco").joinpath("resources/sindec_tipos.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    return pd.DataFrame(rows).assign(chave=lambda d: d["descricao"].map(fold))


@cache
def tipo_vocabulary() -> Vocabulary:
    """Sindec's DescricaoTipoAtendimento: the descriptions of the editable table
    (``resources/sindec_tipos.csv``); each description's category is the table's."""
    return Vocabulary(
        SINDEC.key,
        "DescricaoTipoAtendimento",
        tuple(type_table()["descricao"]),
        "um tipo de atendimento do Sindec (resources/sindec_tipos.csv)",
        "Todos os tipos contam nos atendimentos; CIP e Atendimento Preliminar têm "
        "indicadores próprios.",
        note="Grafias não confirmadas pela documentação do Sindec: uma grafia nova do "
        "Sindec entra como linha nova em resources/sindec_tipos.csv.",
    )


VOCABULARIES = (tipo_vocabulary(), SITUACAO_AUDIENCIA, RESULTADO_AUDIENCIA, RESULTADO_FISCALIZACAO)


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
    return with_spellings(out.assign(**changes), *used)


def clean_audiencias(
    sheet: pd.DataFrame, log: ProblemLog, *, settings: Settings | None = None
) -> pd.DataFrame:
    out = clean_register(
        sheet,
        id_column="Nº",
        dates={"Data": "data"},
        log=log,
        text={
            "Nº": "numero",
            "Processo": "processo",
            "Fornecedor": "fornecedor",
            "Situação": "situacao",
            "Resultado": "resultado",
        },
    )
    vocabs = {"situacao": SITUACAO_AUDIENCIA, "resultado": RESULTADO_AUDIENCIA}
    return _closed(sheet, out, vocabs, log, settings)


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


def atendimentos_of_year(at: pd.DataFrame, year: int) -> pd.DataFrame:
    """A Sindec atendimento counts in the year of DataAtendimento."""
    return at[in_year(at["data_atendimento"], year)]


def audiencias_of_year(aud: pd.DataFrame, year: int) -> pd.DataFrame:
    """An audiência counts in the year it was held (Situação = Realizada)."""
    return aud[in_year(aud["data"], year) & (aud["situacao"].fillna("").map(fold) == HELD)]


def fiscalizacoes_of_year(fis: pd.DataFrame, year: int) -> pd.DataFrame:
    return fis[in_year(fis["data"], year)]


def counted(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """The rows of ``year`` that count, per dataset (the rules above)."""
    return {
        "atendimentos": atendimentos_of_year(clean["atendimentos"], year),
        "audiencias": audiencias_of_year(clean["audiencias"], year),
        "fiscalizacoes": fiscalizacoes_of_year(clean["fiscalizacoes"], year),
    }


def summarise(clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]:
    """The department's figures of ``year``. The published total of
    atendimentos is the Sindec atendimentos plus audiências plus fiscalizações."""
    c = counted(clean, year=year)
    at, aud, fis = c["atendimentos"], c["audiencias"], c["fiscalizacoes"]
    cips = int((at["categoria"] == "cip").sum())
    prelim = int((at["categoria"] == "atendimento_preliminar").sum())
    all_src = (*SINDEC.files, *AUDIENCIAS.files, *FISCALIZACOES.files)
    return [
        Indicator(
            "procon_atendimentos",
            NAME,
            "Atendimentos do Procon",
            "Todos os atendimentos do ano no Sindec (DataAtendimento), de qualquer tipo "
            "(Simples Consulta, CIP, Atendimento Preliminar, Abertura Direta de Reclamação, "
            "Cálculo e os demais), mais as audiências realizadas e as fiscalizações do ano. "
            "Não é só a soma de CIPs e atendimentos preliminares.",
            COUNT,
            len(at) + len(aud) + len(fis),
            all_src,
        ),
        Indicator(
            "procon_cips",
            NAME,
            "Cartas de Informação Preliminar (CIPs)",
            "Atendimentos do ano no Sindec do tipo CIP.",
            COUNT,
            cips,
            SINDEC.files,
        ),
        Indicator(
            "procon_atendimentos_preliminares",
            NAME,
            "Atendimentos preliminares",
            "Atendimentos do ano no Sindec do tipo Atendimento Preliminar.",
            COUNT,
            prelim,
            SINDEC.files,
        ),
        Indicator(
            "procon_audiencias",
            NAME,
            "Audiências realizadas",
            "Audiências de conciliação do ano com situação Realizada (canceladas e "
            "redesignadas não contam).",
            COUNT,
            len(aud),
            AUDIENCIAS.files,
        ),
        Indicator(
            "procon_fiscalizacoes",
            NAME,
            "Fiscalizações",
            "Fiscalizações em estabelecimentos comerciais com data no ano.",
            COUNT,
            len(fis),
            FISCALIZACOES.files,
        ),
    ]


def breakdowns(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """Tables for the report: atendimentos by type and month; fiscalizações by outcome."""
    c = counted(clean, year=year)
    at, aud, fis = c["atendimentos"], c["audiencias"], c["fiscalizacoes"]
    labels = type_table().drop_duplicates("categoria").set_index("categoria")["rotulo"]
    by_type = pd.concat(
        [
            at["categoria"]
            .map(labels)
            .value_counts()
            .rename_axis("tipo")
            .reset_index(name="quantidade"),
            pd.DataFrame(
                {
                    "tipo": ["Audiências realizadas", "Fiscalizações"],
                    "quantidade": [len(aud), len(fis)],
                }
            ),
        ],
        ignore_index=True,
    ).sort_values("quantidade", ascending=False, ignore_index=True)
    by_month = monthly_counts(at["data_atendimento"], year)
    # Blank results and subjects stay missing here; formatting shows them as "Não informado".
    outcome = (
        fis["resultado"]
        .value_counts(dropna=False)
        .rename_axis("resultado")
        .reset_index(name="quantidade")
    )
    hearings = (
        aud["resultado"]
        .value_counts(dropna=False)
        .rename_axis("resultado")
        .reset_index(name="quantidade")
    )
    subjects = pd.DataFrame({"assunto": [], "quantidade": []})
    if "grupoassunto" not in at.columns:
        subjects = unavailable(subjects, "a exportação do Sindec não tem a coluna GrupoAssunto")
    elif at["grupoassunto"].map(is_missing).all():
        subjects = unavailable(
            subjects, f"nenhum atendimento de {year} no Sindec tem o GrupoAssunto preenchido"
        )
    else:
        subjects = (
            at["grupoassunto"]
            .value_counts(dropna=False)
            .head(8)
            .rename_axis("assunto")
            .reset_index(name="quantidade")
        )
    return {
        "por_tipo": by_type,
        "por_mes": by_month,
        "fiscalizacoes_resultado": outcome,
        "audiencias_resultado": hearings,
        "por_assunto": subjects,
    }


# The department's sentences (cheap) now; its views and sample generator on first use.
from . import sentences as sentences  # noqa: E402

__getattr__ = lazy_parts(__name__)
