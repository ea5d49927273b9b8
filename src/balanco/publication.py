"""When and where a year's reports are published, from the municipality file:
the publication date of each year (the ``[publicacao]`` table) on the cover and
in the colophon instead of the build date, and the site's address
(``endereco_publicacao``) that makes the PDF's link to its HTML absolute, so that
it still works once the PDF travels alone (by e-mail, from another site).

Without a date for the year the build date is used and the colophon says so;
without an address the link stays relative (the PDF beside its HTML) and the
colophon says that too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, urlsplit

from . import formatting

#: The municipality file's section of publication dates, one line per year.
SECTION = "publicacao"
#: The municipality file's key of the site's address.
ADDRESS_KEY = "endereco_publicacao"
ADDRESS_EXPECTED = (
    "o endereço do site onde os relatórios são publicados, começando por https:// "
    "(ex.: https://www.prefeitura.exemplo.gov.br/balancos)"
)
#: How many years after the balance's year its publication date may fall.
MAX_YEARS_AFTER = 2
DATE_EXPECTED = (
    "uma data AAAA-MM-DD do ano do balanço ou dos dois anos seguintes, ou só o mês, "
    "AAAA-MM, quando "
    'a Secretaria só o informa, uma linha por ano (ex.: 2024 = "2025-01-20" ou '
    '2024 = "2024-12")'
)


@dataclass(frozen=True, order=True)
class Month:
    """A publication date known to the month only (the release is dated
    "2024-12"): the cover says "dezembro de 2024", never an invented day."""

    year: int
    month: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def check_address(value: str) -> str | None:
    """Why ``value`` is not a site's address (None when it is one).

    >>> check_address("https://www.prefeitura.exemplo.gov.br/balancos") is None
    True
    >>> check_address("www.prefeitura.exemplo.gov.br")[:35]
    'não serve: era esperado o endereço '
    >>> check_address("http://www.prefeitura.exemplo.gov.br") is None
    False
    """
    text = value.strip()
    parts = urlsplit(text)
    if (
        parts.scheme == "https"
        and parts.netloc
        and not parts.query
        and not parts.fragment
        and not re.search(r"\s", text)
    ):
        return None
    return f"não serve: era esperado {ADDRESS_EXPECTED}"


def read_dates(section: object, text: str, shown: str):
    """The ``[publicacao]`` section as ``((year, date), ...)`` sorted by year, and the
    problems of its lines (a key that is not a year, a value that is not a date
    in that year or after it)."""
    from .errors import Problem

    def line_of(key: str) -> int | None:
        inside = False
        for number, line in enumerate(text.splitlines(), start=1):
            head = re.match(r"^\s*\[+\s*([^\]]+?)\s*\]", line)
            if head:
                inside = head.group(1) == SECTION
            elif inside and re.match(rf'^\s*"?{re.escape(key)}"?\s*=', line):
                return number
        return None

    if not isinstance(section, dict):
        return (), [
            Problem(shown, f"não serve: era esperada uma seção [{SECTION}]", column=SECTION)
        ]
    dates: list[tuple[int, date | Month]] = []
    problems = []
    for key, value in section.items():
        where = {"line": line_of(key), "column": f"{SECTION}.{key}"}
        if not re.fullmatch(r"\d{4}", key):
            problems.append(
                Problem(
                    shown,
                    "não serve: a chave é o ano do balanço, quatro algarismos; esperado "
                    + DATE_EXPECTED,
                    value=key,
                    **where,
                )
            )
            continue
        day = _as_date(value)
        # A year-end review may come out in December of its own year, never before
        # it, and not more than two years after its end (2099 is a typing slip).
        if day is None or not int(key) <= day.year <= int(key) + MAX_YEARS_AFTER:
            shown_value = value.isoformat() if isinstance(value, date) else str(value)
            problems.append(
                Problem(
                    shown,
                    f"não serve: era esperada {DATE_EXPECTED}",
                    value=shown_value,
                    **where,
                )
            )
            continue
        dates.append((int(key), day))
    return tuple(sorted(dates)), problems


def _as_date(value: object) -> date | Month | None:
    """A TOML date (``2025-01-20``) or the same between quotes, or a month between
    quotes (``"2024-12"``); a date and time is not a publication date.

    >>> _as_date("2024-12"), _as_date("2024-13"), _as_date("2025-01-20")
    (Month(year=2024, month=12), None, datetime.date(2025, 1, 20))
    """
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    if re.fullmatch(r"\d{4}-\d{2}", text) and 1 <= int(text[5:]) <= 12:
        return Month(int(text[:4]), int(text[5:]))
    return None


@dataclass(frozen=True)
class Publication:
    """A report's publication: its date and the link from the PDF to its HTML."""

    #: The date on the cover: the year's publication date (a day, or a month when
    #: only the month is known), or the build date.
    day: date | Month
    #: Whether ``day`` is the municipality file's date (else the build date).
    day_set: bool
    #: The HTML's address as the PDF links it: absolute with the site's address,
    #: else its name (relative: the HTML beside the PDF).
    html_link: str
    absolute: bool

    @property
    def long_date(self) -> str:
        """The date written out, as the cover prints it ("dezembro de 2024" for a
        month)."""
        if isinstance(self.day, Month):
            return formatting.month_year(self.day.year, self.day.month)
        return formatting.long_date(self.day)


