"""The national edition's index: one accessible page ranking the municipalities
by the federal value captured, linking every town's PDF and HTML, and one CSV
of every town's figures with its dictionary."""

from __future__ import annotations

import html
import json
import tempfile
from pathlib import Path

import pandas as pd

from .. import files, formatting
from ..open_data.csv_excel import write_csv
from .task import names

#: The figure the index ranks by: the federal repasses of the convênios signed in
#: the year (the state ones are not in the national files).
RANK_BY = "convenios_federais_valor"
PAGE = "index.html"


def csv_name(year: int) -> str:
    return f"municipios-{year}.csv"


DICTIONARY = "dicionario.csv"

_COLUMNS = {
    "posicao": ("inteiro", "Posição no ranking pelo valor dos convênios federais (1: o maior)."),
    "ano": ("inteiro", "Ano do balanço (ano de assinatura dos convênios)."),
    "codigo_ibge": ("texto", "Código IBGE do município (7 dígitos), como nos arquivos."),
    "municipio": ("texto", "Nome do município (arquivo do município ou arquivos nacionais)."),
    "uf": ("texto", "Sigla da UF."),
}


def table(records: list[dict], year: int) -> pd.DataFrame:
    """One row per town built (ranked by :data:`RANK_BY`, largest first; ties by
    name), with the relative paths of its PDF and HTML."""
    rows = []
    for r in records:
        if r["status"] == "falhou" or not r["linha"]:
            continue
        row = dict(r["linha"])
        f = r["arquivos"]
        # Relative to the index page, in the year's folder beside the towns' folders.
        town = Path(r["pasta"]).name
        row["pdf"] = f"{town}/{f['pdf']}" if "pdf" in f else None
        row["html"] = f"{town}/{f['html']}" if "html" in f else None
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = frame.sort_values(
        [RANK_BY, "municipio"], ascending=[False, True], ignore_index=True, na_position="last"
    )
    return frame.assign(posicao=range(1, len(frame) + 1))[
        ["posicao", *[c for c in frame.columns if c != "posicao"]]
    ]


def dictionary(indicators: list[dict]) -> pd.DataFrame:
    """The CSV's columns: what each holds (the indicators' own definitions)."""
    rows = [{"coluna": k, "tipo": t, "descricao": d} for k, (t, d) in _COLUMNS.items()]
    for i in indicators:
        unit = "reais" if i["unit"] == "reais" else "inteiro"
        missing = " Vazio: não disponível nesta edição." if i["value"] is None else ""
        rows.append(
            {
                "coluna": i["key"],
                "tipo": unit,
                "descricao": f"{i['label']}: {i['definition']}{missing}",
            }
        )
    rows += [
        {"coluna": "pdf", "tipo": "texto", "descricao": "Caminho do PDF do município."},
        {"coluna": "html", "tipo": "texto", "descricao": "Caminho da página do município."},
    ]
    return pd.DataFrame(rows)


def _write_csv(frame: pd.DataFrame, target: Path) -> None:
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        scratch = Path(tmp) / target.name
        write_csv(frame, scratch)
        files.atomic_write(target, scratch.read_bytes())


def page(frame: pd.DataFrame, *, year: int, uf: str, failed: list[dict]) -> str:
    """The index page (HTML, pt-BR; one h1, a captioned table with header cells)."""
    where = "Brasil" if uf == "BR" else f"UF {uf}"
    title = f"Convênios federais de {year} por município — {where}"
    esc = html.escape
    body = []
    for row in frame.itertuples(index=False):
        value = getattr(row, RANK_BY)
        shown = "não disponível" if pd.isna(value) else formatting.money(value)
        links = []
        if isinstance(row.pdf, str):
            links.append(f'<a href="{esc(row.pdf)}">PDF de {esc(row.municipio)}</a>')
        if isinstance(row.html, str):
            links.append(f'<a href="{esc(row.html)}">Página de {esc(row.municipio)}</a>')
        body.append(
            f'<tr><td>{row.posicao}</td><th scope="row">{esc(row.municipio)}</th>'
            f"<td>{esc(row.uf)}</td><td>{esc(row.codigo_ibge)}</td>"
            f"<td>{formatting.count(row.convenios_federais)}</td><td>{shown}</td>"
            f"<td>{' · '.join(links)}</td></tr>"
        )
    fails = ""
    if failed:
        items = "".join(
            f"<li>{esc(r['ibge'])}: {esc(r['problemas'][0].splitlines()[0])}</li>" for r in failed
        )
        fails = (
            f"<h2>Municípios não gerados</h2><p>{len(failed)} município(s) com problemas nos "
            f"dados; os demais foram gerados.</p><ul>{items}</ul>"
        )
    return f"""<!DOCTYPE html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>
body {{ font-family: "DejaVu Sans", sans-serif; color: #1a1a1a; background: #ffffff;
  max-width: 60rem; margin: 0 auto; padding: 1rem; line-height: 1.5; }}
a {{ color: #0b4f8a; }}
table {{ border-collapse: collapse; width: 100%; }}
.rolagem {{ overflow-x: auto; }}
.rolagem:focus {{ outline: 2px solid #0b4f8a; }}
caption {{ text-align: left; font-weight: bold; padding: 0.5rem 0; }}
th, td {{ border-bottom: 1px solid #767676; padding: 0.3rem 0.5rem; text-align: left; }}
td:nth-child(5), td:nth-child(6), td:first-child {{ text-align: right; }}
</style>
</head>
<body>
<main>
<h1>{esc(title)}</h1>
<p>Municípios ordenados pelo valor dos repasses da União nos convênios federais
assinados em {year} (Transferegov). Convênios estaduais e ofícios não estão nos
arquivos nacionais: não disponíveis nesta edição. Os números de todos os municípios
estão em <a href="{esc(csv_name(year))}">{esc(csv_name(year))}</a>, com o
<a href="{DICTIONARY}">dicionário das colunas</a>.</p>
<div class="rolagem" role="region" tabindex="0" aria-labelledby="tabela">
<table>
<caption id="tabela">Convênios federais de {year} por município, do maior valor ao menor</caption>
<thead><tr><th scope="col">Posição</th><th scope="col">Município</th><th scope="col">UF</th>
<th scope="col">Código IBGE</th><th scope="col">Convênios</th>
<th scope="col">Valor dos repasses</th><th scope="col">Relatórios</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</div>
{fails}
</main>
</body>
</html>
"""


def write(out: Path, records: list[dict], *, year: int, uf: str) -> Path:
    """Write the index page, the CSV and its dictionary under ``out/<ano>/``."""
    folder = out / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    frame = table(records, year)
    failed = [r for r in records if r["status"] == "falhou"]
    indicators: list[dict] = []
    for r in records:
        if r["status"] != "falhou":
            path = out / r["pasta"] / names(year)["indicadores"]
            indicators = json.loads(path.read_text("utf-8"))["indicadores"]
            break
    if not frame.empty:
        _write_csv(frame, folder / csv_name(year))
        _write_csv(dictionary(indicators), folder / DICTIONARY)
    target = folder / PAGE
    files.atomic_write(target, page(frame, year=year, uf=uf, failed=failed))
    return target
