"""The PDF on Typst against the PDF on XeLaTeX, side by side in one run.

Builds the 2024 balance once in a copy of the project (``balanco report``), then
exports the same five executed notebooks with both exporters, in this process,
each kept warm as ``balanco report`` keeps it, alternating notebook by notebook
for ``ROUNDS`` rounds: nbconvert's ``PDFExporter`` with the LaTeX template the
project used before (``bench/latex/balanco``, two XeLaTeX passes) and the
project's ``balanco_pdf`` exporter (Typst, PDF/UA-1 + PDF/A-2a). Prints the median
per notebook and the ratio Typst / LaTeX; asserts nothing. Needs XeLaTeX (TeX
Live: ``texlive-xetex texlive-fonts-recommended texlive-plain-generic
texlive-lang-portuguese lmodern pandoc``), which the project no longer installs.

Run from the project root: ``.venv/bin/python bench/typst_vs_latex.py``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = ("balanco", "convenios", "procon", "comunicacao", "cpd")
ROUNDS = 3


def latex_exporter():
    from nbconvert import PDFExporter
    from traitlets.config import Config

    config = json.loads((ROOT / "templates" / "nbconvert_config.json").read_text("utf-8"))
    c = Config(config)
    c.TemplateExporter.extra_template_basedirs = [str(ROOT / "bench" / "latex")]
    return PDFExporter(config=c, template_name="balanco")


def typst_exporter(root: Path):
    from balanco.build.typst_exporter import TypstPDFExporter

    return TypstPDFExporter(root=str(root))


def timed(exporter, notebook: Path) -> float:
    start = time.perf_counter()
    body, _ = exporter.from_filename(str(notebook))
    took = time.perf_counter() - start
    assert body[:5] == b"%PDF-"
    return took


def main() -> None:
    if shutil.which("xelatex") is None:
        sys.exit("XeLaTeX não está instalado: a referência (LaTeX) não pode ser medida.")
    with tempfile.TemporaryDirectory(prefix="bench-typst-") as tmp:
        root = Path(tmp)
        for folder in ("notebooks", "templates", "docs", "data/raw", "data/published"):
            shutil.copytree(ROOT / folder, root / folder)
        start = time.perf_counter()
        subprocess.run(
            [str(BIN / "balanco"), "report", "--year", "2024", "--force"],
            cwd=root,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        report = time.perf_counter() - start
        executed = root / "reports" / "2024" / "notebooks"
        latex, typst = latex_exporter(), typst_exporter(root)
        times = {n: {"latex": [], "typst": []} for n in NOTEBOOKS}
        for n in NOTEBOOKS:  # warm both (templates compiled, fonts loaded), not counted
            timed(latex, executed / f"{n}.ipynb")
            timed(typst, executed / f"{n}.ipynb")
            break
        for _ in range(ROUNDS):
            for n in NOTEBOOKS:
                times[n]["latex"].append(timed(latex, executed / f"{n}.ipynb"))
                times[n]["typst"].append(timed(typst, executed / f"{n}.ipynb"))
    print(f"balanco report --year 2024 --force (Typst): {report:.1f} s")
    print(f"Exportação de cada PDF, mediana de {ROUNDS} (mesmos notebooks, lado a lado):")
    total = {"latex": 0.0, "typst": 0.0}
    for n in NOTEBOOKS:
        med = {k: statistics.median(v) for k, v in times[n].items()}
        total = {k: total[k] + med[k] for k in total}
        print(
            f"  {n:12s} LaTeX {med['latex']:5.2f} s | Typst {med['typst']:5.2f} s | "
            f"razão {med['typst'] / med['latex']:.2f}"
        )
    print(
        f"  5 PDFs       LaTeX {total['latex']:5.2f} s | Typst {total['typst']:5.2f} s | "
        f"razão {total['typst'] / total['latex']:.2f} (meta por notebook: <= 0,3 s)"
    )


if __name__ == "__main__":
    main()
