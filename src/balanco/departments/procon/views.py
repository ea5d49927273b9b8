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
    total = int(df["quantidade"].sum())
    first = df.iloc[0]
    title = (
        f"{first['tipo']} são {formatting.percent(first['quantidade'] / (total or 1), 0)} "
        f"dos {formatting.plural(total, 'atendimento', 'atendimentos')}"
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
    # A fiscalização without a result is not counted as irregular; every other
    # result than Regular (Autuado, Notificado…) found an irregularity: one colour
    # for all of them, another for Regular, grey for no result.
    group = df["resultado"].map(
        lambda r: (
            "sem" if not formatting.label(r, "") else "regular" if r == "Regular" else "irregular"
        )
    )
    df = df.assign(_ordem=group.map({"irregular": 0, "regular": 1, "sem": 2})).sort_values(
        ["_ordem", "quantidade"], ascending=[True, False], kind="stable"
    )
    group = group[df.index]
    irregular = int(df.loc[group == "irregular", "quantidade"].sum())
    title = (
        f"{formatting.count(irregular)} de "
        f"{formatting.plural(total, 'fiscalização', 'fiscalizações')} "
        f"{'encontrou' if irregular == 1 else 'encontraram'} irregularidades"
    )
    colours = {"irregular": charts.VERMILION, "regular": charts.BLUE, "sem": charts.GREY}
    words = {"irregular": "com irregularidade", "regular": "regular", "sem": "sem resultado"}
    names = [formatting.label(x) for x in df["resultado"]]
    charts.hbar(
        ax,
        names,
        df["quantidade"].tolist(),
        title=title,
        colors=[colours[g] for g in group],
        legend={words[g].capitalize(): colours[g] for g in dict.fromkeys(group)},
        alt_labels=[
            f"{n} ({words[g]})" if g == "irregular" else n
            for n, g in zip(names, group, strict=True)
        ],
    )
    return title


@chart(
    2.8,
    what="Atendimentos no Sindec por mês",
    key="por_mes",
    empty="nenhum atendimento registrado no Sindec em {year}",
)
def _procon_months(ax, t, ind) -> str:
    title = _sindec_months(ax, t, ind)
    # The chart counts the Sindec only: the year's atendimentos also hold the
    # hearings and the inspections, kept in their own spreadsheets, without a
    # place in the Sindec's months. The note says so with the numbers.
    sindec = int(t["por_mes"]["quantidade"].sum())
    keys = ("procon_atendimentos", "procon_audiencias", "procon_fiscalizacoes")
    counted = formatting.plural(sindec, "atendimento registrado", "atendimentos registrados")
    note = f"O gráfico conta {'o' if sindec == 1 else 'os'} {counted} no Sindec."
    if all(k in ind and ind[k].available for k in keys):
        whole, hearings, inspections = (ind[k].value for k in keys)
        outside = [
            formatting.plural(n, one, many)
            for n, one, many in (
                (hearings, "audiência realizada", "audiências realizadas"),
                (inspections, "fiscalização", "fiscalizações"),
            )
            if n
        ]
        if outside:
            kept = "registrada" if hearings + inspections == 1 else "registradas"
            note += (
                f" Os {formatting.count(whole)} atendimentos do ano incluem também "
                f"{formatting.join_pt(outside)}, {kept} em planilhas próprias, fora do Sindec."
            )
    charts.footnote(ax.figure, note)
    return title


_sindec_months = monthly_peak(
    "por_mes",
    "Atendimentos no Sindec",
    empty="nenhum atendimento registrado no Sindec em {year}",
)


def _procon_hearings(t) -> Table:
    df = t["audiencias_resultado"]
    total = int(df["quantidade"].sum())
    rows = [
        [formatting.label(res), formatting.count(q), formatting.percent(q / (total or 1), 0)]
        for res, q in df.itertuples(index=False)
    ]
    # The shares' base, in the caption: "Resultado das 311 audiências realizadas".
    caption = (
        f"Resultado {'da' if total == 1 else 'das'} "
        f"{formatting.plural(total, 'audiência realizada', 'audiências realizadas')}"
        if total
        else "Audiências realizadas por resultado"
    )
    return Table(
        ["Resultado da audiência", "Audiências", "Parcela"], rows, align="lrr", caption=caption
    )


CHARTS = {
    "por_tipo": _procon_types,
    "por_mes": _procon_months,
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
