"""CPD (Centro de Processamento de Dados): helpdesk tickets exported from GLPI 10,
and the year's projects (qualitative, from the highlights file).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import Settings
from ..errors import ProblemLog, did_you_mean
from ..io import (
    LINE,
    UTF8_ONLY,
    check_unique,
    convert,
    fold,
    parse_datetime,
    parse_int,
    read_delimited,
)
from .base import (
    COUNT,
    DAYS,
    Indicator,
    Source,
    binned,
    drop_line,
    in_year,
    median_days,
    monthly_counts,
    source_of,
    with_source,
)

NAME = "cpd"
TITLE = "Centro de Processamento de Dados (CPD)"

TICKETS = Source(
    "chamados",
    ("glpi_chamados.csv",),
    "GLPI 10 (exportação CSV da lista de chamados, pt_BR)",
    "Chamados de suporte de informática abertos pelas secretarias.",
)
SOURCES = (TICKETS,)

REQUIRED = ("ID", "Título", "Status", "Data de abertura", "Categoria")
OPTIONAL = {
    "Data da solução": "data_solucao",
    "Prioridade": "prioridade",
    "Tipo": "tipo",
    "Entidade": "entidade",
    "Localização": "localizacao",
    "Atribuído - Técnico": "tecnico",
    "Requerente - Requerente": "requerente",
}
#: GLPI's dates follow the user's preference: YYYY-MM-DD (default) or DD-MM-YYYY.
GLPI_DATES = ("%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M:%S")
GLPI_DATE_EXPECTED = (
    "não é uma data do GLPI; esperado AAAA-MM-DD HH:MM ou DD-MM-AAAA HH:MM, ex.: 2024-03-05 14:10"
)
#: GLPI 10 pt_BR statuses (GLPI 9 wrote "Processando" for "Em atendimento").
STATUSES = (
    "Novo",
    "Em atendimento (atribuído)",
    "Em atendimento (planejado)",
    "Pendente",
    "Solucionado",
    "Fechado",
    "Processando (atribuído)",
    "Processando (planejado)",
)
SOLVED = ("Solucionado", "Fechado")


def load(raw_dir: Path, *, settings: Settings) -> dict[str, pd.DataFrame]:
    """Read the GLPI export (UTF-8 with BOM, every field quoted, trailing ';')."""
    path = TICKETS.paths(raw_dir)[0]
    return {
        TICKETS.key: with_source(read_delimited(path, required=REQUIRED, encodings=UTF8_ONLY), path)
    }


def _glpi_date(value: object) -> object:
    return parse_datetime(value, GLPI_DATES)


def _text(value: object) -> object:
    # GLPI writes a '"' inside a value as two apostrophes and joins multiple values with <br>.
    if value is None:
        return None
    parts = str(value).replace("''", '"').split("<br>")
    return "; ".join(" ".join(p.split()) for p in parts if p.strip())


def clean(
    raw: dict[str, pd.DataFrame], *, year: int, settings: Settings
) -> dict[str, pd.DataFrame]:
    """Validate ids (``"1 234"``), dates (both GLPI formats) and statuses."""
    tickets = raw[TICKETS.key]
    log = ProblemLog()
    file = source_of(tickets)
    ids = convert(
        tickets,
        "ID",
        parse_int,
        file=file,
        log=log,
        expected="não é um número de chamado; esperado um inteiro, ex.: 2 553",
    )
    check_unique(tickets, "ID", file=file, log=log, values=ids)
    opened = convert(
        tickets, "Data de abertura", _glpi_date, file=file, log=log, expected=GLPI_DATE_EXPECTED
    )
    solved = (
        convert(
            tickets,
            "Data da solução",
            _glpi_date,
            file=file,
            log=log,
            expected=GLPI_DATE_EXPECTED,
            required=False,
        )
        if "Data da solução" in tickets.columns
        else [None] * len(tickets)
    )
    known = {fold(s): s for s in STATUSES}
    for value, line in zip(tickets["Status"], tickets[LINE], strict=True):
        if fold(value or "") not in known:
            log.add(
                file,
                "não é um status do GLPI; esperado um de: "
                + ", ".join(STATUSES[:6])
                + "."
                + did_you_mean(str(value or ""), STATUSES),
                line=int(line),
                column="Status",
                value=value,
            )
    log.raise_if_any()
    out = pd.DataFrame(
        {
            "id": ids,
            "data_abertura": pd.to_datetime(pd.Series(opened, dtype=object)),
            "data_solucao": pd.to_datetime(pd.Series(solved, dtype=object)),
            "titulo": tickets["Título"].map(_text).to_numpy(),
            "status": [known[fold(v)] for v in tickets["Status"]],
            "categoria": tickets["Categoria"].map(_text).to_numpy(),
            **{
                dst: (tickets[src].map(_text).to_numpy() if src in tickets.columns else None)
                for src, dst in OPTIONAL.items()
                if dst != "data_solucao"
            },
            LINE: tickets[LINE].to_numpy(),
        }
    )
    out.insert(0, "ano", out["data_abertura"].dt.year.astype("Int64"))
    return {"chamados": drop_line(out)}


def tickets_of_year(tickets: pd.DataFrame, year: int) -> pd.DataFrame:
    """A ticket counts in the year it was opened (Data de abertura), whatever its status."""
    return tickets[in_year(tickets["data_abertura"], year)]


def solution_days(tickets: pd.DataFrame) -> pd.Series:
    """Days from opening to "Data da solução", for every ticket that has a solution
    date (whatever its status now: the definition is by date, not by status)."""
    done = tickets[tickets["data_solucao"].notna()]
    return (done["data_solucao"] - done["data_abertura"]).dt.total_seconds() / 86400


def summarise(clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]:
    """The department's figures of ``year``."""
    t = tickets_of_year(clean["chamados"], year)
    days = solution_days(t)
    return [
        Indicator(
            "chamados",
            NAME,
            "Chamados registrados",
            "Chamados do GLPI abertos no ano (pela data de abertura), qualquer que seja o status.",
            COUNT,
            len(t),
            TICKETS.files,
        ),
        Indicator(
            "chamados_solucionados",
            NAME,
            "Chamados solucionados",
            "Chamados abertos no ano com status Solucionado ou Fechado.",
            COUNT,
            int(t["status"].isin(SOLVED).sum()),
            TICKETS.files,
        ),
        Indicator(
            "chamados_tempo_mediano",
            NAME,
            "Tempo mediano de solução",
            "Mediana, em dias corridos, entre a abertura e a data da solução dos chamados "
            "abertos no ano que têm data da solução.",
            DAYS,
            median_days(days),
            TICKETS.files,
        ),
    ]


def breakdowns(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """Tables for the report: per month, by category (first level), by time to solution."""
    t = tickets_of_year(clean["chamados"], year)
    top = t["categoria"].fillna("Sem categoria").str.split(" > ").str[0]
    by_cat = top.value_counts().rename_axis("categoria").reset_index(name="quantidade")
    days = solution_days(t)
    bins = [-0.1, 1, 3, 7, 30, float("inf")]
    labels = ["até 1 dia", "1 a 3 dias", "3 a 7 dias", "7 a 30 dias", "mais de 30 dias"]
    by_time = binned(days, bins, labels, name="prazo")
    by_status = t["status"].value_counts().rename_axis("status").reset_index(name="quantidade")
    return {
        "por_mes": monthly_counts(t["data_abertura"], year),
        "por_categoria": by_cat,
        "por_prazo": by_time,
        "por_status": by_status,
    }
