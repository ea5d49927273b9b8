"""Every display string, in Brazilian Portuguese, through babel (``locale="pt_BR"``).

Rounding is decided once, in :mod:`balanco.rounding`: published figures round
**half up** (as a person rounding by hand does), not babel's default half-even.
Values are quantised with :mod:`decimal` first and only then handed to babel.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import (
    format_compact_currency,
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_currency_symbol,
)

from .missing import is_missing  # noqa: F401 - the one definition, re-exported
from .rounding import half_up as _half_up

LOCALE = "pt_BR"
MILLION = Decimal(1_000_000)
#: The minus sign of a negative number shown to readers (U+2212), as typography
#: writes it; the open data (CSV, Parquet) keep the ASCII hyphen-minus of machines.
MINUS = "\u2212"


def _minus(text: str) -> str:
    """A formatted number with the typographic minus instead of the hyphen."""
    return MINUS + text[1:] if text.startswith("-") else text


def singular(value: float | int | Decimal) -> bool:
    """Whether the noun after ``value`` is singular: the one rule for every unit
    that follows a number. Portuguese puts it in the singular below 2 ("1,5 milhão",
    "0,5 dia", "1,9 dia") and in the plural from 2 on ("2 dias"); zero takes the
    plural ("0 chamados"). ``value`` is the number as shown (already rounded).

    >>> [singular(x) for x in (0.5, 1, 1.1, 1.9, 2, 0, -1.5)]
    [True, True, True, True, False, False, True]
    """
    return 0 < abs(value) < 2


def noun(value: float | int | Decimal, singular_: str, plural_: str) -> str:
    """The unit or noun after ``value`` (as shown), by :func:`singular`.

    >>> noun(1.1, "dia", "dias"), noun(2, "dia", "dias")
    ('dia', 'dias')
    """
    return singular_ if singular(value) else plural_


#: The space inside an amount ("R$ 81,3 milhões"): non-breaking, so that no line of
#: the PDF or the HTML ends between "R$" and the number or before "milhões".
NBSP = "\xa0"


def count(value: float | int) -> str:
    """A whole count with the pt-BR thousands separator.

    >>> count(3303), count(22), count(1214.0), count(-5)
    ('3.303', '22', '1.214', '−5')
    """
    return _minus(format_decimal(_half_up(value, 0), format="#,##0", locale=LOCALE))


def number(value: float | int, places: int = 1) -> str:
    """A decimal number.

    >>> number(12.25), number(3, 0), number(-0.25)
    ('12,3', '3', '−0,3')
    """
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return _minus(format_decimal(_half_up(value, places), format=pattern, locale=LOCALE))


def days(value: float | int, places: int = 1) -> str:
    """A number of days, with the noun in the singular below 2 (:func:`singular`).

    >>> days(0.5), days(1, 0), days(1.1), days(1.94), days(1.96), days(2, 0)
    ('0,5 dia', '1 dia', '1,1 dia', '1,9 dia', '2,0 dias', '2 dias')
    """
    shown = _half_up(value, places)
    return f"{number(value, places)} {noun(shown, 'dia', 'dias')}"


def seconds(value: float) -> str:
    """A duration for progress messages.

    >>> seconds(12.34)
    '12,3 s'
    """
    return f"{number(value, 1)} s"


def money(value: float | int) -> str:
    """A full amount in reais.

    >>> money(1234.5), money(-10)
    ('R$\xa01.234,50', '−R$\xa010,00')
    """
    symbol = get_currency_symbol("BRL", locale=LOCALE)
    amount = format_decimal(_half_up(abs(value), 2), format="#,##0.00", locale=LOCALE)
    return f"{MINUS if value < 0 else ''}{symbol}{NBSP}{amount}"


def money_millions(value: float | int) -> str:
    """Money as the release writes it: one decimal, in millions, rounded half up.

    >>> money_millions(97_342_718.45), money_millions(150_450_000), money_millions(1_020_000)
    ('R$\xa097,3\xa0milhões', 'R$\xa0150,5\xa0milhões', 'R$\xa01,0\xa0milhão')

    The spaces are non-breaking (:data:`NBSP`); :func:`plain_spaces` gives the text
    as a release types it, for comparisons.
    """
    millions = _half_up(Decimal(str(value)) / MILLION, 1)
    symbol = get_currency_symbol("BRL", locale=LOCALE)
    if millions < 1:
        return money(value)
    # babel's long compact form supplies the word ("milhão"/"milhões"); the number
    # rule (singular below 2) chooses which.
    word = format_compact_decimal(
        MILLION if singular(millions) else 2 * MILLION, format_type="long", locale=LOCALE
    ).split(" ", 1)[1]
    digits = format_decimal(millions, format="#,##0.0", locale=LOCALE)
    return f"{symbol}{NBSP}{digits}{NBSP}{word}"


def money_release(value: float | int) -> str:
    """Money as the release writes amounts of every size: millions with one decimal
    from R$ 1 milhão, thousands with one decimal ("R$ 394,1 mil") below it, the full
    amount below R$ 1 mil; one format for every number of a chart.

    >>> money_release(20_650_000), money_release(394_101.41), money_release(999_960)
    ('R$\xa020,7\xa0milhões', 'R$\xa0394,1\xa0mil', 'R$\xa01,0\xa0milhão')
    >>> money_release(850.5)
    'R$\xa0850,50'
    """
    if _half_up(Decimal(str(abs(value))) / MILLION, 1) >= 1:
        return money_millions(value)
    thousands = _half_up(Decimal(str(abs(value))) / 1000, 1)
    if thousands < 1:
        return money(value)
    symbol = get_currency_symbol("BRL", locale=LOCALE)
    digits = format_decimal(thousands, format="#,##0.0", locale=LOCALE)
    return f"{MINUS if value < 0 else ''}{symbol}{NBSP}{digits}{NBSP}mil"


def plain_spaces(text: str) -> str:
    """``text`` with its non-breaking spaces as ordinary ones: a figure as typed in a
    release ("R$ 81,3 milhões") compared with one formatted here.

    >>> plain_spaces(money_millions(81_300_000)) == "R$ 81,3 milhões"
    True
    """
    return text.replace(NBSP, " ")


def money_axis(value: float | int) -> str:
    """Short money for chart axes.

    >>> money_axis(10_000_000), money_axis(500_000), money_axis(0)
    ('R$ 10 mi', 'R$ 500 mil', 'R$ 0')
    """
    return format_compact_currency(value, "BRL", locale=LOCALE, fraction_digits=0).replace(
        "\xa0", " "
    )


def percent(ratio: float, places: int = 1) -> str:
    """A ratio as a percentage.

    >>> percent(0.0834), percent(-0.05)
    ('8,3%', '−5,0%')
    """
    pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
    return _minus(format_percent(_half_up(ratio, places + 2), format=pattern, locale=LOCALE))


def signed_percent(ratio: float, places: int = 1) -> str:
    """A variation with its sign: the minus sign (U+2212) when it fell.

    >>> signed_percent(0.083), signed_percent(-0.1)
    ('+8,3%', '−10,0%')
    """
    text = percent(ratio, places)
    return text if text.startswith(MINUS) else "+" + text


def month_name(month: int, *, short: bool = False) -> str:
    """Name of a month in Portuguese.

    >>> month_name(3), month_name(3, short=True)
    ('março', 'mar')
    """
    text = format_date(date(2000, month, 1), "MMM" if short else "MMMM", locale=LOCALE)
    return text.rstrip(".")


def long_date(value: date | datetime) -> str:
    """A date written out.

    >>> long_date(date(2024, 12, 5))
    '5 de dezembro de 2024'
    """
    return format_date(value, format="long", locale=LOCALE)


def month_year(year: int, month: int) -> str:
    """A month of a year written out, as a release dates itself.

    >>> month_year(2024, 12)
    'dezembro de 2024'
    """
    return format_date(date(year, month, 1), format="MMMM 'de' y", locale=LOCALE)


def timestamp(value: datetime) -> str:
    return format_datetime(value, "d 'de' MMMM 'de' y, HH:mm", locale=LOCALE)


#: How an indicator without a value (``Indicator.value is None``) is written.
NOT_AVAILABLE = "não disponível"
#: How a blank text value (a category, a name, an outcome) is shown.
NOT_INFORMED = "Não informado"


def indicator_value(value: float | int | None, unit: str) -> str:
    """Format a value by its unit, as the release writes it; a missing value is
    "não disponível" (never 0).

    >>> indicator_value(2.25, "dias"), indicator_value(None, "dias"), indicator_value(0, "contagem")
    ('2,3 dias', 'não disponível', '0')
    >>> indicator_value(1.05, "dias"), indicator_value(1, "dias")
    ('1,1 dia', '1,0 dia')
    """
    if is_missing(value):
        return NOT_AVAILABLE
    if unit == "reais":
        return money_millions(value)
    if unit == "dias":
        return days(value, 1)
    return count(value)


def label(value: object, missing: str = NOT_INFORMED) -> str:
    """A text value as shown in tables and on charts; blank ones as ``missing``.

    >>> label("Redes"), label(None), label(float("nan"), "Sem categoria"), label("  ")
    ('Redes', 'Não informado', 'Sem categoria', 'Não informado')
    """
    if is_missing(value) or not str(value).strip():
        return missing
    return str(value)


def reason(text: str) -> str:
    """An unavailability reason as a sentence: capitalised, with a final period.

    >>> reason("a exportação do GLPI não tem a coluna Data da solução")
    'A exportação do GLPI não tem a coluna Data da solução.'
    """
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


_PARTICLES = {"da", "das", "de", "do", "dos", "e", "à", "às", "a", "o", "em", "para"}


def institution(name: str) -> str:
    """Government bodies as printed: Transferegov writes them in capitals.

    >>> institution("MINISTÉRIO DA SAÚDE"), institution("Secretaria da Saúde"), institution(None)
    ('Ministério da Saúde', 'Secretaria da Saúde', 'Não informado')
    """
    if is_missing(name) or not str(name).strip():
        return NOT_INFORMED
    if not name.isupper():
        return name
    words = name.lower().split()
    return " ".join(
        w if (i and w in _PARTICLES) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def plural(n: float | int, singular: str, plural_: str) -> str:
    """A count with its noun: ``plural(1, "chamado", "chamados") == "1 chamado"``.

    >>> plural(1, "convênio", "convênios"), plural(1214, "demanda", "demandas")
    ('1 convênio', '1.214 demandas')
    """
    return f"{count(n)} {noun(_half_up(n, 0), singular, plural_)}"


#: A preposition followed by a definite article, as Portuguese writes them together.
_CONTRACTIONS = {
    ("de", "a"): "da",
    ("de", "o"): "do",
    ("de", "as"): "das",
    ("de", "os"): "dos",
    ("em", "a"): "na",
    ("em", "o"): "no",
    ("em", "as"): "nas",
    ("em", "os"): "nos",
    ("por", "a"): "pela",
    ("por", "o"): "pelo",
    ("por", "as"): "pelas",
    ("por", "os"): "pelos",
}


def after(preposition: str, phrase: str) -> str:
    """``phrase`` after ``preposition``, contracted with its article ("em a" is
    "na") as Portuguese requires.

    >>> after("em", "a página da exportação"), after("de", "os releases produzidos")
    ('na página da exportação', 'dos releases produzidos')
    >>> after("em", "oficios.csv"), after("de", "Os atendimentos")
    ('em oficios.csv', 'Dos atendimentos')
    """
    head, _, rest = phrase.partition(" ")
    joined = _CONTRACTIONS.get((preposition.lower(), head.lower())) if rest else None
    if joined is None:
        return f"{preposition} {phrase}"
    if preposition[:1].isupper() or head[:1].isupper():
        joined = joined.capitalize()
    return f"{joined} {rest}"


def join_pt(items: list[str], sep: str = ", ") -> str:
    """Join with commas (or ``sep``) and a final "e"; two items with "e" alone
    (never "a; e b": a semicolon separates three items or more).

    >>> join_pt(["a", "b", "c"]), join_pt(["a"]), join_pt(["a, b", "c", "d"], sep="; ")
    ('a, b e c', 'a', 'a, b; c; e d')
    >>> join_pt(["obra do Paço Municipal", "renovação da rede"], sep="; ")
    'obra do Paço Municipal e renovação da rede'
    """
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} e {items[1]}"
    last = "; e " if sep == "; " else " e "
    return sep.join(items[:-1]) + last + items[-1]


def short_date(value: date | datetime) -> str:
    """A date as the analyst writes it; the time too when it is not midnight.

    >>> short_date(date(2099, 1, 1)), short_date(datetime(2031, 3, 5, 14, 10))
    ('01/01/2099', '05/03/2031 14:10')
    """
    if isinstance(value, datetime) and (value.hour, value.minute) != (0, 0):
        return format_datetime(value, "dd/MM/yyyy HH:mm", locale=LOCALE)
    return format_date(value, "dd/MM/yyyy", locale=LOCALE)


def as_written(value: object) -> str:
    """A spreadsheet cell's value the way the analyst sees it in the file, for
    messages: text as is, numbers with pt-BR separators (two decimals for
    fractional or float amounts), dates as dia/mês/ano.

    >>> as_written("-5.000,00"), as_written(-5000.0), as_written(10872), as_written(0.5)
    ('-5.000,00', '-5.000,00', '10.872', '0,50')
    >>> as_written(Decimal("58084560.27")), as_written(datetime(2024, 3, 5))
    ('58.084.560,27', '05/03/2024')
    >>> as_written(datetime(2024, 3, 5, 14, 10)), as_written(True)
    ('05/03/2024 14:10', 'VERDADEIRO')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "VERDADEIRO" if value else "FALSO"
    if isinstance(value, int):
        return format_decimal(value, format="#,##0", locale=LOCALE)
    if isinstance(value, float | Decimal):
        if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
            return str(value)
        return format_decimal(Decimal(str(value)), format="#,##0.00########", locale=LOCALE)
    if isinstance(value, datetime):
        pattern = "dd/MM/yyyy" if (value.hour, value.minute) == (0, 0) else "dd/MM/yyyy HH:mm"
        return format_datetime(value, pattern, locale=LOCALE)
    if isinstance(value, date):
        return format_date(value, "dd/MM/yyyy", locale=LOCALE)
    return str(value)


def file_size(n_bytes: int) -> str:
    """A file's size, in kB below a megabyte and in MB from there (decimal units,
    one place, through babel's units).

    >>> file_size(812), file_size(12_345), file_size(2_500_000)
    ('0,8\xa0kB', '12,3\xa0kB', '2,5\xa0MB')
    """
    from babel.units import format_unit

    unit, scale = ("digital-megabyte", 1e6) if n_bytes >= 999_950 else ("digital-kilobyte", 1e3)
    value = _half_up(n_bytes / scale, 1)
    text = format_unit(value, unit, length="short", format="#,##0.0", locale=LOCALE)
    return text.replace(" ", NBSP)
