"""What the notebooks call: one object per report, one method per section.

Every method returns something a cell displays (``balanco.display``): Markdown,
HTML and SVG in JupyterLab; LaTeX and vector PDF in the exported report. No
method reads a raw file: data comes from ``data/processed/<ano>/`` (built on
demand by ``pipeline.open_year``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from . import __version__, charts, checks, formatting, narrative, published
from .compare import change, sentence
from .config import settings as make_settings
from .departments import BY_NAME, DEPARTMENTS
from .display import (
    Bullets,
    Chart,
    Group,
    Latex,
    Markdown,
    Paragraphs,
    Table,
    latex_escape,
    md_escape,
)
from .errors import BadInput
from .pipeline import YearData, open_year

COVER_TITLE = {
    None: "Balanço anual",
    "convenios": "Convênios",
    "procon": "Procon",
    "comunicacao": "Comunicação",
    "cpd": "Centro de Processamento de Dados",
}


@dataclass
class Report:
    """A year's data and parameters, and the sections of its report."""

    data: YearData
    year: int
    municipality: str
    department: str | None
    parameters: dict[str, object]
    settings: object
    previous: YearData | None = None
    previous_note: str | None = None

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def previous_demo(self) -> bool:
        return bool(self.previous and self.previous.extra.get("demo"))

    # ----------------------------------------------------------------- front matter
    def cover(self) -> Latex:
        """Cover page, running footer and table of contents."""
        s = self.settings
        title = COVER_TITLE[self.department]
        kind = "" if self.department is None else "Balanço do departamento"
        notice = ""
        if self.data.extra.get("demo"):
            notice = (
                "DADOS FICTÍCIOS DE DEMONSTRAÇÃO — não existe balanço publicado deste "
                "ano; os números não são oficiais."
            )
        footer = f"{s.secretariat} · {title} · {self.year}"
        latex = (
            f"\\renewcommand{{\\balancorodape}}{{{latex_escape(footer)}}}\n"
            "\\begin{titlepage}\n\\centering\\sffamily\n\\vspace*{3cm}\n"
            f"{{\\large Prefeitura Municipal de {latex_escape(self.municipality)}\\par}}\n"
            f"{{\\large {latex_escape(s.secretariat)}\\par}}\n\\vspace{{2.5cm}}\n"
            f"{{\\color{{balancoazul}}\\rule{{0.6\\linewidth}}{{1.5pt}}\\par}}\\vspace{{0.8cm}}\n"
            + (f"{{\\Large {latex_escape(kind)}\\par}}\\vspace{{0.3cm}}\n" if kind else "")
            + f"{{\\fontsize{{30}}{{36}}\\selectfont\\bfseries {latex_escape(title)}\\par}}"
            "\\vspace{0.4cm}\n"
            f"{{\\fontsize{{44}}{{50}}\\selectfont\\color{{balancoazul}}\\bfseries {self.year}"
            "\\par}\n\\vspace{0.8cm}\n"
            "{\\color{balancoazul}\\rule{0.6\\linewidth}{1.5pt}\\par}\n\\vfill\n"
            + (
                f"{{\\large\\bfseries\\color{{balancovermelho}} {latex_escape(notice)}\\par}}"
                "\\vspace{1cm}\n"
                if notice
                else ""
            )
            + f"{{\\small {latex_escape(self.municipality)} (SP), "
            f"{latex_escape(formatting.long_date(datetime.now()))}\\par}}\n"
            "\\end{titlepage}\n\\tableofcontents\n\\clearpage\n"
        )
        md = (
            f"# {kind + ': ' if kind else ''}{title} — {self.year}\n\n**Prefeitura Municipal de "
            f"{md_escape(self.municipality)} · {md_escape(s.secretariat)}**"
        )
        if notice:
            md += f"\n\n> **{notice}**"
        return Latex(latex, md)

    def summary(self) -> Paragraphs:
        """The narrative summary (consolidated) or the department's paragraph."""
        ind, hl = self.data.indicators, self.data.highlights
        prev = self.previous.indicators if self.previous else None
        names = [self.department] if self.department else [d.NAME for d in DEPARTMENTS]
        yoy = narrative.comparison(
            names, ind, prev, previous_year=self.previous_year, demo=self.previous_demo
        )
        if self.department is None:
            text = narrative.summary(ind, hl, year=self.year, settings=self.settings)
            return Paragraphs([*text, yoy])
        return Paragraphs([narrative.department(self.department, ind, hl), yoy])

    # ----------------------------------------------------------------- indicators
    def indicators(self, department: str | None = None) -> Table:
        """The department's indicators (all when ``department`` is None), beside the
        previous year's when available."""
        names = [department] if department else [d.NAME for d in DEPARTMENTS]
        prev = self.previous.indicators if self.previous else None
        rows = []
        for name in names:
            for ind in self.data.by_department(name):
                value = formatting.indicator_value(ind.value, ind.unit)
                if prev is None:
                    rows.append([ind.label, value])
                    continue
                before = prev.get(ind.key)
                ch = change(ind.value, before.value if before else None)
                rows.append(
                    [
                        ind.label,
                        formatting.indicator_value(before.value, before.unit) if before else "—",
                        value,
                        ch.word,
                    ]
                )
        caption = f"Indicadores de {self.year}"
        if prev is None:
            note = self.previous_note or (
                f"Sem dados de {self.previous_year}: não há comparação com o ano anterior."
            )
            return Table(
                ["Indicador", str(self.year)],
                rows,
                align="lr",
                caption=caption,
                widths=(0.62, 0.28),
                note=note,
            )
        note = None
        if self.previous_demo:
            note = (
                f"{self.previous_year}: dados fictícios de demonstração; a comparação "
                "não tem valor oficial."
            )
        return Table(
            ["Indicador", str(self.previous_year), str(self.year), "Variação"],
            rows,
            align="lrrr",
            caption=caption,
            widths=(0.46, 0.17, 0.17, 0.12),
            note=note,
        )

    def comparison(self, department: str) -> Chart | Paragraphs:
        """The department's figures this year beside the previous year's."""
        if self.previous is None:
            return Paragraphs(
                [
                    self.previous_note
                    or f"Não há dados de {self.previous_year}: "
                    "não há comparação com o ano anterior."
                ]
            )
        key, subject, plural_ = narrative.HEADLINE[department]
        prev = self.previous.indicators
        inds = [
            i for i in self.data.by_department(department) if i.unit != "dias" and i.key in prev
        ]
        money = [i for i in inds if i.unit == "reais"]
        inds = money or inds
        fmt = formatting.money_millions if money else formatting.count
        ch = change(self.data.indicators[key].value, prev[key].value if key in prev else None)
        title = sentence(subject, plural_, ch, previous_year=self.previous_year)
        title = (
            (title[:1].upper() + title[1:])
            if title
            else (f"{self.year} comparado a {self.previous_year}")
        )
        if self.previous_demo:
            title += f" ({self.previous_year}: demonstração)"
        with charts.figure(height=0.55 * len(inds) + 1.0) as fig:
            ax = fig.add_subplot()
            charts.compare_years(
                ax,
                [i.label for i in inds],
                [prev[i.key].value for i in inds],
                [i.value for i in inds],
                years=(self.previous_year, self.year),
                title=title,
                fmt=fmt,
            )
            svg, pdf = charts.render(fig)
        return Chart(svg, pdf, title)

    def definitions(self, department: str) -> Bullets:
        """How each of the department's indicators is counted."""
        return Bullets(
            [
                (i.label, i.definition[:1].lower() + i.definition[1:])
                for i in self.data.by_department(department)
            ],
            heading="Como cada número é calculado",
        )

    # ----------------------------------------------------------------- tables & charts
    def _tables(self, department: str) -> dict[str, pd.DataFrame]:
        dept = BY_NAME[department]
        return dept.breakdowns(self.data.tables[department], year=self.year)

    def chart(self, department: str, name: str) -> Chart:
        """One of the department's charts, by name (see ``CHARTS``)."""
        draw = CHARTS[(department, name)]
        with charts.figure(height=draw.height) as fig:
            ax = fig.add_subplot()
            title = draw(ax, self._tables(department), self)
            svg, pdf = charts.render(fig)
        return Chart(svg, pdf, title)

    def table(self, department: str, name: str) -> Table:
        """One of the department's detail tables, by name (see ``TABLES``)."""
        return TABLES[(department, name)](self._tables(department), self)

    # ----------------------------------------------------------------- reconciliation
    def reconciliation(self) -> Table | Paragraphs:
        """Each published figure beside the computed value."""
        pub = published.load(self.settings, self.year)
        if pub is None:
            return Paragraphs(
                [
                    f"Não há figuras publicadas para {self.year}: não há com o que "
                    "conferir os números calculados."
                ]
            )
        rec = published.reconcile(self.data.indicators, pub)
        rows = [
            [r.indicador, r.publicado, r.calculado or "—", "igual" if r.confere else "DIFERENTE"]
            for r in rec.itertuples()
        ]
        ok = int(rec["confere"].sum())
        return Table(
            ["Indicador", "Publicado", "Calculado", "Conferência"],
            rows,
            align="lrrl",
            widths=(0.42, 0.18, 0.18, 0.14),
            caption=f"{ok} de {len(rec)} figuras do release conferem",
            note=f"Fonte do publicado: {pub.source}.",
        )

    # ----------------------------------------------------------------- data quality
    def quality(self) -> Group:
        """The "Qualidade dos dados" section: the checks' warnings and the acceptances
        of aceites.toml (this department's only, in a department's report), or that
        every check passed."""
        dept = self.department

        def mine(found: list[checks.Finding]) -> list[checks.Finding]:
            return [f for f in found if dept is None or f.departamento in (dept, None)]

        alerts, accepted = mine(self.data.alertas), mine(self.data.aceites)
        done = Bullets(
            [
                (c.titulo, "bloqueia a publicação" if c.severidade == checks.BLOCKING else "alerta")
                for c in checks.CHECKS.values()
            ],
            heading="Verificações feitas antes da publicação",
        )
        parts: list[Paragraphs | Bullets] = []
        if not alerts and not accepted:
            parts.append(
                Paragraphs(
                    [
                        f"Todas as verificações de completude e plausibilidade passaram nos "
                        f"dados de {self.year}: nenhum alerta e nenhum resultado aceito "
                        "manualmente."
                    ]
                )
            )
        if alerts:
            parts.append(
                Paragraphs(
                    [
                        f"As verificações encontraram "
                        f"{formatting.plural(len(alerts), 'alerta', 'alertas')} nos dados de "
                        f"{self.year}. Os números deste relatório foram calculados com os "
                        "dados recebidos; os pontos abaixo devem ser conferidos antes de "
                        "citá-los."
                    ]
                )
            )
            parts.append(Bullets([(f.titulo, _sentence(f.mensagem)) for f in alerts]))
        if accepted:
            parts.append(
                Paragraphs(
                    [
                        "Resultados que bloqueariam a publicação e foram aceitos pela "
                        f"Secretaria no arquivo aceites.toml de {self.year}, com o motivo:"
                    ]
                )
            )
            parts.append(
                Bullets(
                    [
                        (
                            f.titulo,
                            f"{_sentence(f.mensagem)} Motivo do aceite: {f.aceite.motivo}"
                            + (
                                f" (responsável: {f.aceite.responsavel})"
                                if f.aceite.responsavel
                                else ""
                            )
                            + ".",
                        )
                        for f in accepted
                        if f.aceite is not None
                    ]
                )
            )
        return Group([*parts, done])

    # ----------------------------------------------------------------- sources & colophon
    def sources(self, department: str | None = None) -> Table:
        rows = [
            [s["arquivo"], s["sistema"], str(s["sha256"])]
            for s in self.data.sources
            if department is None or s["departamento"] in (department,)
        ]
        return Table(
            ["Arquivo", "Sistema de origem", "SHA-256"],
            rows,
            align="lll",
            widths=(0.26, 0.36, 0.3),
            mono=(2,),
            caption="Arquivos de origem",
            note="Registros sintéticos de exemplo, gerados pelo balanco; veja data/raw/README.md."
            if self.data.synthetic
            else None,
        )

    def methodology(self) -> Markdown:
        """docs/metodologia.md, the definitions the report follows."""
        path = Path(self.settings.root) / "docs" / "metodologia.md"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        text = text.split("\n", 1)[1] if text.startswith("# ") else text
        return Markdown(text, shift_headings=0)

    def colophon(self) -> Latex:
        names = {
            "year": "ano",
            "municipality": "município",
            "data_dir": "pasta de dados",
            "reports_dir": "pasta de relatórios",
        }
        params = "; ".join(f"{names.get(k, k)} {v}" for k, v in self.parameters.items())
        lines = [
            f"Gerado pelo pacote balanco, versão {__version__}, em "
            f"{formatting.timestamp(datetime.now())}.",
            "Notebooks executados com papermill e exportados para PDF com nbconvert (XeLaTeX).",
            f"Parâmetros: {params}.",
            f"Hash combinado dos dados de entrada (SHA-256): {self.data.data_hash}.",
        ]
        if self.data.extra.get("demo"):
            lines.append(
                f"Dados fictícios de demonstração: não existe balanço publicado de {self.year}."
            )
        if self.previous_demo:
            lines.append(
                f"A comparação com {self.previous_year} usa dados fictícios de demonstração."
            )
        if self.data.synthetic:
            lines.append(
                "Os registros de origem são sintéticos (gerados pelo balanco, sem "
                "nomes ou documentos reais)."
            )
        latex = (
            "\\vfill\n\\begin{center}\\begin{minipage}{0.85\\linewidth}\\footnotesize\\sffamily\n"
            "\\textbf{Colofão}\\par\\smallskip\n"
            + "\\par\n".join(
                latex_escape(x).replace("SHA-256): ", "SHA-256):\\\\ \\texttt{")
                + ("}" if "SHA-256):" in x else "")
                for x in lines
            )
            + "\n\\end{minipage}\\end{center}\n"
        )
        return Latex(latex, "**Colofão**\n\n" + "\n\n".join(md_escape(x) for x in lines))


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def open_report(
    *, year: int, municipality: str, data_dir: str, reports_dir: str, department: str | None = None
) -> Report:
    """Open a year's report (preparing its data when missing or stale)."""
    s = make_settings(data_dir=data_dir, reports_dir=reports_dir)
    s = s.with_(municipality=municipality)
    data = open_year(s, year)

    previous, note = None, None
    if s.raw_dir(year - 1).is_dir():
        try:
            previous = open_year(s, year - 1)
        except BadInput:
            note = (
                f"Os dados de {year - 1} têm problemas (rode balanco prepare --year "
                f"{year - 1}): não há comparação com o ano anterior."
            )
    params = {
        "year": year,
        "municipality": municipality,
        "data_dir": data_dir,
        "reports_dir": reports_dir,
    }
    return Report(data, year, municipality, department, params, s, previous, note)


