"""Issue 16, item 6: the PDF on Typst against today's XeLaTeX build, side by side.

Prints, measured in one run on this machine (ratios only; nothing asserted):

(a) the export of each PDF from the same executed notebooks, in one process, each
    exporter kept warm as ``balanco report`` keeps it, alternating notebook by
    notebook: the project's ``balanco_pdf`` (Typst) against the baseline's
    ``PDFExporter`` with its LaTeX template (two XeLaTeX passes); target <= 0,3 s
    per notebook;
(b) ``balanco report --year 2024 --force`` of this checkout against the same
    command of the baseline, alternating; target <= 0,5;
(c) the same command against the baseline's hand-written pipeline (papermill then
    ``jupyter nbconvert --to pdf --template balanco``, the README's loop before
    Typst) for the same 5 notebooks; target <= 0,15;
(d) a fresh ``make`` without TeX Live against today's, which installed it (see
    ``fresh_make``: what is measured and what is estimated); target <= 0,5;
(k) the kernel's work (the 5 notebooks' cells run in one process, as papermill's
    kernel runs them): each chart as SVG plus a PDF made from it by Typst (now)
    against SVG plus matplotlib's PDF (before this change), alternating.

The baseline is "today's XeLaTeX build": commit ``f64e330``, the last commit before
the Typst work, extracted with ``git archive`` into a temporary folder, run with its
own sources first on ``PYTHONPATH`` (same venv, same machine, same data of its own
tree), in a project copy of its own. Needs XeLaTeX and pandoc (TeX Live), which the
project no longer installs.

Run from the project root: ``.venv/bin/python bench/typst_speed.py [a b c d k]``
(``--baixar`` in (d) downloads the TeX Live packages from the Debian mirror into the
temporary folder and times it; without it the download is estimated from the
packages' size and a measured rate is not printed).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BASE = "f64e330"
NOTEBOOKS = ("balanco", "convenios", "procon", "comunicacao", "cpd")
COPIED = ("notebooks", "templates", "docs", "data/raw", "data/published", "municipios")
#: The system packages today's ``make`` installed for the PDF (Makefile at f64e330)
#: and those it still installs.
TEX = (
    "texlive-xetex texlive-fonts-recommended texlive-plain-generic texlive-lang-portuguese"
    " lmodern pandoc"
).split()
KEPT = "poppler-utils fonts-dejavu-core time python3 python3-venv".split()


def env_for(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src)}


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def copy_project(tree: Path, dest: Path) -> Path:
    for folder in COPIED:
        if (tree / folder).exists():
            shutil.copytree(tree / folder, dest / folder)
    return dest


class Sides:
    """This checkout and the baseline, each in a project copy of its own."""

    def __init__(self, tmp: Path) -> None:
        self.base_tree = tmp / "base-src"
        self.base_tree.mkdir()
        archive = subprocess.run(
            ["git", "archive", BASE], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(self.base_tree)], input=archive, check=True)
        # The shared venv's metadata registers this checkout's nbconvert exporters
        # (balanco_pdf, balanco_typst), which the baseline lacks and which nbconvert
        # loads to list its formats: a dist-info of the baseline's own, first on its
        # PYTHONPATH, shadows it (importlib.metadata keeps the first of a name), as
        # the venv installed at the baseline had it.
        info = self.base_tree / "src" / "balanco-0+base.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: balanco\nVersion: 0+base\n")
        (info / "entry_points.txt").write_text("[console_scripts]\nbalanco = balanco.cli:main\n")
        self.now = copy_project(ROOT, tmp / "agora")
        self.base = copy_project(self.base_tree, tmp / "base")
        self.now_env = env_for(ROOT / "src")
        self.base_env = env_for(self.base_tree / "src")

    def report(self, which: str) -> float:
        if which == "now":
            return run(
                [str(BIN / "balanco"), "report", "--year", "2024", "--force"],
                self.now,
                self.now_env,
            )
        # The baseline's own console script (balanco.cli:main): the venv's bin/balanco
        # is this checkout's (balanco.cli:entry), which the baseline lacks.
        script = "import sys; from balanco.cli import main; sys.exit(main())"
        cmd = [sys.executable, "-c", script, "report", "--year", "2024", "--force"]
        return run(cmd, self.base, self.base_env)

    def report_prepared(self) -> float:
        """``balanco report --year 2024`` with the year's data already prepared and its
        reports gone: the five notebooks run and export, nothing is prepared again —
        the same work as the hand-written loop below."""
        shutil.rmtree(self.now / "reports" / "2024", ignore_errors=True)
        return run([str(BIN / "balanco"), "report", "--year", "2024"], self.now, self.now_env)

    def hand_pipeline(self) -> float:
        """The baseline's README loop for 2024, the data already prepared."""
        out = self.base / "manual"
        out.mkdir(exist_ok=True)
        start = time.perf_counter()
        for name in NOTEBOOKS:
            executed = f"manual/{name}.ipynb"
            nb = f"notebooks/{name}.ipynb"
            papermill = [str(BIN / "papermill"), nb, executed, "-p", "year", "2024"]
            run(papermill, self.base, self.base_env)
            nbconvert = [
                *(str(BIN / "jupyter"), "nbconvert", "--config", "templates/nbconvert_config.json"),
                *("--to", "pdf", "--template", "balanco", executed),
                *("--output-dir", "manual", "--output", f"{name}-2024"),
            ]
            run(nbconvert, self.base, self.base_env)
        return time.perf_counter() - start


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def bench_b_c(sides: Sides, rounds: int = 3, hand_rounds: int = 2) -> dict[str, float]:
    """(b) and (c) in interleaved rounds (a neighbour's load falls on both sides):
    each round runs the baseline's build and this one's, and in the first
    ``hand_rounds`` also the hand-written loop (a minute each) and this build with
    the data prepared, in an order that alternates from round to round; medians
    printed."""
    now, base, hand, prepared = [], [], [], []
    sides.report("now"), sides.report("base")  # warm (caches, fonts), not counted
    for r in range(rounds):
        # The order alternates: baseline first in even rounds, this build first in odd.
        pairs = [lambda: base.append(sides.report("base")), lambda: now.append(sides.report("now"))]
        if r < hand_rounds:
            pairs += [
                lambda: hand.append(sides.hand_pipeline()),
                lambda: prepared.append(sides.report_prepared()),
            ]
        for step in pairs if r % 2 == 0 else pairs[::-1]:
            step()
    n, b, h, p = median(now), median(base), median(hand), median(prepared)
    spread = ", ".join(f"{x / y:.2f}" for x, y in zip(now, base, strict=True))
    print(
        f"(b) balanco report --year 2024 --force, mediana de {rounds} rodadas: "
        f"XeLaTeX ({BASE}) {b:6.1f} s | Typst {n:6.1f} s | razão {n / b:.2f} (meta <= 0,5; "
        f"rodadas: {spread})"
    )
    print(
        f"(c) 5 notebooks, dados já preparados, mediana de {hand_rounds} rodadas: papermill + "
        f"nbconvert --to pdf à mão ({BASE}) {h:6.1f} s | balanco report {p:6.1f} s | razão "
        f"{p / h:.2f} (meta <= 0,15); com --force (prepara de novo) {n:6.1f} s, razão {n / h:.2f}"
    )
    return {"now": n, "base": b, "hand": h, "prepared": p}


