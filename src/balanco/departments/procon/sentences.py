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
    fisc = plural(n(ind, "procon_fiscalizacoes"), "fiscalização", "fiscalizações")
    return (
        f"O Procon registrou {total} ao longo do ano. Desse total, {v(ind, 'procon_cips')} "
        "registros foram de Cartas de Informação Preliminar (CIPs), "
        f"{v(ind, 'procon_atendimentos_preliminares')} atendimentos preliminares e "
        f"{v(ind, 'procon_audiencias')} audiências realizadas. Além disso, foram promovidas "
        f"{fisc} em estabelecimentos comerciais, reforçando a defesa dos direitos dos "
        "consumidores."
    )


HEADLINE = ("procon_atendimentos", "os atendimentos do Procon", True)
MEDIAN = None
