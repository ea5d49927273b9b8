"""A figure of the balance (:class:`Indicator`) and its units: what every
department's ``summarise`` returns and what the narrative, the checks and the
published files read. Lowest floor: it imports nothing of the package."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

COUNT = "contagem"
MONEY = "reais"
DAYS = "dias"
UNITS = (COUNT, MONEY, DAYS)


@dataclass(frozen=True)
class Indicator:
    """A figure of the balance, with what it means and where it came from."""

    key: str
    department: str
    label: str
    definition: str
    unit: str
    #: ``None`` means "não disponível": the input column is absent or has no
    #: valid value. Never stands for zero; ``reason`` then says why (Portuguese).
    value: float | int | None
    sources: tuple[str, ...] = field(default=())
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if self.value is None and not self.reason:
            raise ValueError(f"{self.key}: an unavailable indicator needs a reason")

    @property
    def available(self) -> bool:
        return self.value is not None

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["sources"] = list(self.sources)
        return out

    @classmethod
    def from_dict(cls, d: dict) -> Indicator:
        """An indicator as the processed ``indicadores.json`` stores it (its
        :meth:`as_dict`, with the reason also under "motivo")."""
        return cls(
            d["key"],
            d["department"],
            d["label"],
            d["definition"],
            d["unit"],
            d["value"],
            tuple(d["sources"]),
            reason=d.get("motivo") or d.get("reason"),
        )
