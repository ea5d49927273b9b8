"""The Portuguese summary of the balance, built from indicators, in the style of
the press office's release. Numbers are formatted exactly as the release
formats them (``formatting.indicator_value``)."""

from __future__ import annotations

from .config import Settings
from .departments.base import Indicator
from .formatting import indicator_value, join_pt, plural
from .highlights import Highlights


def _v(ind: dict[str, Indicator], key: str) -> str:
    i = ind[key]
    return indicator_value(i.value, i.unit)


def _n(ind: dict[str, Indicator], key: str) -> float:
    return ind[key].value


def _unavailable(ind: dict[str, Indicator], keys: tuple[str, ...]) -> list[Indicator]:
    return [ind[k] for k in keys if k in ind and not ind[k].available]


def _plain(ind: dict[str, Indicator], keys: tuple[str, ...], lead: str) -> str:
    """The figures one by one, when some are not available: a sentence built for
    the numbers would otherwise print a missing figure as if it were one."""
    parts = []
    for k in keys:
        i = ind[k]
        if i.available:
            parts.append(f"{i.label}: {_v(ind, k)}.")
        else:
            parts.append(f"{i.label}: não disponível — {i.reason}.")
    return f"{lead} " + " ".join(parts)


def _guarded(keys: tuple[str, ...], lead: str):
    """Use the release-style sentence only when every figure it cites is available."""

    def wrap(fn):
        def paragraph(ind: dict[str, Indicator], *args):
            if _unavailable(ind, keys):
                return _plain(ind, keys, lead)
            return fn(ind, *args)

        paragraph.__doc__ = fn.__doc__
        return paragraph

    return wrap


#: A zero is stated plainly, never as an achievement, and sends the reader to the
#: checks (notebook.Report.quality).
SEE_QUALITY = "veja a seção Qualidade dos dados"


def opening(ind: dict[str, Indicator], hl: Highlights, *, year: int, settings: Settings) -> str:
    led = f" Liderada por {hl.responsavel}, a pasta" if hl.responsavel else " A pasta"
    return (
        f"A {settings.secretariat} de {settings.municipality} apresenta o balanço dos "
        f"trabalhos realizados ao longo de {year}.{led} é responsável por assessorar e "
        "articular demandas dos departamentos de Convênios, Comunicação, Centro de "
        "Processamento de Dados (CPD) e do Procon."
    )


