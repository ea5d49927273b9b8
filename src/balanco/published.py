"""Figures as published (``data/published/<ano>.toml``) and their reconciliation
with what the pipeline computes from records."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import formatting, toml_pt
from .departments.base import Indicator
from .errors import BadInput, Problem
from .io import display_path
from .settings import Settings


@dataclass(frozen=True)
class Published:
    year: int
    source: str
    figures: dict[str, str]
    release_text: str | None


def load(settings: Settings, year: int) -> Published | None:
    """The published figures of ``year``, or None when the year has none."""
    path = settings.published_file(year)
    if not path.exists():
        return None
    data = toml_pt.load(path, display_path(path))
    figures = data.get("figuras", {})
    bad = [k for k, v in figures.items() if not isinstance(v, str)]
    if bad:
        raise BadInput(
            [
                Problem(
                    display_path(path),
                    "não é um texto; esperado o texto exato do release, entre aspas",
                    column=k,
                    value=figures[k],
                )
                for k in bad
            ]
        )
    text_file = path.parent / data["arquivo"] if data.get("arquivo") else None
    text = text_file.read_text(encoding="utf-8") if text_file and text_file.exists() else None
    return Published(year, str(data.get("fonte", "")), dict(figures), text)


def reconcile(indicators: dict[str, Indicator], published: Published | None) -> pd.DataFrame:
    """One row per published figure: as published, as computed, and whether they agree.

    A computed figure that is not available is "não disponível" (``disponivel``
    False, ``motivo`` says why) and never agrees with the published one. A figure
    no department of the run computes (its department is not enabled) has
    ``no_balanco`` False.
    """
    cols = [
        "indicador",
        "chave",
        "publicado",
        "calculado",
        "confere",
        "disponivel",
        "motivo",
        "no_balanco",
    ]
    if published is None:
        return pd.DataFrame(columns=cols)
    rows = []
    for key, text in published.figures.items():
        ind = indicators.get(key)
        computed = formatting.indicator_value(ind.value, ind.unit) if ind else None
        available = bool(ind and ind.available)
        rows.append(
            {
                "indicador": ind.label if ind else key,
                "chave": key,
                "publicado": text,
                "calculado": computed,
                # The release types ordinary spaces; the formatted figure's are
                # non-breaking ("R$ 81,3 milhões"): the same figure either way.
                "confere": available
                and formatting.plain_spaces(computed) == formatting.plain_spaces(text),
                "disponivel": available,
                "motivo": ind.reason if ind and not available else None,
                "no_balanco": ind is not None,
            }
        )
    return pd.DataFrame(rows, columns=cols)


def in_balance(table: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The rows of :func:`reconcile` that this balance computes, and the sentence
    for the published figures of departments that are not part of it (None when
    there are none) — one wording for the PDF and the terminal."""
    rows = table[table["no_balanco"]]
    outside = len(table) - len(rows)
    if not outside:
        return rows, None
    one = outside == 1
    return rows, (
        f"{formatting.plural(outside, 'número', 'números')} do release "
        f"{'é' if one else 'são'} de departamentos que não fazem parte deste balanço: "
        f"não {'foi conferido' if one else 'foram conferidos'}."
    )


#: The identifier of a published figure that differs from the computed one, in
#: messages (as the checks' codes are).
DIVERGENCE = "release_divergente"


@dataclass(frozen=True)
class Divergences:
    """The published figures of a year that this balance computes and that differ
    from the computed ones: one :class:`~balanco.errors.Problem` each, pointing at
    the figure's line of ``data/published/<ano>.toml``."""

    problems: list[Problem]
    #: How many published figures were compared.
    compared: int
    #: "Ofícios enviados (publicado: 92; calculado: 91)", one per problem.
    named: list[str]

    def sentence(self) -> str:
        """One sentence for the terminal, e.g. "1 dos 14 números do release difere
        do calculado a partir dos registros: Ofícios enviados (publicado: 92;
        calculado: 91)."

        >>> print(Divergences([], 14, ["A (publicado: 2; calculado: 1)", "B"]).sentence())
        ... # doctest: +NORMALIZE_WHITESPACE
        2 dos 14 números do release diferem do calculado a partir dos registros:
        A (publicado: 2; calculado: 1); B.
        """
        n = len(self.named)
        verb = "difere" if n == 1 else "diferem"
        return (
            f"{formatting.count(n)} dos {formatting.count(self.compared)} números do release "
            f"{verb} do calculado a partir dos registros: {'; '.join(self.named)}."
        )


class ReleaseDiffers(BadInput):
    """--rigoroso: published figures differ from the computed ones (nothing is
    written). The message names each figure's line in the published file."""

    def __init__(self, found: Divergences):
        self.found = found
        super().__init__(found.problems)

    def render(self) -> str:
        return (
            super().render()
            + "\n(divergência do release tratada como erro por --rigoroso: confira os "
            "registros ou o arquivo dos números publicados)"
        )


def divergences(
    settings: Settings, year: int, indicators: dict[str, Indicator]
) -> Divergences | None:
    """The year's published figures that differ from ``indicators`` (None when the
    year has no published figures or every figure agrees). A figure that cannot be
    computed ("não disponível") differs too: the balance cannot show it."""
    pub = load(settings, year)
    if pub is None:
        return None
    counted, _ = in_balance(reconcile(indicators, pub))
    differ = counted[~counted["confere"].astype(bool)]
    if differ.empty:
        return None
    path = settings.published_file(year)
    lines = _figure_lines(path)
    problems, named = [], []
    for row in differ.itertuples():
        computed = str(row.calculado) if row.disponivel else f"não disponível ({row.motivo})"
        problems.append(
            Problem(
                display_path(path),
                f"difere do número calculado a partir dos registros ({row.indicador}: "
                f"{computed}); esperado o mesmo número",
                line=lines.get(row.chave),
                column=f"figuras.{row.chave}",
                value=row.publicado,
                code=DIVERGENCE,
            )
        )
        named.append(f"{row.indicador} (publicado: {row.publicado}; calculado: {computed})")
    return Divergences(problems, len(counted), named)


def _figure_lines(path) -> dict[str, int]:
    """The line of each key of the ``[figuras]`` table of a published file (tomllib
    gives no positions; the file is ours, flat key = "value" lines)."""
    import re

    out: dict[str, int] = {}
    table = None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return out
    for number, line in enumerate(text.splitlines(), start=1):
        head = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if head:
            table = head.group(1).strip('"')
            continue
        key = re.match(r'\s*"?([A-Za-z0-9_-]+)"?\s*=', line)
        if table == "figuras" and key:
            out.setdefault(key.group(1), number)
    return out
