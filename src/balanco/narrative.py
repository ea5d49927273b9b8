"""The Portuguese summary of the balance, built from indicators, in the style of
the press office's release. Numbers are formatted exactly as the release
formats them (``formatting.indicator_value``)."""

from __future__ import annotations

from .departments.base import Indicator
from .formatting import after, join_pt
from .highlights import Highlights
from .sentences import departments, of, v
from .settings import Settings


def _departments_phrase(settings: Settings) -> str:
    """ "dos departamentos de Convênios, do Procon, ...": the enabled departments
    (``departments.enabled``), in the registry's order, each with its article."""
    from .departments import enabled

    return departments(enabled(settings))


def left_out(settings: Settings) -> str | None:
    """The sentence saying which registered departments the municipality file
    does not enable ("O departamento de Convênios não faz parte deste balanço
    ..."), or None when every one is part of it."""
    from .departments import DEPARTMENTS, enabled

    on = {d.NAME for d in enabled(settings)}
    off = [d for d in DEPARTMENTS if d.NAME not in on]
    if not off:
        return None
    # A public text: the reader needs the fact, not the configuration key behind it.
    if len(off) == 1:
        return f"O departamento {of(off[0])} não faz parte deste balanço."
    listed = join_pt([of(d) for d in off])
    return f"Os departamentos {listed} não fazem parte deste balanço."


def opening(ind: dict[str, Indicator], hl: Highlights, *, year: int, settings: Settings) -> str:
    led = f" Liderada por {hl.responsavel}, a pasta" if hl.responsavel else " A pasta"
    return (
        f"A {settings.secretariat} de {settings.municipality} apresenta o balanço dos "
        f"trabalhos realizados ao longo de {year}.{led} é responsável por assessorar e "
        f"articular demandas {_departments_phrase(settings)}."
    )


def summary(
    ind: dict[str, Indicator], hl: Highlights, *, year: int, settings: Settings
) -> list[str]:
    """The summary's paragraphs, in the registry's order (the release's)."""
    from .departments import enabled

    first = opening(ind, hl, year=year, settings=settings)
    if (off := left_out(settings)) is not None:
        first = f"{first} {off}"
    return [
        first,
        *(d.sentences.paragraph(ind, hl) for d in enabled(settings)),
    ]


def median_sentence(name: str, ind: dict[str, Indicator]) -> str | None:
    """ "O tempo mediano de solução dos chamados foi de 2,0 dias." or, when not
    available, why (never "0,0 dias"); None for a department without one."""
    from .departments import BY_NAME

    median = BY_NAME[name].sentences.MEDIAN
    if median is None or median[0] not in ind:
        return None
    key, head = median
    i = ind[key]
    if not i.available:
        return f"{head} não está disponível: {i.reason}."
    return f"{head} foi de {v(ind, key)}."


def department(name: str, ind: dict[str, Indicator], hl: Highlights) -> str:
    """The paragraph about one department."""
    from .departments import BY_NAME

    text = BY_NAME[name].sentences.paragraph(ind, hl)
    extra = median_sentence(name, ind)
    return f"{text} {extra}" if extra else text


def headline(name: str) -> tuple[str, str, bool]:
    """The figure a department's comparison sentence is about: (indicator, subject, plural)."""
    from .departments import BY_NAME

    return BY_NAME[name].sentences.HEADLINE


def comparison(
    names: list[str],
    ind: dict[str, Indicator],
    prev: dict[str, Indicator] | None,
    *,
    previous_year: int,
    demo: bool,
) -> str:
    """The year-over-year sentence ("Em relação a 2023, o total de recursos captados
    em convênios cresceu 17,1% e os atendimentos do Procon cresceram 4,5%."), or the
    statement that no comparison is available.

    A previous year of fictitious demonstration data is never compared in a
    sentence (a journalist could quote "cresceu 17,1%" without its warning): the
    tables show that comparison, marked, and the text only says so."""
    from .compare import change, clause

    if prev is None:
        return f"Não há dados de {previous_year} para comparar."
    if demo:
        where = "na tabela" if len(names) == 1 else "nas tabelas"
        return (
            f"Os números de {previous_year} mostrados {where} ao lado dos de "
            f"{previous_year + 1} são dados fictícios de demonstração: a comparação não tem "
            "valor oficial e não é citada neste texto."
        )
    changes, missing_parts = [], []
    for name in names:
        key, subject, is_plural = headline(name)
        before = prev.get(key)
        missing = [i for i in (ind[key], before) if i is not None and not i.available]
        if missing:
            # Never compare with a figure that is not available.
            year = previous_year if missing[0] is before else previous_year + 1
            missing_parts.append(
                f"Não há comparação {after('de', subject)} com {previous_year}: "
                f"o número de {year} "
                f"não está disponível ({missing[0].reason})."
            )
            continue
        text = clause(subject, is_plural, change(ind[key].value, before.value if before else None))
        if text:
            changes.append(text)
    # One sentence for all the changes: the year they are measured against, said once.
    parts = [f"Em relação a {previous_year}, {join_pt(changes)}."] if changes else []
    parts += missing_parts
    if not parts:
        return f"Os números de {previous_year} não são comparáveis com os deste ano."
    return " ".join(parts)
