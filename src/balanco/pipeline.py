"""Preparation on one screen: a year's raw exports (``data/raw/<ano>/``) become its
clean records and indicators (``data/processed/<ano>/``)::

    list_inputs → read → clean → summarise → check → write

Each stage is a function that takes what the previous one returned (the records of
:mod:`balanco.year_data`); ``summarise`` computes the indicators. The checks compare
this year's indicators with the previous year's, so they run once the indicators
are computed, and before anything is written. ``compute`` gives the figures alone
(read, clean, summarise) to whoever needs no checks and no files.

The stages' helpers live below: :mod:`balanco.raw_sources` (listing and hashing the
raw files), :mod:`balanco.provenance` (the manifest), :mod:`balanco.checks`,
:mod:`balanco.processed` (the processed folder, written atomically under the year's
lock and read back) and :mod:`balanco.open_data` (the register of personal columns
written with it).

``prepare`` is the only writer of processed data; ``open_year`` is how the
notebooks read it back.
"""

from __future__ import annotations

from . import checks, highlights, processed
from .departments import enabled, registered, vocabulary
from .departments.base import Indicator
from .departments.frames import columns_as_written
from .errors import BadInput, ProblemLog
from .fingerprint import locked
from .raw_sources import raw_sources
from .settings import Settings
from .year_data import Checked, Cleaned, Computed, Frames, Inputs, Read, YearData

__all__ = ["YearData", "compute", "open_year", "prepare", "previous_year"]


def prepare(settings: Settings, year: int, *, strict: bool = False) -> YearData:
    """Build ``data/processed/<year>/`` from ``data/raw/<year>/`` (atomically; one
    process at a time per year). Blocking checks raise ``checks.ChecksFailed``
    before anything is written; with ``strict`` (--rigoroso) warnings do too."""
    inputs = list_inputs(settings, year)
    raw = read(inputs)
    cleaned = clean(raw)
    computed = summarise(cleaned)
    checked = check(computed, strict=strict)
    return write(checked)


def list_inputs(settings: Settings, year: int) -> Inputs:
    """Every raw file of the year, checked and hashed; missing files reported together."""
    return Inputs(settings, year, raw_sources(settings, year))


def read(inputs: Inputs) -> Read:
    """Every enabled department's frames as read, and the highlights; what cannot be
    read keeps its problems for :func:`clean`, which reports them all together."""
    settings, raw_dir = inputs.settings, inputs.settings.raw_dir(inputs.year)
    spellings = []
    try:  # the municipality file's [grafias] name known sources, columns and values
        vocabulary.check_spellings(settings, registered())
    except BadInput as exc:
        spellings = exc.problems
    raw: Frames = {}
    unread = {}
    for dept in enabled(settings):
        try:
            raw[dept.NAME] = dept.load(raw_dir, settings=settings)
        except BadInput as exc:
            unread[dept.NAME] = exc.problems
    try:
        hl, hl_problems = highlights.load(raw_dir), []
    except BadInput as exc:
        hl, hl_problems = highlights.Highlights(), exc.problems
    return Read(inputs, raw, unread, list(spellings), hl, list(hl_problems))


def clean(read: Read) -> Cleaned:
    """Every department's records cleaned; every department's problems (reading or
    cleaning) are reported together, in the registry's order."""
    settings, year = read.inputs.settings, read.inputs.year
    log = ProblemLog()
    log.extend(read.spellings)
    tables: Frames = {}
    for dept in enabled(settings):
        if dept.NAME in read.unread:
            log.extend(read.unread[dept.NAME])
            continue
        try:
            tables[dept.NAME] = dept.clean(read.raw[dept.NAME], year=year, settings=settings)
        except BadInput as exc:
            log.extend(columns_as_written(exc.problems, read.raw[dept.NAME]))
    log.extend(read.highlight_problems)
    log.raise_if_any()
    return Cleaned(read.inputs, read.raw, tables, read.highlights)


