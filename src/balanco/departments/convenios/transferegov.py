"""municipio_ausente (blocking): the Transferegov dumps (``siconv_proposta.csv``,
``siconv_convenio.csv``, national, every municipality since 2008) must be of this
municipality: its IBGE code appears in some proposal, else the message names the
municipalities that appear most.

The check judges the federal convênios whole, before the per-source checks: a dump
with its header only is ``fonte_vazia`` (then the municipality is not looked for),
and a dump of this municipality without any convênio of the Prefeitura, of any
year, is ``sem_registros_no_ano`` (the cleaned table keeps only the Prefeitura's
convênios, so an empty table is not an empty export). Either way, or when the
municipality is missing, the per-source checks pass the federal table over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ... import formatting
from ...check_spec import BLOCKING, Check, Context
from ...errors import Problem

PROPOSTA_FILE = "siconv_proposta.csv"
CONVENIO_FILE = "siconv_convenio.csv"
#: The federal convênios (department, table): judged here, not by the per-source checks.
FEDERAL = ("convenios", "convenios_federais")


def _has_data_line(path: Path) -> bool:
    """True when a delimited file has a non-blank line after its header (reads
    the first lines only: the Transferegov dumps are hundreds of MB)."""
    with open(path, "rb") as fh:
        fh.readline()
        for line in fh:
            if line.strip():
                return True
    return False


def _blocking(code: str, detail: str, file: str, column: str | None = None) -> Problem:
    return Problem(file, detail, column=column, code=code, severity=BLOCKING, department=FEDERAL[0])


def empty_dumps(ctx: Context) -> Iterator[Problem]:
    """fonte_vazia: a Transferegov dump with its header only."""
    for name in (CONVENIO_FILE, PROPOSTA_FILE):
        path = ctx.raw_dir / name
        if path.exists() and not ctx.skips(name) and not _has_data_line(path):
            yield _blocking(
                "fonte_vazia",
                "a exportação do Transferegov só tem o cabeçalho, nenhum registro; "
                "baixe de novo o arquivo de dados abertos",
                name,
            )


def check_municipality(ctx: Context) -> Iterator[Problem]:
    """municipio_ausente: the Transferegov dump must hold the municipality's IBGE code."""
    from ...io import grep_delimited

    if ctx.skips(PROPOSTA_FILE):
        return  # the Convênios are not part of this balance
    code = ctx.settings.ibge_code
    fed = ctx.cleaned.get(FEDERAL[0], {}).get(FEDERAL[1])
    if (
        fed is not None
        and fed["cod_municipio_ibge"].fillna("").astype(str).str.strip().eq(code).any()
    ):
        return  # the common case, without reading the dump again
    path = ctx.raw_dir / PROPOSTA_FILE
    if not path.exists():
        return
    columns = ("UF_PROPONENTE", "MUNIC_PROPONENTE", "COD_MUNIC_IBGE")
    rows = grep_delimited(path, columns=columns, patterns=[re.escape(code)])
    if rows["COD_MUNIC_IBGE"].fillna("").str.strip().eq(code).any():
        return
    everyone = grep_delimited(path, columns=columns)
    top = (
        everyone.assign(
            nome=everyone["MUNIC_PROPONENTE"].fillna("?").str.strip()
            + "/"
            + everyone["UF_PROPONENTE"].fillna("?").str.strip()
            + " ("
            + everyone["COD_MUNIC_IBGE"].fillna("sem código").str.strip()
            + ")"
        )["nome"]
        .value_counts()
        .head(3)
    )
    listed = formatting.join_pt(
        [f"{n} com {formatting.plural(int(k), 'proposta', 'propostas')}" for n, k in top.items()]
    )
    yield _blocking(
        "municipio_ausente",
        f"o código IBGE de {ctx.settings.municipality} ({code}) não aparece em nenhuma "
        f"proposta; os municípios que mais aparecem são: {listed}. É a exportação de "
        "outro município?",
        PROPOSTA_FILE,
        "COD_MUNIC_IBGE",
    )


def check(ctx: Context) -> Iterator[Problem]:
    """The Transferegov dumps: empty, of another municipality, or without any
    convênio of the Prefeitura."""
    empty = list(empty_dumps(ctx))
    yield from empty
    missing = [] if empty else list(check_municipality(ctx))
    yield from missing
    if ctx.skips(CONVENIO_FILE):
        return
    frame = ctx.cleaned.get(FEDERAL[0], {}).get(FEDERAL[1])
    if frame is None:
        return
    if empty or missing:
        ctx.judged.add(FEDERAL)
    elif frame.empty:
        ctx.judged.add(FEDERAL)
        yield _blocking(
            "sem_registros_no_ano",
            f"nenhum convênio da Prefeitura (código IBGE {ctx.settings.ibge_code}, "
            f"{ctx.settings.municipal_nature}) no arquivo, de nenhum ano: "
            "exportação de outro período ou recortada?",
            CONVENIO_FILE,
        )


CHECK = Check(
    "municipio_ausente",
    BLOCKING,
    "Município ausente da exportação do Transferegov",
    check,
    listed=30,
    runs=20,
)
