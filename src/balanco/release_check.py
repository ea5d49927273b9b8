"""The published release against the figures computed from the records, without
pandas (a build with nothing to do runs it and imports no pandas).

``data/published/<ano>.toml`` holds the release's figures as written. A figure
the balance computes that differs from it, or a key the balance does not compute
at all (a typo), is a :class:`Divergences`: the terminal never says "ok" beside
it, and ``--rigoroso`` makes it an error (:class:`ReleaseDiffers`) naming the
figure's line of that file. The PDF's own table is :func:`balanco.published.reconcile`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from . import formatting, toml_pt
from .config.values import as_toml, line_of
from .errors import BadInput, Problem, did_you_mean
from .indicator import Indicator
from .settings import INDICATORS_FILE, Settings
from .shown_path import display_path

#: The identifier of these problems in messages (as the checks' codes are).
DIVERGENCE = "release_divergente"


#: The keys of a published file besides ``[figuras]`` (see data/published/).
TOP_KEYS = ("ano", "fonte", "arquivo", "figuras")


@dataclass(frozen=True)
class Read:
    """A published file as read: its top-level keys, its well-formed figures (a
    non-empty text each), and what is wrong with it (one Problem each)."""

    data: dict
    figures: dict[str, str]
    problems: list[Problem]
    #: The file's text, for the lines of the messages.
    text: str


def read_published(settings: Settings, year: int) -> Read | None:
    """``data/published/<year>.toml`` (None without it), every problem of its form
    found at once: a key that is not one of :data:`TOP_KEYS`, no ``[figuras]``, a
    year that is not ``year``, a figure that is not a text or is empty. A TOML
    syntax error is bad input at once (nothing else can be read)."""
    path = settings.published_file(year)
    if not path.exists():
        return None
    shown = display_path(path)
    data = toml_pt.load(path, shown)  # decoded and parsed: its text reads again
    text = path.read_text(encoding="utf-8")
    problems = []
    # Figures written before any [figuras] header: one problem, not one per line.
    loose = [k for k, v in data.items() if k not in TOP_KEYS and not isinstance(v, dict)]
    if "figuras" in data:
        loose = []
    if loose:
        problems.append(
            Problem(
                shown,
                f"{loose[0]} = … está fora da seção [figuras]; esperada a linha [figuras] "
                "antes dos números do release",
                line=line_of(text, loose[0]),
                column=loose[0],
            )
        )
    for key in data:
        if key not in TOP_KEYS and key not in loose:
            problems.append(
                Problem(
                    shown,
                    "não é uma chave do arquivo dos números publicados; esperada uma destas: "
                    f"{', '.join(TOP_KEYS)}.{did_you_mean(key, TOP_KEYS)}",
                    line=line_of(text, key),
                    column=key,
                )
            )
    ano = data.get("ano")
    if "ano" in data and (isinstance(ano, bool) or not isinstance(ano, int)):
        written = json.dumps(ano, ensure_ascii=False) if isinstance(ano, str) else as_toml(ano)
        problems.append(
            Problem(
                shown,
                f"ano = {written} não é um ano; esperado ano = {year}, sem aspas",
                line=line_of(text, "ano"),
                column="ano",
            )
        )
    elif "ano" in data and data["ano"] != year:
        problems.append(
            Problem(
                shown,
                f"ano = {data['ano']} não é o ano deste arquivo; esperado ano = {year} "
                "(o ano do nome do arquivo)",
                line=line_of(text, "ano"),
                column="ano",
            )
        )
    raw = data.get("figuras")
    if (not isinstance(raw, dict) or not raw) and not loose:
        problems.append(
            Problem(
                shown,
                "não tem os números do release: esperada a seção [figuras], com uma linha "
                'por número, como oficios = "91"',
                line=line_of(text, "figuras"),
            )
        )
        raw = {}
    figures = {}
    for key, figure in (raw if isinstance(raw, dict) else {}).items():
        if isinstance(figure, str) and figure.strip():
            figures[key] = figure
            continue
        if isinstance(figure, str):
            why = f'{key} = "" está vazio; esperado o texto exato do release, entre aspas'
        elif isinstance(figure, bool | int | float):
            written = as_toml(figure)
            why = (
                f"{key} = {written} não está entre aspas; esperado o texto exato do release, "
                f'entre aspas: {key} = "{written}"'
            )
        else:
            why = "não é um texto; esperado o texto exato do release, entre aspas"
        problems.append(
            Problem(shown, why, line=line_of(text, key, "figuras"), column=f"figuras.{key}")
        )
    return Read(data, figures, problems, text)


def published_figures(settings: Settings, year: int) -> tuple[dict, dict[str, str]] | None:
    """The published file of ``year`` as read, and its figures (None without the
    file); any problem of its form is bad input, all of them at once."""
    found = read_published(settings, year)
    if found is None:
        return None
    if found.problems:
        raise BadInput(found.problems)
    return found.data, found.figures


def stored_indicators(settings: Settings, year: int) -> dict[str, Indicator]:
    """The indicators of a year's processed data (its JSON only)."""
    path = settings.processed_dir(year) / INDICATORS_FILE
    payload = json.loads(path.read_text(encoding="utf-8"))
    return {d["key"]: Indicator.from_dict(d) for d in payload["indicadores"]}


