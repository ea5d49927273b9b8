"""What every department's sentences share (see ``departments/<name>/sentences.py``):
figures as the release writes them, and the plain fallback when a figure is not
available."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .formatting import indicator_value, join_pt

if TYPE_CHECKING:
    from .indicator import Indicator


def v(ind: dict[str, Indicator], key: str) -> str:
    i = ind[key]
    return indicator_value(i.value, i.unit)


def n(ind: dict[str, Indicator], key: str) -> float:
    return ind[key].value


def unavailable(ind: dict[str, Indicator], keys: tuple[str, ...]) -> list[Indicator]:
    return [ind[k] for k in keys if k in ind and not ind[k].available]


def plain(ind: dict[str, Indicator], keys: tuple[str, ...], lead: str) -> str:
    """The figures one by one, when some are not available: a sentence built for
    the numbers would otherwise print a missing figure as if it were one. Each
    figure is a clause with its verb, never a bare "Rótulo: valor."

    >>> from types import SimpleNamespace as I
    >>> plain({"a": I(label="Chamados registrados", available=False, reason="o GLPI não exportou",
    ...           value=None, unit="contagem")}, ("a",), "No CPD:")
    'No CPD, o indicador “Chamados registrados” não está disponível (o GLPI não exportou).'
    """
    parts = []
    for k in keys:
        i = ind[k]
        if i.available:
            parts.append(f"o indicador “{i.label}” foi de {v(ind, k)}")
        else:
            parts.append(f"o indicador “{i.label}” não está disponível ({i.reason})")
    sep = "; " if len(parts) > 2 else ", "
    return f"{lead.rstrip(':')}, {join_pt(parts, sep=sep)}."


def guarded(keys: tuple[str, ...], lead: str):
    """Use the release-style sentence only when every figure it cites is available."""

    def wrap(fn):
        def paragraph(ind: dict[str, Indicator], *args):
            if unavailable(ind, keys):
                return plain(ind, keys, lead)
            return fn(ind, *args)

        paragraph.__doc__ = fn.__doc__
        return paragraph

    return wrap


#: "de" contracted with a department's article: its package's ``ARTICLE`` ("o" for
#: "o Procon", "a", "os", "as"; "" or absent for none, as in "de Convênios").
_OF = {"": "de", "o": "do", "a": "da", "os": "dos", "as": "das"}


def of(dept: object) -> str:
    """The department after "de", with the article its package defines.

    >>> from types import SimpleNamespace as D
    >>> of(D(TITLE="Procon", ARTICLE="o")), of(D(TITLE="Convênios"))
    ('do Procon', 'de Convênios')
    """
    article = getattr(dept, "ARTICLE", "") or ""
    if article not in _OF:
        raise ValueError(f"{dept.TITLE}: ARTICLE must be one of {sorted(_OF)}, not {article!r}")
    return f"{_OF[article]} {dept.TITLE}"


def departments(depts: Sequence[object]) -> str:
    """ "do departamento do Procon", "dos departamentos de Convênios e do Procon":
    the departments, in the order given, each with its own article.

    >>> from types import SimpleNamespace as D
    >>> departments([D(TITLE="Convênios"), D(TITLE="Procon", ARTICLE="o")])
    'dos departamentos de Convênios e do Procon'
    """
    if len(depts) == 1:
        return f"do departamento {of(depts[0])}"
    return "dos departamentos " + join_pt([of(d) for d in depts])


#: A zero is stated plainly, never as an achievement, and sends the reader to the
#: checks (notebook.Report.quality).
SEE_QUALITY = "veja a seção Qualidade dos dados"
