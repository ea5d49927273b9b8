"""Year-over-year comparison of indicators."""

from __future__ import annotations

from dataclasses import dataclass

from . import formatting

#: Changes smaller than this (in either direction) read as "estável".
STABLE = 0.005


@dataclass(frozen=True)
class Change:
    previous: float | int | None
    current: float | int | None
    ratio: float | None
    word: str  # "+8,3%", "-2,0%", "estável" or "não comparável"

    @property
    def comparable(self) -> bool:
        return self.word != "não comparável"


def change(current: float | int | None, previous: float | int | None) -> Change:
    """The variation from ``previous`` to ``current``, in words. A value that is not
    available (None) on either side is "não comparável" (never -100% nor 0,0).

    >>> change(108.3, 100).word, change(100, 100.2).word, change(5, 0).word, change(5, None).word
    ('+8,3%', 'estável', 'não comparável', 'não comparável')
    >>> change(None, 2.5).word, change(None, None).word
    ('não comparável', 'não comparável')
    """
    if formatting.is_missing(previous) or formatting.is_missing(current):
        return Change(
            None if formatting.is_missing(previous) else previous,
            None if formatting.is_missing(current) else current,
            None,
            "não comparável",
        )
    if previous == 0:
        word = "estável" if current == 0 else "não comparável"
        return Change(previous, current, None, word)
    ratio = (current - previous) / previous
    word = "estável" if abs(ratio) < STABLE else formatting.signed_percent(ratio)
    return Change(previous, current, ratio, word)


def clause(subject: str, plural: bool, ch: Change) -> str | None:
    """ "os atendimentos do Procon cresceram 8,3%" (None if not comparable): the
    change without the year it is measured against, to join several in one sentence.

    >>> clause("os releases", True, change(100, 100.2)), clause("o total", False, change(99, 100))
    ('os releases ficaram estáveis', 'o total caiu 1,0%')
    """
    if not ch.comparable:
        return None
    if ch.word == "estável":
        return f"{subject} {'ficaram estáveis' if plural else 'ficou estável'}"
    up = (ch.ratio or 0) > 0
    verb = ("cresceram" if up else "caíram") if plural else ("cresceu" if up else "caiu")
    return f"{subject} {verb} {formatting.percent(abs(ch.ratio or 0))}"


def sentence(subject: str, plural: bool, ch: Change, *, previous_year: int) -> str | None:
    """ "os atendimentos do Procon cresceram 8,3% em relação a 2023" (None if not comparable).

    >>> sentence("os atendimentos do Procon", True, change(108.3, 100), previous_year=2023)
    'os atendimentos do Procon cresceram 8,3% em relação a 2023'
    >>> sentence("o total captado", False, change(99, 100.1), previous_year=2023)
    'o total captado caiu 1,1% em relação a 2023'
    """
    text = clause(subject, plural, ch)
    return None if text is None else f"{text} em relação a {previous_year}"
