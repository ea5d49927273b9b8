"""Reading JSON lists (one page of a REST export, e.g. the WordPress API's), with
the position of a syntax error, and showing a JSON value as written."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import BadInput, Problem
from .encoding import decode
from .paths import UTF8_ONLY, display_path

_JSON_MESSAGES = {
    "Expecting value": "esperado um valor",
    "Unterminated string starting at": "texto sem as aspas de fechamento",
    "Expecting ',' delimiter": "esperada uma vírgula",
    "Expecting ':' delimiter": 'esperado ":"',
    "Extra data": "há conteúdo depois do fim do JSON",
    "Expecting property name enclosed in double quotes": "esperado um nome de campo entre aspas",
    "Invalid control character at": "caractere de controle dentro de um texto",
    "Invalid \\escape": "sequência de escape inválida",
}


def read_json_list(path: Path, *, system: str) -> list[object]:
    """Read a JSON file holding a list (one page of a REST export); ``system`` names
    the API in messages ("WordPress": "baixe de novo esta página da API do
    WordPress")."""
    shown = display_path(path)
    text, _ = decode(path, encodings=UTF8_ONLY)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        what = _JSON_MESSAGES.get(exc.msg, "")
        raise BadInput(
            [
                Problem(
                    shown,
                    f"não é um JSON válido (coluna {exc.colno}"
                    + (f": {what}" if what else "")
                    + "); a exportação pode ter sido interrompida: baixe de novo esta página "
                    f"da API do {system}",
                    line=exc.lineno,
                )
            ]
        ) from None
    except (RecursionError, ValueError):  # absurd nesting, or a number too long to read
        raise BadInput(
            [
                Problem(
                    shown,
                    f"não é um JSON da API do {system} (aninhamento ou número fora do comum); "
                    "baixe de novo esta página da API",
                )
            ]
        ) from None
    if not isinstance(data, list):
        raise BadInput(
            [Problem(shown, f"esperada uma lista JSON ([...]) como a API do {system} devolve")]
        )
    return data


def json_text(value: object) -> object:
    """A JSON value as written in the file, for messages (``11335``, not ``11.335``).

    >>> json_text(11335), json_text([3, 4]), json_text("2024-13-01"), json_text(None)
    ('11335', '[3, 4]', '2024-13-01', None)
    """
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