def latex_exporter(base_tree: Path):
    from nbconvert import PDFExporter
    from traitlets.config import Config

    config = json.loads((base_tree / "templates" / "nbconvert_config.json").read_text("utf-8"))
    c = Config(config)
    c.TemplateExporter.extra_template_basedirs = [str(base_tree / "templates")]
    return PDFExporter(config=c, template_name="balanco")


def typst_exporter(root: Path):
    sys.path.insert(0, str(ROOT / "src"))
    from balanco.build.typst_exporter import TypstPDFExporter

    return TypstPDFExporter(root=str(root))


def timed(exporter, notebook: Path) -> float:
    start = time.perf_counter()
    body, _ = exporter.from_filename(str(notebook))
    took = time.perf_counter() - start
    assert body[:5] == b"%PDF-"
    return took


def bench_a(sides: Sides, rounds: int = 3) -> None:
    """Each side exports the notebooks its own ``balanco report`` executed."""
    for which in ("now", "base"):
        if not (getattr(sides, which) / "reports" / "2024" / "notebooks").is_dir():
            sides.report(which)
    latex, typst = latex_exporter(sides.base_tree), typst_exporter(sides.now)
    old = sides.base / "reports" / "2024" / "notebooks"
    new = sides.now / "reports" / "2024" / "notebooks"
    timed(latex, old / "cpd.ipynb"), timed(typst, new / "cpd.ipynb")  # warm, not counted
    times = {n: {"latex": [], "typst": []} for n in NOTEBOOKS}
    for _ in range(rounds):
        for n in NOTEBOOKS:
            times[n]["latex"].append(timed(latex, old / f"{n}.ipynb"))
            times[n]["typst"].append(timed(typst, new / f"{n}.ipynb"))
    print(f"(a) exportação de cada PDF (notebook executado -> PDF), mediana de {rounds}:")
    for n in NOTEBOOKS:
        lt, ty = median(times[n]["latex"]), median(times[n]["typst"])
        print(f"    {n:12s} XeLaTeX {lt:5.2f} s | Typst {ty:5.2f} s | razão {ty / lt:.2f}")
    worst = max(median(times[n]["typst"]) for n in NOTEBOOKS)
    print(f"    maior exportação Typst: {worst:.2f} s (meta: <= 0,3 s por notebook)")


