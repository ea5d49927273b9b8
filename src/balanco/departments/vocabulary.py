"""Closed vocabularies of the categorical columns that decide whether a record
counts, or in which category it is counted (CONVENTIONS: "Unknown is not a
variant").

Each department declares its vocabularies (``VOCABULARIES``, one
:class:`Vocabulary` per source column) and passes the column through
:meth:`Vocabulary.apply` while cleaning:

- a value that differs from an accepted one only in case, accents or spaces is
  that value ("cancelado", " CANCELADO ", "Cancelado" are all "Cancelado");
- any other value stops the run (file, line, column, value, the accepted values
  and "Você quis dizer …?"), unless the municipality file maps that spelling to
  an accepted value in its ``[grafias]`` section (``municipios/README.md``);
- every mapping used is recorded (:func:`collected`) and travels with the
  figures: ``indicadores.json`` (``grafias``) and the report's "Qualidade dos
  dados".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from types import ModuleType

import numpy as np
import pandas as pd

from ..errors import BadInput, Problem, ProblemLog
from ..io import fold, map_text
from .frames import text

#: Where a cleaned frame keeps the spellings its vocabularies mapped
#: (``frame.attrs``), for :func:`collected`.
ATTR = "grafias"
#: The municipality file's section of spellings.
SECTION = "grafias"
#: How many lines of one mapped spelling are recorded (the count is always exact).
LINES_KEPT = 20


@dataclass(frozen=True)
class Vocabulary:
    """The accepted values of one categorical column of one source.

    ``source`` is the department's :class:`~balanco.departments.base.Source` key
    (the key of ``[grafias]`` in the municipality file) and ``column`` the column
    as written in the file. ``values`` are the accepted values as the report
    writes them; ``legacy`` are accepted too but not listed in messages (GLPI 9's
    names). ``what`` names one value in a message ("um status do GLPI");
    ``rule`` says, in Portuguese, what the column decides (column reference).
    ``required``: a blank cell is a problem.
    """

    source: str
    column: str
    values: tuple[str, ...]
    what: str
    rule: str
    required: bool = True
    legacy: tuple[str, ...] = ()
    #: Where the list comes from when it is not the department's own (a national
    #: system whose full list is not published): shown in the column reference.
    note: str = ""
    _keys: dict[str, str] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        keys: dict[str, str] = {}
        for v in (*self.values, *self.legacy):
            keys.setdefault(fold(v), v)
        object.__setattr__(self, "_keys", keys)

    def canonical(self, value: object) -> str | None:
        """The accepted value ``value`` stands for (case, accents and spaces
        aside), or None.

        >>> v = Vocabulary("x", "Situação", ("Cancelado", "Em execução"), "uma situação", "")
        >>> v.canonical(" CANCELADO "), v.canonical("em execucao"), v.canonical("Cancelada")
        ('Cancelado', 'Em execução', None)
        """
        written = text(value)
        return None if written is None else self._keys.get(fold(written))

    def with_values(self, *extra: str) -> Vocabulary:
        """This vocabulary with ``extra`` values accepted too (a setting's value)."""
        new = tuple(v for v in extra if self.canonical(v) is None)
        return replace(self, values=(*self.values, *new)) if new else self

    def suggestion(self, value: str) -> str:
        """' Você quis dizer "X"?' for the closest accepted value, or ''.

        >>> Vocabulary("x", "S", ("Realizada", "Cancelada"), "", "").suggestion("Realizado")
        ' Você quis dizer "Realizada"?'
        """
        folded = {fold(v): v for v in self.values}
        match = difflib.get_close_matches(fold(value), list(folded), n=1, cutoff=0.6)
        return f' Você quis dizer "{folded[match[0]]}"?' if match else ""

    def expected(self) -> str:
        return "esperado um de: " + ", ".join(self.values) + "."

    def apply(
        self,
        values: pd.Series,
        lines: Sequence[int] | np.ndarray,
        *,
        file: str,
        log: ProblemLog,
        spellings: Mapping[str, str] | None = None,
    ) -> tuple[pd.Series, list[dict[str, object]]]:
        """Each value's accepted form (missing stays missing), and the mapped
        spellings used (see :func:`collected`). Unknown and (when ``required``)
        blank values go to ``log``, one problem per line.

        ``spellings`` maps a spelling (folded, see :func:`spellings_for`) to an
        accepted value. Works on each distinct text once: exports run to
        millions of rows.
        """
        spellings = spellings or {}
        cat = values.astype("category")
        codes = cat.cat.codes.to_numpy()
        lines = np.asarray(lines)
        resolved: list[str | None] = []
        mapped: dict[int, str] = {}
        unknown: list[int] = []
        blank: list[int] = []
        for code, raw in enumerate(cat.cat.categories):
            written = text(raw)
            if written is None:
                blank.append(code)
                resolved.append(None)
                continue
            found = self._keys.get(fold(written))
            if found is None and fold(written) in spellings:
                found = spellings[fold(written)]
                mapped[code] = written
            if found is None:
                unknown.append(code)
            resolved.append(found)
        hint = (
            f" Se for a grafia usada pelo município para um desses valores, declare-a em "
            f'[{SECTION}.{self.source}."{self.column}"] do arquivo do município '
            "(municipios/README.md)."
        )
        for row in np.flatnonzero(np.isin(codes, unknown)):
            value = cat.cat.categories[codes[row]]
            log.add(
                file,
                f"não é {self.what}; {self.expected()}{self.suggestion(text(value) or '')}{hint}",
                line=int(lines[row]),
                column=self.column,
                value=value,
            )
        if self.required:
            for row in np.flatnonzero((codes == -1) | np.isin(codes, blank)):
                log.add(
                    file,
                    f"está vazio; {self.expected()}",
                    line=int(lines[row]),
                    column=self.column,
                )
        used = []
        for code, written in mapped.items():
            rows = np.flatnonzero(codes == code)
            used.append(
                {
                    "fonte": self.source,
                    # The file's name alone (messages say its folder and sheet).
                    "arquivo": PurePath(file.split(', planilha "')[0]).name,
                    "coluna": self.column,
                    "valor": written,
                    "aceito_como": resolved[code],
                    "registros": len(rows),
                    "linhas": [int(n) for n in lines[rows[:LINES_KEPT]]],
                }
            )
        by_text = {c: r for c, r in zip(cat.cat.categories, resolved, strict=True)}
        return map_text(cat, lambda v: by_text.get(v)), used


def as_objects(series: pd.Series) -> list[str | None]:
    """The accepted values of :meth:`Vocabulary.apply` as a plain list, missing as
    None (for frames built from lists)."""
    return [text(v) for v in series]


def spellings_for(settings: object, vocab: Vocabulary) -> dict[str, str]:
    """The municipality's spellings of ``vocab``'s column (``[grafias]``), folded
    spelling -> accepted value. Validated by :func:`check_spellings`."""
    out: dict[str, str] = {}
    for source, column, written, target, _ in getattr(settings, "spellings", ()):
        if source == vocab.source and fold(column) == fold(vocab.column):
            accepted = vocab.canonical(target)
            if accepted is not None:
                out[fold(written)] = accepted
    return out


def with_spellings(frame: pd.DataFrame, *used: Iterable[dict[str, object]]) -> pd.DataFrame:
    """``frame`` carrying the spellings its cleaning mapped (for :func:`collected`)."""
    records = [u for group in used for u in group]
    if not records:
        return frame
    out = frame.copy()
    out.attrs[ATTR] = records
    return out


def collected(cleaned: Mapping[str, Mapping[str, pd.DataFrame]]) -> list[dict[str, object]]:
    """Every mapped spelling of a year's cleaned frames, with its department."""
    out = []
    for dept, frames in cleaned.items():
        for frame in frames.values():
            out.extend({"departamento": dept, **u} for u in frame.attrs.get(ATTR, []))
    return out


def declared(departments: Iterable[ModuleType]) -> list[Vocabulary]:
    """The vocabularies the departments declare (``VOCABULARIES``), in order."""
    return [v for d in departments for v in getattr(d, "VOCABULARIES", ())]


def check_spellings(settings: object, departments: Iterable[ModuleType]) -> None:
    """Refuse a ``[grafias]`` entry of the municipality file that names an unknown
    source or column, maps to a value that is not accepted, or re-maps a value
    that is already accepted; every problem at once, with "Você quis dizer …?"."""
    entries = getattr(settings, "spellings", ())
    if not entries:
        return
    vocabs = declared(departments)
    by_source: dict[str, dict[str, Vocabulary]] = {}
    for v in vocabs:
        by_source.setdefault(v.source, {})[fold(v.column)] = v
    file = f"municipios/{getattr(settings, 'slug', '')}.toml"
    problems = []
    for source, column, written, target, line in entries:
        where = f"{SECTION}.{source}"
        if source not in by_source:
            problems.append(
                Problem(
                    file,
                    "não é uma fonte com valores fechados; esperada uma de: "
                    + ", ".join(by_source)
                    + "."
                    + _near(source, list(by_source)),
                    line=line,
                    column=SECTION,
                    value=source,
                )
            )
            continue
        vocab = by_source[source].get(fold(column))
        if vocab is None:
            columns = [v.column for v in by_source[source].values()]
            problems.append(
                Problem(
                    file,
                    f"não é uma coluna com valores fechados de {source}; esperada uma de: "
                    + ", ".join(columns)
                    + "."
                    + _near(column, columns),
                    line=line,
                    column=where,
                    value=column,
                )
            )
            continue
        if vocab.canonical(written) is not None:
            problems.append(
                Problem(
                    file,
                    f'é um valor já aceito ("{vocab.canonical(written)}"); maiúsculas, acentos e '
                    "espaços não mudam um valor: apague esta grafia",
                    line=line,
                    column=f'{where}."{vocab.column}"',
                    value=written,
                )
            )
        elif vocab.canonical(target) is None:
            problems.append(
                Problem(
                    file,
                    f'não é {vocab.what} (a grafia "{written}" deve ser associada a um valor '
                    "aceito); " + vocab.expected() + vocab.suggestion(target),
                    line=line,
                    column=f'{where}."{vocab.column}"',
                    value=target,
                )
            )
    if problems:
        raise BadInput(problems)


def _near(value: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f' Você quis dizer "{match[0]}"?' if match else ""
