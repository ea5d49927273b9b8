"""The sentences of the Procon report (the paragraph of the balance's summary and
of the department's report; the figure its year-over-year sentence is about)."""

from __future__ import annotations

from ...formatting import plural
from ...sentences import SEE_QUALITY, guarded, n, v


@guarded(
    (
        "procon_atendimentos",
        "procon_cips",
        "procon_atendimentos_preliminares",
        "procon_audiencias",
        "procon_fiscalizacoes",
    ),
    "No Procon:",
)
def paragraph(ind, hl=None) -> str:
    if n(ind, "procon_atendimentos") == 0:
        return (
            "Os dados recebidos do Procon não registram nenhum atendimento no ano "
            f"(0 atendimentos); {SEE_QUALITY}."
        )
    total = plural(n(ind, "procon_atendimentos"), "atendimento", "atendimentos")
    # A part that is zero is said plainly, never as "0 audiências realizadas".
    parts = [
        f"{v(ind, 'procon_cips')} registros foram de Cartas de Informação Preliminar (CIPs)"
        if n(ind, "procon_cips")
        else "nenhum registro foi de Carta de Informação Preliminar (CIP)",
        f"{v(ind, 'procon_atendimentos_preliminares')} atendimentos preliminares"
        if n(ind, "procon_atendimentos_preliminares")
        else "nenhum atendimento preliminar",
        f"{v(ind, 'procon_audiencias')} audiências realizadas"
        if n(ind, "procon_audiencias")
        else f"nenhuma audiência realizada no ano — {SEE_QUALITY}",
    ]
    fiscal = (
        f"Além disso, foram promovidas "
        f"{plural(n(ind, 'procon_fiscalizacoes'), 'fiscalização', 'fiscalizações')} em "
        "estabelecimentos comerciais, reforçando a defesa dos direitos dos consumidores."
        if n(ind, "procon_fiscalizacoes")
        else f"Nenhuma fiscalização de estabelecimentos comerciais foi registrada no ano "
        f"({SEE_QUALITY})."
    )
    return (
        f"O Procon registrou {total} ao longo do ano. Desse total, {parts[0]}, "
        f"{parts[1]} e {parts[2]}. {fiscal}"
    )


HEADLINE = ("procon_atendimentos", "os atendimentos do Procon", True)
MEDIAN = None
