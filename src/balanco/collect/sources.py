"""The sources ``balanco coletar`` reads (:data:`SOURCES`), and the ones it cannot
(:func:`by_hand`): every other raw file of the enabled departments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from ..settings import Settings
from .base import CollectContext, CollectedFile


@dataclass(frozen=True)
class CollectSource:
    """A source system with an interface: its name (``--fonte`` and the key of the
    municipality file's ``[coleta]``), the department that reads it, the raw files
    it writes (a new collection replaces all of them: the module's ``FILES``,
    repeated here so that the command line lists the sources without importing
    httpx or the departments) and the module whose ``collect`` collects it."""

    name: str
    title: str
    department: str
    files: tuple[str, ...]
    module: str
    #: The address used when ``[coleta]`` leaves it out (None: it must be given).
    default_url: str | None = None

    @property
    def collect(self) -> Callable[[CollectContext], list[CollectedFile]]:
        return import_module(self.module).collect


#: ``--fonte`` choices, in the order a full collection runs them: one line a source.
SOURCES: dict[str, CollectSource] = {
    s.name: s
    for s in (
        CollectSource(
            "wordpress",
            "WordPress do site da Prefeitura (API REST)",
            "comunicacao",
            ("wordpress_posts_*.json", "wordpress_categories.json", "wordpress_total.json"),
            "balanco.collect.wordpress",
        ),
        CollectSource(
            "glpi", "GLPI (API REST)", "cpd", ("glpi_chamados.csv",), "balanco.collect.glpi"
        ),
        CollectSource(
            "transferegov",
            "Transferegov (dados abertos)",
            "convenios",
            ("siconv_proposta.csv", "siconv_convenio.csv"),
            "balanco.collect.transferegov",
            # The national open-data repository: needs no address in [coleta].
            default_url="https://repositorio.dados.gov.br/seges/detru/",
        ),
    )
}


@dataclass(frozen=True)
class ByHand:
    """A raw file no source here collects: where it goes and in which layout."""

    department: str
    pattern: str
    system: str
    description: str


def by_hand(settings: Settings, collected: tuple[str, ...] = tuple(SOURCES)) -> list[ByHand]:
    """The raw files of the municipality's departments that no source in
    ``collected`` writes (Sindec, the hand-kept spreadsheets, and any source
    not collected in this run), and the year's highlights (optional)."""
    from ..departments import enabled
    from ..highlights import FILE as HIGHLIGHTS

    written = [p for name in collected if name in SOURCES for p in SOURCES[name].files]
    out = []
    for dept in enabled(settings):
        for src in dept.SOURCES:
            for pattern in src.files:
                if not any(Path(pattern).match(w) or pattern == w for w in written):
                    out.append(ByHand(dept.TITLE, pattern, src.system, src.description))
    out.append(
        ByHand(
            "Balanço",
            HIGHLIGHTS,
            "Arquivo de texto mantido à mão (opcional)",
            "Destaques do ano: responsável, canais de atendimento, projetos do CPD; "
            "sem ele, o balanço sai sem destaques.",
        )
    )
    return out
