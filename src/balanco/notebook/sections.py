"""A department's sections: its indicators (beside the previous year's), how each
is counted, the comparison chart, its charts and detail tables, and the
consolidated report's section of each department."""

from __future__ import annotations

import pandas as pd

from .. import charts, formatting, narrative, phone
from ..compare import change, sentence
from ..departments import BY_NAME, enabled
from ..departments.frames import reason_unavailable
from ..display import Bullets, Chart, Latex, Outputs, Paragraphs, Table, latex_escape, md_escape
from ..sentences import of
from . import typst_forms
from .base import ReportBase, _after_colon


class Sections(ReportBase):
    """The indicators, charts and tables of each department."""

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
            parts.append(
                Latex(
                    f"\\section{{{latex_escape(title)}}}\n",
                    f"## {md_escape(title)}",
                    typst_forms.section(title),
                )
            )
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
        if department and self.department is None:
            # One table per department in the consolidated: each caption names its
            # department (the HTML's table regions are told apart by their captions).
            caption += f" — {BY_NAME[department].TITLE}"
        unavailable = "Não disponível: " + "; ".join(missing) + "." if missing else None
        if prev is None:
            note = self.previous_note or (f"Não há dados de {self.previous_year} para comparar.")
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
                [self.previous_note or f"Não há dados de {self.previous_year} para comparar."]
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
        if self.previous_demo:
            # Never a growth rate against fictitious data in a quotable title or
            # alternative text (issue 17): the chart shows the values only.
            title = f"Comparação com {self.previous_year} (dados fictícios de demonstração)"
        elif title:
            title = title[:1].upper() + title[1:]
        else:
            title = f"{self.year} comparado a {self.previous_year}"

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
            svg, _ = charts.render(fig, pdf=False)
            alt = charts.alt_text(fig, title)
        return Chart(svg, charts.svg_pdf(svg), title, alt, phone.svg(height, drawing))

    def definitions(self, department: str | None = None) -> Bullets:
        """How each of the department's indicators is counted."""
        department = self._department(department)
        return Bullets(
            [(i.label, _after_colon(i.definition)) for i in self.data.by_department(department)],
            heading="Como cada número é calculado",
        )

    def _tables(self, department: str) -> dict[str, pd.DataFrame]:
        """The department's breakdowns as the report shows them, computed once per
        report; each caller gets its own shallow copies (cheap under pandas'
        copy-on-write), so a drawing that changed a frame would not change the
        next chart or table."""
        if department not in self.breakdowns:
            self.breakdowns[department] = self._computed_tables(department)
        return {k: v.copy(deep=False) for k, v in self.breakdowns[department].items()}

    def _computed_tables(self, department: str) -> dict[str, pd.DataFrame]:
        dept = BY_NAME[department]
        tables = dept.breakdowns(self.data.tables[department], year=self.year)
        # Free text typed by staff (LGPD) is shown only when the municipality's file
        # publishes its column (publicar_texto_livre), as in the open data.
        withhold = getattr(dept.views, "withhold", None)
        if withhold is None:
            return tables
        return withhold(tables, frozenset(self.settings.open_free_text))

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
            svg, _ = charts.render(fig, pdf=False)
            alt = charts.alt_text(fig, title)
        return Chart(svg, charts.svg_pdf(svg), title, alt, phone.svg(draw.height, drawing))

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