# =========================================================================== charts
# Each returns the title it gave the chart: a sentence stating the finding.


def _chart(height: float = 3.1):
    def wrap(fn):
        fn.height = height
        return fn

    return wrap


@_chart(2.0)
def _conv_split(ax, t, r: Report) -> str:
    ind = r.data.indicators
    fed, est = ind["convenios_federais_valor"].value, ind["convenios_estaduais_valor"].value
    total = fed + est
    lead = "federais" if fed >= est else "estaduais"
    share = formatting.percent(max(fed, est) / total, 0) if total else "0%"
    title = f"Repasses {lead} são {share} dos {formatting.money_millions(total)} captados"
    charts.split_bar(ax, {"Federais": fed, "Estaduais": est}, title=title)
    return title


@_chart(4.0)
def _conv_bodies(ax, t, r: Report) -> str:
    df = t["por_orgao"].groupby("orgao_concedente", as_index=False)["valor_repasse"].sum()
    df = df.sort_values("valor_repasse", ascending=False).head(8)
    names = [formatting.institution(n) for n in df["orgao_concedente"]]
    title = (
        f"{names[0]} é o maior concedente: {formatting.money_millions(df['valor_repasse'].iloc[0])}"
        if names
        else "Nenhum convênio no ano"
    )
    charts.hbar(ax, names, df["valor_repasse"].tolist(), title=title, fmt=formatting.money_millions)
    return title


