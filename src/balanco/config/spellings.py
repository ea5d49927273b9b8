"""The ``[grafias]`` section of a municipality file: the municipality's own
spellings of closed vocabularies, and the problems of its shape."""

from __future__ import annotations

from .values import as_toml


def read_spellings(section: object, text: str, shown: str):
    """The ``[grafias]`` section as (source, column, spelling, accepted value, line)
    entries, and the problems of its shape (its meaning is checked against the
    departments' vocabularies when a year is prepared)."""
    from ..errors import Problem

    expected = (
        'esperado [grafias.<fonte>."<coluna>"] com linhas "grafia do município" = '
        '"valor aceito" (veja municipios/README.md)'
    )
    entries: list[tuple[str, str, str, str, int | None]] = []
    problems: list[Problem] = []
    lines = text.splitlines()

    def line_of(*words: str) -> int | None:
        for number, line in enumerate(lines, start=1):
            if all(w in line for w in words):
                return number
        return None

    if not isinstance(section, dict):
        return (), [Problem(shown, f"não serve: {expected}", column="grafias")]
    for source, columns in section.items():
        if not isinstance(columns, dict):
            problems.append(
                Problem(shown, f"não serve: {expected}", line_of(source), f"grafias.{source}")
            )
            continue
        for column, pairs in columns.items():
            where = f'grafias.{source}."{column}"'
            if not isinstance(pairs, dict) or not pairs:
                problems.append(Problem(shown, f"não serve: {expected}", line_of(column), where))
                continue
            for written, target in pairs.items():
                if not isinstance(target, str) or not target.strip() or not written.strip():
                    problems.append(
                        Problem(
                            shown,
                            f"não serve: {expected}",
                            line_of(written),
                            where,
                            as_toml(target),
                        )
                    )
                    continue
                entries.append((source, column, written, target.strip(), line_of(written, "=")))
    return tuple(entries), problems
