"""The one error type for bad input, and how it is printed (in Portuguese)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Exit codes, the same in every subcommand (documented in the README).
EXIT_OK = 0
EXIT_FAILED = 1  # a notebook or export failed (a bug or a broken template)
EXIT_BAD_INPUT = 2  # the data: bad files, blocking checks
EXIT_ENVIRONMENT = 3  # the machine: permissions, full disk, missing programs
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM

#: How many problems of one file the message lists before summarising.
SHOWN = 10


@dataclass(frozen=True)
class Problem:
    """One defect of an input file.

    ``line`` is the physical line (CSV), row (spreadsheet) or item number (JSON)
    as the analyst sees it in the file; ``column`` is the header as written.
    """

    file: str
    expected: str
    line: int | None = None
    column: str | None = None
    value: object = None

    def render(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"linha {self.line}")
        if self.column is not None:
            where.append(f'coluna "{self.column}"')
        head = ", ".join(where) + ":"
        if _is_missing(self.value):
            return f"{head}\n  {self.expected}"
        from .formatting import as_written  # babel is imported only when a message is shown

        return f'{head}\n  valor "{as_written(self.value)}" {self.expected}'


def _is_missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA (a message never shows "nan")."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA refuses to be a bool
        return True
    except ValueError:  # an array
        return False


class BadInput(Exception):
    """Raised when input files cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        if not self.problems:
            raise ValueError("BadInput needs at least one problem")
        super().__init__(self.render())

    def render(self) -> str:
        """The message an analyst reads: problems grouped by file."""
        by_file: dict[str, list[Problem]] = {}
        for p in self.problems:
            by_file.setdefault(p.file, []).append(p)
        blocks = []
        for probs in by_file.values():
            lines = [p.render() for p in probs[:SHOWN]]
            n = len(probs)
            if n > SHOWN:
                lines.append(f"({n} problemas neste arquivo; os {SHOWN} primeiros acima)")
            elif n > 1:
                lines.append(f"({n} problemas neste arquivo)")
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def __str__(self) -> str:
        return self.render()


class ProblemLog:
    """Collects problems (lazy validation) and raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        file: str | Path,
        expected: str,
        *,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.problems.append(Problem(str(file), expected, line, column, value))

    def extend(self, other: Iterable[Problem]) -> None:
        self.problems.extend(other)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise BadInput(self.problems)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Suggest the closest valid choice, babel-style.

    >>> did_you_mean("Atendimento Preliminr", ["CIP", "Atendimento Preliminar"])
    ' Você quis dizer "Atendimento Preliminar"?'
    >>> did_you_mean("xyz", ["CIP"])
    ''
    """
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f' Você quis dizer "{match[0]}"?' if match else ""


class EnvironmentFault(Exception):
    """The machine, not the data, stopped the run: a folder that cannot be
    written, a full disk, a missing program. ``message`` is Portuguese and says
    which file or folder and what to do."""

    def __init__(self, message: str, *, path: str | Path | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        super().__init__(self.render())

    def render(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __str__(self) -> str:
        return self.render()