def summarise(cleaned: Cleaned) -> Computed:
    """Compute the indicators: each department summarises its clean records."""
    settings, year = cleaned.inputs.settings, cleaned.inputs.year
    indicators = [
        indicator
        for dept in enabled(settings)
        for indicator in dept.summarise(cleaned.tables[dept.NAME], year=year)
    ]
    return Computed(cleaned.inputs, cleaned.raw, cleaned.tables, cleaned.highlights, indicators)


def check(computed: Computed, *, strict: bool = False) -> Checked:
    """Run the checks (``balanco.checks``) against the previous year's figures; a
    blocking finding (with ``strict``, any warning) stops the year here."""
    settings, year = computed.inputs.settings, computed.inputs.year
    previous, why_not = previous_year(settings, year)
    outcome = checks.run(
        settings,
        year,
        cleaned=computed.tables,
        indicators=computed.indicators,
        previous=previous,
        previous_unavailable=why_not,
        raw=computed.raw,
    )
    # --rigoroso: a figure that differs from the published release fails too, said
    # together with the checks' findings.
    release = _release(settings, year, computed.indicators) if strict else None
    try:
        outcome.raise_if_failed(strict=strict)
    except checks.ChecksFailed as exc:
        if release is not None:
            exc.also = release.render()
        raise
    if release is not None:
        raise release
    return Checked(
        computed.inputs,
        computed.tables,
        computed.highlights,
        computed.indicators,
        outcome,
        previous,
    )


def write(checked: Checked) -> YearData:
    """Write ``data/processed/<year>/`` under the year's lock."""
    # Only a year that passed its checks takes the lock and writes: a blocked year
    # (another period, an empty export) leaves nothing behind, not even a lock file.
    # Two runs may compute the same year at once; their writes are serialised.
    settings, year = checked.inputs.settings, checked.inputs.year
    with locked(processed.lock_path(settings, year)):
        return processed.write(checked)


def compute(
    settings: Settings, year: int, *, raw_out: Frames | None = None
) -> tuple[Frames, list[Indicator], highlights.Highlights]:
    """The figures alone — read, clean and compute, without listing the files, the
    checks or writing: ``(cleaned, indicators, highlights)``. ``raw_out``, when
    given, receives the frames as read (text as written)."""
    raw = read(Inputs(settings, year, []))
    if raw_out is not None:
        raw_out.update(raw.raw)
    computed = summarise(clean(raw))
    return computed.tables, computed.indicators, computed.highlights


def previous_year(settings: Settings, year: int) -> tuple[dict[str, object] | None, str | None]:
    """The previous year's processed payload for the year-over-year checks, and
    why it is not available (Portuguese) when its raw data exist but are bad.

    When ``data/raw/<year-1>`` exists, that year is prepared first (under its own
    lock) if missing or stale, so the comparison never depends on what happened
    to be prepared before."""
    before = year - 1
    if settings.raw_dir(before).is_dir():
        try:
            open_year(settings, before)
        except BadInput as exc:
            first = exc.problems[0].render().replace("\n ", "") if exc.problems else ""
            return None, (
                f"os dados de {before} têm problemas e não foram preparados, então a "
                f"comparação com {before} não está disponível (rode balanco prepare --year "
                f"{before} para ver todos): {first}"
            )
    return checks.previous_payload(settings, year), None


def open_year(settings: Settings, year: int, *, build: bool = True) -> YearData:
    """Read a year's processed data, preparing it first when missing or stale."""
    if build and not processed.is_current(settings, year):
        return prepare(settings, year)
    return processed.read(settings, year)


def _release(settings: Settings, year: int, indicators):
    """The published figures that differ from ``indicators``, as the error of
    --rigoroso (``release_check.ReleaseDiffers``), or None."""
    from . import release_check

    found = release_check.divergences(settings, year, {i.key: i for i in indicators})
    return None if found is None else release_check.ReleaseDiffers(found)
