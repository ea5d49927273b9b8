"""The sentences of the Convênios report (the paragraph of the balance's summary and
of the department's report; the figure its year-over-year sentence is about)."""

from __future__ import annotations

from ...formatting import join_pt, plural
from ...sentences import SEE_QUALITY, guarded, n, v


@guarded(
    (
        "convenios_federais",
        "convenios_federais_valor",
        "convenios_estaduais",
        "convenios_estaduais_valor",
        "recursos_captados",
        "oficios",
    ),
    "No setor de Convênios:",
)
def paragraph(ind, hl=None) -> str:
    fed, est = n(ind, "convenios_federais"), n(ind, "convenios_estaduais")
    if fed == 0 and est == 0:
        return (
            "No setor de Convênios, os dados recebidos não registram nenhum convênio "
            f"celebrado no ano (0 federais e 0 estaduais); {SEE_QUALITY}. Ofícios enviados: "
            f"{v(ind, 'oficios')}."
        )
    fed_txt = plural(fed, "convênio federal", "convênios federais")
    est_txt = plural(est, "convênio estadual", "convênios estaduais")
    verb = "totalizou" if fed == 1 else "totalizaram"
    return (
        f"No setor de Convênios, foram celebrados {fed_txt} que {verb} "
        f"{v(ind, 'convenios_federais_valor')}, além de {est_txt} no valor de "
        f"{v(ind, 'convenios_estaduais_valor')}. O total de recursos captados chegou a "
        f"{v(ind, 'recursos_captados')}. Foram ainda enviados "
        f"{plural(n(ind, 'oficios'), 'ofício', 'ofícios')} para formalizar novas parcerias "
        "e garantir recursos adicionais para demandas prioritárias."
    )


#: The figure of the year-over-year sentence: (indicator, subject, plural).
HEADLINE = ("recursos_captados", "o total de recursos captados em convênios", False)
#: The median time stated in the department's report (indicator, sentence head), if any.
MEDIAN = None


def methodology(settings) -> list[str]:
    """How the municipality file decides which convênios are the municipality's
    (printed in the consolidated report's methodology), in sentences a citizen
    reads: the name variants only when the file declares some."""
    variants = [x for x in dict.fromkeys(settings.name_variants) if x != settings.municipality]
    also = (
        f" (ou {'a grafia' if len(variants) == 1 else 'as grafias'} {join_pt(variants, sep=', ')})"
        if variants
        else ""
    )
    return [
        "Um convênio federal é do município quando a proposta registrada no Transferegov "
        f"traz o código IBGE do município, {settings.ibge_code}; quando a proposta não traz "
        f"o código, valem a UF e o nome do município{also}, sem diferença de acentos ou de "
        "maiúsculas. Só contam as propostas da própria Prefeitura, registrada no Transferegov "
        f"com a natureza jurídica {settings.municipal_nature}. Os convênios estaduais são os "
        f"assinados com o {settings.state_government}."
    ]