@_guarded(
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
def convenios(ind: dict[str, Indicator]) -> str:
    fed, est = _n(ind, "convenios_federais"), _n(ind, "convenios_estaduais")
    if fed == 0 and est == 0:
        return (
            "No setor de Convênios, os dados recebidos não registram nenhum convênio "
            f"celebrado no ano (0 federais e 0 estaduais); {SEE_QUALITY}. Ofícios enviados: "
            f"{_v(ind, 'oficios')}."
        )
    fed_txt = plural(fed, "convênio federal", "convênios federais")
    est_txt = plural(est, "convênio estadual", "convênios estaduais")
    verb = "totalizou" if fed == 1 else "totalizaram"
    return (
        f"No setor de Convênios, foram celebrados {fed_txt} que {verb} "
        f"{_v(ind, 'convenios_federais_valor')}, além de {est_txt} no valor de "
        f"{_v(ind, 'convenios_estaduais_valor')}. O total de recursos captados chegou a "
        f"{_v(ind, 'recursos_captados')}. Foram ainda enviados "
        f"{plural(_n(ind, 'oficios'), 'ofício', 'ofícios')} para formalizar novas parcerias "
        "e garantir recursos adicionais para demandas prioritárias."
    )


@_guarded(
    (
        "procon_atendimentos",
        "procon_cips",
        "procon_atendimentos_preliminares",
        "procon_audiencias",
        "procon_fiscalizacoes",
    ),
    "No Procon:",
)
def procon(ind: dict[str, Indicator]) -> str:
    if _n(ind, "procon_atendimentos") == 0:
        return (
            "Os dados recebidos do Procon não registram nenhum atendimento no ano "
            f"(0 atendimentos); {SEE_QUALITY}."
        )
    total = plural(_n(ind, "procon_atendimentos"), "atendimento", "atendimentos")
    fisc = plural(_n(ind, "procon_fiscalizacoes"), "fiscalização", "fiscalizações")
    return (
        f"O Procon registrou {total} ao longo do ano. Desse total, {_v(ind, 'procon_cips')} "
        "registros foram de Cartas de Informação Preliminar (CIPs), "
        f"{_v(ind, 'procon_atendimentos_preliminares')} atendimentos preliminares e "
        f"{_v(ind, 'procon_audiencias')} audiências realizadas. Além disso, foram promovidas "
        f"{fisc} em estabelecimentos comerciais, reforçando a defesa dos direitos dos "
        "consumidores."
    )


def comunicacao(ind: dict[str, Indicator], hl: Highlights) -> str:
    keys = ("releases", "demandas_respondidas")
    if _unavailable(ind, keys):
        text = _plain(ind, keys, "Na Comunicação:")
    else:
        text = (
            f"Na Comunicação, foram produzidos "
            f"{plural(_n(ind, 'releases'), 'release', 'releases')} e respondidas "
            f"{plural(_n(ind, 'demandas_respondidas'), 'demanda', 'demandas')} da imprensa."
        )
        if _n(ind, "releases") == 0 or _n(ind, "demandas_respondidas") == 0:
            text += f" Há indicador igual a zero nos dados recebidos; {SEE_QUALITY}."
    if hl.canais:
        items = [f"{c.nome} ({c.tipo} {c.situacao}), que {c.descricao}" for c in hl.canais]
        text += (
            " Entre os meios de interação com a população, destacam-se: "
            + join_pt(items, sep="; ")
            + "."
        )
    return text


def cpd(ind: dict[str, Indicator], hl: Highlights) -> str:
    if _unavailable(ind, ("chamados",)):
        text = _plain(ind, ("chamados",), "No Centro de Processamento de Dados (CPD):")
    elif _n(ind, "chamados") == 0:
        text = (
            "Os dados recebidos do Centro de Processamento de Dados (CPD) não registram "
            f"nenhum chamado aberto no ano (0 chamados); {SEE_QUALITY}."
        )
    else:
        text = (
            f"O Centro de Processamento de Dados (CPD) registrou "
            f"{plural(_n(ind, 'chamados'), 'chamado', 'chamados')} ao longo do ano."
        )
    if hl.projetos_cpd:
        text += (
            " Entre os trabalhos do ano estão: " + join_pt(list(hl.projetos_cpd), sep="; ") + "."
        )
    return text


def summary(
    ind: dict[str, Indicator], hl: Highlights, *, year: int, settings: Settings
) -> list[str]:
    """The summary's paragraphs, in the release's order."""
    return [
        opening(ind, hl, year=year, settings=settings),
        convenios(ind),
        procon(ind),
        comunicacao(ind, hl),
        cpd(ind, hl),
    ]


SECTION = {"convenios": convenios, "procon": procon}


#: Median times, stated in the department's own report: (indicator, sentence head).
MEDIANS = {
    "comunicacao": ("demandas_tempo_mediano", "O tempo mediano de resposta à imprensa"),
    "cpd": ("chamados_tempo_mediano", "O tempo mediano de solução dos chamados"),
}


def median_sentence(name: str, ind: dict[str, Indicator]) -> str | None:
    """ "O tempo mediano de solução dos chamados foi de 2,0 dias." or, when not
    available, why (never "0,0 dias")."""
    if name not in MEDIANS or MEDIANS[name][0] not in ind:
        return None
    key, head = MEDIANS[name]
    i = ind[key]
    if not i.available:
        return f"{head} não está disponível: {i.reason}."
    return f"{head} foi de {_v(ind, key)}."


def department(name: str, ind: dict[str, Indicator], hl: Highlights) -> str:
    """The paragraph about one department."""
    if name == "comunicacao":
        text = comunicacao(ind, hl)
    elif name == "cpd":
        text = cpd(ind, hl)
    else:
        text = SECTION[name](ind)
    extra = median_sentence(name, ind)
    return f"{text} {extra}" if extra else text


#: The figure each department's comparison sentence is about: (indicator, subject, plural).
HEADLINE = {
    "convenios": ("recursos_captados", "o total de recursos captados em convênios", False),
    "procon": ("procon_atendimentos", "os atendimentos do Procon", True),
    "comunicacao": ("releases", "os releases produzidos", True),
    "cpd": ("chamados", "os chamados registrados no CPD", True),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def comparison(
    names: list[str],
    ind: dict[str, Indicator],
    prev: dict[str, Indicator] | None,
    *,
    previous_year: int,
    demo: bool,
) -> str:
    """Year-over-year sentences ("Os atendimentos do Procon cresceram 8,3% em relação a
    2023."), or the statement that no comparison is available."""
    from .compare import change, sentence

    if prev is None:
        return f"Não há dados de {previous_year} disponíveis: não há comparação com o ano anterior."
    parts = []
    for name in names:
        key, subject, is_plural = HEADLINE[name]
        before = prev.get(key)
        missing = [i for i in (ind[key], before) if i is not None and not i.available]
        if missing:
            # Never compare with a figure that is not available.
            year = previous_year if missing[0] is before else previous_year + 1
            parts.append(
                f"Não há comparação de {subject} com {previous_year}: o número de {year} "
                f"não está disponível ({missing[0].reason})."
            )
            continue
        text = sentence(
            subject,
            is_plural,
            change(ind[key].value, before.value if before else None),
            previous_year=previous_year,
        )
        if text:
            parts.append(_capital(text) + ".")
    if not parts:
        return f"Os números de {previous_year} não são comparáveis com os deste ano."
    if demo:
        parts.append(
            f"(Comparação feita com dados fictícios de demonstração de {previous_year}, "
            "sem valor oficial.)"
        )
    return " ".join(parts)
