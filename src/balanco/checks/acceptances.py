"""The analyst's acceptances of blocking results: ``aceites.toml`` read and
validated (:func:`read_acceptances`), applied to what the checks found
(:func:`apply`), and the exact ``[[aceite]]`` entries that would accept a result
(:func:`acceptance_hint`).

One ``[[aceite]]`` entry accepts one check for one file. A file-level check is
accepted for the whole file; a record-level check (a finding with a line:
``data_futura``, ``valor_acima_do_limite``) is accepted only for the lines the
entry lists (``linhas = [6, 34]``), so one accepted value never hides another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .. import toml_pt
from ..errors import Aceite, Problem, ProblemLog, did_you_mean
from ..io import display_path
from ..provenance import read_manifest
from .collect import by_id, record_checks

#: The analyst's acceptances of blocking results (part of the year's hashed inputs).
ACCEPTANCE_FILE = "aceites.toml"


def read_acceptances(raw_dir: Path, *, known_files: Iterable[str]) -> list[Aceite]:
    """``aceites.toml`` validated: known check ids and files, a reason each.
    No file: no acceptance."""
    path = raw_dir / ACCEPTANCE_FILE
    if not path.exists():
        return []
    shown = display_path(path)
    text = path.read_text(encoding="utf-8")
    data = toml_pt.loads(text, shown, "Veja o exemplo de [[aceite]] no README")
    log = ProblemLog()
    for key in data:
        if key != "aceite":
            log.add(
                shown,
                "chave desconhecida; esperado só entradas [[aceite]]."
                + did_you_mean(key, ["aceite"]),
                column=key,
            )
    entries = data.get("aceite", [])
    if not isinstance(entries, list):
        log.add(shown, "esperado [[aceite]] (uma tabela por aceite)", column="aceite")
        entries = []
    header = re.compile(r"\s*\[\[\s*aceite\s*\]\]")
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]
    known = sorted(set(known_files))
    checks, per_record = by_id(), record_checks()
    out = []
    for k, entry in enumerate(entries):
        line = lines[k] if k < len(lines) else None
        problems_before = len(log.problems)
        check = entry.get("verificacao")
        file = entry.get("arquivo")
        reason = entry.get("motivo")
        who = entry.get("responsavel")
        record_lines = entry.get("linhas")
        fields = ["verificacao", "arquivo", "linhas", "motivo", "responsavel"]
        for extra in sorted(set(entry) - set(fields)):
            log.add(
                shown,
                "campo desconhecido; esperados verificacao, arquivo, linhas, motivo e "
                "responsavel." + did_you_mean(extra, fields),
                line=line,
                column=extra,
            )
        if not isinstance(check, str) or check not in checks:
            log.add(
                shown,
                "não é uma verificação conhecida; esperado um de: "
                + ", ".join(checks)
                + "."
                + did_you_mean(str(check or ""), checks),
                line=line,
                column="verificacao",
                value=check,
            )
        if not isinstance(file, str) or file not in known:
            log.add(
                shown,
                "não é um arquivo desta pasta; esperado o nome de um arquivo de "
                f"{display_path(raw_dir)}." + did_you_mean(str(file or ""), known),
                line=line,
                column="arquivo",
                value=file,
            )
        if not isinstance(reason, str) or not reason.strip():
            log.add(
                shown,
                "aceite sem motivo; escreva por que o dado está correto, ex.: "
                'motivo = "Não houve convênio estadual em 2025 (confirmado pelo departamento)"',
                line=line,
                column="motivo",
            )
        if who is not None and not isinstance(who, str):
            log.add(shown, "não é um texto (nome)", line=line, column="responsavel", value=who)
        if check in per_record:
            if record_lines is None:
                log.add(
                    shown,
                    f"aceite de {check} sem linhas; esta verificação é aceita registro a "
                    "registro: diga as linhas do arquivo que estão corretas, ex.: "
                    "linhas = [6, 34] (as linhas estão na mensagem de erro)",
                    line=line,
                    column="linhas",
                )
            elif (
                not isinstance(record_lines, list)
                or not record_lines
                or not all(type(n) is int and n > 0 for n in record_lines)
            ):
                log.add(
                    shown,
                    "não é uma lista de números de linha; esperado, ex.: linhas = [6, 34]",
                    line=line,
                    column="linhas",
                    value=record_lines,
                )
        elif record_lines is not None and isinstance(check, str) and check in checks:
            log.add(
                shown,
                f"{check} vale para o arquivo inteiro, não por linha; retire o campo linhas",
                line=line,
                column="linhas",
            )
        if len(log.problems) == problems_before:
            kept = tuple(record_lines) if check in per_record else None
            out.append(Aceite(check, file, reason.strip(), who, line, kept))
    log.raise_if_any()
    return out


def acceptance_hint(findings: Iterable[Problem], raw_dir: Path) -> str:
    """What to write in aceites.toml to accept ``findings`` (one entry per check and
    file; a record-level check lists the lines)."""
    findings = list(findings)
    per_record = record_checks()
    entries = []
    for check, file in dict.fromkeys((f.code, f.file) for f in findings):
        lines = sorted({f.line for f in findings if (f.code, f.file) == (check, file) and f.line})
        listed = f"  linhas = [{', '.join(map(str, lines))}]\n" if check in per_record else ""
        entries.append(
            "  [[aceite]]\n"
            f'  verificacao = "{check}"\n'
            f'  arquivo = "{file}"\n'
            f"{listed}"
            '  motivo = "<por que o dado está correto>"\n'
            '  responsavel = "<seu nome>"  # opcional'
        )
    return (
        "Se os dados estiverem corretos, aceite cada resultado acrescentando a "
        f"{display_path(raw_dir / ACCEPTANCE_FILE)}:\n\n" + "\n\n".join(entries)
    )


def apply(found: Iterable[Problem], acceptances: Iterable[Aceite]) -> list[Problem]:
    """``found`` with the first acceptance that covers each one set (per line for
    record-level checks)."""
    acceptances = list(acceptances)
    return [
        replace(f, acceptance=next((a for a in acceptances if a.covers(f)), None)) for f in found
    ]


def known_files(raw_dir: Path) -> list[str]:
    """Names an acceptance may refer to: the files of the folder and of its manifest,
    and the file patterns the departments read (the WordPress pages, which a check
    names as a whole)."""
    from ..departments import DEPARTMENTS

    names = [p.name for p in raw_dir.iterdir() if p.is_file()] if raw_dir.is_dir() else []
    listed = list(read_manifest(raw_dir).files) if raw_dir.is_dir() else []
    patterns = [
        f for d in DEPARTMENTS for s in d.SOURCES for f in s.files if any(c in f for c in "*?[")
    ]
    return sorted({*names, *listed, *patterns})
