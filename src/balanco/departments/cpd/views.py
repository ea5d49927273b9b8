"""The charts and tables of the CPD report.

A chart is ``draw(ax, tables, indicators) -> title`` declared with
:func:`balanco.views.chart`; a table is ``table(tables) -> Table``; ``tables`` are
the department's ``breakdowns``.
"""

from __future__ import annotations

from ... import charts, formatting
from ...views import chart, count_table, monthly_peak, within_a_day
from ..bands import within
from .rules import TIME_EDGES


@chart(
    2.8,
    what="Chamados por categoria",
    key="por_categoria",
    empty="nenhum chamado aberto em {year}",
)
def _cpd_categories(ax, t, ind) -> str:
    df = t["por_categoria"]
    total = int(df["quantidade"].sum())
    names = [formatting.label(c, "Sem categoria") for c in df["categoria"]]
    title = (
        f"{names[0]} responde por "
        f"{formatting.percent(df['quantidade'].iloc[0] / (total or 1), 0)} dos "
        f"{formatting.plural(total, 'chamado', 'chamados')}"
    )
    charts.hbar(ax, names, df["quantidade"].tolist(), title=title)
    return title


CHARTS = {
    "por_mes": monthly_peak(
        "por_mes", "Chamados registrados", empty="nenhum chamado registrado em {year}"
    ),
    "por_categoria": _cpd_categories,
    "por_prazo": within_a_day(
        "por_prazo",
        within(TIME_EDGES, 1),
        ("chamado solucionado", "chamados solucionados"),
        feminine=False,
        shown="Tempo de solução dos chamados",
        empty="nenhum chamado aberto em {year} tem data da solução",
    ),
}
TABLES = {
    "status": count_table(
        "por_status",
        ["Situação na data da exportação", "Chamados"],
        "Chamados registrados no ano, por situação",
    ),
}


#: The report's own sections, in order: (heading, ((kind, name), ...)), kind
#: "chart" (CHARTS) or "table" (TABLES); the department's notebook is generated from them.
SECTIONS = (
    (
        "Chamados",
        (
            ("chart", "por_mes"),
            ("chart", "por_categoria"),
        ),
    ),
    (
        "Tempo de solução",
        (
            ("chart", "por_prazo"),
            ("table", "status"),
        ),
    ),
)
