"""One municipality's convênios balance from the federal files alone: its
settings (the municipality file where one exists, else one made from the dumps),
the Convênios department's own rules and sentences, the report's notebook, and
its export through the build's exporters (PDF and accessible HTML).

State convênios and ofícios live in each city hall's own spreadsheets, which the
national edition does not have: those figures are "não disponível", never zero.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .. import charts, formatting, narrative, phone
from ..departments import convenios
from ..display import Chart, Paragraphs, Table
from ..indicator import Indicator
from ..io import fold
from ..settings import Settings
from .partition import Town

#: Why the figures of the department's own records are missing in this edition.
NO_STATE = "esta edição lê só os arquivos federais do Transferegov"
#: Where those records are (the report's sources).
ELSEWHERE = (
    "os convênios estaduais e os ofícios ficam na planilha e no livro de registro de cada "
    "Prefeitura, que os arquivos nacionais não trazem; por isso o total de recursos "
    "captados (federais mais estaduais) também não está disponível"
)
#: The figures that come from the department's own records (not in the dumps).
UNAVAILABLE = ("convenios_estaduais", "convenios_estaduais_valor", "recursos_captados", "oficios")


def display_name(name: str) -> str:
    """A municipality's name as printed: the dumps write it in capitals.

    >>> display_name("MOGI DAS CRUZES"), display_name("São Paulo")
    ('Mogi das Cruzes', 'São Paulo')
    """
    return formatting.institution(name) if name else name


def town_settings(base: Settings, town: Town, *, names: tuple[str, ...] = ()) -> Settings:
    """Settings for a municipality without a file: name, UF and IBGE code from the
    dumps (the names the dumps give it are its variants, so that the department's
    rule finds its propostas without a code), everything else from ``base``."""
    name = display_name(town.name)
    key = f"{town.ibge}|{name}|{town.uf}|{'|'.join(names)}".encode()
    return base.with_(
        slug=f"ibge-{town.ibge}",
        municipality=name,
        uf=town.uf,
        ibge_code=town.ibge,
        departments=("convenios",),
        fictitious=False,
        spellings=(),
        open_free_text=(),
        config_hash=hashlib.sha256(key).hexdigest(),
        name_variants=tuple(dict.fromkeys(n for n in names if n and fold(n) != fold(name))),
        state_government=f"Governo do Estado ({town.uf})",
    )


def figures(
    settings: Settings, convs: pd.DataFrame, props: pd.DataFrame, *, year: int
) -> tuple[dict[str, Indicator], dict[str, pd.DataFrame], pd.DataFrame]:
    """The department's indicators and tables of ``year`` from the federal rows,
    and its processed federal convênios (what ``balanco prepare`` keeps): its rule
    picks the municipality's propostas, its cleaning and counting rules decide what
    counts; the figures of its own records are not available."""
    props = convenios.municipal_rows(props, settings)
    fed = convenios.clean_federal(convs, props, settings=settings, year=year)
    # The department's own records are absent: empty frames give the shapes, and
    # every figure read from them is then marked not available (never zero).
    clean = {
        "convenios_federais": fed,
        "convenios_estaduais": fed.iloc[0:0].assign(esfera="estadual"),
        "oficios": pd.DataFrame(
            {"data": pd.Series([], dtype="datetime64[ns]"), "situacao": pd.Series([], dtype=object)}
        ),
    }
    indicators = {}
    for i in convenios.summarise(clean, year=year):
        if i.key in UNAVAILABLE:
            i = Indicator(
                i.key, i.department, i.label, i.definition, i.unit, None, i.sources, NO_STATE
            )
        indicators[i.key] = i
    # The report's tables, with what the municipality does not publish withheld as
    # the department's report does (:meth:`Sections._tables`).
    tables = convenios.views.withhold(
        convenios.breakdowns(clean, year=year), frozenset(settings.open_free_text)
    )
    return indicators, tables, fed


def summary_row(settings: Settings, indicators: dict[str, Indicator], year: int) -> dict:
    """The town's line in the edition's CSV (numbers stay numbers; missing is None)."""
    row = {
        "ano": year,
        "codigo_ibge": settings.ibge_code,
        "municipio": settings.municipality,
        "uf": settings.uf,
    }
    for key, ind in indicators.items():
        row[key] = ind.value
    return row


def _bundle(obj) -> dict:
    import nbformat.v4 as v4

    if isinstance(obj, Chart):
        data, meta = obj._repr_mimebundle_()
        return v4.new_output("display_data", data=data, metadata=meta)
    data = {"text/plain": repr(obj)}
    for mime, attr in (
        ("text/markdown", "_repr_markdown_"),
        ("text/html", "_repr_html_"),
        ("text/latex", "_repr_latex_"),
    ):
        if hasattr(obj, attr):
            data[mime] = getattr(obj, attr)()
    return v4.new_output("display_data", data=data)


def _cell(*objs):
    import nbformat.v4 as v4

    cell = v4.new_code_cell("")
    cell.outputs = [_bundle(o) for o in objs]
    return cell


def _bodies_chart(tables: dict[str, pd.DataFrame], indicators: dict[str, Indicator]):
    """The granting bodies' chart, drawn as the department's report draws it (the
    same drawing, wide and for phones)."""
    draw = convenios.views.CHARTS["por_orgao"]
    if not tables["por_orgao"]["valor_repasse"].to_numpy().any():
        return Paragraphs([f"{draw.what}: gráfico não disponível. Nenhum convênio federal no ano."])

    def drawing(fig) -> str:
        return draw(fig.add_subplot(), tables, indicators)

    with charts.figure(height=draw.height) as fig:
        title = drawing(fig)
        svg, pdf = charts.render(fig)
        alt = charts.alt_text(fig, title)
    return Chart(svg, pdf, title, alt, phone.svg(draw.height, drawing))


def notebook(settings: Settings, indicators, tables, *, year: int):
    """The town's report as an executed notebook (outputs only, no code): cover,
    summary, figures, the granting bodies' chart and table, sources."""
    import nbformat.v4 as v4

    s = settings
    cover = (
        f"# Convênios federais de {year}\n\n"
        f"**Prefeitura Municipal de {s.municipality} ({s.uf}) · código IBGE {s.ibge_code}**"
    )
    cover_tex = (
        f"\\section*{{Convênios federais de {year}}}\n\\textbf{{Prefeitura Municipal de "
        f"{_tex(s.municipality)} ({s.uf}) · código IBGE {s.ibge_code}}}\n"
    )
    first = v4.new_code_cell("")
    first.outputs = [
        v4.new_output(
            "display_data",
            data={"text/markdown": cover, "text/latex": cover_tex, "text/plain": cover},
        )
    ]
    rows = [
        [i.label, formatting.indicator_value(i.value, i.unit) if i.available else "não disponível"]
        for i in indicators.values()
    ]
    cells = [
        first,
        v4.new_markdown_cell("# Resumo"),
        _cell(Paragraphs([narrative.department(convenios.NAME, indicators, None)])),
        v4.new_markdown_cell("# Indicadores"),
        _cell(Table(["Indicador", "Valor"], rows, align="lr", note=f"Não disponível: {NO_STATE}.")),
        v4.new_markdown_cell("# Órgãos concedentes"),
        _cell(_bodies_chart(tables, indicators)),
        _cell(convenios.views.TABLES["por_orgao"](tables)),
        v4.new_markdown_cell("# Fontes"),
        _cell(
            Paragraphs(
                [
                    "Arquivos nacionais do Transferegov (dados abertos: siconv_proposta.csv e "
                    "siconv_convenio.csv), lidos uma vez para todos os municípios. "
                    + convenios.sentences.methodology(s)[0],
                    f"Não disponível nesta edição: {ELSEWHERE}.",
                ]
            )
        ),
    ]
    for k, cell in enumerate(cells):  # the same ids on every run: the same page
        cell.id = f"celula-{k}"
    nb = v4.new_notebook(cells=cells)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def _tex(text: str) -> str:
    from ..display import latex_escape

    return latex_escape(text)


def write_notebook(nb, target: Path) -> Path:
    import nbformat

    from .. import files

    target.parent.mkdir(parents=True, exist_ok=True)
    files.atomic_write(target, nbformat.writes(nb))
    return target