@_chart(3.0)
def _conv_months(ax, t, r: Report) -> str:
    m = t["por_mes"]
    total = m["federal"] + m["estadual"]
    top = int(m.loc[total.idxmax(), "mes"]) if total.sum() else 1
    title = f"Assinaturas por mês: {formatting.month_name(top)} concentrou mais recursos"
    charts.stacked_monthly(
        ax,
        m["mes"].tolist(),
        {"Federais": m["federal"].tolist(), "Estaduais": m["estadual"].tolist()},
        title=title,
    )
    return title


@_chart(2.6)
def _procon_types(ax, t, r: Report) -> str:
    df = t["por_tipo"]
    total = df["quantidade"].sum() or 1
    first = df.iloc[0]
    title = (
        f"{first['tipo']} são {formatting.percent(first['quantidade'] / total, 0)} dos atendimentos"
    )
    charts.hbar(ax, df["tipo"].tolist(), df["quantidade"].tolist(), title=title)
    return title


@_chart(2.0)
def _procon_inspections(ax, t, r: Report) -> str:
    df = t["fiscalizacoes_resultado"]
    total = int(df["quantidade"].sum())
    irregular = int(df.loc[df["resultado"] != "Regular", "quantidade"].sum())
    title = (
        f"{formatting.plural(irregular, 'fiscalização', 'fiscalizações')} de {total} "
        "encontraram irregularidades"
    )
    charts.hbar(
        ax, df["resultado"].tolist(), df["quantidade"].tolist(), title=title, color=charts.VERMILION
    )
    return title


