"""The charts and tables of the Convênios report.

A chart is ``draw(ax, tables, indicators) -> title`` declared with
:func:`balanco.views.chart`; a table is ``table(tables) -> Table``; ``tables`` are
the department's ``breakdowns``.
"""

from __future__ import annotations

from ... import charts, formatting
from ...display import Table
from ...rounding import rounded
from ...views import MAX_NAMED, chart, tied_first


@chart(
    2.0,
    what="Repasses federais e estaduais",
    key="por_orgao",
    empty="nenhum convênio com repasse foi assinado em {year}",
    indicators=("convenios_federais_valor", "convenios_estaduais_valor"),
)
def _conv_split(ax, t, ind) -> str:
    fed, est = ind["convenios_federais_valor"].value, ind["convenios_estaduais_valor"].value
    total = fed + est
    lead = "federais" if fed >= est else "estaduais"
    share = formatting.percent(max(fed, est) / total, 0) if total else "0%"
    title = f"Repasses {lead} são {share} dos {formatting.money_millions(total)} captados"
    charts.split_bar(ax, {"Federais": fed, "Estaduais": est}, title=title)
    return title


@chart(
    4.0,
    what="Repasses por órgão concedente",
    key="por_orgao",
    empty="nenhum convênio com repasse foi assinado em {year}",
)
def _conv_bodies(ax, t, ind) -> str:
    df = (
        t["por_orgao"]
        .groupby("orgao_concedente", as_index=False, dropna=False)["valor_repasse"]
        .sum()
    )
    df = df.sort_values("valor_repasse", ascending=False).head(8)
    names = [formatting.institution(n) for n in df["orgao_concedente"]]
    # Every body tied at the top is named (exact amounts in reais, to the cent).
    top = tied_first(names, [rounded(v, 2) for v in df["valor_repasse"]])
    amount = formatting.money_millions(df["valor_repasse"].iloc[0]) if names else ""
    if not names:
        title = "Nenhum convênio no ano"
    elif len(top) == 1:
        title = f"{top[0]} é o maior concedente: {amount}"
    elif len(top) <= MAX_NAMED:
        title = f"{formatting.join_pt(top)} são os maiores concedentes: {amount} cada"
    else:
        title = f"{len(top)} concedentes empatados no maior repasse: {amount} cada"
    charts.hbar(ax, names, df["valor_repasse"].tolist(), title=title, fmt=formatting.money_millions)
    return title


@chart(
    3.0,
    what="Assinaturas de convênios por mês",
    key="por_mes",
    empty="nenhum convênio com repasse foi assinado em {year}",
)
def _conv_months(ax, t, ind) -> str:
    m = t["por_mes"]
    total = m["federal"] + m["estadual"]
    months = [formatting.month_name(int(x)) for x in m["mes"]]
    # Every month tied at the top is named (amounts in reais, to the cent).
    top = tied_first(months, [rounded(v, 2) for v in total]) if total.sum() else months[:1]
    if len(top) == 1:
        title = f"Assinaturas por mês: {top[0]} concentrou mais recursos"
    elif len(top) <= MAX_NAMED:
        title = f"Assinaturas por mês: {formatting.join_pt(top)} concentraram mais recursos"
    else:
        title = f"Assinaturas por mês: o mesmo valor máximo em {len(top)} meses"
    charts.stacked_monthly(
        ax,
        m["mes"].tolist(),
        {"Federais": m["federal"].tolist(), "Estaduais": m["estadual"].tolist()},
        title=title,
    )
    return title


def _conv_list(t) -> Table:
    df = t["por_orgao"]
    rows = [
        [
            "Federal" if e == "federal" else "Estadual",
            formatting.institution(o),
            formatting.count(q),
            formatting.money(v),
        ]
        for e, o, q, v in df[
            ["esfera", "orgao_concedente", "quantidade", "valor_repasse"]
        ].itertuples(index=False)
    ]
    return Table(
        ["Esfera", "Órgão concedente", "Convênios", "Repasse"],
        rows,
        align="llrr",
        widths=(0.12, 0.5, 0.11, 0.2),
        caption="Convênios por órgão concedente",
    )


CHARTS = {
    "federal_estadual": _conv_split,
    "por_orgao": _conv_bodies,
    "por_mes": _conv_months,
}
TABLES = {"por_orgao": _conv_list}


#: The report's own sections, in order: (heading, ((kind, name), ...)), kind
#: "chart" (CHARTS) or "table" (TABLES); the department's notebook is generated from them.
SECTIONS = (
    (
        "Recursos captados",
        (
            ("chart", "federal_estadual"),
            ("chart", "por_mes"),
        ),
    ),
    (
        "Órgãos concedentes",
        (
            ("chart", "por_orgao"),
            ("table", "por_orgao"),
        ),
    ),
)
