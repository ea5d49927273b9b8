"""Speed of the balance's build, measured side by side on this machine.

Prints ratios, never asserts them (the machine is shared and noisy):

(a) the hand-written pipeline — for each notebook, the papermill CLI then the
    jupyter nbconvert CLI — against ``balanco report --year 2024``;
(c) a re-run with nothing changed;
(d) preparing from national-size Transferegov dumps made by the generator, to
    Itaquaquecetuba's convênios, against ``pandas.read_csv`` with default
    settings on the same files: throughput and peak memory (/usr/bin/time -v);
(e) ten years x five notebooks: the README's plain papermill + nbconvert loop
    against ``balanco batch`` of the same years (the years missing from the copy
    are made there by ``balanco sample --demo --out``).

(b), two years one after the other against ``balanco batch``, was replaced by
(e): on two cores it cannot be met together with (a) (see bench/README.md).

Run from the project root: ``.venv/bin/python bench/bench.py [a c d e]``.
Works on a copy of the project in a temporary folder; nothing here is touched.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = ("balanco", "convenios", "procon", "comunicacao", "cpd")


def run(cmd: list[str], cwd: Path, **kw) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw
    )
    return time.perf_counter() - start


def project_copy(dest: Path) -> Path:
    for folder in ("notebooks", "templates", "docs", "data/raw", "data/published", "bench/latex"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def clean_outputs(root: Path) -> None:
    shutil.rmtree(root / "reports", ignore_errors=True)


def prepared(root: Path, years: tuple[int, ...]) -> None:
    for y in years:
        run([str(BIN / "balanco"), "prepare", "--year", str(y)], root)


def bench_a(root: Path) -> None:
    prepared(root, (2023, 2024))
    out = root / "manual"
    out.mkdir(exist_ok=True)
    start = time.perf_counter()
    for name in NOTEBOOKS:
        run(
            [
                str(BIN / "papermill"),
                f"notebooks/{name}.ipynb",
                f"manual/{name}.ipynb",
                "-p",
                "year",
                "2024",
            ],
            root,
        )
        run(
            [
                str(BIN / "jupyter"),
                "nbconvert",
                "--config",
                "templates/nbconvert_config.json",
                "--to",
                "pdf",
                "--template",
                "balanco",
                # The LaTeX template of the PDF before Typst (issue 16), the baseline.
                "--TemplateExporter.extra_template_basedirs=bench/latex",
                f"manual/{name}.ipynb",
            ],
            root,
        )
    manual = time.perf_counter() - start
    clean_outputs(root)
    ours = run([str(BIN / "balanco"), "report", "--year", "2024", "--force"], root)
    print(
        f"(a) 5 notebooks de 2024: papermill + nbconvert à mão {manual:6.1f} s | "
        f"balanco report {ours:6.1f} s | razão {ours / manual:.2f} (meta <= 0,33)"
    )


#: (e): ten years, 2015-2024; the eight before 2023 made by the sample generator.
TEN_YEARS = tuple(range(2015, 2025))


def plain_loop(root: Path, years: tuple[int, ...]) -> float:
    """The README's loop without ``balanco``: papermill then nbconvert, one
    notebook after the other, for each year."""
    start = time.perf_counter()
    for y in years:
        (root / "reports" / str(y) / "notebooks").mkdir(parents=True, exist_ok=True)
        for name in NOTEBOOKS:
            executed = f"reports/{y}/notebooks/{name}.ipynb"
            run(
                [str(BIN / "papermill"), f"notebooks/{name}.ipynb", executed, "-p", "year", str(y)],
                root,
            )
            run(
                [
                    str(BIN / "jupyter"),
                    "nbconvert",
                    "--config",
                    "templates/nbconvert_config.json",
                    "--to",
                    "pdf",
                    "--template",
                    "balanco",
                    "--TemplateExporter.extra_template_basedirs=bench/latex",
                    executed,
                    "--output-dir",
                    f"reports/{y}",
                    "--output",
                    f"{name}-{y}",
                ],
                root,
            )
    return time.perf_counter() - start


def bench_e(root: Path, years: tuple[int, ...] = TEN_YEARS) -> None:
    balanco = str(BIN / "balanco")
    for y in years:
        if not (root / "data" / "raw" / str(y)).is_dir():  # in the copy, never in the repo
            # The 2023 demonstration targets, renamed to the year (in the copy too).
            demo = (ROOT / "data" / "targets" / "2023.toml").read_text("utf-8")
            targets = root / "data" / "targets" / f"{y}.toml"
            targets.parent.mkdir(parents=True, exist_ok=True)
            targets.write_text(demo.replace("2023", str(y)), "utf-8")
            run([balanco, "sample", "--year", str(y), "--demo", "--out", f"data/raw/{y}"], root)
    prepared(root, years)
    clean_outputs(root)
    loop = plain_loop(root, years)
    clean_outputs(root)
    first, last = years[0], years[-1]
    # The same job as the loop: every notebook of every year (reports/ was removed),
    # from the data prepared above. --force would also prepare the ten years again,
    # work the loop does not do.
    batch = run([balanco, "batch", "--years", f"{first}-{last}"], root)
    n = len(years) * len(NOTEBOOKS)
    print(
        f"(e) {len(years)} anos x {len(NOTEBOOKS)} notebooks ({n}): papermill + nbconvert "
        f"(laço do README) {loop:6.1f} s | balanco batch {batch:6.1f} s | "
        f"razão {batch / loop:.2f} (meta <= 0,2)"
    )


def bench_c(root: Path) -> None:
    run([str(BIN / "balanco"), "batch", "--years", "2023", "2024"], root)  # make it current
    times = [
        run([str(BIN / "balanco"), "batch", "--years", "2023", "2024"], root) for _ in range(5)
    ]
    print(f"(c) nova execução sem mudanças: mediana de 5 = {sorted(times)[2]:.2f} s (meta < 1 s)")


OURS = """
import time
from pathlib import Path
from balanco.config import Settings
from balanco.departments import convenios
s = Settings()
times = []
for _ in range(3):
    start = time.perf_counter()
    c, p = convenios.load_federal(Path("{d}/siconv_convenio.csv"),
                                  Path("{d}/siconv_proposta.csv"), settings=s)
    y = convenios.federal_of_year(convenios.clean_federal(c, p, settings=s), 2024)
    times.append(time.perf_counter() - start)