@_chart(2.8)
def _com_releases(ax, t, r: Report) -> str:
    m = t["releases_por_mes"]
    avg = m["quantidade"].mean()
    title = f"Releases por mês: média de {formatting.number(avg, 0)} por mês"
    charts.monthly(ax, m["mes"].tolist(), m["quantidade"].tolist(), title=title, color=charts.GREEN)
    return title


@_chart(3.2)
def _com_outlets(ax, t, r: Report) -> str:
    df = t["demandas_por_veiculo"]
    title = (
        f"{df['veiculo'].iloc[0]} foi o veículo que mais demandou a Prefeitura"
        if len(df)
        else "Nenhuma demanda da imprensa no ano"
    )
    charts.hbar(ax, df["veiculo"].tolist(), df["quantidade"].tolist(), title=title)
    return title


@_chart(2.8)
def _cpd_categories(ax, t, r: Report) -> str:
    df = t["por_categoria"]
    total = df["quantidade"].sum() or 1
    title = (
        f"{df['categoria'].iloc[0]} responde por "
        f"{formatting.percent(df['quantidade'].iloc[0] / total, 0)} dos chamados"
    )
    charts.hbar(ax, df["categoria"].tolist(), df["quantidade"].tolist(), title=title)
    return title


def _within_a_day(key: str, fast: tuple[str, ...], what: str):
    """Time-to-answer bins, titled with the share handled within a day."""

    @_chart(2.4)
    def draw(ax, t, r: Report) -> str:
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


