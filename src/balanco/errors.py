"""The one error type for bad input, and how it is printed (in Portuguese)."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .missing import is_missing
from .shown_path import display_path

#: Exit codes, the same in every subcommand (documented in the README).
EXIT_OK = 0
EXIT_FAILED = 1  # a notebook or export failed (a bug or a broken template)
EXIT_BAD_INPUT = 2  # the data: bad files, blocking checks
EXIT_ENVIRONMENT = 3  # the machine: permissions, full disk, missing programs
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM

#: How many problems of one file the message lists before summarising.
SHOWN = 10


#: A check's severities (:attr:`Problem.severity`): a blocking finding stops the run
#: unless accepted in aceites.toml; a warning travels with the figures.
BLOCKING = "bloqueante"
WARNING = "alerta"


@dataclass(frozen=True)
class Aceite:
    """One entry of ``aceites.toml``: check ``verificacao`` accepted for ``arquivo``
    (only the records at ``linhas`` of the file, for a record-level check).
    ``linha`` is the entry's own line in aceites.toml."""

    verificacao: str
    arquivo: str
    motivo: str
    responsavel: str | None = None
    linha: int | None = None
    linhas: tuple[int, ...] | None = None

    def covers(self, p: Problem) -> bool:
        """Whether this entry accepts the check's finding ``p``."""
        if (p.code, p.file) != (self.verificacao, self.arquivo):
            return False
        if self.linhas is None:  # a file-level check: the whole file
            return True
        return p.line is not None and p.line in self.linhas


@dataclass(frozen=True)
class Problem:
    """One defect of the input: a file that cannot be used (bad input), or what a
    check before publication found (``code``: the check's identifier).

    ``line`` is the physical line (CSV), row (spreadsheet) or item number (JSON)
    as the analyst sees it in the file; ``column`` is the header as written. Where
    "linha" would mislead (the 3rd post of a JSON list is not on its 3rd line),
    ``item`` names the record as the analyst finds it, e.g. "post 3 (id 11167)",
    and takes the place of "linha N" in the messages.
    ``expected`` says what was expected, or why the value is a problem.

    A check's finding names its file as in the year's raw folder (``file`` may be
    ``None``: a finding about the year) and carries the check's ``severity``
    (:data:`BLOCKING` or :data:`WARNING`), the ``department`` it is about, the
    analyst's ``acceptance`` once accepted, and the check's ``title`` (set by the
    checks). ``indicadores.json`` stores findings with Portuguese keys
    (:meth:`as_dict`; read back by ``balanco.checks.stored``).
    """

    file: str | None
    expected: str
    line: int | None = None
    column: str | None = None
    value: object = None
    code: str | None = None
    severity: str | None = None
    department: str | None = None
    acceptance: Aceite | None = None
    title: str | None = field(default=None, compare=False)
    item: str | None = None

    @property
    def bloqueante(self) -> bool:
        return self.severity == BLOCKING

    @property
    def place(self) -> str | None:
        """Where in the file, as the messages say it: "linha 7", or the ``item``.

        >>> Problem("p.json", "x", 3, item="3º post (id 11167)").place
        '3º post (id 11167)'
        >>> Problem("a.csv", "x", 7).place
        'linha 7'
        """
        if self.item is not None:
            return self.item
        return f"linha {self.line}" if self.line is not None else None

    @property
    def column_words(self) -> str:
        """The column as the messages name it: a TOML file (the municipality file,
        aceites.toml, manifest.toml) has keys, not columns.

        >>> Problem("municipios/suzano.toml", "x", 3, "logo").column_words
        'chave "logo"'
        >>> Problem("oficios.csv", "x", 7, "Data").column_words
        'coluna "Data"'
        """
        word = "chave" if str(self.file or "").lower().endswith(".toml") else "coluna"
        return f'{word} "{self.column}"'

    @property
    def mensagem(self) -> str:
        """A check's finding on one line: the place, then why.

        >>> Problem("oficios.csv", "é posterior à data de hoje", 7, "Data", "05/03/2031").mensagem
        'oficios.csv, linha 7, coluna "Data": valor "05/03/2031" é posterior à data de hoje'
        """
        where = [self.file] if self.file else []
        if self.place is not None:
            where.append(self.place)
        if self.column is not None:
            where.append(self.column_words)
        value = f'valor "{self.value}" ' if self.value is not None else ""
        head = ", ".join(where)
        return f"{head}: {value}{self.expected}" if head else f"{value}{self.expected}"

    def render(self) -> str:
        where = [self.file]
        if self.place is not None:
            where.append(self.place)
        if self.column is not None:
            where.append(self.column_words)
        head = ", ".join(where) + ":"
        if is_missing(self.value):
            return f"{head}\n  {self.expected}"
        from .formatting import as_written  # babel is imported only when a message is shown

        return f'{head}\n  valor "{as_written(self.value)}" {self.expected}'

    def as_dict(self) -> dict[str, object]:
        """A check's finding as ``indicadores.json`` stores it."""
        return {
            "id": self.code,
            "severidade": self.severity,
            "mensagem": self.mensagem,
            "detalhe": self.expected,
            "arquivo": self.file,
            "linha": self.line,
            "coluna": self.column,
            "valor": self.value,
            "departamento": self.department,
            "aceite": asdict(self.acceptance) if self.acceptance is not None else None,
            "item": self.item,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object], *, title: str | None = None) -> Problem:
        """A check's finding as stored by :meth:`as_dict` (its message is made again
        from its fields)."""
        acc = d.get("aceite")
        if isinstance(acc, dict):
            lines = acc.get("linhas")
            acc = Aceite(**{**acc, "linhas": tuple(lines) if lines is not None else None})
        return cls(
            d.get("arquivo"),  # type: ignore[arg-type]
            d["detalhe"],  # type: ignore[arg-type]
            d.get("linha"),  # type: ignore[arg-type]
            d.get("coluna"),  # type: ignore[arg-type]
            d.get("valor"),
            code=d["id"],  # type: ignore[arg-type]
            severity=d["severidade"],  # type: ignore[arg-type]
            department=d.get("departamento"),  # type: ignore[arg-type]
            acceptance=acc if isinstance(acc, Aceite) else None,
            title=title,
            item=d.get("item"),  # type: ignore[arg-type]
        )


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
        item: str | None = None,
    ) -> None:
        self.problems.append(Problem(str(file), expected, line, column, value, item=item))

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


