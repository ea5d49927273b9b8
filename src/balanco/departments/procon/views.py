"""The charts and tables of the Procon report.

A chart is ``draw(ax, tables, indicators) -> title`` declared with
:func:`balanco.views.chart`; a table is ``table(tables) -> Table``; ``tables`` are
the department's ``breakdowns``.
"""

from __future__ import annotations

from ... import charts, formatting
from ...display import Table
from ...views import chart, monthly_peak


@chart(
    2.6,
    what="Atendimentos por tipo",
    key="por_tipo",
    empty="nenhum atendimento do Procon registrado em {year}",
)
def _procon_types(ax, t, ind) -> str:
    df = t["por_tipo"]
    total = df["quantidade"].sum() or 1
    first = df.iloc[0]
    title = (
        f"{first['tipo']} são {formatting.percent(first['quantidade'] / total, 0)} dos atendimentos"
    )
    charts.hbar(ax, df["tipo"].tolist(), df["quantidade"].tolist(), title=title)
    return title


@chart(
    2.0,
    what="Fiscalizações por resultado",
    key="fiscalizacoes_resultado",
    empty="nenhuma fiscalização registrada em {year}",
)
def _procon_inspections(ax, t, ind) -> str:
    df = t["fiscalizacoes_resultado"]
    total = int(df["quantidade"].sum())
    # A fiscalização without a result is not counted as irregular.
    found = df["resultado"].notna() & (df["resultado"] != "Regular")
    irregular = int(df.loc[found, "quantidade"].sum())
    title = (
        f"{formatting.plural(irregular, 'fiscalização', 'fiscalizações')} de {total} "
        "encontraram irregularidades"
    )
    charts.hbar(
        ax,
        [formatting.label(x) for x in df["resultado"]],
        df["quantidade"].tolist(),
        title=title,
        color=charts.VERMILION,
    )
    return title


def _procon_hearings(t) -> Table:
    df = t["audiencias_resultado"]
    total = df["quantidade"].sum() or 1
    rows = [
        [formatting.label(res), formatting.count(q), formatting.percent(q / total, 0)]
        for res, q in df.itertuples(index=False)
    ]
    return Table(
        ["Resultado da audiência", "Audiências", "Parcela"],
        rows,
        align="lrr",
        caption="Audiências realizadas por resultado",
    )


CHARTS = {
    "por_tipo": _procon_types,
    "por_mes": monthly_peak(
        "por_mes",
        "Atendimentos no Sindec",
        empty="nenhum atendimento registrado no Sindec em {year}",
    ),
    "fiscalizacoes": _procon_inspections,
}
TABLES = {"audiencias": _procon_hearings}


#: The report's own sections, in order: (heading, ((kind, name), ...)), kind
#: "chart" (CHARTS) or "table" (TABLES); the department's notebook is generated from them.
SECTIONS = (
    (
        "Atendimentos",
        (
            ("chart", "por_tipo"),
            ("chart", "por_mes"),
        ),
    ),
    (
        "Audiências e fiscalizações",
        (
            ("table", "audiencias"),
            ("chart", "fiscalizacoes"),
        ),
    ),
)