def of(settings, year: int, html_name: str, *, today: date | None = None) -> Publication:
    """The publication of ``year``'s report whose HTML is ``html_name``.

    The site mirrors ``reports/``: a year's HTML is at
    ``<endereco_publicacao>/<ano>/<nome>``.

    >>> class S:
    ...     publication_dates = ((2024, date(2025, 1, 20)),)
    ...     publication_url = "https://example.org/balancos"
    >>> p = of(S(), 2024, "procon-2024.html", today=date(2026, 12, 2))
    >>> p.long_date, p.day_set, p.html_link
    ('20 de janeiro de 2025', True, 'https://example.org/balancos/2024/procon-2024.html')
    >>> of(S(), 2023, "balanco-2023.html", today=date(2026, 12, 2)).day_set
    False
    """
    chosen = dict(getattr(settings, "publication_dates", ()) or ()).get(year)
    day = chosen or today or date.today()
    base = (getattr(settings, "publication_url", "") or "").strip().rstrip("/")
    link = f"{base}/{year}/{quote(html_name)}" if base else html_name
    return Publication(day, chosen is not None, link, bool(base))


def colophon(pub: Publication, *, year: int, slug: str) -> list[str]:
    """The colophon's sentences on the publication's date and the link to the HTML.

    >>> p = Publication(date(2026, 12, 2), False, "balanco-2024.html", False)
    >>> date_line, link_line = colophon(p, year=2024, slug="suzano")
    >>> date_line[:73]
    'Data da capa: a data em que o relatório foi gerado (2 de dezembro de 2026'
    >>> link_line[:60]
    'O link da capa para a versão acessível (balanco-2024.html) é'
    """
    file = f"municipios/{slug}.toml"
    lines = []
    if pub.day_set:
        lines.append(f"Publicado em {pub.long_date} (data de publicação de {year} em {file}).")
    else:
        lines.append(
            f"Data da capa: a data em que o relatório foi gerado ({pub.long_date}), pois "
            f"{file} não define a data de publicação de {year} (seção [{SECTION}])."
        )
    if pub.absolute:
        lines.append(f"Versão acessível (HTML): {pub.html_link}.")
    else:
        lines.append(
            f"O link da capa para a versão acessível ({pub.html_link}) é relativo: funciona "
            f"com o PDF e o HTML na mesma pasta; com {ADDRESS_KEY} em {file}, ele seria o "
            "endereço completo."
        )
    return lines