#: What the analyst can do about each machine fault, by errno name.
_OS_FAULTS = {
    "ENOSPC": "disco cheio; libere espaço em disco e rode de novo",
    "EDQUOT": "cota de disco esgotada; libere espaço e rode de novo",
    "EACCES": "sem permissão de acesso; dê permissão de leitura e escrita ao seu usuário "
    "(ou rode com um usuário que a tenha)",
    "EPERM": "operação não permitida; dê permissão de leitura e escrita ao seu usuário "
    "(ou rode com um usuário que a tenha)",
    "EROFS": "o disco ou a pasta é somente leitura; use uma pasta em que se possa gravar",
    "EISDIR": "é uma pasta, mas era esperado um arquivo; remova ou renomeie a pasta",
    "ENOTDIR": "parte do caminho é um arquivo, mas era esperada uma pasta; "
    "remova ou renomeie o arquivo",
    "ENOENT": "arquivo ou pasta não encontrado",
    "EEXIST": "já existe um arquivo com esse nome; remova-o ou renomeie-o",
    "ENAMETOOLONG": "caminho longo demais; use uma pasta com caminho mais curto",
    "EMFILE": "arquivos abertos demais ao mesmo tempo; rode com menos --jobs",
    "ENOMEM": "memória insuficiente; feche outros programas ou rode com menos --jobs",
    "EIO": "erro de leitura ou gravação no disco; verifique o disco",
}


def os_fault(exc: OSError, *, path: str | Path | None = None, doing: str = "") -> EnvironmentFault:
    """An ``EnvironmentFault`` in Portuguese for an ``OSError``: which file or
    folder (``path``, else ``exc.filename``), what the program was doing and
    what to do about it.

    >>> import errno
    >>> fault = os_fault(OSError(errno.ENOSPC, "No space"), path="/x", doing="gravar /x")
    >>> print(fault)
    /x: não foi possível gravar /x: disco cheio; libere espaço em disco e rode de novo
    """
    import errno as _errno

    name = _errno.errorcode.get(exc.errno or 0, "")
    if not name:  # some libraries (pyarrow) raise OSError with the reason in the text only
        text = str(exc)
        codes = {n: getattr(_errno, n) for n in _OS_FAULTS if hasattr(_errno, n)}
        name = next((n for n, code in codes.items() if os.strerror(code) in text), "")
    what = _OS_FAULTS.get(name) or (
        f"erro do sistema ({name or type(exc).__name__}); verifique o disco e as permissões"
    )
    where = path if path is not None else exc.filename
    if where is not None:
        where = display_path(Path(where))
    message = f"não foi possível {doing}: {what}" if doing else what
    return EnvironmentFault(message, path=where)
