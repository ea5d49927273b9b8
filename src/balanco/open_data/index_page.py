"""The open data's front page, ``reports/<ano>/dados-abertos/index.html``: what each
dataset holds, its formats and sizes, the data dictionary and the package
descriptor — the page the report's HTML links to, so that the link works on any
web server (none has to list the folder). Same look and landmarks as the reports'
HTML (``templates/balanco_html/balanco.css``): header, contents, main, footer."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

from .. import formatting
from ..departments.open_data_spec import Dataset
from ..settings import INDICATORS_FILE, Settings
from .datapackage import SCHEMA_FILE

#: The reports' stylesheet (the HTML template's folder under ``templates/``).
CSS = Path("balanco_html") / "balanco.css"

#: The files beside the datasets, in the order the page lists them, with what they are.
DESCRIBED = (
    ("dicionario.csv", "Dicionário dos dados", "CSV"),
    ("dicionario.md", "Dicionário dos dados, para ler", "Markdown"),
    ("datapackage.json", "Descrição do pacote (Frictionless Data)", "JSON"),
    (INDICATORS_FILE, "Indicadores do balanço, com definição, unidade e fontes", "JSON"),
    (SCHEMA_FILE, "Esquema dos indicadores (JSON Schema)", "JSON"),
)
_SECTIONS = (
    ("conjuntos", "Conjuntos de dados"),
    ("dicionario", "Dicionário e descrição do pacote"),
    ("como-usar", "Como usar"),
)


def _e(text: object) -> str:
    return html.escape(str(text))


def _link(folder: Path, name: str, fmt: str) -> str:
    size = formatting.file_size((folder / name).stat().st_size)
    return f'<a href="{_e(name)}">{_e(fmt)}</a> <span class="num">({_e(size)})</span>'


def _css(settings: Settings) -> str:
    path = settings.templates_dir / CSS
    return path.read_text("utf-8") if path.is_file() else ""


def page(
    folder: Path,
    settings: Settings,
    *,
    year: int,
    specs: Sequence[Dataset],
    rows: Mapping[str, int],
    k: int,
) -> str:
    """The front page of the open data written in ``folder`` (sizes read from the
    files there); ``rows``: the number of published rows of each dataset."""
    title = f"Dados abertos do balanço de {year}"
    whose = f"{settings.secretariat} · Prefeitura de {settings.municipality}"
    contents = "".join(f'<li><a href="#{i}">{_e(t)}</a></li>' for i, t in _SECTIONS)
    body_rows = "".join(
        "<tr>"
        f'<th scope="row">{_e(spec.title)}<br><small>{_e(spec.name)}</small></th>'
        f"<td>{_e(_description(spec))}</td>"
        f'<td class="num">{_e(formatting.count(rows.get(spec.name, 0)))}</td>'
        f"<td>{_link(folder, spec.name + '.csv', 'CSV')}</td>"
        f"<td>{_link(folder, spec.name + '.parquet', 'Parquet')}</td>"
        "</tr>"
        for spec in specs
    )
    datasets_table = (
        '<div class="tabela" role="region" aria-labelledby="tabela-conjuntos" tabindex="0">'
        f'<table><caption id="tabela-conjuntos">Conjuntos de dados de {year}: '
        "descrição, registros e arquivos</caption>"
        '<thead><tr><th scope="col">Conjunto de dados</th><th scope="col">Origem e colunas</th>'
        '<th scope="col" class="num">Registros</th><th scope="col">Planilha</th>'
        '<th scope="col">Parquet</th></tr></thead>'
        f"<tbody>{body_rows}</tbody></table></div>"
    )
    others = "".join(
        f"<li>{_e(what)}: <code>{_e(name)}</code>, {_link(folder, name, fmt)}</li>"
        for name, what, fmt in DESCRIBED
        if (folder / name).is_file()
    )
    return f"""<!DOCTYPE html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} — {_e(whose)}</title>
<style>
{_css(settings)}
th {{ text-align: left; }}
th.num, td.num {{ text-align: right; }}
</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<p><strong>{_e(whose)}</strong></p>
</header>
<nav aria-labelledby="sumario"><p id="sumario" class="sumario">Sumário</p>
<ol>{contents}</ol></nav>
<main id="conteudo">
<p>Esta página reúne os registros do ano de cada conjunto de dados do balanço, sem
dados pessoais (Lei Geral de Proteção de Dados, Lei 13.709/2018): nomes de pessoas não são
publicados e os dados dos consumidores atendidos pelo Procon seguem o k-anonimato com
k&nbsp;=&nbsp;{k}. Cada conjunto está em dois formatos: planilha CSV para o Excel em
português e Parquet, para programas de análise de dados.</p>
<h2 id="conjuntos">Conjuntos de dados</h2>
{datasets_table}
<h2 id="dicionario">Dicionário e descrição do pacote</h2>
<p>O dicionário descreve cada coluna: tipo, unidade, origem e o que foi feito para
proteger dados pessoais.</p>
<ul>{others}</ul>
<h2 id="como-usar">Como usar</h2>
<p>Na planilha CSV, as colunas são separadas por ponto e vírgula, os números usam
vírgula decimal e as datas estão no formato dia/mês/ano; uma célula vazia quer dizer
"não informado". A coluna <code>conta_no_indicador</code> de cada conjunto diz se o
registro entra no indicador do balanço (<code>sim</code>) ou não (<code>não</code>).</p>
</main>
<footer>
<p>Estes dados abertos foram publicados com o balanço de {year} da
{_e(settings.secretariat)}, Prefeitura de {_e(settings.municipality)}.</p>
</footer>
</body>
</html>
"""


def _description(spec: Dataset) -> str:
    """What a dataset holds: where its records come from and how many columns
    are published."""
    published = sum(1 for c in spec.columns if c.published)
    columns = formatting.plural(published, "coluna publicada", "colunas publicadas")
    return f"Origem: {spec.raw_file}; {columns}."
