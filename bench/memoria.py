"""Peak memory of ``balanco prepare`` on large Sindec and GLPI exports.

Builds a copy of ``data/raw/2024`` in a temporary folder, then replaces either
the Sindec export by one of about 200 MB (1.5 million atendimentos) or the
GLPI export by one of 500,000 tickets, both in the real layouts (the sample
file's rows repeated, with fresh ticket ids), and runs ``balanco prepare
--year 2024`` under ``/usr/bin/time -v``:

- with this checkout's code (``src/``);
- with the code of a baseline commit (default: the commit before the streaming
  readers), extracted with ``git archive`` and put first on ``PYTHONPATH`` so
  the same virtual environment runs it;
- and, for reference, ``pandas.read_csv`` of every column of the same file.

Prints peak resident memory (MB) and wall time of each; asserts nothing.
Run from the project root: ``.venv/bin/python bench/memoria.py [sindec glpi]
[--baseline REV] [--rows N]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: The last commit that read Sindec and GLPI exports whole (csv module, object columns).
BASELINE = "176c3b9"
TARGET_MB = 1024

SIZES = {"sindec": 1_500_000, "glpi": 500_000}
FILES = {"sindec": "sindec_atendimentos.csv", "glpi": "glpi_chamados.csv"}
READ_CSV = {
    "sindec": "pd.read_csv(p, sep=';', encoding='cp1252', dtype=str)",
    "glpi": "pd.read_csv(p, sep=';', encoding='utf-8-sig', dtype=str)",
}


def big_sindec(src: Path, dest: Path, rows: int) -> None:
    """The sample's atendimentos repeated until ``rows`` lines (same year, same layout)."""
    raw = src.read_bytes()
    header, _, body = raw.partition(b"\n")
    lines = [line for line in body.split(b"\n") if line.strip()]
    with open(dest, "wb") as out:
        out.write(header + b"\n")
        full, rest = divmod(rows, len(lines))
        block = b"\n".join(lines) + b"\n"
        for _ in range(full):
            out.write(block)
        out.write(b"\n".join(lines[:rest]) + (b"\n" if rest else b""))


def big_glpi(src: Path, dest: Path, rows: int) -> None:
    """The sample's tickets repeated with fresh ids ("12 345") until ``rows`` tickets.

    Records are split at lines starting with a quoted id, so multi-line titles
    stay whole.
    """
    text = src.read_text(encoding="utf-8-sig")
    header, _, body = text.partition("\n")
    records = re.split(r'\n(?="[\d ]+";)', body.strip("\n"))
    records = [r.split(";", 1)[1] for r in records]  # drop the id
    with open(dest, "w", encoding="utf-8-sig", newline="") as out:
        out.write(header + "\n")
        for n in range(rows):
            ident = f"{n + 1:,}".replace(",", " ")
            out.write(f'"{ident}";{records[n % len(records)]}\n')


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall time (s), peak resident memory (MB) and exit code of ``cmd``."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", *cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    peak = int(found[1]) / 1024 if found else float("nan")
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-30:])
        print(f"    (saída {done.returncode})\n{tail}")
    return wall, peak, done.returncode


def baseline_src(rev: str, dest: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", rev, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src"


def run_case(kind: str, rows: int, rev: str, tmp: Path) -> None:
    project = tmp / kind
    shutil.copytree(ROOT / "data" / "raw" / "2024", project / "data" / "raw" / "2024")
    (project / "data" / "published").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "published" / "2024_release.txt", project / "data" / "published")
    target = project / "data" / "raw" / "2024" / FILES[kind]
    (big_sindec if kind == "sindec" else big_glpi)(
        ROOT / "data/raw/2024" / FILES[kind], target, rows
    )
    size = target.stat().st_size / 1e6
    count = f"{rows:,}".replace(",", ".")
    print(f"{kind}: {FILES[kind]} com {count} registros, {size:.0f} MB")
    prepare = [sys.executable, "-c", "from balanco.cli import main; main()", "prepare"]
    prepare += ["--year", "2024"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    results = []
    for label, path in (("este código", ROOT / "src"), (f"base {rev}", baseline_src(rev, tmp))):
        shutil.rmtree(project / "data" / "processed", ignore_errors=True)
        wall, peak, code = measure(prepare, project, {**env, "PYTHONPATH": str(path)})
        results.append((label, wall, peak, code))
    wall, peak, code = measure(
        [sys.executable, "-c", f"import pandas as pd; p={str(target)!r}; {READ_CSV[kind]}"],
        project,
        env,
    )
    results.append(("pandas.read_csv, todas as colunas (só a leitura)", wall, peak, code))
    for label, wall, peak, code in results:
        mark = "" if code == 0 else f"  (saída {code})"
        print(f"    {label:50s} pico {peak:7.0f} MB   {wall:6.1f} s{mark}")
    ours = results[0][2]
    verdict = "atingida" if ours < TARGET_MB else "NÃO atingida"
    print(f"    meta: pico < {TARGET_MB} MB — {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kinds", nargs="*", help="sindec, glpi (padrão: os dois)")
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--rows", type=int, default=None, help="registros (padrão: metas)")
    args = parser.parse_args()
    import platform

    print(
        f"máquina {platform.node()}, {os.cpu_count()} núcleos, Python {platform.python_version()}"
    )
    unknown = set(args.kinds) - set(SIZES)
    if unknown:
        parser.error(f"desconhecido: {', '.join(sorted(unknown))}; use sindec ou glpi")
    with tempfile.TemporaryDirectory(prefix="balanco-memoria-") as tmp:
        for kind in args.kinds or list(SIZES):
            run_case(kind, args.rows or SIZES[kind], args.baseline, Path(tmp))


if __name__ == "__main__":
    main()
