"""CPD (Centro de Processamento de Dados): helpdesk tickets exported from GLPI 10,
and the year's projects (qualitative, from the highlights file).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...config import Settings
from ...errors import ProblemLog
from ...io import (
    LINE,
    UTF8_ONLY,
    check_unique,
    convert_series,
    map_text,
    parse_datetime,
    parse_int,
    read_columns,
)
from ..base import (
    COUNT,
    DAYS,
    Dated,
    Indicator,
    Source,
    binned,
    calendar_days,
    clean_sources,
    drop_line,
    in_year,
    is_missing,
    lazy_parts,
    median_days,
    monthly_counts,
    source_of,
    text,
    unavailable,
    with_source,
)
from ..vocabulary import Vocabulary, spellings_for, with_spellings

NAME = "cpd"
TITLE = "Centro de Processamento de Dados (CPD)"
#: The article of TITLE in running text ("do Centro de Processamento de Dados"): ``sentences.of``.
ARTICLE = "o"
COVER_TITLE = "Centro de Processamento de Dados"

TICKETS = Source(
    "chamados",
    ("glpi_chamados.csv",),
    "GLPI 10 (exportação CSV da lista de chamados, pt_BR)",
    "Chamados de suporte de informática abertos pelas secretarias.",
)
SOURCES = (TICKETS,)

#: What the checks look at (balanco.checks): dated records.
DATES = (
    Dated(
        "chamados",
        "data_abertura",
        "glpi_chamados.csv",
        "Data de abertura",
        "chamados",
        one_period=True,
    ),
)
OTHER_DATES = (
    Dated("chamados", "data_solucao", "glpi_chamados.csv", "Data da solução", "chamados"),
)

REQUIRED = ("ID", "Título", "Status", "Data de abertura")
#: GLPI exports the columns of the user's search view, so these may be absent. An
#: absent column is absent from the processed table too (never a column of blanks),
#: and what depends on it is "não disponível" with the reason.
OPTIONAL = {
    "Data da solução": "data_solucao",
    "Categoria": "categoria",
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
#: The closed vocabulary of Status (``balanco.departments.vocabulary``): GLPI 10's
#: six statuses listed in messages, GLPI 9's two accepted too.
STATUS = Vocabulary(
    TICKETS.key,
    "Status",
    STATUSES[:6],
    "um status do GLPI",
    "Todos os chamados abertos no ano contam; Solucionado e Fechado contam também como "
    "solucionados.",
    legacy=STATUSES[6:],
    note="Nomes do GLPI 10 em pt_BR; os do GLPI 9 (Processando (atribuído), Processando "
    "(planejado)) também são aceitos.",
)
VOCABULARIES = (STATUS,)


def load(raw_dir: Path, *, settings: Settings) -> dict[str, pd.DataFrame]:
    """Read the GLPI export (UTF-8 with BOM, every field quoted, trailing ';')."""
    path = TICKETS.paths(raw_dir)[0]
    return {
        # Only the columns used, streamed, one copy per distinct text: an export
        # of hundreds of thousands of tickets stays small.
        TICKETS.key: with_source(
            read_columns(path, required=REQUIRED, optional=tuple(OPTIONAL), encodings=UTF8_ONLY),
            path,
        )
    }


def _glpi_date(value: object) -> object:
    return parse_datetime(value, GLPI_DATES)


def _text(value: object) -> str | None:
    # GLPI writes a '"' inside a value as two apostrophes and joins multiple values with <br>.
    if is_missing(value):
        return None
    parts = str(value).replace("''", '"').split("<br>")
    return text("; ".join(" ".join(p.split()) for p in parts if p.strip()))


def clean(
    raw: dict[str, pd.DataFrame], *, year: int, settings: Settings
) -> dict[str, pd.DataFrame]:
    """Validate and normalise every source; every problem is reported at once."""
    return clean_sources({"chamados": lambda: clean_tickets(raw[TICKETS.key], settings=settings)})


def clean_tickets(tickets: pd.DataFrame, *, settings: Settings | None = None) -> pd.DataFrame:
    """Validate ids (``"1 234"``), dates (both GLPI formats) and statuses."""
    log = ProblemLog()
    file = source_of(tickets)
    ids = convert_series(
        tickets,
        "ID",
        parse_int,
        file=file,
        log=log,
        expected="não é um número de chamado; esperado um inteiro, ex.: 2 553",
    )
    check_unique(tickets, "ID", file=file, log=log, values=list(ids))
    opened = convert_series(
        tickets,
        "Data de abertura",
        _glpi_date,
        file=file,
        log=log,
        expected=GLPI_DATE_EXPECTED,
        dtype="datetime64",
    )
    solved = (
        convert_series(
            tickets,
            "Data da solução",
            _glpi_date,
            file=file,
            log=log,
            expected=GLPI_DATE_EXPECTED,
            required=False,
            dtype="datetime64",
        )
        if "Data da solução" in tickets.columns
        else pd.to_datetime(pd.Series([None] * len(tickets), dtype=object))
    )
    # One check per distinct spelling, not per row (exports run to many thousands).
    status, used = STATUS.apply(
        tickets["Status"],
        tickets[LINE].to_numpy(),
        file=file,
        log=log,
        spellings=spellings_for(settings, STATUS),
    )
    lines = tickets[LINE].to_numpy()
    log.raise_if_any()
    present = {src: dst for src, dst in OPTIONAL.items() if src in tickets.columns}
    out = pd.DataFrame(
        {
            "id": ids.astype("int64").to_numpy(),
            "data_abertura": opened.to_numpy(),
            **({"data_solucao": solved.to_numpy()} if "Data da solução" in present else {}),
            "titulo": map_text(tickets["Título"], _text),
            "status": status,
            **{
                dst: map_text(tickets[src], _text)
                for src, dst in present.items()
                if dst != "data_solucao"
            },
            LINE: lines,
        }
    )
    out.insert(0, "ano", out["data_abertura"].dt.year.astype("Int64"))
    return with_spellings(drop_line(out), used)


def tickets_of_year(tickets: pd.DataFrame, year: int) -> pd.DataFrame:
    """A ticket counts in the year it was opened (Data de abertura), whatever its status."""
    return tickets[in_year(tickets["data_abertura"], year)]


def solution_days(tickets: pd.DataFrame, *, calendar: bool = False) -> pd.Series:
    """Days from opening to "Data da solução", for every ticket that has a solution
    date (whatever its status now: the definition is by date, not by status);
    elapsed (fractional) days, or with ``calendar`` whole calendar days."""
    if "data_solucao" not in tickets.columns:
        return pd.Series([], dtype=float)
    done = tickets[tickets["data_solucao"].notna()]
    if calendar:
        return calendar_days(done["data_abertura"], done["data_solucao"])
    return (done["data_solucao"] - done["data_abertura"]).dt.total_seconds() / 86400


def solution_unavailable(tickets: pd.DataFrame, year: int) -> str | None:
    """Why the time to solution of the year's tickets cannot be computed (None if it can)."""
    if "data_solucao" not in tickets.columns:
        return "a exportação do GLPI não tem a coluna Data da solução"
    if solution_days(tickets).empty:
        return f"nenhum chamado aberto em {year} tem data da solução"
    return None