KERNEL = r"""
import sys, time
import nbformat
from IPython.core.interactiveshell import InteractiveShell
from balanco import charts

real, typst_pdf = charts.render, charts.svg_pdf
def with_pdf(fig, *, pdf=True):  # before this change: matplotlib's PDF as well
    return real(fig, pdf=True)

shell = InteractiveShell.instance()
def run_all():
    start = time.perf_counter()
    for name in sys.argv[1].split(","):
        nb = nbformat.read(f"notebooks/{name}.ipynb", 4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                r = shell.run_cell(cell.source, store_history=False, silent=True)
                r.raise_error()
                if r.result is not None:
                    shell.display_formatter.format(r.result)
    return time.perf_counter() - start

run_all()  # imports, fonts, caches: not counted
for _ in range(int(sys.argv[2])):
    charts.render, charts.svg_pdf = with_pdf, lambda svg: b""
    before = run_all()
    charts.render, charts.svg_pdf = real, typst_pdf
    print(before, run_all(), flush=True)
"""


def bench_k(sides: Sides, rounds: int = 3) -> None:
    if not (sides.now / "data" / "processed").exists():
        sides.report("now")
    out = subprocess.run(
        [sys.executable, "-c", KERNEL, ",".join(NOTEBOOKS), str(rounds)],
        cwd=sides.now,
        env=sides.now_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    before, after = [float(x) for x in out[0::2]], [float(x) for x in out[1::2]]
    b, a = median(before), median(after)
    print(
        f"(k) execução dos 5 notebooks no kernel, mediana de {rounds}: SVG + PDF do "
        f"matplotlib {b:5.2f} s | SVG + PDF do Typst {a:5.2f} s | razão {a / b:.2f}"
    )


def tex_packages() -> list[str]:
    """The packages (with their dependencies) today's make installed for TeX and
    the current make does not: recursive Depends (no Recommends, as make uses
    --no-install-recommends) of TEX minus those of KEPT."""

    def closure(pkgs: list[str]) -> set[str]:
        flags = "--recurse --no-recommends --no-suggests --no-conflicts --no-breaks"
        flags += " --no-replaces --no-enhances"
        out = subprocess.run(
            ["apt-cache", "depends", *flags.split(), *pkgs], capture_output=True, text=True
        ).stdout
        return {line for line in out.splitlines() if line and not line.startswith((" ", "<"))}

    return sorted(closure(TEX) - closure(KEPT))


def fresh_make(sides: Sides, times: dict[str, float], download: bool) -> None:
    """(d). Both makes run venv + pip install -e .[dev] + balanco report; the
    venv part, the same on both sides, is not measured (the ratio is printed
    without it, and the venv time up to which it holds). Measured: the TeX Live
    packages' download (``apt-get download`` into the temporary folder, with
    ``--baixar``), their unpacking (``dpkg-deb -x`` of every .deb there: dpkg's
    unpack without its database), the format building of their postinst triggers
    (``fmtutil --user --all``, TEXMFVAR in the temporary folder), both reports."""
    tmp = sides.now.parent / "apt"
    tmp.mkdir()
    pkgs = tex_packages()
    size = 0
    got = float("nan")
    if download:
        start = time.perf_counter()
        done = subprocess.run(["apt-get", "download", "-qq", *pkgs], cwd=tmp, capture_output=True)
        if done.returncode == 0:
            got = time.perf_counter() - start
        else:
            print(f"    (download falhou: {done.stderr.decode()[-200:].strip()})")
    if got != got:
        for p in pkgs:
            cached = sorted(Path("/var/cache/apt/archives").glob(f"{p}_*.deb"))
            if cached:
                shutil.copy(cached[-1], tmp)
    debs = sorted(tmp.glob("*.deb"))
    size = sum(d.stat().st_size for d in debs)
    unpacked = tmp / "root"
    start = time.perf_counter()
    for deb in debs:
        subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    unpack = time.perf_counter() - start
    var = tmp / "texmf-var"
    start = time.perf_counter()
    subprocess.run(
        ["fmtutil", "--user", "--all"],
        env={**os.environ, "TEXMFVAR": str(var), "TEXMFCONFIG": str(var)},
        capture_output=True,
    )
    formats = time.perf_counter() - start
    tex = (0.0 if got != got else got) + unpack + formats
    now, base = times["now"], times["base"]
    print(
        f"(d) pacotes do TeX Live: {len(debs)} .deb de {len(pkgs)}, {size / 1e6:.0f} MB; "
        f"download {got:.1f} s, desempacotar {unpack:.1f} s, formatos (fmtutil) {formats:.1f} s"
    )
    # Both makes also create the venv (python -m venv, pip install -e .[dev]): V s,
    # the same on both sides, not measured here. The ratio for V = 0, and the V up
    # to which it stays <= 0,5: (V + now) / (V + tex + base) <= 0,5.
    print(
        f"    make novo hoje: V + TeX {tex:.0f} s + report {base:.0f} s | sem TeX: V + report "
        f"{now:.0f} s | razão {now / (tex + base):.2f} com V = 0; <= 0,5 enquanto "
        f"V <= {tex + base - 2 * now:.0f} s (meta <= 0,5)"
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    which = set(args or "abcdk")
    if shutil.which("xelatex") is None:
        sys.exit("XeLaTeX não está instalado: a referência (LaTeX) não pode ser medida.")
    with tempfile.TemporaryDirectory(prefix="bench-typst-") as tmp:
        sides = Sides(Path(tmp))
        times = {}
        if which & set("bcd"):
            times = bench_b_c(sides)
        if "a" in which:
            bench_a(sides)
        if "k" in which:
            bench_k(sides)
        if "d" in which:
            fresh_make(sides, times, "--baixar" in sys.argv)


if __name__ == "__main__":
    main()
