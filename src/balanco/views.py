"""What every department's views share: the chart declaration and the chart and
table shapes several departments use. Department views live in
``departments/<name>/views.py``."""

from __future__ import annotations

from . import charts, formatting
from .display import Table


def chart(
    height: float = 3.1,
    *,
    what: str,
    key: str | None = None,
    empty: str = "não há registros em {year}",
    indicators: tuple[str, ...] = (),
):
    """Declare a chart: its height, what it shows (for the sentence that replaces it),
    the breakdown it draws (``key``), why it is empty when that holds only zeros,
    and the indicators its title states."""

    def wrap(fn):
        fn.height = height
        fn.what = what
        fn.key = key
        fn.empty = empty
        fn.indicators = indicators
        return fn

    return wrap


def within_a_day(
    key: str,
    fast: tuple[str, ...],
    noun: tuple[str, str],
    *,
    feminine: bool,
    shown: str,
    empty: str,
):
    """Time-to-answer bands, titled with the share that took at most a day (the
    ``fast`` bands) and its base, the count of all the bands: "65% das 1.214
    demandas respondidas levaram até 1 dia". ``noun`` is (singular, plural)."""

    @chart(2.4, what=shown, key=key, empty=empty)
    def draw(ax, t, ind) -> str:
        df = t[key]
        total = int(df["quantidade"].sum())
        share = df.loc[df["prazo"].isin(fast), "quantidade"].sum() / (total or 1)
        one = total == 1
        article = ("da" if feminine else "do") + ("" if one else "s")
        title = (
            f"{formatting.percent(share, 0)} {article} {formatting.count(total)} "
            f"{noun[0] if one else noun[1]} {'levou' if one else 'levaram'} até 1 dia"
        )
        charts.hbar(
            ax,
            df["prazo"].tolist(),
            df["quantidade"].tolist(),
            title=title,
            highlight=None,
            color=charts.GREEN,
        )
        return title

    return draw


def tied_first(names: list[str], values: list[float]) -> list[str]:
    """The names that share the largest value, in their order: a title naming a
    maximum names every one of them (two months tied are both the peak).

    >>> tied_first(["jan", "fev", "mar"], [3, 5, 5]), tied_first(["a", "b"], [2, 1])
    (['fev', 'mar'], ['a'])
    """
    if not values:
        return []
    top = max(values)
    return [n for n, v in zip(names, values, strict=True) if v == top]


#: How many tied names a title lists; with more, it counts them.
MAX_NAMED = 3


def peak_months(months: list[int], values: list[float]) -> str:
    """The peak of a monthly chart's title, every tied month named.

    >>> peak_months([1, 2, 3], [4, 9, 2]), peak_months([1, 2, 3], [4, 9, 9])
    ('pico em fevereiro', 'picos em fevereiro e março')
    >>> peak_months([1, 2, 3, 4], [1, 1, 1, 1])
    'o mesmo máximo em 4 meses'
    """
    top = tied_first([formatting.month_name(int(m)) for m in months], values)
    if len(top) > MAX_NAMED:
        return f"o mesmo máximo em {len(top)} meses"
    return f"{'pico' if len(top) == 1 else 'picos'} em {formatting.join_pt(top)}"


def monthly_peak(key: str, what: str, *, empty: str):
    """A monthly chart whose title names the busiest month (every one, when tied)."""

    @chart(2.8, what=f"{what} por mês", key=key, empty=empty)
    def draw(ax, t, ind) -> str:
        m = t[key]
        title = f"{what} por mês: {peak_months(m['mes'].tolist(), m['quantidade'].tolist())}"
        if not m["quantidade"].sum():  # no peak to name (see Qualidade dos dados)
            title = f"{what} por mês: nenhum registro no ano"
        charts.monthly(ax, m["mes"].tolist(), m["quantidade"].tolist(), title=title)
        return title

    return draw


def count_table(key: str, header: list[str], caption: str):
    """A two-column table of counts from a breakdown."""

    def table(t) -> Table:
        rows = [
            [formatting.label(s), formatting.count(q)] for s, q in t[key].itertuples(index=False)
        ]
        return Table(header, rows, align="lr", caption=caption)

    return table