print(sorted(times)[1], len(y), round(float(y.valor_repasse.sum()), 2))
"""
BASELINE = """
import time
import pandas as pd
times = []
for _ in range(3):
    start = time.perf_counter()
    p = pd.read_csv("{d}/siconv_proposta.csv", sep=";")
    c = pd.read_csv("{d}/siconv_convenio.csv", sep=";")
    times.append(time.perf_counter() - start)
    del p, c
print(sorted(times)[1], 0, 0)
"""


def measured(code: str, root: Path) -> tuple[float, float, float, str]:
    """Median work time of 3 runs inside one process (imports excluded), the
    process's wall time, and its peak resident memory (MB, /usr/bin/time -v)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    wall = time.perf_counter() - start
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1])
    work, *found = done.stdout.split()
    return float(work), wall, peak_kb / 1024, " ".join(found)


def bench_d(root: Path, rows: int = 500_000) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from balanco.departments.convenios.national import national_transferegov

    d = root / "nacional"
    from balanco.config import load_municipio

    national_transferegov(
        d,
        municipal_dir=root / "data" / "raw" / "2024",
        propostas=rows,
        own_code=load_municipio(root).ibge_code,
    )
    size = sum(p.stat().st_size for p in d.iterdir()) / 1e6
    ours, ours_wall, ours_mb, found = measured(OURS.format(d=d), root)
    base, base_wall, base_mb, _ = measured(BASELINE.format(d=d), root)
    head = f"(d) Transferegov nacional ({rows:_} propostas, {size:.0f} MB)".replace("_", ".")
    print(f"{head}, mediana de 3 leituras:")
    print(
        f"    balanco:         {ours:5.2f} s ({size / ours:6.0f} MB/s), pico {ours_mb:5.0f} MB, "
        f"processo inteiro {ours_wall:4.1f} s; encontrados {found}"
    )
    print(
        f"    pandas.read_csv: {base:5.2f} s ({size / base:6.0f} MB/s), pico {base_mb:5.0f} MB, "
        f"processo inteiro {base_wall:4.1f} s"
    )
    print(
        f"    razão: {base / ours:.1f}x mais rápido (meta >= 5x); pico {ours_mb:.0f} MB "
        "(meta < 1 GB)"
    )


def main(argv: list[str]) -> None:
    which = argv or ["a", "c", "d", "e"]
    print(
        f"Máquina: {platform.node()} · {os.cpu_count()} núcleos · Python "
        f"{platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M')}"
    )
    with tempfile.TemporaryDirectory(prefix="balanco-bench-") as tmp:
        root = project_copy(Path(tmp))
        for key in which:
            {"a": bench_a, "c": bench_c, "d": bench_d, "e": bench_e}[key](root)


if __name__ == "__main__":
    main(sys.argv[1:])
