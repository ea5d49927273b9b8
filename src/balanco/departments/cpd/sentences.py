"""The sentences of the CPD report (the paragraph of the balance's summary and
of the department's report; the figure its year-over-year sentence is about)."""

from __future__ import annotations

from ...formatting import join_pt, plural
from ...sentences import SEE_QUALITY, n, plain, unavailable


def paragraph(ind, hl) -> str:
    if unavailable(ind, ("chamados",)):
        text = plain(ind, ("chamados",), "No Centro de Processamento de Dados (CPD):")
    elif n(ind, "chamados") == 0:
        text = (
            "Os dados recebidos do Centro de Processamento de Dados (CPD) não registram "
            f"nenhum chamado aberto no ano (0 chamados); {SEE_QUALITY}."
        )
    else:
        text = (
            f"O Centro de Processamento de Dados (CPD) registrou "
            f"{plural(n(ind, 'chamados'), 'chamado', 'chamados')} ao longo do ano."
        )
    if hl.projetos_cpd:
        text += (
            " Entre os trabalhos realizados estão: "
            + join_pt(list(hl.projetos_cpd), sep="; ")
            + "."
        )
    return text


HEADLINE = ("chamados", "os chamados registrados no CPD", True)
MEDIAN = ("chamados_tempo_mediano", "O tempo mediano de solução dos chamados")
