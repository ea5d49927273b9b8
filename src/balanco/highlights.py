"""The year's qualitative highlights: a small hand-edited TOML file in the raw folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import toml_pt
from .errors import BadInput, Problem
from .io import display_path

FILE = "destaques.toml"


@dataclass(frozen=True)
class Channel:
    nome: str
    tipo: str
    situacao: str
    descricao: str


@dataclass(frozen=True)
class Highlights:
    responsavel: str = ""
    canais: tuple[Channel, ...] = field(default=())
    projetos_cpd: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "responsavel": self.responsavel,
            "canais": [c.__dict__ for c in self.canais],
            "projetos_cpd": list(self.projetos_cpd),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Highlights:
        return cls(
            data.get("responsavel", ""),
            tuple(Channel(**c) for c in data.get("canais", [])),
            tuple(data.get("projetos_cpd", [])),
        )


def load(raw_dir: Path) -> Highlights:
    """Read ``destaques.toml``; a missing file means no highlights for the year."""
    path = raw_dir / FILE
    if not path.exists():
        return Highlights()
    shown = display_path(path)
    data = toml_pt.load(path, shown)
    problems = []
    channels = []
    for n, item in enumerate(data.get("comunicacao", {}).get("canais", []), start=1):
        missing = [k for k in ("nome", "tipo", "situacao", "descricao") if not item.get(k)]
        if missing:
            problems.append(
                Problem(
                    shown,
                    f"o canal nº {n} de [comunicacao] não tem " + ", ".join(missing),
                    column="canais",
                )
            )
            continue
        channels.append(Channel(item["nome"], item["tipo"], item["situacao"], item["descricao"]))
    projects = data.get("cpd", {}).get("projetos", [])
    if not all(isinstance(p, str) for p in projects):
        problems.append(
            Problem(shown, "[cpd] projetos deve ser uma lista de frases", column="projetos")
        )
    if problems:
        raise BadInput(problems)
    return Highlights(
        str(data.get("secretaria", {}).get("responsavel", "")), tuple(channels), tuple(projects)
    )
