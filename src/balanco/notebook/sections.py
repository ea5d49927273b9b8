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

from . import __version__, charts, checks, formatting, narrative, phone, published
from .compare import change, sentence
from .config import settings as make_settings
from .departments import BY_NAME, enabled
from .departments.base import reason_unavailable
from .display import (
    Bullets,
    Chart,
    Group,
    Latex,
    Markdown,
    Outputs,
    Paragraphs,
    Table,
    latex_escape,
    md_escape,
)
from .errors import BadInput, Problem
from .io import fold
from .pipeline import YearData, open_year
from .sentences import of

#: Where ``methodology`` puts the generated definitions in docs/metodologia.md.
METHODOLOGY_MARKER = "<!-- definicoes"

#: The consolidated report's title; a department's is its ``COVER_TITLE``.
CONSOLIDATED_TITLE = "Balanço anual"


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
        title = (
            CONSOLIDATED_TITLE if self.department is None else BY_NAME[self.department].COVER_TITLE
        )
        kind = "" if self.department is None else "Balanço do departamento"
        notice = ""
        if s.fictitious:
            notice = (
                f"DADOS FICTÍCIOS DE DEMONSTRAÇÃO — os números de {s.municipality} foram "
                "gerados para mostrar o balanço; não são dados oficiais da Prefeitura."
            )
        elif self.data.extra.get("demo"):
            notice = (
                "DADOS FICTÍCIOS DE DEMONSTRAÇÃO — não existe balanço publicado deste "
                "ano; os números não são oficiais."
            )
        footer = f"{s.secretariat} · {title} · {self.year}"
        name = self.department or "balanco"
        html_name = f"{name}-{self.year}.html"
        # The PDF's title says what, which year and whose, as a file list shows it.
        what = (
            f"Balanço anual de {self.year}"
            if self.department is None
            else f"Balanço de {self.year} {of(BY_NAME[self.department])}"
        )
        doc_title = f"{what} — Prefeitura Municipal de {self.municipality}"
        subject = (
            f"Balanço de {self.year} da {s.secretariat} da Prefeitura Municipal de "
            f"{self.municipality}"
        )
        words = ["balanço anual", str(self.year), s.secretariat, self.municipality, title]
        keywords = ", ".join(  # once each ("Balanço anual" is also the consolidated title)
            w for i, w in enumerate(words) if w.casefold() not in {x.casefold() for x in words[:i]}
        )
        logo = Path(s.root) / s.logo if s.logo else None
        logo_latex = (
            "\\ifdefined\\includegraphics"
            f'\\includegraphics[height=2.5cm]{{"{logo.resolve().as_posix()}"}}\\par'
            "\\vspace{0.6cm}\\fi\n"
            if logo
            else ""
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
            + logo_latex
            + f"{{\\large Prefeitura Municipal de {latex_escape(self.municipality)}\\par}}\n"
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
        if logo:
            md = f"{_image_markdown(logo, f'Brasão de {self.municipality}')}\n\n{md}"
        if notice:
            md += f"\n\n> **{notice}**"
        return Latex(latex, md)

    def summary(self) -> Paragraphs:
        """The narrative summary (consolidated) or the department's paragraph."""
        ind, hl = self.data.indicators, self.data.highlights
        prev = self.previous.indicators if self.previous else None
        names = [self.department] if self.department else [d.NAME for d in enabled(self.settings)]
        yoy = narrative.comparison(
            names, ind, prev, previous_year=self.previous_year, demo=self.previous_demo
        )
        if self.department is None:
            text = narrative.summary(ind, hl, year=self.year, settings=self.settings)
            return Paragraphs([*text, yoy])
        return Paragraphs([narrative.department(self.department, ind, hl), yoy])

    # ----------------------------------------------------------------- indicators
    def _department(self, department: str | None) -> str:
        """The department a section is about: the one named, else the report's own."""
        name = department or self.department
        if name is None:
            raise ValueError("the consolidated report must name the department")
        return name

    def departments(self) -> Outputs:
        """The consolidated report's section of each department of the run (the
        enabled ones, in the registry's order, an outside one included): its
        heading, its indicators and its headline chart (the first of its
        ``views.CHARTS``)."""
        parts: list[object] = []
        for dept in enabled(self.settings):
            title = dept.TITLE
            parts.append(Latex(f"\\section{{{latex_escape(title)}}}\n", f"## {md_escape(title)}"))
            parts.append(self.indicators(dept.NAME))
            if dept.views.CHARTS:
                parts.append(self.chart(dept.NAME, next(iter(dept.views.CHARTS))))
        return Outputs(parts)

    def _left_out(self, department: str) -> Paragraphs | None:
        """A sentence instead of a section, when the municipality file does not
        enable ``department`` (a notebook naming a department the run leaves out)."""
        if department in {d.NAME for d in enabled(self.settings)}:
            return None
        return Paragraphs(
            [
                f"O departamento {of(BY_NAME[department])} não faz parte deste balanço "
                f"(chave departamentos de municipios/{self.settings.slug}.toml)."
            ]
        )

    def _split(self, first: str, second: str | None) -> tuple[str, str]:
        """``(department, name)`` from ``(name)`` in a department's report or
        ``(department, name)`` anywhere."""
        return (self._department(None), first) if second is None else (first, second)

    def indicators(self, department: str | None = None) -> Table | Paragraphs:
        """The department's indicators (the report's own department by default; all
        departments in the consolidated report), beside the previous year's when
        available."""
        department = department or self.department
        if department and (out := self._left_out(department)) is not None:
            return out
        names = [department] if department else [d.NAME for d in enabled(self.settings)]
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

    def comparison(self, department: str | None = None) -> Chart | Paragraphs:
        """The department's figures this year beside the previous year's."""
        department = self._department(department)
        if (out := self._left_out(department)) is not None:
            return out
        if self.previous is None:
            return Paragraphs(
                [
                    self.previous_note
                    or f"Não há dados de {self.previous_year}: "
                    "não há comparação com o ano anterior."
                ]
            )
        key, subject, plural_ = narrative.headline(department)
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

        def drawing(fig) -> None:
            charts.compare_years(
                fig.add_subplot(),
                [i.label for i in inds],
                [prev[i.key].value for i in inds],
                [i.value for i in inds],
                years=(self.previous_year, self.year),
                title=title,
                fmt=fmt,
            )
            if left_out:
                charts.footnote(fig, f"Fora da comparação, por não estarem disponíveis: {why}.")

        height = 0.55 * len(inds) + 1.0
        with charts.figure(height=height) as fig:
            drawing(fig)
            svg, pdf = charts.render(fig)
            alt = charts.alt_text(fig, title)
        return Chart(svg, pdf, title, alt, phone.svg(height, drawing))

    def definitions(self, department: str | None = None) -> Bullets:
        """How each of the department's indicators is counted."""
        department = self._department(department)
        return Bullets(
            [(i.label, _after_colon(i.definition)) for i in self.data.by_department(department)],
            heading="Como cada número é calculado",
        )

    # ----------------------------------------------------------------- tables & charts
    def _tables(self, department: str) -> dict[str, pd.DataFrame]:
        dept = BY_NAME[department]
        return dept.breakdowns(self.data.tables[department], year=self.year)

    def chart(self, department_or_name: str, name: str | None = None) -> Chart | Paragraphs:
        """One of the department's charts, by name (its ``views.CHARTS``); a sentence
        saying why instead, when what it would draw is not available or all zero.
        In a department's report the department may be left out: ``chart("por_mes")``."""
        department, name = self._split(department_or_name, name)
        if (out := self._left_out(department)) is not None:
            return out
        draw = BY_NAME[department].views.CHARTS[name]
        tables = self._tables(department)
        why = self._not_drawn(draw, tables)
        if why:
            return Paragraphs([f"{draw.what}: gráfico não disponível. {formatting.reason(why)}"])

        def drawing(fig) -> str:
            return draw(fig.add_subplot(), tables, self.data.indicators)

        with charts.figure(height=draw.height) as fig:
            title = drawing(fig)
            svg, pdf = charts.render(fig)
            alt = charts.alt_text(fig, title)
        return Chart(svg, pdf, title, alt, phone.svg(draw.height, drawing))

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

    def table(self, department_or_name: str, name: str | None = None) -> Table | Paragraphs:
        """One of the department's detail tables, by name (its ``views.TABLES``);
        the department may be left out as in :meth:`chart`."""
        department, name = self._split(department_or_name, name)
        if (out := self._left_out(department)) is not None:
            return out
        return BY_NAME[department].views.TABLES[name](self._tables(department))

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
        rec, outside = published.in_balance(published.reconcile(self.data.indicators, pub))
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
        note = f"Fonte do publicado: {pub.source}." + (f" {outside}" if outside else "")
        return Table(
            ["Indicador", "Publicado", "Calculado", "Conferência"],
            rows,
            align="lrrl",
            widths=(0.42, 0.18, 0.18, 0.14),
            caption=f"{ok} de {len(rec)} figuras do release conferem",
            note=note,
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
        spellings = [g for g in self.data.grafias if dept is None or g.get("departamento") == dept]
        done = Bullets(
            [
                (c.titulo, "bloqueia a publicação" if c.severidade == checks.BLOCKING else "alerta")
                for c in checks.performed(d.NAME for d in enabled(self.settings))
            ],
            heading="Verificações feitas antes da publicação",
        )
        parts: list[Paragraphs | Bullets] = []
        if not alerts and not accepted and not spellings:
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
        if spellings:
            parts.extend(_spellings(spellings))
        return Group([*parts, done])

    # ----------------------------------------------------------------- sources & colophon
    def sources(self, department: str | None = None) -> Table:
        """The raw files, each with its origin: synthetic records (the manifest
        lists it and its SHA-256 matches) or a real export."""
        department = department or self.department
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
        out = [
            "## Município",
            "",
            f"Prefeitura Municipal de {md_escape(s.municipality)} ({md_escape(s.uf)}), código "
            f"IBGE {md_escape(s.ibge_code)}.",
        ]
        for dept in enabled(self.settings):
            inds = self.data.by_department(dept.NAME)
            # A department's rules that depend on the municipality file (its
            # ``sentences.methodology``), then how each of its figures is counted.
            rules = getattr(dept.sentences, "methodology", None)
            paragraphs = rules(s) if rules is not None else []
            if not inds and not paragraphs:
                continue
            out += ["", f"## {md_escape(dept.TITLE)}", ""]
            out += [f"{md_escape(x)}\n" for x in paragraphs]
            out += [
                f"- **{md_escape(i.label)}:** {md_escape(_after_colon(i.definition))}" for i in inds
            ]
        return "\n".join(out)

    def colophon(self) -> Latex:
        names = {
            "year": "ano",
            "municipio": "município",
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
            f"Arquivo do município: municipios/{s.slug}.toml (SHA-256 {s.config_hash[:12]}…).",
            f"Hash combinado dos dados de entrada (SHA-256): {self.data.data_hash}.",
        ]
        if s.responsible:
            lines.append(f"Responsável: {s.responsible}.")
        if s.fictitious:
            lines.append(
                f"Dados fictícios de demonstração: {s.municipality} não publicou este balanço; "
                "todos os registros foram gerados pelo balanco."
            )
        elif self.data.extra.get("demo"):
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


def _after_colon(text: str) -> str:
    """A definition as it reads after "Rótulo:", the same in every report."""
    return text[:1].lower() + text[1:]


def _origin_label(source: dict[str, object]) -> str:
    return "sintéticos" if source.get("sintetico") else "real"


def _image_markdown(path: Path, alt: str) -> str:
    """The image embedded in the page (a data URI: the HTML stays one file)."""
    import base64
    import mimetypes

    kind = mimetypes.guess_type(path.name)[0] or "image/png"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"![{md_escape(alt)}](data:{kind};base64,{data})"


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


def _spellings(used: list[dict[str, object]]) -> list[Paragraphs | Bullets]:
    """The municipality's own spellings of closed vocabularies that were read as an
    accepted value (like an acceptance: said in the report, never silent); the
    first lines of each (all are in indicadores.json, up to its limit)."""
    items = []
    for g in used:
        count = int(g["registros"])  # type: ignore[call-overload]
        lines = [str(n) for n in g["linhas"]][:10]  # type: ignore[attr-defined]
        where = ("linha " if len(lines) == 1 else "linhas ") + ", ".join(lines)
        where += ", …" if count > len(lines) else ""
        items.append(
            (
                f"{g['arquivo']}, coluna {g['coluna']}",
                f'"{g["valor"]}" lido como "{g["aceito_como"]}" em '
                f"{formatting.plural(count, 'registro', 'registros')} ({where}).",
            )
        )
    intro = (
        "Valores escritos de forma diferente dos valores aceitos e que a Secretaria "
        "declarou, no arquivo de configuração do município, equivalentes a um valor "
        "aceito; foram contados como esse valor:"
    )
    return [Paragraphs([intro]), Bullets(items)]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def open_report(
    *,
    year: int,
    data_dir: str,
    reports_dir: str,
    department: str | None = None,
    municipality: str | None = None,
    municipio: str | None = None,
) -> Report:
    """Open a year's report (preparing its data when missing or stale).

    The municipality — on the cover and in every cleaning rule — comes from the
    settings only. ``municipality`` exists to refuse a different one clearly
    (also when papermill injects ``-p municipality X``): a cover never names a
    municipality other than the one whose data it shows.
    """
    s = make_settings(data_dir=data_dir, reports_dir=reports_dir, municipio=municipio)
    asked = _retired_municipality(municipality)
    if asked is not None and fold(asked) != fold(s.municipality):
        raise BadInput(
            [
                Problem(
                    "parâmetro municipality",
                    "não é o município do balanço, que vem da configuração "
                    f"({s.municipality} ({s.uf}), código IBGE {s.ibge_code}), não de um "
                    "parâmetro do notebook; retire -p municipality. Para outro município, "
                    "use -p municipio <arquivo de municipios/>",
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
                f"Os dados de {year - 1} não passaram nas verificações antes da publicação: "
                "não há comparação com o ano anterior."
            )
    params = {
        "year": year,
        "municipio": s.slug,
        "data_dir": s.data_dir,
        "reports_dir": s.reports_dir,
    }
    return Report(data, year, s.municipality, department, params, s, previous, note)
