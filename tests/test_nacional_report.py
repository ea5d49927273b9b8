"""Issue 19: the national edition gives the same figures and texts as the same
towns built one by one the ordinary way — a municipality file made by ``balanco
init`` (``departamentos = ["convenios"]``), the town's Transferegov extract in its
raw folder, ``balanco prepare``, ``balanco report`` and ``balanco exportar``.

The ordinary path needs the department's own records (``prepare`` refuses a
missing or empty state spreadsheet or ofícios book), which the national dumps do
not have: each town's spreadsheet and book hold one record of 2023 (accepted in
``aceites.toml``), so that its state figures of 2024 are 0 where the national
edition says "não disponível". Every other difference is listed with its reason.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, write
from test_nacional import code, dumps, expected, run

from balanco import cli, formatting
from balanco.io import fold
from balanco.national.town import NO_STATE, UNAVAILABLE

#: Towns compared: all by their figures, the first ones also by report and open data.
TOWNS = 6
FULL = (1, 3)
STATE_ROW = ["E-1/2023", "Pavimentação", "Secretaria de Obras", datetime.datetime(2023, 5, 10)]
ACCEPTED = """[[aceite]]
verificacao = "sem_registros_no_ano"
arquivo = "{name}"
motivo = "o município não teve {what} em 2024"
"""


def extract(folder: Path, k: int, raw: Path) -> None:
    """Town k's extract of the national dumps: its propostas (by IBGE code, or
    without a code by its name) and their convênios, under the dumps' headers."""
    props = (folder / "siconv_proposta.csv").read_text("utf-8").splitlines(keepends=True)
    convs = (folder / "siconv_convenio.csv").read_text("utf-8").splitlines(keepends=True)
    mine = [props[0]]
    for line in props[1:]:
        cells = line.split(";")
        if cells[3] == code(k) or (cells[3] == "" and fold(cells[2]) == fold(f"Cidade {k}")):
            mine.append(line)
    ids = {line.split(";")[0] for line in mine[1:]}
    write(raw / "siconv_proposta.csv", "".join(mine))
    write(
        raw / "siconv_convenio.csv",
        convs[0] + "".join(c for c in convs[1:] if c.split(";")[1] in ids),
    )


def ordinary(root: Path, folder: Path, k: int, *, report: bool) -> Path:
    """Town k built the ordinary way; its data folder's parent (``data/municipios/<slug>``)."""
    slug = f"cidade-{k}"
    assert cli.main(["init", "--ibge", code(k), "--nome", f"Cidade {k}", "--uf", "SP"]) == 0
    toml = root / "municipios" / f"{slug}.toml"
    text = re.sub(
        r"departamentos = \[.*?\]",
        'departamentos = ["convenios"]',
        toml.read_text("utf-8"),
        flags=re.S,
    )
    toml.write_text(text, encoding="utf-8")
    raw = root / "data" / "municipios" / slug / "raw" / "2024"
    extract(folder, k, raw)
    # The department's own records: one of 2023 each (none of 2024), accepted.
    assert (
        cli.main(["--municipio", slug, "modelos", "--pasta", str(root / "modelos"), "--force"]) == 0
    )
    book = openpyxl.load_workbook(root / "modelos" / "convenios_estaduais.xlsx")
    book["Dados"].append([*STATE_ROW, 50000.0, "Em execução"])
    book.save(raw / "convenios_estaduais.xlsx")
    write(
        raw / "oficios.csv",
        "Número;Data;Destinatário;Assunto;Situação\n1/2023;10/05/2023;Ministério;Pedido;Enviado\n",
    )
    write(
        raw / "aceites.toml",
        ACCEPTED.format(name="convenios_estaduais.xlsx", what="convênios estaduais")
        + "\n"
        + ACCEPTED.format(name="oficios.csv", what="ofícios"),
    )
    m = ["--municipio", slug]
    assert cli.main([*m, "prepare", "--year", "2024"]) == 0
    if report:
        assert cli.main([*m, "report", "--year", "2024"]) == 0
        assert cli.main([*m, "exportar", "--year", "2024"]) == 0
    return root / "data" / "municipios" / slug


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nacional_ordinario")
    folder = dumps(tmp / "dumps", TOWNS)
    national = run(tmp / "nacional", folder)
    assert [r["status"] for r in national.records] == ["feito"] * TOWNS
    root = tmp / "projeto"
    for sub in ("notebooks", "templates", "docs"):
        shutil.copytree(ROOT / sub, root / sub)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BALANCO_ROOT", str(root))
        for k in range(1, TOWNS + 1):
            ordinary(root, folder, k, report=k in FULL)
    return tmp / "nacional" / "2024", root