@dataclass(frozen=True)
class Divergences:
    """What of a year's published figures does not agree with this balance: the
    figures it computes that differ, and the keys it does not compute at all. One
    :class:`~balanco.errors.Problem` each, pointing at its line of the file."""

    problems: list[Problem]
    #: How many published figures were compared.
    compared: int
    #: "Ofícios enviados (publicado: 92; calculado: 91)", one per differing figure.
    differing: list[str]
    #: '"oficio" (Você quis dizer "oficios"?)', one per unknown key.
    unknown: list[str]

    def describe(self) -> str:
        """What does not agree, for the terminal.

        >>> print(Divergences([], 14, ["A (publicado: 2; calculado: 1)", "B"], []).describe())
        números diferentes do release (2 de 14): A (publicado: 2; calculado: 1); B
        >>> print(Divergences([], 1, [], ['"x"']).describe())
        chave do release que o balanço não calcula: "x"
        """
        parts = []
        if self.differing:
            n, of = formatting.count(len(self.differing)), formatting.count(self.compared)
            parts.append(
                f"números diferentes do release ({n} de {of}): {'; '.join(self.differing)}"
            )
        if self.unknown:
            word = "chave" if len(self.unknown) == 1 else "chaves"
            parts.append(f"{word} do release que o balanço não calcula: {'; '.join(self.unknown)}")
        return "; e ".join(parts)


class ReleaseDiffers(BadInput):
    """--rigoroso: published figures do not agree with the computed ones (nothing
    is written). The message names each figure's line in the published file."""

    def __init__(self, found: Divergences):
        self.found = found
        super().__init__(found.problems)

    def render(self) -> str:
        return (
            super().render()
            + "\n(divergência do release tratada como erro por --rigoroso: confira os "
            "registros ou o arquivo dos números publicados)"
        )


def agrees(ind: Indicator, published: str) -> bool:
    """Whether a computed figure is the published one: the same text as the report
    writes it. The release types ordinary spaces, the formatted figure has
    non-breaking ones ("R$ 81,3 milhões"): the same figure either way. A figure
    that cannot be computed agrees with nothing."""
    computed = formatting.indicator_value(ind.value, ind.unit)
    return ind.available and _as_compared(computed) == _as_compared(published)


def _as_compared(text: str) -> str:
    """A figure's text as compared: ordinary spaces, no spaces at the ends, and
    accents in one Unicode form (text copied from a PDF may write "õ" as "o" and a
    combining tilde)."""
    import unicodedata

    return unicodedata.normalize("NFC", formatting.plain_spaces(text)).strip()


def _lower_first(text: str | None) -> str:
    text = (text or "o motivo não foi registrado").rstrip(".")
    return text[:1].lower() + text[1:]


def typo_keys(
    settings: Settings, figures: Mapping[str, str], indicators: Mapping[str, Indicator]
) -> dict[str, str | None]:
    """The published keys no indicator has that are typos, each with the key it
    is closest to (or None): every one when every department is in the balance,
    else those close to a key the balance computes (the others may be a department
    left out)."""
    from .departments import known_names
    from .fingerprint import enabled_names

    everyone = enabled_names(settings) >= set(known_names())
    out: dict[str, str | None] = {}
    for key in figures:
        if key in indicators:
            continue
        close = difflib.get_close_matches(key, list(indicators), n=1, cutoff=0.6)
        if everyone or close:
            out[key] = close[0] if close else None
    return out


def divergences(
    settings: Settings, year: int, indicators: Mapping[str, Indicator]
) -> Divergences | None:
    """The year's published figures that do not agree with ``indicators`` (None
    when the year has no published figures or every one agrees). A figure that
    cannot be computed ("não disponível") differs too: the balance cannot show it.
    A key no indicator has is a typo when every department is in the balance (or
    when it is close to a key the balance computes); otherwise it may be a
    department left out, and it is not compared (as in the PDF)."""
    found = read_published(settings, year)
    if found is None:
        return None
    figures = found.figures
    typos = typo_keys(settings, figures, indicators)
    path = settings.published_file(year)
    problems, differing, unknown = [], [], []
    compared = 0
    for key, text in figures.items():
        ind = indicators.get(key)
        where = {
            "line": line_of(found.text, key, "figuras"),
            "column": f"figuras.{key}",
            "code": DIVERGENCE,
        }
        if ind is None:
            if key not in typos:
                continue  # a department left out of this balance: not compared
            close = [typos[key]] if typos[key] else []
            hint = f' Você quis dizer "{close[0]}"?' if close else ""
            problems.append(
                Problem(
                    display_path(path),
                    "não é um número que o balanço calcula; esperada uma destas chaves: "
                    f"{', '.join(indicators)}.{hint}",
                    **where,
                )
            )
            unknown.append(f'"{key}"' + (f' (Você quis dizer "{close[0]}"?)' if close else ""))
            continue
        compared += 1
        if agrees(ind, text):
            continue
        computed = formatting.indicator_value(ind.value, ind.unit)
        if not ind.available:
            computed = f"{computed} ({ind.reason})"
            why = (
                f"não pode ser conferido: {ind.label} não pôde ser calculado a partir dos "
                f"registros, porque {_lower_first(ind.reason)}"
            )
        else:
            why = (
                "não confere com o número calculado a partir dos registros "
                f"({ind.label}: {computed}); esperado o mesmo número"
            )
        problems.append(Problem(display_path(path), why, value=text, **where))
        differing.append(f"{ind.label} (publicado: {text}; calculado: {computed})")
    if found.problems:  # the file's form is bad input: said with everything else
        raise BadInput(sorted([*found.problems, *problems], key=lambda p: p.line or 0))
    if not problems:
        return None
    return Divergences(problems, compared, differing, unknown)
