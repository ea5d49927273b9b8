"""TOML read with Portuguese errors: every TOML file the package reads (aceites,
destaques, manifest, targets, published figures) goes through here, so a
mistake in one is reported with the file, line and column and a sentence in
Portuguese instead of tomllib's English.

tomllib (the standard library) has no translation hook; its messages are a
small fixed set, so a table maps them, and anything new falls back to a
generic Portuguese sentence that still names the line and column.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .errors import BadInput, Problem

#: tomllib's messages (regular expressions, matched whole) → Portuguese predicate
#: of the line shown, ``{0}``… being the groups.
MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Invalid statement", "não é uma instrução TOML válida (esperado chave = valor ou [tabela])"),
    (
        r"Expected newline or end of document after a statement",
        "tem algo a mais depois do valor; esperada uma instrução por linha",
    ),
    (r"Expected '(.*)'", "está incompleta: falta '{0}'"),
    (r"Found invalid character '(.*)'", "tem um caractere inválido '{0}'"),
    (
        r"Cannot declare (.*) twice",
        "declara a tabela {0} pela segunda vez; cada tabela aparece uma vez",
    ),
    (r"Cannot overwrite a value", "repete uma chave que já tem valor"),
    (
        r"Expected '\]' at the end of a table declaration",
        "abre uma tabela sem fechar; esperado ']' no fim, ex.: [tabela]",
    ),
    (
        r"Expected '\]\]' at the end of an array declaration",
        "abre uma lista de tabelas sem fechar; esperado ']]' no fim da linha",
    ),
    (r"Cannot mutate immutable namespace (.*)", "tenta mudar {0}, que já foi definido"),
    (r"Cannot redefine namespace (.*)", "redefine {0}, que já foi definido"),
    (
        r"Expected '=' after a key in a key/value pair",
        "tem uma chave sem '='; esperado chave = valor",
    ),
    (
        r"Invalid initial character for a key part",
        "tem uma chave que começa com um caractere inválido",
    ),
    (r"Unclosed array", "abre uma lista sem fechar; esperado ']' no fim"),
    (r"Unclosed inline table", "abre uma tabela {{ … }} sem fechar; esperado '}}'"),
    (r"Duplicate inline table key (.*)", "repete a chave {0} numa tabela {{ … }}"),
    (
        r"Unescaped '\\' in a string",
        "tem uma barra invertida '\\' sem escape num texto; use '\\\\'",
    ),
    (r"Invalid hex value", "tem um código hexadecimal inválido num texto"),
    (r"Escaped character is not a Unicode scalar value", "tem um caractere Unicode inválido"),
    (r"Unterminated string", "abre um texto sem fechar; falta a aspa no fim"),
    (r"Illegal character '\\n'", "abre um texto sem fechar; falta a aspa no fim da linha"),
    (r"Illegal character (.*)", "tem um caractere não permitido {0}"),
    (r"Invalid date or datetime", "tem uma data inválida; esperado AAAA-MM-DD, ex.: 2025-01-15"),
    (
        r"Invalid value",
        "tem um valor inválido; textos vão entre aspas, datas como 2025-01-15, "
        "números sem aspas, true ou false",
    ),
)

#: tomllib names a table by its key as a Python tuple: ``('a', 'b c')``.
_KEY_TUPLE = re.compile(r"\((?:'[^']*'|\"[^\"]*\")(?:, (?:'[^']*'|\"[^\"]*\"))*,?\)")
#: A table header as written at the start of a line: ``[a."b c"]``, ``[[a]]``.
_HEADER = re.compile(r"""\[\[?\s*(?:"[^"\n]*"|'[^'\n]*'|[^\]"'\n])*\]\]?""")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(parts: tuple[str, ...]) -> str:
    """A key path in TOML's own spelling, quoting the parts that need it.

    >>> print(toml_key(("grafias", "fiscalizacoes", "Situação")))
    grafias.fiscalizacoes."Situação"
    """
    return ".".join(p if _BARE.fullmatch(p) else '"' + p.replace('"', '\\"') + '"' for p in parts)


def _as_written(group: str, written: str | None) -> str:
    """A key tomllib shows as a Python tuple, shown as the analyst wrote it: the
    table header of the line (``[a."b"]``), else the key in TOML spelling."""
    if not _KEY_TUPLE.fullmatch(group):
        return group
    header = _HEADER.match(written or "")
    if header:
        return header.group(0)
    import ast

    return toml_key(tuple(ast.literal_eval(group)))


_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")


def explain(exc: tomllib.TOMLDecodeError, src: str = "") -> tuple[int | None, int | None, str]:
    """(line, column, Portuguese predicate) of a tomllib error; a table or key
    is named as written in ``src`` (the document), never as a Python tuple."""
    text = str(exc)
    line = col = None
    m = _WHERE.search(text)
    if m:
        line, col, text = int(m.group(1)), int(m.group(2)), text[: m.start()]
    else:
        text = _END.sub("", text)
    for pattern, portuguese in MESSAGES:
        found = re.fullmatch(pattern, text.strip())
        if found:
            lines = src.splitlines()
            written = lines[line - 1].strip() if line and line <= len(lines) else None
            groups = (_as_written(g, written) for g in found.groups())
            return line, col, portuguese.format(*groups)
    return line, col, "não é TOML válido nesse ponto"


def problem(exc: tomllib.TOMLDecodeError, shown: str, src: str, hint: str = "") -> Problem:
    """A Problem naming the file, line and column of a TOML syntax error: the line
    as written is the value, the Portuguese explanation the predicate."""
    line, col, why = explain(exc, src)
    lines = src.splitlines()
    written = lines[line - 1].strip() if line and line <= len(lines) else None
    where = f" (coluna {col})" if col else ""
    if line is None:
        why = "termina antes da hora: " + why
    text = f"{why}{where}; o arquivo não é um TOML válido"
    return Problem(shown, text + (f". {hint}" if hint else ""), line=line, value=written or None)


def loads(src: str, shown: str, hint: str = "") -> dict:
    """``tomllib.loads`` whose syntax errors are :class:`BadInput` in Portuguese."""
    try:
        return tomllib.loads(src)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput([problem(exc, shown, src, hint)]) from None


def load(path: Path, shown: str, hint: str = "") -> dict:
    """Read and parse a UTF-8 TOML file (see :func:`loads`)."""
    try:
        src = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            [Problem(shown, f"não está em UTF-8 (byte {exc.start + 1}); salve o arquivo em UTF-8")]
        ) from None
    return loads(src, shown, hint)
