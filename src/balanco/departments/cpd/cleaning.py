"""CPD: validating and normalising every source; every problem reported at once."""

from __future__ import annotations

import pandas as pd

from ...errors import ProblemLog
from ...io import LINE, check_unique, convert_series, map_text, parse_datetime, parse_int
from ...settings import Settings
from ..base import is_missing
from ..frames import clean_sources, drop_line, source_of, text
from ..vocabulary import spellings_for, with_spellings
from .sources import GLPI_DATE_EXPECTED, GLPI_DATES, OPTIONAL, TICKETS
from .vocabularies import STATUS


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
