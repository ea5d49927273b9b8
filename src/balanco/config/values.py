"""Where a key is written in a municipality file, and how its value is written
there: for the messages."""

from __future__ import annotations

import re


def line_of(text: str, key: str, section: str = "") -> int | None:
    r"""The line where ``key = ...`` is written (1-based), inside ``[section]``
    when given, or where the table ``[key]`` opens, for messages.

    >>> line_of('a = 1\n[figura]\nb = "2"', "figura"), line_of('[figura]\nb = "2"', "b", "figura")
    (2, 2)
    """
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    header = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]")
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opened = header.match(line)
        if opened:
            current = opened.group(1)
            if not section and current == key:
                return number
            continue
        if current == section and pattern.match(line):
            return number
    return None


def as_toml(value: object) -> object:
    """A value the way it is written in the TOML file (3552502 stays "3552502",
    0.5 stays "0.5"), for messages; None stays None (nothing shown)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        import json

        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return str(value)
