"""The report as a citizen reads it (issue 17): no developer's words in the body of
the public document (file names, hashes and parameters belong to the colophon,
for auditors), and every generated sentence has a verb."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from balanco import narrative
from balanco.config import Settings
from balanco.departments import DEPARTMENTS
from balanco.departments.base import COUNT, DAYS, MONEY, Indicator
from balanco.highlights import Channel, Highlights
from balanco.notebook import open_report
from balanco.typst_markup import TYPST

#: Words of the code and its files that must not reach the body of the report.
DEVELOPER_WORDS = (
    "pacote balanco",
    "pacote `balanco`",
    "indicadores.json",
    "manifest.toml",
    "Variantes do nome: nenhuma",
    "Parâmetros:",
    "pasta de dados data",
    "data/raw/README.md",
    "aceites.toml",
    "/wp-json/",
    "X-WP-Total",
)
#: A full SHA-256 written out (64 hexadecimal characters).
HASH = re.compile(r"\b[0-9a-f]{64}\b")


def body_outputs(report) -> list[object]:
    """Every section of the report's body a reader sees (the colophon is the
    auditors' and is left out; charts are h17b's and carry no prose here)."""
    parts = [report.summary(), report.quality(), report.sources()]
    if report.department is None:
        parts += [report.reconciliation(), report.methodology()]
        parts += [report.indicators(d.NAME) for d in DEPARTMENTS]
    else:
        parts += [report.indicators(), report.definitions()]
    return parts


def rendered(part) -> str:
    """The print forms (Typst for the PDF, LaTeX for the stock route) and the screen
    forms (Markdown or HTML) of an output."""
    forms = []
    for method in ("_repr_latex_", "_repr_markdown_", "_repr_html_"):
        if hasattr(part, method):
            text = getattr(part, method)()
            if isinstance(text, tuple):  # (data, metadata)
                text = text[0]
            if text:
                forms.append(text)
    if hasattr(part, "_repr_mimebundle_"):
        bundle = part._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if data.get(TYPST):
            forms.append(data[TYPST])
    unescaped = (f.replace("\\_", "_").replace("\\.", ".").replace("\\-", "-") for f in forms)
    return "\n".join(unescaped)


@pytest.fixture(scope="module", params=[None, "procon"], ids=["consolidado", "procon"])
def public_report(prepared, request):
    return open_report(
        year=2024,
        data_dir=str(prepared.data_path),
        reports_dir=str(prepared.root / "reports"),
        department=request.param,
    )


def test_the_body_has_no_developer_word_and_no_hash(public_report):
    text = "\n".join(rendered(p) for p in body_outputs(public_report))
    found = [w for w in DEVELOPER_WORDS if w.casefold() in text.casefold()]
    assert not found, found
    assert not HASH.search(text)
    # Nor a rule in bold that reads as a finding ("**Nenhum registro no ano**: …").
    quality = rendered(public_report.quality())
    assert "**Nenhum registro no ano do balanço**" not in quality
    assert "\\textbf{Nenhum registro no ano do balanço}" not in quality


def test_file_names_and_hashes_are_in_the_colophon_shortened_on_screen(public_report):
    colophon = public_report.colophon()
    files = [
        s
        for s in public_report.data.sources
        if public_report.department in (None, s["departamento"])
    ]
    first = files[0]
    assert first["arquivo"].replace("_", "\\_") in colophon.latex
    assert str(first["sha256"])[:12] in colophon.latex
    # On screen, no hash is spelled out 64 characters at a time: a short prefix,
    # the whole value in the element's title.
    visible = re.sub(r'title="[^"]*"', "", colophon.markdown)
    assert not HASH.search(visible)
    assert f'title="SHA-256 {first["sha256"]}"' in colophon.markdown


# ----------------------------------------------------------------------- verbs

#: Finite verb forms (and the impersonal "há") of the generated sentences: a
#: sentence with none of them is a bare "Rótulo: valor." that no editor signs.
VERBS = {
    "é", "são", "foi", "foram", "há", "está", "estão", "tem", "têm", "teve",
    "apresenta", "registrou", "registraram", "chegou", "totalizou", "totalizaram",
    "cresceu", "cresceram", "caiu", "caíram", "ficou", "ficaram", "estáveis",
    "destaca-se", "destacam-se", "aproxima", "mantém", "leva", "reforçam", "conta",
    "contam", "valem", "vale", "fazem", "faz", "aparece", "aparecem", "passam", "passa",
    "impedem", "geram", "diz", "dizem", "muda", "mudam", "vêm", "confere", "conferem",
    "lista", "segue", "cabe", "fica", "pode", "lê", "entram", "entra",
}  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.:;!?])\s+(?=[A-ZÁÉÍÓÚÂÊÔÃÕÇ])")


def verbless(text: str) -> list[str]:
    """The sentences of ``text`` without a finite verb of :data:`VERBS`."""
    out = []
    for sentence in _SENTENCE_END.split(text.strip()):
        words = {w.lower() for w in re.findall(r"[\wÀ-ÿ-]+", sentence)}
        if not words & VERBS:
            out.append(sentence)
    return out


def test_the_verb_check_catches_the_old_fragments():
    assert verbless("Variantes do nome: nenhuma.") == ["Variantes do nome: nenhuma."]
    assert verbless("Chamados registrados: não disponível — o GLPI não exportou.")
    assert not verbless("O Procon registrou 3.303 atendimentos ao longo do ano.")


def _indicators(available: bool = True) -> dict[str, Indicator]:
    values = {
        "convenios_federais": (22, COUNT),
        "convenios_federais_valor": (97_342_718.45, MONEY),
        "convenios_estaduais": (36, COUNT),
        "convenios_estaduais_valor": (53_138_560.27, MONEY),
        "recursos_captados": (150_481_278.72, MONEY),
        "oficios": (91, COUNT),
        "procon_atendimentos": (3303, COUNT),
        "procon_cips": (1783, COUNT),
        "procon_atendimentos_preliminares": (1194, COUNT),
        "procon_audiencias": (311, COUNT),
        "procon_fiscalizacoes": (15, COUNT),
        "releases": (390, COUNT),
        "demandas_respondidas": (1214, COUNT),
        "demandas_tempo_mediano": (1.1, DAYS),
        "chamados": (1385, COUNT),
        "chamados_tempo_mediano": (1.0, DAYS),
    }
    out = {}
    for key, (value, unit) in values.items():
        missing = not available and key in ("releases", "chamados", "procon_audiencias")
        out[key] = Indicator(
            key,
            "x",
            key.replace("_", " ").capitalize(),
            "definição",
            unit,
            None if missing else value,
            ("f",),
            reason="a exportação não tem a coluna" if missing else None,
        )
    return out


HL = Highlights(
    "Marcello Barbosa",
    (
        Channel("Fala Itaquá", "podcast", "lançado em 2024", "aproxima os moradores da gestão"),
        Channel("Boletim Itaquá", "boletim", "mantido em 2024", "mantém a população informada"),
    ),
    ("substituição de computadores", "ampliação do sistema Domínio"),
)


@pytest.mark.parametrize("available", [True, False], ids=["disponiveis", "indisponiveis"])
def test_every_generated_sentence_has_a_verb(available):
    ind = _indicators(available)
    settings = Settings(root=ROOT)
    texts = [*narrative.summary(ind, HL, year=2024, settings=settings)]
    texts += [narrative.department(d.NAME, ind, HL) for d in DEPARTMENTS]
    prev = {k: Indicator(k, "x", i.label, "d", i.unit, 100, ("f",)) for k, i in ind.items()}
    names = [d.NAME for d in DEPARTMENTS]
    for demo in (True, False):
        texts.append(narrative.comparison(names, ind, prev, previous_year=2023, demo=demo))
    for d in DEPARTMENTS:
        rules = getattr(d.sentences, "methodology", None)
        texts += rules(settings) if rules else []
    found = [s for t in texts for s in verbless(t)]
    assert not found, found


def test_the_procon_paragraph_says_the_fiscalizacoes_are_part_of_the_total():
    from balanco.departments.procon import sentences

    text = sentences.paragraph(_indicators())
    # 1.783 + 1.194 + 311 + 15 = 3.303: the parts named after "Desse total" add up.
    assert "3.303 atendimentos ao longo do ano, contadas as audiências e as fiscalizações" in text
    assert "Desse total, 1.783 registros foram de Cartas de Informação Preliminar (CIPs), " in text
    assert "311 audiências realizadas e 15 fiscalizações em estabelecimentos comerciais" in text
    assert "Além disso" not in text


def test_channels_are_named_once_and_in_the_release_style():
    from balanco.departments.comunicacao import sentences

    text = sentences.paragraph(_indicators(), HL)
    assert "o podcast Fala Itaquá, lançado em 2024, que aproxima" in text
    # "mantido em 2024, que mantém": the description's verb says it already.
    assert "o Boletim Itaquá, que mantém a população informada" in text
    assert "(boletim" not in text and "boletim Boletim" not in text


def test_the_checks_read_for_a_citizen():
    # Issue 17 (review): the quality section listed "Arquivo do manifesto ausente",
    # "Valor ilegível que nenhuma regra lê": developer's words. The codes stay.
    from balanco import checks

    words = ("manifesto", "indicador", "regra lê")
    titles = [c.title for c in checks.CHECKS.values()]
    assert [t for t in titles if any(w in t.lower() for w in words)] == []
    assert "arquivo_do_manifesto_ausente" in checks.CHECKS  # the code is kept
