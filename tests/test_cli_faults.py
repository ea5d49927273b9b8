"""Bad input and machine faults through the CLI.

Each case asserts the exit code of errors.py (the same in every subcommand), a
Portuguese message naming the file (and line, column, value where they apply),
no traceback, and that ``data/raw``, ``data/processed`` and ``reports`` are
byte-identical to before. The CLI runs in-process through ``balanco.cli.main``;
a few cases run it as a real subprocess.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

import balanco
from balanco import cli, pipeline
from balanco.config import Settings
from balanco.departments import procon
from balanco.departments.frames import with_source
from balanco.errors import (
    EXIT_BAD_INPUT,
    EXIT_ENVIRONMENT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    BadInput,
)
from balanco.io import LINE

YEAR = 2024
SINDEC = f"data/raw/{YEAR}/sindec_atendimentos.csv"
#: Next year is still accepted (a report may be prepared in December); the one after is not.
TOO_LATE = str(date.today().year + 2)


# =========================================================================== helpers


def snapshot(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under ``folder`` (folders marked as
    such, so that an empty leftover folder also shows); empty when missing.
    Empty ``.lock`` files are the runs' coordination files, kept between runs
    on purpose (deleting a lock file others may hold would break the lock)."""
    if not folder.exists():
        return {}
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.suffix == ".lock" and p.is_file() and p.stat().st_size == 0:
            continue
        rel = p.relative_to(folder).as_posix()
        out[rel] = "<pasta>" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def outputs(root: Path) -> dict[str, dict[str, str]]:
    return {d: snapshot(root / d) for d in ("data/raw", "data/processed", "reports")}


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_main(capsys, *argv: str) -> Result:
    capsys.readouterr()
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A project with the 2024 raw files, prepared once, and the outputs a
    previous report left (a PDF, its record and the year's lock file)."""
    root = tmp_path_factory.mktemp("modelo")
    shutil.copytree(ROOT / "data" / "raw" / str(YEAR), root / "data" / "raw" / str(YEAR))
    shutil.copytree(ROOT / "data" / "published", root / "data" / "published")
    pipeline.prepare(Settings(root=root), YEAR)
    reports = root / "reports" / str(YEAR)
    reports.mkdir(parents=True)
    (reports / f"balanco-{YEAR}.pdf").write_bytes(b"%PDF-1.5 relatorio anterior\n")
    (reports / "construcao.json").write_text('{"ano": 2024}\n', encoding="utf-8")
    (reports / ".lock").touch()
    return root


@pytest.fixture
def project(template, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "projeto"
    shutil.copytree(template, root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("BALANCO_ROOT", str(root))
    yield root
    for p in [root, *root.rglob("*")]:  # undo read-only folders so tmp_path can be removed
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)


# --------------------------------------------------------------------------- file edits


def sindec_cell(line: int, column: str, value: bytes) -> Callable[[Path, pytest.MonkeyPatch], None]:
    """Set one cell of the Sindec CSV (physical ``line``, 1 = header)."""

    def edit(root: Path, mp: pytest.MonkeyPatch) -> None:
        path = root / SINDEC
        lines = path.read_bytes().split(b"\n")
        header = lines[0].decode().split(";")
        cells = lines[line - 1].split(b";")
        cells[header.index(column)] = value
        lines[line - 1] = b";".join(cells)
        path.write_bytes(b"\n".join(lines))

    return edit


def sindec_total(root: Path, mp: pytest.MonkeyPatch) -> None:
    """A hand-added total row at the end of the export (all 18 fields)."""
    path = root / SINDEC
    body = path.read_bytes().rstrip(b"\n")
    path.write_bytes(body + b"\nTOTAL;;;;;;;;;;;;;;;;;3290\n")


def folder_in_place_of(name: str) -> Callable[[Path, pytest.MonkeyPatch], None]:
    def edit(root: Path, mp: pytest.MonkeyPatch) -> None:
        path = root / "data" / "raw" / str(YEAR) / name
        path.unlink()
        (path / "dentro").mkdir(parents=True)

    return edit


def broken_manifest(root: Path, mp: pytest.MonkeyPatch) -> None:
    (root / "data" / "raw" / str(YEAR) / "manifest.toml").write_text(
        "sintetico = \n", encoding="utf-8"
    )


def read_only(relative: str, *, drop_lock: str | None = None):
    """Make a folder read-only: chmod, and, when running as root (which chmod
    does not stop), refuse creating entries in it through os.open/os.mkdir."""

    def edit(root: Path, mp: pytest.MonkeyPatch) -> None:
        folder = (root / relative).resolve()
        if drop_lock:
            (folder / drop_lock).unlink(missing_ok=True)
        folder.chmod(0o555)
        if hasattr(os, "geteuid") and os.geteuid() != 0:
            return
        real_open, real_mkdir = os.open, os.mkdir

        def refuse(path) -> bool:
            p = Path(path).absolute()
            return p.parent == folder and not p.exists()

        def fake_open(path, flags, *args, **kwargs):
            if flags & os.O_CREAT and refuse(path):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        def fake_mkdir(path, *args, **kwargs):
            if refuse(path):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_mkdir(path, *args, **kwargs)

        mp.setattr(os, "open", fake_open)
        mp.setattr(os, "mkdir", fake_mkdir)

    return edit


def disk_full(*, after: int = 0, with_errno: bool = True):
    """Writing processed data fails with ENOSPC after ``after`` Parquet files
    (``with_errno=False``: the reason only in the text, as pyarrow raises it)."""

    def edit(root: Path, mp: pytest.MonkeyPatch) -> None:
        real = pd.DataFrame.to_parquet
        calls = []

        def fake(self, path, *args, **kwargs):
            calls.append(path)
            if len(calls) > after:
                if with_errno:
                    raise OSError(errno.ENOSPC, "No space left on device")
                raise OSError(f"IOError: {os.strerror(errno.ENOSPC)}. Detail: [errno 28]")
            return real(self, path, *args, **kwargs)

        mp.setattr(pd.DataFrame, "to_parquet", fake)

    return edit


def raising(exc: BaseException):
    """The library raises ``exc`` while computing (a bug, or Ctrl-C)."""

    def edit(root: Path, mp: pytest.MonkeyPatch) -> None:
        def boom(*args, **kwargs):
            raise exc

        mp.setattr(pipeline, "summarise", boom)

    return edit


# =========================================================================== the corpus


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    code: int
    err: tuple[str, ...] = ()
    setup: Callable[[Path, pytest.MonkeyPatch], None] | None = None
    out: tuple[str, ...] = ()
    #: Texts printed exactly once (a message is not repeated).
    once: tuple[str, ...] = field(default=())


PREPARE = ("prepare", "--year", str(YEAR))
REPORT = ("report", "--year", str(YEAR), "--jobs", "1")
BATCH = ("batch", "--years", str(YEAR), "--jobs", "1")
USAGE_ERR = "erro: "

NULL_TYPE = 'sindec_atendimentos.csv, linha 6, coluna "DescricaoTipoAtendimento"'
TOTAL_ROW = 'sindec_atendimentos.csv, linha 3004, coluna "AnoAtendimento"'

CASES = {
    # ---- argparse speaks Portuguese
    "sem-comando": Case((), 2, ("uso: balanco", "erro: os seguintes argumentos são obrigatórios")),
    "sem-ano": Case(("prepare",), 2, ("uso: balanco prepare", "obrigatórios: --year")),
    "argumento-desconhecido": Case((*PREPARE, "--xyz"), 2, ("argumentos não reconhecidos: --xyz",)),
    "comando-desconhecido": Case(("relatorio",), 2, ("valor inválido: 'relatorio'",)),
    "ano-sem-valor": Case(("prepare", "--year"), 2, ("argumento --year: esperado um valor",)),
    "semente-nao-inteira": Case(
        ("sample", "--year", "2024", "--seed", "abc"), 2, ("valor inteiro inválido: 'abc'",)
    ),
    "ajuda": Case(
        ("--help",),
        0,
        out=("uso: balanco", "opções:", "mostra esta mensagem de ajuda e sai", "--version"),
    ),
    "ajuda-do-comando": Case(("report", "-h"), 0, out=("uso: balanco report", "--jobs N")),
    "versao": Case(("--version",), 0, out=(f"balanco {balanco.__version__}",)),
    # ---- years and --jobs validated, never coerced
    "ano-zero": Case(("prepare", "--year", "0"), 2, ("argumento --year", "'0'", "de 2000 a")),
    "ano-99999": Case(("report", "--year", "99999"), 2, ("ano fora do intervalo", "'99999'")),
    "ano-negativo": Case(("prepare", "--year", "-1"), 2, ("ano fora do intervalo", "'-1'")),
    "ano-futuro": Case(("prepare", "--year", TOO_LATE), 2, (f"'{TOO_LATE}'",)),
    "ano-texto": Case(("sample", "--year", "dois mil"), 2, ("ano inválido: 'dois mil'",)),
    "jobs-zero": Case((*REPORT[:3], "--jobs", "0"), 2, ("argumento --jobs", "'0'", "maior ou")),
    "jobs-negativo": Case(
        ("batch", "--years", "2024", "--jobs", "-3"), 2, ("argumento --jobs", "'-3'")
    ),
    "intervalo-invertido": Case(
        ("batch", "--years", "2024-2020"), 2, ("intervalo de anos inválido: '2024-2020'",)
    ),
    "intervalo-absurdo": Case(("batch", "--years", "0-99999"), 2, ("ano fora do intervalo",)),
    # ---- global options after the subcommand
    "data-dir-antes": Case(
        ("--data-dir", "outra", *PREPARE), 2, ("outra/raw/2024", "não encontrada")
    ),
    "data-dir-depois": Case(
        (*PREPARE, "--data-dir", "outra"), 2, ("outra/raw/2024", "não encontrada")
    ),
    # ---- bad input: exit 2 and the message once, from every subcommand
    **{
        f"tipo-null-{argv[0]}": Case(
            argv,
            2,
            ("Erro nos dados de entrada", NULL_TYPE, "está vazio"),
            sindec_cell(6, "DescricaoTipoAtendimento", b"NULL"),
            once=(NULL_TYPE,),
        )
        for argv in (PREPARE, REPORT, BATCH)
    },
    "tipo-vazio": Case(
        PREPARE,
        2,
        ('linha 9, coluna "DescricaoTipoAtendimento"', "está vazio"),
        sindec_cell(9, "DescricaoTipoAtendimento", b""),
    ),
    "tipo-desconhecido": Case(
        PREPARE,
        2,
        ('linha 7, coluna "DescricaoTipoAtendimento"', 'valor "Atendimento Preliminr"'),
        sindec_cell(7, "DescricaoTipoAtendimento", b"Atendimento Preliminr"),
    ),
    **{
        f"linha-total-{argv[0]}": Case(
            argv,
            2,
            (TOTAL_ROW, 'valor "TOTAL"', "linha de total"),
            sindec_total,
            once=(TOTAL_ROW,),
        )
        for argv in (PREPARE, REPORT)
    },
    "pasta-no-lugar-do-csv": Case(
        PREPARE,
        2,
        (SINDEC, "é uma pasta; esperado um arquivo"),
        folder_in_place_of("sindec_atendimentos.csv"),
    ),
    "pasta-no-lugar-da-planilha": Case(
        REPORT,
        2,
        ("procon_audiencias.xlsx", "é uma pasta; esperado um arquivo"),
        folder_in_place_of("procon_audiencias.xlsx"),
    ),
    "pasta-no-lugar-do-manifesto": Case(
        PREPARE, 2, ("manifest.toml", "é uma pasta"), folder_in_place_of("manifest.toml")
    ),
    "manifesto-invalido": Case(
        PREPARE,
        2,
        (f"data/raw/{YEAR}/manifest.toml", "não é um TOML válido", "linha 1"),
        broken_manifest,
    ),
    # ---- the machine: exit 3, the folder named, what to do
    "processed-somente-leitura": Case(
        PREPARE,
        3,
        ("Erro no ambiente", f"data/processed/{YEAR}", "sem permissão"),
        read_only("data/processed"),
    ),
    "processed-somente-leitura-sem-trava": Case(
        PREPARE,
        3,
        ("data/processed", "arquivo de trava", "sem permissão"),
        read_only("data/processed", drop_lock=f".{YEAR}.lock"),
    ),
    "reports-somente-leitura": Case(
        REPORT,
        3,
        ("reports", f"arquivo de trava .{YEAR}.lock", "sem permissão"),
        read_only("reports", drop_lock=f".{YEAR}.lock"),
    ),
    "disco-cheio-no-primeiro-parquet": Case(
        PREPARE, 3, (f"data/processed/{YEAR}", "disco cheio", "libere espaço"), disk_full()
    ),
    "disco-cheio-no-meio": Case(
        PREPARE, 3, (f"data/processed/{YEAR}", "disco cheio"), disk_full(after=3)
    ),
    "disco-cheio-sem-errno": Case(
        (*REPORT, "--force"), 3, ("disco cheio",), disk_full(with_errno=False)
    ),
    # ---- interrupted, and a bug said as such
    "interrompido": Case(PREPARE, 130, ("Interrompido.",), raising(KeyboardInterrupt())),
    "defeito": Case(
        PREPARE,
        1,
        ("Erro inesperado", "RuntimeError: falhou", "--debug"),
        raising(RuntimeError("falhou")),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_fault(name, project, monkeypatch, capsys):
    case = CASES[name]
    if case.setup is not None:
        case.setup(project, monkeypatch)
    before = outputs(project)

    r = run_main(capsys, *case.argv)

    assert r.code == case.code, r.err
    assert "Traceback" not in r.err + r.out
    for text in case.err:
        assert text in r.err, (text, r.err)
    for text in case.out:
        assert text in r.out, (text, r.out)
    for text in case.once:
        assert (r.err + r.out).count(text) == 1, (text, r.err, r.out)
    if case.code != EXIT_OK:
        # English from argparse or Python never reaches the user.
        for english in ("usage:", "error:", "required", "invalid", "unrecognized"):
            assert english not in r.err, (english, r.err)
    monkeypatch.undo()  # reading the snapshot must not meet the patches
    assert outputs(project) == before


def test_codes_are_the_documented_ones():
    assert (EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_ENVIRONMENT, EXIT_INTERRUPTED) == (
        0,
        1,
        2,
        3,
        130,
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ("`0`", "`1`", "`2`", "`3`", "`130`", "--debug", "--version"):
        assert code in readme


def test_debug_shows_the_traceback_before_or_after_the_subcommand(project, monkeypatch, capsys):
    raising(RuntimeError("falhou"))(project, monkeypatch)
    for argv in (("--debug", *PREPARE), (*PREPARE, "--debug")):
        r = run_main(capsys, *argv)
        assert r.code == EXIT_FAILED
        assert "Traceback (most recent call last)" in r.err
        assert "RuntimeError: falhou" in r.err and "Erro inesperado" in r.err


def test_batch_years_expand_ranges_and_lists():
    # Written from the rule: items are years or inclusive ranges, merged and sorted.
    assert cli.parse_years(["2022-2024", "2020"]) == [2020, 2022, 2023, 2024]
    assert cli.parse_years(["2023,2024", "2024"]) == [2023, 2024]
    for bad in (["2024-2020"], ["0-99999"], ["1999-2024"], ["20x4"], ["-1"]):
        with pytest.raises(Exception, match="ano|intervalo"):
            cli.parse_years(bad)


def test_an_empty_type_as_nan_is_bad_input_with_line_and_column():
    """Under pandas 3 a reader may deliver an empty field as NaN (not None)."""
    raw = pd.DataFrame(
        {
            "DataAtendimento": ["02/01/2024 10:00", "03/01/2024 11:00"],
            "DescricaoTipoAtendimento": ["CIP", float("nan")],
            LINE: [2, 3],
        }
    )
    with pytest.raises(BadInput) as info:
        procon.clean_atendimentos(with_source(raw, Path("sindec.csv")))
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (3, "DescricaoTipoAtendimento")
    assert "está vazio" in problem.expected and "nan" not in info.value.render()


# =========================================================================== real processes


def balanco_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "balanco.cli", *args],
        cwd=cwd,
        env={**os.environ, "BALANCO_ROOT": str(cwd)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_subprocess_version_and_portuguese_usage(tmp_path):
    out = balanco_cli("--version", cwd=tmp_path)
    assert (out.returncode, out.stdout.strip()) == (0, f"balanco {balanco.__version__}")
    out = balanco_cli("batch", "--years", "2024", "--jobs", "0", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.startswith("uso: balanco batch")
    assert "balanco batch: erro: argumento --jobs" in out.stderr


def test_subprocess_bad_input_from_report_exits_2_once(project):
    sindec_total(project, None)
    before = outputs(project)
    out = balanco_cli(*REPORT, cwd=project)
    assert out.returncode == EXIT_BAD_INPUT, out.stderr
    assert "Traceback" not in out.stderr
    assert (out.stdout + out.stderr).count(TOTAL_ROW) == 1
    assert outputs(project) == before


def test_subprocess_read_only_processed_names_the_folder(project):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; covered in-process with a patch")
    read_only("data/processed")(project, None)
    out = balanco_cli(*PREPARE, cwd=project)
    assert out.returncode == EXIT_ENVIRONMENT
    assert "data/processed" in out.stderr and "Traceback" not in out.stderr


def test_package_imports_without_fcntl(tmp_path):
    """Windows has no fcntl: importing the package, the notebooks' entry point and
    the CLI, and taking a lock, must not need it."""
    code = (
        "import sys; sys.modules['fcntl'] = None\n"
        "import balanco, balanco.cli\n"
        "from balanco.notebook import open_report\n"
        "from pathlib import Path\n"
        "from balanco.fingerprint import locked\n"
        "with locked(Path(sys.argv[1]) / 'x.lock'):\n"
        "    pass\n"
        "assert balanco.cli.main(['--version']) == 0\n"
        "print('importado sem fcntl')\n"
    )
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "importado sem fcntl" in out.stdout