def category_unavailable(tickets: pd.DataFrame, year: int) -> str | None:
    """Why the year's tickets cannot be broken down by category (None if they can)."""
    if "categoria" not in tickets.columns:
        return "a exportação do GLPI não tem a coluna Categoria"
    if tickets["categoria"].isna().all():
        return f"nenhum chamado aberto em {year} tem a Categoria preenchida"
    return None


def counted(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """The rows of ``year`` that count: the tickets opened in the year."""
    return {"chamados": tickets_of_year(clean["chamados"], year)}


def summarise(clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]:
    """The department's figures of ``year``."""
    t = counted(clean, year=year)["chamados"]
    days = solution_days(t)
    no_time = solution_unavailable(t, year)
    return [
        Indicator(
            "chamados",
            NAME,
            "Chamados registrados",
            "Chamados do GLPI abertos no ano (coluna Data de abertura), qualquer que seja o "
            "status na data da exportação; nunca pela data de solução.",
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
            "Mediana, em dias corridos, entre a Data de abertura e a Data da solução dos "
            "chamados abertos no ano que têm Data da solução (qualquer que seja o status).",
            DAYS,
            None if no_time else median_days(days),
            TICKETS.files,
            reason=no_time,
        ),
    ]


def breakdowns(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """Tables for the report: per month, by category (first level), by time to solution."""
    t = counted(clean, year=year)["chamados"]
    no_category = category_unavailable(t, year)
    if no_category:
        by_cat = unavailable(pd.DataFrame({"categoria": [], "quantidade": []}), no_category)
    else:
        # Tickets without a category stay missing (shown as "Sem categoria" by formatting).
        top = t["categoria"].map(lambda c: None if is_missing(c) else c.split(" > ")[0])
        by_cat = (
            top.value_counts(dropna=False).rename_axis("categoria").reset_index(name="quantidade")
        )
    # Time to solution in calendar days, each day count in one bin (the labels
    # "1 a 3 dias" and "3 a 7 dias" overlapped): the day of opening or the next,
    # 2–3, 4–7, 8–30, more than 30.
    days = solution_days(t, calendar=True)
    bins = [-1, 1, 3, 7, 30, float("inf")]
    labels = ["até 1 dia", "2 a 3 dias", "4 a 7 dias", "8 a 30 dias", "mais de 30 dias"]
    by_time = binned(days, bins, labels, name="prazo")
    no_time = solution_unavailable(t, year)
    if no_time:
        by_time = unavailable(by_time, no_time)
    by_status = t["status"].value_counts().rename_axis("status").reset_index(name="quantidade")
    return {
        "por_mes": monthly_counts(t["data_abertura"], year),
        "por_categoria": by_cat,
        "por_prazo": by_time,
        "por_status": by_status,
    }


# The department's sentences (cheap) now; its views and sample generator on first use.
from . import sentences as sentences  # noqa: E402

__getattr__ = lazy_parts(__name__)
