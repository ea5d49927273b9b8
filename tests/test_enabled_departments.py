"""A municipality file's ``departamentos`` decides which departments a run
prepares, checks, counts, reports, plans and publishes (``departments.enabled``)."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT, write

from balanco import narrative, pipeline
from balanco.build import plan
from balanco.config import Settings, load_municipio, settings
from balanco.departments import enabled
from balanco.errors import BadInput
from balanco.highlights import Highlights

TWO = """\
nome = "Suzano"
uf = "SP"
codigo_ibge = "3552502"
secretaria = "Secretaria de Governo"
departamentos = ["procon", "cpd"]
categorias_release = ["Imprensa"]
governo_estadual = "Governo de SP"
"""

# Only the Procon's and the CPD's exports (and the highlights): the Convênios'
# and the Comunicação's files are not there, and must not be asked for.
FILES = (
    "sindec_atendimentos.csv",
    "procon_audiencias.xlsx",
    "procon_fiscalizacoes.xlsx",
    "glpi_chamados.csv",
    "destaques.toml",
)


def two_department_project(tmp_path) -> Settings:
    write(tmp_path / "municipios" / "suzano.toml", TWO)
    raw = tmp_path / "data" / "municipios" / "suzano" / "raw" / "2024"
    raw.mkdir(parents=True)
    for name in FILES:
        shutil.copy(ROOT / "data" / "raw" / "2024" / name, raw / name)
    (tmp_path / "data" / "raw").mkdir(parents=True)  # the project root marker
    return load_municipio(tmp_path, "suzano")


def test_enabled_keeps_the_registry_order_and_filters():
    s = Settings(root=ROOT, departments=("cpd", "procon"))
    assert [d.NAME for d in enabled(s)] == ["procon", "cpd"]
    # The default municipality: all four, as today.
    assert [d.NAME for d in enabled(Settings(root=ROOT))] == [
        "convenios",
        "procon",
        "comunicacao",
        "cpd",
    ]


def test_prepare_reads_only_the_enabled_departments(tmp_path):
    s = two_department_project(tmp_path)
    data = pipeline.prepare(s, 2024)
    assert {i.department for i in data.indicators.values()} == {"procon", "cpd"}
    assert set(data.tables) == {"procon", "cpd"}
    assert {src["departamento"] for src in data.sources} == {"procon", "cpd", "secretaria"}
    payload = json.loads((s.processed_dir(2024) / "indicadores.json").read_text("utf-8"))
    text = json.dumps(payload, ensure_ascii=False)
    assert "procon" in text and "cpd" in text
    assert "convenios" not in text and "comunicacao" not in text


def test_plan_lists_only_the_enabled_notebooks():
    s = Settings(root=ROOT, departments=("procon", "cpd"))
    assert plan.notebook_names(s) == ("balanco", "procon", "cpd")
    assert plan.notebook_names(Settings(root=ROOT)) == (
        "balanco",
        "convenios",
        "procon",
        "comunicacao",
        "cpd",
    )


def test_opening_names_only_the_enabled_departments():
    hl = Highlights()
    two = Settings(root=ROOT, departments=("procon", "cpd"))
    text = narrative.opening({}, hl, year=2024, settings=two)
    # The registry's order, each department with its own article.
    assert text.endswith(
        "articular demandas dos departamentos do Procon e do Centro de Processamento de "
        "Dados (CPD)."
    )
    one = Settings(root=ROOT, departments=("convenios",))
    assert narrative.opening({}, hl, year=2024, settings=one).endswith(
        "articular demandas do departamento de Convênios."
    )
    every = narrative.opening({}, hl, year=2024, settings=Settings(root=ROOT))
    assert every.endswith(
        "articular demandas dos departamentos de Convênios, do Procon, de Comunicação e do "
        "Centro de Processamento de Dados (CPD)."
    )


# A 1x1 PNG, written byte by byte (signature, IHDR, IDAT, IEND).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c63f80f040009fb03fdfb5e6b2b0000000049454e44ae426082"
)


def test_logo_on_the_cover(tmp_path):
    from types import SimpleNamespace

    from balanco.notebook import Report

    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "brasao.png").write_bytes(PNG)
    write(tmp_path / "municipios" / "suzano.toml", TWO + 'logo = "img/brasao.png"\n')
    (tmp_path / "data" / "raw").mkdir(parents=True)
    s = load_municipio(tmp_path, "suzano")
    assert s.logo == "img/brasao.png"
    report = Report(SimpleNamespace(extra={}), 2024, "Suzano", None, {}, s)  # type: ignore[arg-type]
    cover = report.cover()
    assert "\\includegraphics[height=2.5cm]" in cover.latex
    assert (tmp_path / "img" / "brasao.png").resolve().as_posix() in cover.latex
    assert cover.markdown.startswith("![Brasão de Suzano](data:image/png;base64,")


def test_a_missing_logo_names_the_file_and_the_key(tmp_path):
    import pytest

    from balanco.errors import BadInput

    path = write(tmp_path / "municipios" / "suzano.toml", TWO + 'logo = "img/nada.png"\n')
    (tmp_path / "data" / "raw").mkdir(parents=True)
    with pytest.raises(BadInput) as err:
        load_municipio(tmp_path, "suzano")
    (problem,) = err.value.problems
    assert problem.file == str(path)
    assert problem.column == "logo" and problem.value == "img/nada.png"
    assert problem.line == 8


def test_a_logo_outside_the_project_or_not_an_image_is_refused_before_any_build(tmp_path):
    import pytest

    from balanco.errors import BadInput

    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "brasao.txt").write_text("não é imagem", "utf-8")
    outside = tmp_path.parent / "fora.png"
    outside.write_bytes(PNG)  # an image, but outside the project
    for logo in ("../../etc/passwd", "../fora.png", "img/brasao.txt", "/etc/passwd"):
        write(tmp_path / "municipios" / "suzano.toml", TWO + f'logo = "{logo}"\n')
        with pytest.raises(BadInput) as err:
            load_municipio(tmp_path, "suzano")
        (problem,) = err.value.problems
        assert problem.column == "logo" and problem.value == logo
        assert "dentro da pasta do projeto" in problem.expected, logo


def _refused_logo(tmp_path, logo):
    import pytest

    from balanco.errors import BadInput

    (tmp_path / "data" / "raw").mkdir(parents=True, exist_ok=True)
    write(tmp_path / "municipios" / "suzano.toml", TWO + f"logo = '{logo}'\n")
    with pytest.raises(BadInput) as err:
        load_municipio(tmp_path, "suzano")
    (problem,) = err.value.problems
    assert problem.column == "logo" and problem.value == logo
    assert problem.file.endswith("suzano.toml") and problem.line == 8
    return problem.expected


def test_a_logo_that_does_not_decode_or_is_too_large_is_refused_before_any_build(tmp_path):
    """Review of issue 16.5: a text file named .png, a PNG whose signature is
    wrong, a 30000 x 30000 PNG (only its header is needed to know), an SVG that
    reads a file outside itself or has no sane viewBox, a backslash in the name."""
    import struct
    import zlib

    img = tmp_path / "img"
    img.mkdir()
    (img / "fake.png").write_text("não sou uma imagem", "utf-8")
    (img / "torto.png").write_bytes(b"\x00" + PNG[1:])  # the signature broken
    # The 1x1 PNG's header says 30000 x 30000 (its CRC recomputed): the size is
    # read before a pixel is decoded.
    ihdr = b"IHDR" + struct.pack(">II", 30000, 30000) + PNG[24:29]
    big = PNG[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + PNG[33:]
    (img / "grande.png").write_bytes(big)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    (img / "fora.svg").write_text(
        svg + ' viewBox="0 0 10 10"><image xlink:href="/tmp/outside.png" width="10"'
        ' height="10"/></svg>',
        "utf-8",
    )
    (img / "href.svg").write_text(
        svg + ' viewBox="0 0 10 10"><image href="../x.png" width="10" height="10"/></svg>',
        "utf-8",
    )
    (img / "sem_viewbox.svg").write_text(svg + ' width="10" height="10"></svg>', "utf-8")
    (img / "viewbox_zero.svg").write_text(svg + ' viewBox="0 0 0 10"></svg>', "utf-8")
    (img / "quebrado.svg").write_text("<svg", "utf-8")
    assert "imagem PNG legível" in _refused_logo(tmp_path, "img/fake.png")
    assert "imagem PNG legível" in _refused_logo(tmp_path, "img/torto.png")
    (img / "cortado.png").write_bytes(PNG[:-20])  # the image data cut short
    assert "imagem PNG legível" in _refused_logo(tmp_path, "img/cortado.png")
    why = _refused_logo(tmp_path, "img/grande.png")
    assert "30000 × 30000" in why and "4000 × 4000" in why
    assert "/tmp/outside.png" in _refused_logo(tmp_path, "img/fora.svg")
    assert "../x.png" in _refused_logo(tmp_path, "img/href.svg")
    assert "viewBox" in _refused_logo(tmp_path, "img/sem_viewbox.svg")
    assert "viewBox" in _refused_logo(tmp_path, "img/viewbox_zero.svg")
    assert "SVG legível" in _refused_logo(tmp_path, "img/quebrado.svg")
    (img / "brasao.png").write_bytes(PNG)
    assert "barra invertida" in _refused_logo(tmp_path, "img\\brasao.png")


def test_a_self_contained_svg_logo_is_accepted(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "brasao.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' viewBox="0 0 10 12"><defs><rect id="r" width="4" height="4"/></defs>'
        '<use xlink:href="#r"/><image href="data:image/png;base64,AAAA"/></svg>',
        "utf-8",
    )
    write(tmp_path / "municipios" / "suzano.toml", TWO + 'logo = "img/brasao.svg"\n')
    (tmp_path / "data" / "raw").mkdir(parents=True)
    assert load_municipio(tmp_path, "suzano").logo == "img/brasao.svg"


def test_the_logo_reaches_the_tagged_pdf_through_the_project_root(tmp_path):
    from types import SimpleNamespace

    import pikepdf
    from IPython.core.formatters import DisplayFormatter
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from balanco.build.typst_exporter import TypstPDFExporter
    from balanco.notebook import Report

    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "brasao.png").write_bytes(PNG)
    write(tmp_path / "municipios" / "suzano.toml", TWO + 'logo = "img/brasao.png"\n')
    (tmp_path / "data" / "raw").mkdir(parents=True)
    s = load_municipio(tmp_path, "suzano")
    report = Report(SimpleNamespace(extra={}), 2024, "Suzano", None, {}, s)  # type: ignore[arg-type]
    data, meta = DisplayFormatter().format(report.cover())
    assert 'image("/img/brasao.png"' in data["text/vnd.balanco.typst"]
    cell = new_code_cell("report.cover()", execution_count=1)
    cell.outputs = [new_output("display_data", data=data, metadata=meta)]
    nb = new_notebook(cells=[cell, new_markdown_cell("# Resumo")])
    body, _ = TypstPDFExporter(root=str(tmp_path)).from_notebook_node(nb)
    (tmp_path / "capa.pdf").write_bytes(body)
    with pikepdf.open(tmp_path / "capa.pdf") as pdf:
        images = [x for x in pdf.pages[0].get_images().values() if x.Width == 1 and x.Height == 1]
        assert images  # the 1x1 coat of arms on the cover
        assert str(pdf.docinfo["/Title"]).startswith("Balanço anual de 2024")


@pytest.mark.slow
def test_a_consolidated_report_without_some_departments_builds_and_says_so(tmp_path):
    """A disabled department gets no section in the consolidated report, one
    sentence in its summary, and only the enabled departments' PDFs exist."""
    import shutil

    from pypdf import PdfReader

    from balanco import report

    for folder in ("municipios", "notebooks", "templates", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    raw = tmp_path / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    for name in (
        "sindec_atendimentos.csv",
        "procon_audiencias.xlsx",
        "procon_fiscalizacoes.xlsx",
        "glpi_chamados.csv",
        "destaques.toml",
    ):
        shutil.copy(ROOT / "data" / "raw" / "2024" / name, raw / name)
    toml = tmp_path / "municipios" / "itaquaquecetuba.toml"
    text = toml.read_text(encoding="utf-8")
    lines = [
        'departamentos = ["procon", "cpd"]' if line.startswith("departamentos") else line
        for line in text.splitlines()
    ]
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = settings(root=tmp_path)
    (outcome,) = report.build(s, [2024], progress=lambda _m: None)
    assert outcome.status == "ok", outcome.errors
    pdfs = sorted(p.name for p in s.reports_path(2024).glob("*.pdf"))
    assert pdfs == ["balanco-2024.pdf", "cpd-2024.pdf", "procon-2024.pdf"]
    reader = PdfReader(s.reports_path(2024) / "balanco-2024.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Os departamentos de Convênios e de Comunicação não fazem parte deste balanço" in text
    assert "1.783" in text and "1.385" in text


def test_open_data_of_two_departments_describe_and_package_only_them(tmp_path):
    """The dictionary (CSV and Markdown) and datapackage.json list the datasets the
    export writes: those of the enabled departments, nothing of the others."""
    import pandas as pd

    from balanco import publish
    from balanco.open_data import datasets

    s = two_department_project(tmp_path)
    pipeline.prepare(s, 2024)
    folder = publish.export(s, 2024)
    written = sorted(p.stem for p in folder.glob("*.csv") if p.stem != "dicionario")
    wanted = sorted(d.name for d in datasets.datasets(s))
    assert written == wanted
    assert {d.department for d in datasets.datasets(s)} == {"procon", "cpd"}
    table = pd.read_csv(folder / "dicionario.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert sorted(set(table["conjunto"])) == wanted
    markdown = (folder / "dicionario.md").read_text("utf-8")
    others = [d.name for d in datasets.DATASETS if d.department in ("convenios", "comunicacao")]
    assert others and not [name for name in others if f"## {name}.csv" in markdown]
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    resources = sorted(r["name"] for r in package["resources"] if r["name"] != "dicionario")
    assert resources == wanted


# --------------------------------------------------------------------------- the others' files

# What the two enabled departments (Procon and CPD) read, from their SOURCES, and the
# highlights every run reads.
ENABLED_FILES = {
    "sindec_atendimentos.csv",
    "procon_audiencias.xlsx",
    "procon_fiscalizacoes.xlsx",
    "glpi_chamados.csv",
    "destaques.toml",
}
# The Convênios' and the Comunicação's files, from their SOURCES.
DISABLED_FILES = (
    "siconv_convenio.csv",
    "siconv_proposta.csv",
    "convenios_estaduais.xlsx",
    "oficios.csv",
    "wordpress_posts_1.json",
    "wordpress_posts_2.json",
    "wordpress_posts_3.json",
    "wordpress_posts_4.json",
    "wordpress_posts_5.json",
    "wordpress_categories.json",
    "demandas_imprensa.xlsx",
)


def test_sample_writes_only_the_enabled_departments_files(tmp_path):
    from balanco.provenance import read_manifest
    from balanco.sample import generate, read_targets

    s = two_department_project(tmp_path)
    out = tmp_path / "amostra"
    targets = read_targets(ROOT / "data" / "targets" / "2024.toml")
    written = generate(targets, out, settings=s)
    assert {p.name for p in written} == ENABLED_FILES
    assert {p.name for p in out.iterdir()} == ENABLED_FILES | {"manifest.toml"}
    assert set(read_manifest(out).files) == ENABLED_FILES


def test_the_checks_ignore_a_disabled_departments_files(tmp_path):
    """The Convênios' and the Comunicação's exports in the folder (of another
    municipality's Transferegov, WordPress pages that no cleaning counted) and a
    manifest listing one of their files that is absent block nothing."""
    s = two_department_project(tmp_path)
    raw = s.raw_dir(2024)
    for name in DISABLED_FILES:
        if name != "oficios.csv":  # listed in the manifest, absent from the folder
            shutil.copy(ROOT / "data" / "raw" / "2024" / name, raw / name)
    shutil.copy(ROOT / "data" / "raw" / "2024" / "manifest.toml", raw / "manifest.toml")
    data = pipeline.prepare(s, 2024)
    assert {i.department for i in data.indicators.values()} == {"procon", "cpd"}
    named = {f.file for f in [*data.alertas, *data.aceites]}
    assert not named & {*DISABLED_FILES, "wordpress_posts_*.json"}
    assert {f.department for f in data.alertas} <= {"procon", "cpd", None}
    # An enabled department's file missing still stops the run, and names the file.
    (raw / "glpi_chamados.csv").unlink()
    with pytest.raises(BadInput) as err:
        pipeline.prepare(s, 2024)
    assert [p.file for p in err.value.problems] == [str(raw / "glpi_chamados.csv")]


def test_a_file_no_enabled_department_reads_makes_nothing_stale(tmp_path):
    from balanco.fingerprint import processed_is_current

    s = two_department_project(tmp_path)
    pipeline.prepare(s, 2024)
    assert processed_is_current(s, 2024)
    before = {n: plan.inputs(s, 2024, n, {}) for n in ("balanco", "procon", "cpd")}
    raw = s.raw_dir(2024)
    (raw / "notas.txt").write_text("x\n", encoding="utf-8")
    for name in ("oficios.csv", "wordpress_posts_1.json", "wordpress_total.json"):
        shutil.copy(ROOT / "data" / "raw" / "2024" / name, raw / name)
    assert processed_is_current(s, 2024)
    assert {n: plan.inputs(s, 2024, n, {}) for n in before} == before
    # A file an enabled department reads still does.
    with open(raw / "glpi_chamados.csv", "ab") as fh:
        fh.write(b"\n")
    assert not processed_is_current(s, 2024)
    assert plan.inputs(s, 2024, "cpd", {}) != before["cpd"]
    assert plan.inputs(s, 2024, "procon", {}) == before["procon"]
    # The acceptances are read by every run.
    pipeline.prepare(s, 2024)
    write(raw / "aceites.toml", "# nenhum aceite\n")
    assert not processed_is_current(s, 2024)
    assert plan.inputs(s, 2024, "procon", {}) != before["procon"]


def _fake_build_one(settings, name, year, wanted, out=None):
    """What build_one leaves in the staging folder, without a kernel or LaTeX."""
    out = settings.reports_path(year) if out is None else out
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    pdf = out / plan.pdf_name(name, year)
    pdf.write_text(name, encoding="utf-8")
    pdf.with_suffix(".html").write_text(name, encoding="utf-8")
    (out / "notebooks" / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    (out / "notebooks" / f"{name}.log").write_text("", encoding="utf-8")
    return plan.Built(year, name, pdf, 0.0, wanted)


def test_switching_a_department_off_removes_its_outputs(tmp_path, monkeypatch):
    from balanco.build import run

    monkeypatch.setattr(run, "build_one", _fake_build_one)
    quiet = {"jobs": 1, "progress": lambda _m: None}
    s = two_department_project(tmp_path)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (first,) = run.build(s, [2024], **quiet)
    assert first.status == "ok", first.errors
    year = s.reports_path(2024)
    assert (year / "cpd-2024.pdf").is_file()
    write(year / "dados-abertos" / "leia-me.txt", "exportado à parte\n")
    # The municipality file now enables the Procon only.
    toml = tmp_path / "municipios" / "suzano.toml"
    toml.write_text(TWO.replace('["procon", "cpd"]', '["procon"]'), encoding="utf-8")
    one = load_municipio(tmp_path, "suzano")
    (second,) = run.build(one, [2024], **quiet)
    assert second.status == "ok", second.errors
    assert sorted(p.name for p in year.iterdir()) == [
        "balanco-2024.html",
        "balanco-2024.pdf",
        "construcao.json",
        "dados-abertos",
        "notebooks",
        "procon-2024.html",
        "procon-2024.pdf",
    ]
    assert sorted(p.name for p in (year / "notebooks").iterdir()) == [
        "balanco.ipynb",
        "balanco.log",
        "procon.ipynb",
        "procon.log",
    ]
    record = json.loads((year / "construcao.json").read_text("utf-8"))
    assert set(record["notebooks"]) == {"balanco", "procon"}


def test_a_switched_off_departments_outputs_go_even_with_nothing_to_build(tmp_path, monkeypatch):
    from balanco.build import run

    monkeypatch.setattr(run, "build_one", _fake_build_one)
    quiet = {"jobs": 1, "progress": lambda _m: None}
    s = two_department_project(tmp_path)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    run.build(s, [2024], **quiet)
    year = s.reports_path(2024)
    write(year / "convenios-2024.pdf", "de uma execução antiga")
    write(year / "notebooks" / "convenios.erro.ipynb", "{}")
    (again,) = run.build(s, [2024], **quiet)
    assert again.status == "sem mudanças"
    assert not (year / "convenios-2024.pdf").exists()
    assert not (year / "notebooks" / "convenios.erro.ipynb").exists()
    assert (year / "cpd-2024.pdf").is_file()


def test_the_checks_listed_are_those_the_enabled_departments_get():
    """The "Verificações feitas" list names only checks that ran: the Transferegov's
    municipality check and the money bound belong to Convênios, the WordPress pages
    to Comunicação."""
    from balanco import checks

    general = [
        "sem_registros_no_ano",
        "fonte_vazia",
        "arquivo_do_manifesto_ausente",
        "data_futura",
        "indicador_zero",
        "variacao_grande",
        "mes_sem_registros",
        "indicador_nao_disponivel",
        "ano_anterior_indisponivel",
    ]
    # The period of an export of one period (Sindec, WordPress, GLPI): not Convênios'
    # cumulative sources; a value ignored in a record that never counts: Convênios'.
    assert [c.id for c in checks.performed(["procon", "cpd"])] == [
        *general[:3],
        "periodo_misturado",
        *general[3:],
    ]
    with_convenios = {c.id for c in checks.performed(["convenios"])}
    assert with_convenios == {
        *general,
        "municipio_ausente",
        "valor_acima_do_limite",
        "valor_ignorado",
    }
    with_comunicacao = {c.id for c in checks.performed(["comunicacao", "cpd"])}
    assert with_comunicacao == {*general, "paginas_wordpress", "periodo_misturado"}
    assert len(checks.performed(["convenios", "procon", "comunicacao", "cpd"])) == len(
        checks.CHECKS
    )


def test_the_reconciliation_counts_only_the_figures_of_the_balance():
    """A published figure of a department that is not part of the balance is not
    "não disponível": it is left out of the count and said to be outside."""
    from balanco import published
    from balanco.departments.base import Indicator

    ours = Indicator("procon_atendimentos", "procon", "Atendimentos", "d", "contagem", 10)
    pub = published.Published(
        2024, "release", {"procon_atendimentos": "10", "convenios_federais": "22"}, None
    )
    table = published.reconcile({"procon_atendimentos": ours}, pub)
    by_key = {r.chave: r for r in table.itertuples()}
    assert by_key["procon_atendimentos"].no_balanco and by_key["procon_atendimentos"].confere
    assert not by_key["convenios_federais"].no_balanco
    assert not by_key["convenios_federais"].confere


def test_the_figures_outside_the_balance_are_said_once_in_one_wording():
    from balanco import published
    from balanco.departments.base import Indicator

    ours = Indicator("procon_atendimentos", "procon", "Atendimentos", "d", "contagem", 10)
    pub = published.Published(
        2024, "release", {"procon_atendimentos": "10", "a": "1", "b": "2"}, None
    )
    rows, sentence = published.in_balance(published.reconcile({"procon_atendimentos": ours}, pub))
    assert list(rows["chave"]) == ["procon_atendimentos"]
    assert sentence == (
        "2 números do release são de departamentos que não fazem parte deste balanço: "
        "não foram conferidos."
    )
    full = published.reconcile(
        {"procon_atendimentos": ours},
        published.Published(2024, "release", {"procon_atendimentos": "10"}, None),
    )
    assert published.in_balance(full)[1] is None
