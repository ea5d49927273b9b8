"""The sentences of the Comunicação report (the paragraph of the balance's summary and
of the department's report; the figure its year-over-year sentence is about)."""

from __future__ import annotations

from ...formatting import join_pt, plural
from ...sentences import SEE_QUALITY, n, plain, unavailable


def paragraph(ind, hl) -> str:
    keys = ("releases", "demandas_respondidas")
    if unavailable(ind, keys):
        text = plain(ind, keys, "Na Comunicação:")
    else:
        text = (
            f"Na Comunicação, foram produzidos "
            f"{plural(n(ind, 'releases'), 'release', 'releases')} e respondidas "
            f"{plural(n(ind, 'demandas_respondidas'), 'demanda', 'demandas')} da imprensa."
        )
        if n(ind, "releases") == 0 or n(ind, "demandas_respondidas") == 0:
            text += f" Há indicador igual a zero nos dados recebidos; {SEE_QUALITY}."
    if hl.canais:
        items = [f"{c.nome} ({c.tipo} {c.situacao}), que {c.descricao}" for c in hl.canais]
        text += (
            " Entre os meios de interação com a população, destacam-se: "
            + join_pt(items, sep="; ")
            + "."
        )
    return text


HEADLINE = ("releases", "os releases produzidos", True)
MEDIAN = ("demandas_tempo_mediano", "O tempo mediano de resposta à imprensa")


def methodology(settings) -> list[str]:
    """Which posts of the site count as releases (the municipality file's
    ``categorias_release``), for the consolidated report's methodology."""
    names = [f'"{c}"' for c in settings.release_categories]
    one = len(names) == 1
    where = f"na categoria {names[0]}" if one else f"numa das categorias {join_pt(names)}"
    return [
        f"Um post publicado no site conta como release quando está {where} (sem diferença "
        "de acentos ou de maiúsculas)."
    ]
