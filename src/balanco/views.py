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


def within_a_day(key: str, fast: tuple[str, ...], what: str, *, shown: str, empty: str):
    """Time-to-answer bins, titled with the share handled within a day."""

    @chart(2.4, what=shown, key=key, empty=empty)
    def draw(ax, t, ind) -> str:
        df = t[key]
        total = df["quantidade"].sum() or 1
        share = df.loc[df["prazo"].isin(fast), "quantidade"].sum() / total
        title = f"{formatting.percent(share, 0)} {what} em até 1 dia"
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


def monthly_peak(key: str, what: str, *, empty: str):
    """A monthly chart whose title names the busiest month."""

    @chart(2.8, what=f"{what} por mês", key=key, empty=empty)
    def draw(ax, t, ind) -> str:
        m = t[key]
        top = int(m.loc[m["quantidade"].idxmax(), "mes"])
        title = f"{what} por mês: pico em {formatting.month_name(top)}"
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
