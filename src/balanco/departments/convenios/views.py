"""The charts and tables of the Convênios report.

A chart is ``draw(ax, tables, indicators) -> title`` declared with
:func:`balanco.views.chart`; a table is ``table(tables) -> Table``; ``tables`` are
the department's ``breakdowns``.
"""

from __future__ import annotations

import pandas as pd

from ... import charts, formatting
from ...display import Table
from ...rounding import rounded
from ...views import MAX_NAMED, chart, tied_first

#: The free-text columns (typed by staff in the state spreadsheet, LGPD) the
#: report would show: the state granting bodies and the objects. Shown only when
#: the municipality's file publishes them (``publicar_texto_livre``); the federal
#: bodies come from Transferegov, public by law, and are always shown.
STATE_BODIES = "convenios_estaduais.orgao_concedente"
STATE_OBJECTS = "convenios_estaduais.objeto"
#: Where the state convênios stand, together, when their bodies are not published.
STATE_WITHHELD = "Órgãos estaduais (nomes não publicados)"
#: How many granting bodies the chart draws, the largest; the table lists them all.
SHOWN_BODIES = 8
WITHHELD = "nomes_retidos"
STATE_NOTE = (
    "Os nomes dos órgãos estaduais concedentes são digitados pela equipe e não são "
    "publicados neste balanço (proteção de dados pessoais, LGPD): os convênios estaduais "
    "aparecem juntos. Os órgãos federais vêm do Transferegov, público por lei."
)


def withhold(tables: dict[str, pd.DataFrame], published: frozenset[str]) -> dict[str, pd.DataFrame]:
    """The breakdowns without the free text the municipality does not publish: the
    state convênios together in one row instead of by granting body."""
    out = dict(tables)
    listing = tables["lista"]
    state_rows = listing["esfera"] == "estadual"
    if STATE_OBJECTS not in published:
        listing = listing.assign(objeto=listing["objeto"].where(~state_rows, None))
    # Nothing to withhold in a year without state convênios: no row together, no note.
    if STATE_BODIES in published or not state_rows.any():
        out["lista"] = listing
        return out
    out["lista"] = listing.assign(
        orgao_concedente=listing["orgao_concedente"].where(~state_rows, STATE_WITHHELD)
    )
    bodies = tables["por_orgao"]
    state = bodies["esfera"] == "estadual"
    together = pd.DataFrame(
        {
            "esfera": ["estadual"],
            "orgao_concedente": [STATE_WITHHELD],
            "quantidade": [int(bodies.loc[state, "quantidade"].sum())],
            "valor_repasse": [float(bodies.loc[state, "valor_repasse"].sum())],
        }
    )
    merged = pd.concat([bodies[~state], together] if state.any() else [bodies], ignore_index=True)
    merged = merged.sort_values("valor_repasse", ascending=False, ignore_index=True)
    merged.attrs = {**bodies.attrs, WITHHELD: STATE_WITHHELD}
    out["por_orgao"] = merged
    return out


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
    withheld = t["por_orgao"].attrs.get(WITHHELD)
    whole = (
        t["por_orgao"]
        .groupby(["orgao_concedente", "esfera"], as_index=False, dropna=False)["valor_repasse"]
        .sum()
        .sort_values("valor_repasse", ascending=False, kind="stable")
    )
    df = whole.head(SHOWN_BODIES)
    names = [formatting.institution(n) for n in df["orgao_concedente"]]
    values = [rounded(v, 2) for v in df["valor_repasse"]]
    # Every body tied at the top is named (exact amounts in reais, to the cent); the
    # state convênios together, when their bodies are not published, are no body.
    named = [
        (n, v, raw)
        for n, v, raw in zip(names, values, df["valor_repasse"], strict=True)
        if n != withheld
    ]
    top = tied_first([n for n, _, _ in named], [v for _, v, _ in named])
    amount = formatting.money_millions(named[0][2]) if named else ""
    which, which_plural = (" federal", " federais") if withheld else ("", "")
    if not names:
        title = "Nenhum convênio no ano"
    elif not named:
        title = "Repasses estaduais: os órgãos concedentes não são publicados"
    elif len(top) == 1:
        title = f"{top[0]} é o maior concedente{which}: {amount}"
    elif len(top) <= MAX_NAMED:
        title = f"{formatting.join_pt(top)} são os maiores concedentes{which_plural}: {amount} cada"
    else:
        title = f"{len(top)} concedentes{which_plural} empatados no maior repasse: {amount} cada"
    # Each bar in the colour of its sphere, federal or state, as in the chart of the
    # two together; the legend lists the spheres drawn.
    spheres = df["esfera"].tolist()
    colours = {"federal": charts.FEDERAL, "estadual": charts.STATE}
    words = {"federal": "federal", "estadual": "estadual"}
    charts.hbar(
        ax,
        names,
        df["valor_repasse"].tolist(),
        title=title,
        fmt=formatting.money_millions,
        colors=[colours[e] for e in spheres],
        legend={words[e].capitalize(): colours[e] for e in ("federal", "estadual") if e in spheres},
        alt_labels=[
            n if n == withheld else f"{n} ({words[e]})" for n, e in zip(names, spheres, strict=True)
        ],
    )
    if len(whole) > len(df):  # a partial view says so, and what the rest amounts to
        rest = whole.iloc[len(df) :]
        together = " (os estaduais contados como um)" if withheld else ""
        charts.footnote(
            ax.figure,
            f"Os {len(df)} maiores de {len(whole)} órgãos concedentes{together}; os outros "
            f"{len(rest)} somam {formatting.money_millions(rest['valor_repasse'].sum())}. "
            "A tabela a seguir lista todos.",
        )
    if withheld:
        charts.footnote(ax.figure, STATE_NOTE)
    return title


@chart(
    3.0,
    what="Valor dos convênios assinados por mês",
    key="por_mes",
    empty="nenhum convênio com repasse foi assinado em {year}",
)
def _conv_months(ax, t, ind) -> str:
    m = t["por_mes"]
    total = m["federal"] + m["estadual"]
    months = [formatting.month_name(int(x)) for x in m["mes"]]
    # Every month tied at the top is named (amounts in reais, to the cent). The title
    # speaks of money, as the axis and the alternative text do.
    top = tied_first(months, [rounded(v, 2) for v in total]) if total.sum() else months[:1]
    amount = formatting.money_release(total.max())
    lead = "Valor dos convênios assinados por mês"
    if len(top) == 1:
        title = f"{lead}: {top[0]} teve o maior, {amount}"
    elif len(top) <= MAX_NAMED:
        title = f"{lead}: {formatting.join_pt(top)} tiveram o maior, {amount} cada"
    else:
        title = f"{lead}: o mesmo valor máximo em {len(top)} meses, {amount} cada"
    charts.stacked_monthly(
        ax,
        m["mes"].tolist(),
        {"Federais": m["federal"].tolist(), "Estaduais": m["estadual"].tolist()},
        title=title,
        alt_fmt=_month_amount,
    )
    return title


def _month_amount(value: float) -> str:
    """A month's amount in the chart's description, in the title's format; a month
    without signings says so rather than "R$ 0,00"."""
    return "sem assinaturas" if value == 0 else formatting.money_release(value)


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
