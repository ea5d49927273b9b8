"""The report's closing sections: the source files and their origin, the
methodology (with each indicator's definition) and the colophon."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from .. import __version__, formatting, highlights, publication
from ..departments import enabled
from ..display import Latex, Markdown, Table, latex_escape, md_escape
from ..open_data import free_text
from ..open_data.datasets import all_datasets
from . import typst_forms
from .base import ReportBase, _after_colon

#: Where ``methodology`` puts the generated definitions in docs/metodologia.md.
METHODOLOGY_MARKER = "<!-- definicoes"


class Sources(ReportBase):
    """The sources, the methodology and the colophon."""

    def _files(self, department: str | None = None) -> list[dict[str, object]]:
        """The raw files of the report (its department's only, in a department's)."""
        department = department or self.department
        return [
            s for s in self.data.sources if department is None or s["departamento"] in (department,)
        ]

    def _used_files(self) -> list[dict[str, object]]:
        """The raw files the report used, for its colophon: a department's report
        adds the Secretaria's destaques.toml only when its text quotes it."""
        if self.department is None:
            return list(self.data.sources)
        field = HIGHLIGHTS_USED.get(self.department)
        quoted = bool(field and getattr(self.data.highlights, field, None))
        return self._files() + [
            s for s in self.data.sources if quoted and s["arquivo"] == highlights.FILE
        ]

    def sources(self, department: str | None = None) -> Table:
        """Where the records come from, for a citizen: each source system, what it
        holds and whether its records are synthetic or a real export (one row for the
        files a system splits into pages). File names and their SHA-256 are for
        auditors: the colophon and the open data's indicadores.json."""
        rows: dict[tuple[str, str, str], list[str]] = {}
        for s in self._files(department):
            what = str(s.get("descricao") or "").strip()
            row = [_system(str(s["sistema"])), what.rstrip(".") + "." if what else "—"]
            rows.setdefault((*row, _origin_label(s)), [*row, _origin_label(s)])
        note = None
        if any(s.get("sintetico") for s in self._files(department)):
            # One short line: a table note does not wrap in the PDF.
            note = (
                "Sintéticos: registros gerados por computador para demonstração, sem dados reais."
            )
        return Table(
            ["Sistema de origem", "O que contém", "Registros"],
            list(rows.values()),
            align="lll",
            widths=(0.32, 0.46, 0.14),
            caption="Fontes dos dados",
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
            # Not the department's name alone: the report's section of the
            # department already has that heading (each heading is unique).
            out += ["", f"## {md_escape(dept.TITLE)}: definições", ""]
            out += [f"{md_escape(x)}\n" for x in paragraphs]
            out += [
                f"- **{md_escape(i.label)}:** {md_escape(_after_colon(i.definition))}" for i in inds
            ]
        return "\n".join(out)

    def colophon(self) -> Latex:
        names = {
            "year": "ano",
            "municipio": "arquivo do município",
            "data_dir": "pasta dos dados",
            "reports_dir": "pasta dos relatórios",
        }
        # Values as typed on the command line, quoted: "pasta dos dados “data”".
        params = "; ".join(
            f"{names.get(k, k)} {v}" if k == "year" else f"{names.get(k, k)} “{v}”"
            for k, v in self.parameters.items()
        )
        s = self.settings
        lines = [
            f"Gerado pelo programa balanco, versão {__version__}, em "
            f"{formatting.timestamp(datetime.now())}.",
            "Notebooks executados com papermill e exportados para PDF com nbconvert (Typst, "
            "PDF/UA-1 e PDF/A-2a).",
            f"Parâmetros da geração: {params}.",
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
        # The municipality file's decision (checked when the open data is written):
        # a department's colophon lists its own columns only.
        shown = {d.NAME for d in enabled(s)} if self.department is None else {self.department}
        specs = [d for d in all_datasets() if d.department in shown]
        opted = free_text.colophon(free_text.applied(specs, frozenset(s.open_free_text)))
        if opted:
            lines.append(opted)
        files = self._used_files()
        lines.append(_origins_sentence(files))
        if files:
            lines.append(_hashes_sentence(files))
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
        # On screen a hash is shown by its first characters, the whole value in the
        # element's title: a screen reader does not spell 64 characters.
        markdown = "\n\n".join(md_escape(x) for x in lines)
        markdown = markdown.replace(self.data.data_hash, _hash_html(self.data.data_hash))
        for f in files:
            short = str(f["sha256"])[:HASH_SHOWN]
            markdown = markdown.replace(
                f"{md_escape(f['arquivo'])} {short}",
                f"{md_escape(f['arquivo'])} {_hash_html(str(f['sha256']))}",
            )
        return Latex(latex, "**Colofão**\n\n" + markdown, typst_forms.colophon(lines))


#: The department whose report quotes destaques.toml, and the field it quotes.
HIGHLIGHTS_USED = {"cpd": "projetos_cpd", "comunicacao": "canais"}

#: How many hexadecimal characters of a SHA-256 a reader sees (the whole value is in
#: the open data's indicadores.json, each indicator's "fontes", and, on screen, in
#: the element's title).
HASH_SHOWN = 12
#: A technical detail in a system's name: the API route, a file name, a format.
_TECHNICAL = re.compile(r"\s*\((?=[^)]*(?:/|API|arquivo |CSV|\.csv|\.json))[^)]*\)")


def _system(name: str) -> str:
    """A source system's name without the technical details a citizen does not
    need (those stay in the open data's dictionary).

    >>> _system("WordPress do site da Prefeitura (API REST /wp-json/wp/v2/posts)")
    'WordPress do site da Prefeitura'
    >>> _system("Sindec (Sistema Nacional de Informações de Defesa do Consumidor)")
    'Sindec (Sistema Nacional de Informações de Defesa do Consumidor)'
    """
    return _TECHNICAL.sub("", name).strip()


def _hash_html(full: str) -> str:
    """A SHA-256 on screen: its first characters, the whole value in the title."""
    return f'<abbr title="SHA-256 {full}">{full[:HASH_SHOWN]}…</abbr>'


def _hashes_sentence(files: list[dict[str, object]]) -> str:
    """Each raw file with the first characters of its SHA-256, for the colophon."""
    listed = "; ".join(f"{f['arquivo']} {str(f['sha256'])[:HASH_SHOWN]}" for f in files)
    return (
        f"SHA-256 dos arquivos de origem (os {HASH_SHOWN} primeiros caracteres; o valor "
        "completo de cada arquivo usado num indicador está no indicadores.json dos dados "
        f"abertos): {listed}."
    )


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
