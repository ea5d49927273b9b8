"""The report's front matter: the cover (with the PDF's metadata, the running
footer and the table of contents) and the summary."""

from __future__ import annotations

from pathlib import Path

from .. import narrative
from ..departments import BY_NAME, enabled
from ..display import Latex, Paragraphs, latex_escape, latex_url, md_escape
from ..sentences import of
from . import typst_forms
from .base import ReportBase

#: The consolidated report's title; a department's is its ``COVER_TITLE``.
CONSOLIDATED_TITLE = "Balanço anual"


class FrontMatter(ReportBase):
    """The cover and the summary."""

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
        # The year's publication date (or the build date) and the link to the HTML,
        # absolute when the municipality file gives the site's address.
        pub = self.publication()
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
            f"{latex_escape(pub.long_date)}\\par}}\n"
            # The cover points to the HTML published beside the PDF (screens, phones).
             + "\\vspace{0.4cm}{\\small Versão acessível (HTML, para leitores de tela e "
            f"celulares): \\href{{{latex_url(pub.html_link)}}}"
            f"{{{latex_escape(pub.html_link)}}}\\par}}\n"
            "\\end{titlepage}\n\\tableofcontents\n\\clearpage\n"
        )
        md = (
            f"# {kind + ': ' if kind else ''}{title} — {self.year}\n\n**Prefeitura Municipal de "
            f"{md_escape(self.municipality)} · {md_escape(s.secretariat)}**"
            # The publication date, as on the PDF's cover.
            f"\n\n{md_escape(f'{self.municipality} ({s.uf}), {pub.long_date}')}"
        )
        if logo:
            md = f"{_image_markdown(logo, f'Brasão de {self.municipality}')}\n\n{md}"
        if notice:
            md += f"\n\n> **{notice}**"
        typst = typst_forms.cover(
            municipality=self.municipality,
            secretariat=s.secretariat,
            kind=kind,
            title=title,
            year=self.year,
            notice=notice,
            place_date=f"{self.municipality} ({s.uf}), {pub.long_date}",
            html_line="Versão acessível (HTML, para leitores de tela e celulares):",
            html_name=pub.html_link,
            logo=typst_forms.logo_path(Path(s.root), s.logo) if s.logo else None,
        )
        # The PDF's metadata and running footer (the Typst exporter reads them).
        document = {
            "title": doc_title,
            "author": f"{s.secretariat} – Prefeitura Municipal de {self.municipality}",
            "subject": subject,
            "keywords": keywords.split(", "),
            "footer": footer,
        }
        if notice:  # on every page too, not only the cover: a page may be quoted alone
            document["notice"] = "DADOS FICTÍCIOS DE DEMONSTRAÇÃO — não são dados oficiais"
        return Latex(latex, md, typst, document)

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


def _image_markdown(path: Path, alt: str) -> str:
    """The image embedded in the page (a data URI: the HTML stays one file)."""
    import base64
    import mimetypes

    kind = mimetypes.guess_type(path.name)[0] or "image/png"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"![{md_escape(alt)}](data:{kind};base64,{data})"
