"""The sentences of the Procon report (the paragraph of the balance's summary and
of the department's report; the figure its year-over-year sentence is about)."""

from __future__ import annotations

from ...formatting import join_pt, plural
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
    # The total is the Sindec atendimentos plus the audiências and the fiscalizações
    # (rules.summarise): the parts below add up to it, fiscalizações included.
    others = (
        n(ind, "procon_atendimentos")
        - n(ind, "procon_cips")
        - n(ind, "procon_atendimentos_preliminares")
        - n(ind, "procon_audiencias")
        - n(ind, "procon_fiscalizacoes")
    )
    # A part that is zero is said plainly, never as "0 audiências realizadas".
    parts = [
        f"{v(ind, 'procon_cips')} registros foram de Cartas de Informação Preliminar (CIPs)"
        if n(ind, "procon_cips")
        else "nenhum registro foi de Carta de Informação Preliminar (CIP)",
        f"{v(ind, 'procon_atendimentos_preliminares')} atendimentos preliminares"
        if n(ind, "procon_atendimentos_preliminares")
        else "nenhum atendimento preliminar",
    ]
    if others > 0:
        parts.append(
            plural(others, "outro atendimento registrado", "outros atendimentos registrados")
            + " no Sindec"
        )
    parts.append(
        f"{v(ind, 'procon_audiencias')} audiências realizadas"
        if n(ind, "procon_audiencias")
        else f"nenhuma audiência realizada no ano — {SEE_QUALITY} —"
    )
    parts.append(
        f"{plural(n(ind, 'procon_fiscalizacoes'), 'fiscalização', 'fiscalizações')} em "
        "estabelecimentos comerciais, que reforçam a defesa dos direitos dos consumidores"
        if n(ind, "procon_fiscalizacoes")
        else f"nenhuma fiscalização em estabelecimentos comerciais ({SEE_QUALITY})"
    )
    return (
        f"O Procon registrou {total} ao longo do ano, contadas as audiências e as "
        f"fiscalizações. Desse total, {join_pt(parts)}."
    )


HEADLINE = ("procon_atendimentos", "os atendimentos do Procon", True)
MEDIAN = None
