"""The sentences of the Comunicação report (the paragraph of the balance's summary and
of the department's report; the figure its year-over-year sentence is about)."""

from __future__ import annotations

from ...formatting import join_pt, plural
from ...io import fold
from ...sentences import SEE_QUALITY, n, plain, unavailable


def channel(c) -> str:
    """One channel of ``destaques.toml`` as the release names it: "o podcast Fala
    Cidade, lançado em 2024, que aproxima …". The type is not repeated when the name
    already says it ("o Boletim da Cidade", not "o boletim Boletim da Cidade"); the article
    agrees with the situation's participle ("criada" → "a").

    >>> from types import SimpleNamespace as C
    >>> channel(C(nome="Fala Cidade", tipo="podcast", situacao="lançado em 2024",
    ...           descricao="aproxima os moradores"))
    'o podcast Fala Cidade, lançado em 2024, que aproxima os moradores'
    >>> channel(C(nome="Newsletter dos servidores", tipo="newsletter",
    ...           situacao="criada em 2024", descricao="leva os destaques"))
    'a Newsletter dos servidores, criada em 2024, que leva os destaques'
    >>> channel(C(nome="Boletim da Cidade", tipo="boletim", situacao="mantido em 2024",
    ...           descricao="mantém a população informada"))
    'o Boletim da Cidade, que mantém a população informada'
    """
    first = c.situacao.split(" ", 1)[0]
    article = {"a": "a ", "o": "o ", "as": "as ", "os": "os "}.get(
        next((e for e in ("as", "os", "a", "o") if fold(first).lower().endswith("d" + e)), ""), ""
    )
    named = fold(c.nome).startswith(fold(c.tipo))
    what = c.nome if named else f"{c.tipo} {c.nome}"
    # "mantido em 2024, que mantém …": the situation that the description's verb
    # repeats is left out, as an editor would.
    if fold(c.situacao)[:4] == fold(c.descricao)[:4]:
        return f"{article}{what}, que {c.descricao}"
    return f"{article}{what}, {c.situacao}, que {c.descricao}"


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
        items = [channel(c) for c in hl.canais]
        verb = "destaca-se" if len(items) == 1 else "destacam-se"
        text += (
            f" Entre os meios de interação com a população, {verb} "
            + join_pt(items, sep="; " if len(items) > 1 else ", ")
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