def _cells(nb: dict) -> dict[str, str]:
    """An executed notebook's outputs by section: the text/plain of each output
    under the heading (markdown cell) before it, and SVGs by section."""
    out: dict[str, list] = {}
    section = ""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            section = "".join(cell["source"]).splitlines()[0].lstrip("# ")
            continue
        for o in cell.get("outputs", []):
            out.setdefault(section, []).append(o.get("data", {}))
    return out


def test_every_towns_figures_are_those_of_balanco_prepare(both):
    national, root = both
    for k in range(1, TOWNS + 1):
        mine = json.loads((national / code(k) / "indicadores.json").read_text("utf-8"))
        theirs = json.loads(
            (
                root
                / "data"
                / "municipios"
                / f"cidade-{k}"
                / "processed"
                / "2024"
                / "indicadores.json"
            ).read_text("utf-8")
        )
        a = {i["key"]: i for i in mine["indicadores"]}
        b = {i["key"]: i for i in theirs["indicadores"] if i["department"] == "convenios"}
        assert list(a) == list(b), k
        n, value = expected(k)
        assert (a["convenios_federais"]["value"], a["convenios_federais_valor"]["value"]) == (
            n,
            value,
        )
        for key in a:
            for field in ("label", "definition", "unit", "sources"):
                assert a[key][field] == b[key][field], (k, key, field)
            if key in UNAVAILABLE:
                # Difference by design: the town's own (empty for 2024) records
                # give 0 (and the total captured is then the federal value); the
                # national files have no such records: not available.
                assert b[key]["value"] == (value if key == "recursos_captados" else 0), (k, key)
                assert (a[key]["value"], a[key]["reason"]) == (None, NO_STATE), (k, key)
            else:
                assert a[key]["value"] == b[key]["value"], (k, key)


@pytest.mark.parametrize("k", FULL)
def test_report_texts_chart_and_open_data_are_those_of_balanco_report(both, k):
    national, root = both
    reports = root / "reports" / "municipios" / f"cidade-{k}" / "2024"
    mine = _cells(
        json.loads((national / code(k) / ".notebooks" / "convenios-2024.ipynb").read_text("utf-8"))
    )
    theirs = _cells(json.loads((reports / "notebooks" / "convenios.ipynb").read_text("utf-8")))
    n, value = expected(k)

    # The summary: the department's paragraph, by the same sentences. Differences by
    # design: the national one cites the state figures as not available (so the
    # sentence lists the figures one by one), and has no year-over-year sentence
    # (one year only); the ordinary one states them as 0 in the release sentence.
    summary = "".join(mine["Resumo"][0]["text/plain"])
    fed_value = formatting.money(value)
    assert summary.startswith(
        f"No setor de Convênios, o indicador “Convênios federais celebrados” foi de {n}; "
        f"o indicador “Valor dos convênios federais” foi de {fed_value}; "
        f"o indicador “Convênios estaduais celebrados” não está disponível ({NO_STATE})"
    ), summary
    ordinary_summary = "".join(theirs["Resumo"][0]["text/plain"])
    assert ordinary_summary.startswith(
        f"No setor de Convênios, foram celebrados {n} convênios federais que totalizaram "
        f"{fed_value}, além de 0 convênios estaduais"
    ), ordinary_summary

    # The indicators: the same lines; the state ones "não disponível" against 0.
    rows = "".join(mine["Indicadores"][0]["text/plain"]).splitlines()[1:]
    ordinary_rows = "".join(theirs["Indicadores"][0]["text/plain"]).splitlines()[1:]
    ordinary_state = {
        "Convênios estaduais celebrados": "0",
        "Valor dos convênios estaduais": formatting.money(0),
        "Total de recursos captados": fed_value,
        "Ofícios enviados": "0",
    }
    for row, other in zip(rows, ordinary_rows, strict=True):
        label, shown = row.split(" | ")
        if shown == "não disponível":
            assert other == f"{label} | {ordinary_state[label]}", (row, other)
        else:
            assert row == other
    assert f"Convênios federais celebrados | {n}" in rows

    # The granting bodies: the same chart (wide and phone SVG, same bytes) and table.
    (chart,) = [d for d in mine["Órgãos concedentes"] if "image/svg+xml" in d]
    (ordinary_chart,) = [d for d in theirs["Órgãos concedentes"] if "image/svg+xml" in d]
    for mime in ("image/svg+xml", "application/vnd.balanco.celular+svg+xml"):
        assert chart[mime] == ordinary_chart[mime], mime
    tables = [d["text/plain"] for d in mine["Órgãos concedentes"] if "image/svg+xml" not in d]
    ordinary_tables = [
        d["text/plain"] for d in theirs["Órgãos concedentes"] if "image/svg+xml" not in d
    ]
    assert tables == ordinary_tables

    # The open data: the department's dataset, the same bytes.
    got = (national / code(k) / "convenios_federais.csv").read_bytes()
    assert got == (reports / "dados-abertos" / "convenios_federais.csv").read_bytes()
    assert got.decode("utf-8-sig").count(";sim\r\n") == n
