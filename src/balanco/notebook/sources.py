"""The report's closing sections: the source files and their origin, the
methodology (with each indicator's definition) and the colophon."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .. import __version__, formatting, publication
from ..departments import enabled
from ..display import Latex, Markdown, Table, latex_escape, md_escape
from ..open_data import free_text
from ..open_data.datasets import all_datasets
from .base import ReportBase, _after_colon

#: Where ``methodology`` puts the generated definitions in docs/metodologia.md.
METHODOLOGY_MARKER = "<!-- definicoes"


class Sources(ReportBase):
    """The sources, the methodology and the colophon."""

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
        # The cover's date and its link to the HTML: set in the municipality file, or not.
        lines += publication.colophon(self.publication(), year=self.year, slug=s.slug)
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
        # The municipality file's decision (checked when the open data is written).
        shown = {d.NAME for d in enabled(s)}
        specs = [d for d in all_datasets() if d.department in shown]
        opted = free_text.colophon(free_text.applied(specs, frozenset(s.open_free_text)))
        if opted:
            lines.append(opted)
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
