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
from .departments.base import reason_unavailable
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
from .errors import BadInput, Problem
from .io import fold
from .pipeline import YearData, open_year

#: Where ``methodology`` puts the generated definitions in docs/metodologia.md.
METHODOLOGY_MARKER = "<!-- definicoes"

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
        name = self.department or "balanco"
        html_name = f"{name}-{self.year}.html"
        doc_title = f"{kind + ': ' if kind else 'Balanço anual: '}{title} — {self.year}"
        subject = (
            f"Balanço de {self.year} da {s.secretariat} da Prefeitura Municipal de "
            f"{self.municipality}"
        )
        keywords = ", ".join(
            ["balanço anual", str(self.year), s.secretariat, self.municipality, title]
        )
        latex = (
            # The project template defines the footer macro and the colours; a plain
            # ``jupyter nbconvert --to pdf`` (JupyterLab's menu) does not: provide them.
            "\\providecommand{\\balancorodape}{}\n"
            "\\ifdefined\\providecolor\\providecolor{balancoazul}{HTML}{0072B2}"
            "\\providecolor{balancovermelho}{HTML}{D55E00}\\fi\n"
            "\\ifdefined\\hypersetup\\hypersetup{"
            f"pdftitle={{{latex_escape(doc_title)}}}, pdfauthor={{{latex_escape(s.secretariat)} "
            f"-- Prefeitura Municipal de {latex_escape(self.municipality)}}}, "
            f"pdfsubject={{{latex_escape(subject)}}}, pdfkeywords={{{latex_escape(keywords)}}}, "
            "pdflang=pt-BR}\\fi\n"
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
            + f"{{\\small {latex_escape(self.municipality)} ({latex_escape(s.uf)}), "
            f"{latex_escape(formatting.long_date(datetime.now()))}\\par}}\n"
            # This PDF is not tagged (XeLaTeX cannot tag it, see docs/acessibilidade.md):
            # the cover points to the accessible HTML published beside it.
             + "\\vspace{0.4cm}{\\small Versão acessível (HTML, para leitores de tela e "
            f"celulares): \\href{{{html_name}}}{{{latex_escape(html_name)}}}\\par}}\n"
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
        # A figure that is not available says so in its cell, and why in the table's note.
        missing: list[str] = []
        for name in names:
            for ind in self.data.by_department(name):
                value = formatting.indicator_value(ind.value, ind.unit)
                if not ind.available:
                    missing.append(f"{ind.label} ({self.year}): {ind.reason}")
                if prev is None:
                    rows.append([ind.label, value])
                    continue
                before = prev.get(ind.key)
                if before is not None and not before.available:
                    missing.append(f"{before.label} ({self.previous_year}): {before.reason}")
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
        unavailable = "Não disponível: " + "; ".join(missing) + "." if missing else None
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
                note="\n".join(n for n in (unavailable, note) if n),
            )
        note = None
        if self.previous_demo:
            note = (
                f"{self.previous_year}: dados fictícios de demonstração; a comparação "
                "não tem valor oficial."
            )
        note = "\n".join(n for n in (unavailable, note) if n) or None
        return Table(
            ["Indicador", str(self.previous_year), str(self.year), "Variação"],
            rows,
            align="lrrr",
            caption=caption,
            widths=(0.42, 0.15, 0.15, 0.18),
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
        # Never draw a figure that is not available (neither as a zero nor as a gap).
        left_out = [i for i in inds if not (i.available and prev[i.key].available)]
        inds = [i for i in inds if i not in left_out]
        why = "; ".join(
            f"{i.label}: {(i if not i.available else prev[i.key]).reason}" for i in left_out
        )
        if not inds:
            return Paragraphs(
                [
                    f"Não há comparação com {self.previous_year}: nenhum número do "
                    f"departamento está disponível nos dois anos ({why})."
                ]
            )
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
            if left_out:
                charts.footnote(fig, f"Fora da comparação, por não estarem disponíveis: {why}.")
            svg, pdf = charts.render(fig)
            alt = charts.alt_text(fig, title)
        return Chart(svg, pdf, title, alt)

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

    def chart(self, department: str, name: str) -> Chart | Paragraphs:
        """One of the department's charts, by name (see ``CHARTS``); a sentence
        saying why instead, when what it would draw is not available or all zero."""
        draw = CHARTS[(department, name)]
        tables = self._tables(department)
        why = self._not_drawn(draw, tables)
        if why:
            return Paragraphs([f"{draw.what}: gráfico não disponível. {formatting.reason(why)}"])
        with charts.figure(height=draw.height) as fig:
            ax = fig.add_subplot()
            title = draw(ax, tables, self)
            svg, pdf = charts.render(fig)
            alt = charts.alt_text(fig, title)
        return Chart(svg, pdf, title, alt)

    def _not_drawn(self, draw, tables: dict[str, pd.DataFrame]) -> str | None:
        """Why a chart is not drawn: an indicator it states or the breakdown it draws
        is not available, or the breakdown holds nothing but zeros."""
        for key in draw.indicators:
            ind = self.data.indicators.get(key)
            if ind is not None and not ind.available:
                return ind.reason
        if draw.key is None:
            return None
        df = tables[draw.key]
        why = reason_unavailable(df)
        if why:
            return why
        values = df.select_dtypes("number").drop(columns=["mes"], errors="ignore")
        if values.empty or not values.to_numpy().any():
            return draw.empty.format(year=self.year)
        return None

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
            [
                r.indicador,
                r.publicado,
                r.calculado or "—",
                "igual" if r.confere else ("não disponível" if not r.disponivel else "DIFERENTE"),
            ]
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
        """The raw files, each with its origin: synthetic records (the manifest
        lists it and its SHA-256 matches) or a real export."""
        shown = [
            s for s in self.data.sources if department is None or s["departamento"] in (department,)
        ]
        rows = [[s["arquivo"], s["sistema"], _origin_label(s), str(s["sha256"])] for s in shown]
        note = None
        if any(s.get("sintetico") for s in shown):
            # One short line: a table note does not wrap in the PDF.
            note = "Sintéticos: gerados pelo balanco, sem dados reais; veja data/raw/README.md."
        return Table(
            ["Arquivo", "Sistema de origem", "Registros", "SHA-256"],
            rows,
            align="llll",
            widths=(0.25, 0.24, 0.1, 0.27),
            mono=(3,),
            caption="Arquivos de origem",
            note=note,
        )

    def methodology(self) -> Markdown:
        """docs/metodologia.md (generic), with the municipality's settings and each
        indicator's definition — the one text, from the department's code —
        put in at its ``<!-- definicoes`` marker."""
        path = Path(self.settings.root) / "docs" / "metodologia.md"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        text = text.split("\n", 1)[1] if text.startswith("# ") else text
        generated = self._definitions_markdown()
        lines = text.splitlines()
        marker = next((i for i, x in enumerate(lines) if x.startswith(METHODOLOGY_MARKER)), None)
        if marker is None:
            text = text.rstrip() + "\n\n" + generated
        else:
            text = "\n".join([*lines[:marker], generated, *lines[marker + 1 :]])
        return Markdown(text, shift_headings=0)

    def _definitions_markdown(self) -> str:
        s = self.settings
        variants = [n for n in s.municipality_names if n != s.municipality]
        names = ", ".join(md_escape(n) for n in variants) if variants else "nenhuma"
        out = [
            "## Município",
            "",
            f"Prefeitura Municipal de {md_escape(s.municipality)} ({md_escape(s.uf)}), código "
            f"IBGE {md_escape(s.ibge_code)}. Variantes do nome aceitas quando a proposta do "
            f"Transferegov não traz o código: {names}. Natureza jurídica da Prefeitura no "
            f"Transferegov: {md_escape(s.municipal_nature)}. Categorias do site que marcam "
            "um release: " + ", ".join(f'"{md_escape(c)}"' for c in s.release_categories) + ".",
        ]
        for dept in DEPARTMENTS:
            inds = self.data.by_department(dept.NAME)
            if not inds:
                continue
            out += ["", f"## {dept.TITLE}", ""]
            out += [f"- **{md_escape(i.label)}:** {md_escape(i.definition)}" for i in inds]
        return "\n".join(out)

    def colophon(self) -> Latex:
        names = {
            "year": "ano",
            "data_dir": "pasta de dados",
            "reports_dir": "pasta de relatórios",
        }
        params = "; ".join(f"{names.get(k, k)} {v}" for k, v in self.parameters.items())
        s = self.settings
        lines = [
            f"Gerado pelo pacote balanco, versão {__version__}, em "
            f"{formatting.timestamp(datetime.now())}.",
            "Notebooks executados com papermill e exportados para PDF com nbconvert (XeLaTeX).",
            f"Parâmetros: {params}.",
            f"Município (configuração): {s.municipality} ({s.uf}), código IBGE {s.ibge_code}.",
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
        lines.append(_origins_sentence(self.data.sources))
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


def _origin_label(source: dict[str, object]) -> str:
    return "sintéticos" if source.get("sintetico") else "real"


def _origins_sentence(sources: list[dict[str, object]]) -> str:
    """Which files hold synthetic records and which are real, for the colophon."""
    synthetic = [str(s["arquivo"]) for s in sources if s.get("sintetico")]
    real = [str(s["arquivo"]) for s in sources if not s.get("sintetico")]
    if not synthetic:
        return "Todos os arquivos de origem são reais (exportações dos sistemas ou da Secretaria)."
    what = "sintéticos (gerados pelo balanco, sem nomes ou documentos reais)"
    if not real:
        return f"Todos os registros de origem são {what}."
    if len(real) < len(synthetic) and len(real) <= 3:
        return (
            f"Registros {what} em todos os arquivos de origem, exceto: {', '.join(real)} "
            "(reais: exportações dos sistemas ou arquivos da Secretaria)."
        )
    return (
        f"Registros {what}: {', '.join(synthetic)}. Arquivos reais (exportações dos sistemas "
        f"ou da Secretaria): {', '.join(real)}."
    )


def _retired_municipality(explicit: str | None) -> str | None:
    """A ``municipality`` given to ``open_report`` or injected by papermill
    (``-p municipality X``): the notebooks no longer take it, since the
    municipality is settings, not a cover string."""
    if explicit is not None:
        return explicit
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return None
    shell = get_ipython()
    value = shell.user_ns.get("municipality") if shell is not None else None
    return value if isinstance(value, str) else None


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def open_report(
    *,
    year: int,
    data_dir: str,
    reports_dir: str,
    department: str | None = None,
    municipality: str | None = None,
) -> Report:
    """Open a year's report (preparing its data when missing or stale).

    The municipality — on the cover and in every cleaning rule — comes from the
    settings only. ``municipality`` exists to refuse a different one clearly
    (also when papermill injects ``-p municipality X``): a cover never names a
    municipality other than the one whose data it shows.
    """
    s = make_settings(data_dir=data_dir, reports_dir=reports_dir)
    asked = _retired_municipality(municipality)
    if asked is not None and fold(asked) != fold(s.municipality):
        raise BadInput(
            [
                Problem(
                    "parâmetro municipality",
                    "o município do balanço vem da configuração "
                    f"({s.municipality} ({s.uf}), código IBGE {s.ibge_code}), não de um "
                    "parâmetro do notebook; retire -p municipality. Para outro município, "
                    "mude a configuração e os dados brutos",
                    value=asked,
                )
            ]
        )
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
        "data_dir": data_dir,
        "reports_dir": reports_dir,
    }
    return Report(data, year, s.municipality, department, params, s, previous, note)


# =========================================================================== charts
# Each returns the title it gave the chart: a sentence stating the finding.


def _chart(
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


@_chart(
    2.0,
    what="Repasses federais e estaduais",
    key="por_orgao",
    empty="nenhum convênio com repasse foi assinado em {year}",
    indicators=("convenios_federais_valor", "convenios_estaduais_valor"),
)
def _conv_split(ax, t, r: Report) -> str:
    ind = r.data.indicators
    fed, est = ind["convenios_federais_valor"].value, ind["convenios_estaduais_valor"].value
    total = fed + est
    lead = "federais" if fed >= est else "estaduais"
    share = formatting.percent(max(fed, est) / total, 0) if total else "0%"
    title = f"Repasses {lead} são {share} dos {formatting.money_millions(total)} captados"
    charts.split_bar(ax, {"Federais": fed, "Estaduais": est}, title=title)
    return title


@_chart(
    4.0,
    what="Repasses por órgão concedente",
    key="por_orgao",
    empty="nenhum convênio com repasse foi assinado em {year}",
)
def _conv_bodies(ax, t, r: Report) -> str:
    df = (
        t["por_orgao"]
        .groupby("orgao_concedente", as_index=False, dropna=False)["valor_repasse"]
        .sum()
    )
    df = df.sort_values("valor_repasse", ascending=False).head(8)
    names = [formatting.institution(n) for n in df["orgao_concedente"]]
    title = (
        f"{names[0]} é o maior concedente: {formatting.money_millions(df['valor_repasse'].iloc[0])}"
        if names
        else "Nenhum convênio no ano"
    )
    charts.hbar(ax, names, df["valor_repasse"].tolist(), title=title, fmt=formatting.money_millions)
    return title


@_chart(
    3.0,
    what="Assinaturas de convênios por mês",
    key="por_mes",
    empty="nenhum convênio com repasse foi assinado em {year}",
)
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


@_chart(
    2.6,
    what="Atendimentos por tipo",
    key="por_tipo",
    empty="nenhum atendimento do Procon registrado em {year}",
)
def _procon_types(ax, t, r: Report) -> str:
    df = t["por_tipo"]
    total = df["quantidade"].sum() or 1
    first = df.iloc[0]
    title = (
        f"{first['tipo']} são {formatting.percent(first['quantidade'] / total, 0)} dos atendimentos"
    )
    charts.hbar(ax, df["tipo"].tolist(), df["quantidade"].tolist(), title=title)
    return title


@_chart(
    2.0,
    what="Fiscalizações por resultado",
    key="fiscalizacoes_resultado",
    empty="nenhuma fiscalização registrada em {year}",
)
def _procon_inspections(ax, t, r: Report) -> str:
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


@_chart(
    2.8,
    what="Releases por mês",
    key="releases_por_mes",
    empty="nenhum release publicado em {year}",
)
def _com_releases(ax, t, r: Report) -> str:
    m = t["releases_por_mes"]
    avg = m["quantidade"].mean()
    title = f"Releases por mês: média de {formatting.number(avg, 0)} por mês"
    charts.monthly(ax, m["mes"].tolist(), m["quantidade"].tolist(), title=title, color=charts.GREEN)
    return title


@_chart(
    3.2,
    what="Demandas da imprensa por veículo",
    key="demandas_por_veiculo",
    empty="nenhuma demanda da imprensa recebida em {year}",
)
def _com_outlets(ax, t, r: Report) -> str:
    df = t["demandas_por_veiculo"]
    named = df[df["veiculo"].notna()]
    title = (
        f"{named['veiculo'].iloc[0]} foi o veículo que mais demandou a Prefeitura"
        if len(named)
        else "Demandas da imprensa por veículo"
    )
    charts.hbar(
        ax, [formatting.label(v) for v in df["veiculo"]], df["quantidade"].tolist(), title=title
    )
    return title


@_chart(
    2.8,
    what="Chamados por categoria",
    key="por_categoria",
    empty="nenhum chamado aberto em {year}",
)
def _cpd_categories(ax, t, r: Report) -> str:
    df = t["por_categoria"]
    total = df["quantidade"].sum() or 1
    names = [formatting.label(c, "Sem categoria") for c in df["categoria"]]
    title = (
        f"{names[0]} responde por "
        f"{formatting.percent(df['quantidade'].iloc[0] / total, 0)} dos chamados"
    )
    charts.hbar(ax, names, df["quantidade"].tolist(), title=title)
    return title


def _within_a_day(key: str, fast: tuple[str, ...], what: str, *, shown: str, empty: str):
    """Time-to-answer bins, titled with the share handled within a day."""

    @_chart(2.4, what=shown, key=key, empty=empty)
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


def _monthly_peak(key: str, what: str, *, empty: str):
    """A monthly chart whose title names the busiest month."""

    @_chart(2.8, what=f"{what} por mês", key=key, empty=empty)
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
    ("procon", "por_mes"): _monthly_peak(
        "por_mes",
        "Atendimentos no Sindec",
        empty="nenhum atendimento registrado no Sindec em {year}",
    ),
    ("procon", "fiscalizacoes"): _procon_inspections,
    ("comunicacao", "releases_por_mes"): _com_releases,
    ("comunicacao", "demandas_por_veiculo"): _com_outlets,
    ("comunicacao", "demandas_por_prazo"): _within_a_day(
        "demandas_por_prazo",
        ("no mesmo dia", "1 dia"),
        "das demandas respondidas",
        shown="Tempo de resposta às demandas da imprensa",
        empty="nenhuma demanda da imprensa recebida em {year} foi respondida",
    ),
    ("cpd", "por_mes"): _monthly_peak(
        "por_mes", "Chamados abertos", empty="nenhum chamado aberto em {year}"
    ),
    ("cpd", "por_categoria"): _cpd_categories,
    ("cpd", "por_prazo"): _within_a_day(
        "por_prazo",
        ("até 1 dia",),
        "dos chamados solucionados",
        shown="Tempo de solução dos chamados",
        empty="nenhum chamado aberto em {year} tem data da solução",
    ),
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
        [formatting.label(res), formatting.count(q), formatting.percent(q / total, 0)]
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
        rows = [
            [formatting.label(s), formatting.count(q)] for s, q in t[key].itertuples(index=False)
        ]
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