def _monthly_peak(key: str, what: str):
    """A monthly chart whose title names the busiest month."""

    @_chart(2.8)
    def draw(ax, t, r: Report) -> str:
        m = t[key]
        top = int(m.loc[m["quantidade"].idxmax(), "mes"])
        title = f"{what} por mês: pico em {formatting.month_name(top)}"
        if not m["quantidade"].sum():  # no peak to name (see Qualidade dos dados)
            title = f"{what} por mês: nenhum registro no ano"
        charts.monthly(ax, m["mes"].tolist(), m["quantidade"].tolist(), title=title)
        return title

    return draw


CHARTS = {
    ("convenios", "federal_estadual"): _conv_split,
    ("convenios", "por_orgao"): _conv_bodies,
    ("convenios", "por_mes"): _conv_months,
    ("procon", "por_tipo"): _procon_types,
    ("procon", "por_mes"): _monthly_peak("por_mes", "Atendimentos no Sindec"),
    ("procon", "fiscalizacoes"): _procon_inspections,
    ("comunicacao", "releases_por_mes"): _com_releases,
    ("comunicacao", "demandas_por_veiculo"): _com_outlets,
    ("comunicacao", "demandas_por_prazo"): _within_a_day(
        "demandas_por_prazo", ("no mesmo dia", "1 dia"), "das demandas respondidas"
    ),
    ("cpd", "por_mes"): _monthly_peak("por_mes", "Chamados abertos"),
    ("cpd", "por_categoria"): _cpd_categories,
    ("cpd", "por_prazo"): _within_a_day("por_prazo", ("até 1 dia",), "dos chamados solucionados"),
}


# =========================================================================== tables


def _conv_list(t, r: Report) -> Table:
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


def _procon_hearings(t, r: Report) -> Table:
    df = t["audiencias_resultado"]
    total = df["quantidade"].sum() or 1
    rows = [
        [res, formatting.count(q), formatting.percent(q / total, 0)]
        for res, q in df.itertuples(index=False)
    ]
    return Table(
        ["Resultado da audiência", "Audiências", "Parcela"],
        rows,
        align="lrr",
        caption="Audiências realizadas por resultado",
    )


def _count_table(key: str, header: list[str], caption: str):
    """A two-column table of counts from a breakdown."""

    def table(t, r: Report) -> Table:
        rows = [[s, formatting.count(q)] for s, q in t[key].itertuples(index=False)]
        return Table(header, rows, align="lr", caption=caption)

    return table


TABLES = {
    ("convenios", "por_orgao"): _conv_list,
    ("procon", "audiencias"): _procon_hearings,
    ("comunicacao", "situacao"): _count_table(
        "demandas_por_situacao",
        ["Situação", "Demandas"],
        "Demandas da imprensa recebidas no ano, por situação",
    ),
    ("cpd", "status"): _count_table(
        "por_status",
        ["Status na data da exportação", "Chamados"],
        "Chamados abertos no ano, por status",
    ),
}
