"""Deterministic generator of synthetic raw data, in the real export layouts.

``balanco sample --year Y --seed N --out DIR`` reads the year's targets
(``data/targets/<Y>.toml``) and writes one file per source system whose
records, run through the pipeline, give exactly those targets. Every record is
synthetic: names come from Faker's pt_BR provider, documents are visibly fake
(CNPJs starting 99), links point at an ``.invalid`` domain.

Besides the records that count, each file carries the records the rules must
leave out (other municipalities, other years, an NGO of the town, an annulled
convênio, cancelled numbers, posts that are not releases, open demands...).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from . import toml_pt
from .errors import BadInput, Problem
from .io import display_path, sha256
from .settings import Settings

FIXED_TIME = (2025, 1, 31, 12, 0, 0)


def target_keys() -> dict[str, tuple[str, ...]]:
    """The targets each department's generator meets (its ``TARGET_KEYS``), by section."""
    from .departments import DEPARTMENTS

    return {d.NAME: d.generator.TARGET_KEYS for d in DEPARTMENTS}


@dataclass(frozen=True)
class Targets:
    year: int
    seed: int
    values: dict[str, dict[str, float | int]]
    highlights: dict[str, object]

    def __getitem__(self, key: tuple[str, str]) -> float | int:
        return self.values[key[0]][key[1]]


def read_targets(path: Path) -> Targets:
    """Read and validate a targets file; every problem is reported at once."""
    shown = display_path(path)
    if not path.exists():
        # Point to this municipality's own targets of other years, never another town's.
        others = sorted(p.name for p in path.parent.glob("*.toml")) if path.parent.is_dir() else []
        how = (
            f"crie-o a partir das metas de outro ano deste município ({', '.join(others)}, "
            "na mesma pasta)"
            if others
            else "escreva-o com ano = <ano> e as metas "
            + "; ".join(f"[{s}] {', '.join(keys)}" for s, keys in target_keys().items())
            + " (balanco init grava um exemplo fictício para um município novo)"
        )
        raise BadInput([Problem(shown, f"arquivo de metas não encontrado; {how}")])
    data = toml_pt.load(path, shown)
    problems = []
    values: dict[str, dict[str, float | int]] = {}
    for section, keys in target_keys().items():
        values[section] = {}
        for key in keys:
            v = data.get(section, {}).get(key)
            money = key.startswith("valor")
            ok = isinstance(v, int | float) and not isinstance(v, bool) and v >= 0
            if ok and not money and not isinstance(v, int):
                ok = False
            if ok and money and (v > 0) != (values[section].get(key.replace("valor_", ""), 0) > 0):
                ok = False
            if not ok:
                problems.append(
                    Problem(
                        shown,
                        "não é "
                        + (
                            "um valor em reais (número com ponto decimal; "
                            "zero só se a contagem for zero)"
                            if money
                            else "um número inteiro maior ou igual a zero"
                        ),
                        column=f"[{section}] {key}",
                        value=v,
                    )
                )
            else:
                values[section][key] = v
    if not isinstance(data.get("ano"), int):
        problems.append(
            Problem(
                shown,
                "não é um ano; esperado um número inteiro, ex.: ano = 2024",
                column="ano",
                value=data.get("ano"),
            )
        )
    if problems:
        raise BadInput(problems)
    return Targets(
        data["ano"], int(data.get("semente", data["ano"])), values, data.get("destaques", {})
    )


# --------------------------------------------------------------------------- helpers


def cents(value: float | int) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


def split_cents(
    total: int, n: int, rng: random.Random, *, sigma: float = 0.7, step: int = 1
) -> list[int]:
    """Split ``total`` cents into ``n`` positive parts (lognormal sizes) that add up exactly."""
    if n == 0:
        return []
    weights = [rng.lognormvariate(0, sigma) for _ in range(n)]
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [max(1, int(x) // step * step) for x in raw]
    diff = total - sum(parts)
    order = sorted(range(n), key=lambda i: raw[i] - parts[i], reverse=True)
    i = 0
    while diff != 0:
        j = order[i % n]
        delta = 1 if diff > 0 else -1
        if parts[j] + delta >= 1:
            parts[j] += delta
            diff -= delta
        i += 1
    return parts


def br_money(c: int, *, grouped: bool = False) -> str:
    """Cents as Transferegov writes money (decimal comma, no grouping) or grouped."""
    reais, cent = divmod(c, 100)
    whole = f"{reais:,}".replace(",", ".") if grouped else str(reais)
    return whole if cent == 0 and not grouped else f"{whole},{cent:02d}"


def day_in(
    rng: random.Random, year: int, *, months: tuple[int, int] = (1, 12), weekdays: bool = True
) -> date:
    start = date(year, months[0], 1)
    end = date(year + (months[1] == 12), months[1] % 12 + 1, 1) - timedelta(days=1)
    while True:
        d = start + timedelta(days=rng.randrange((end - start).days + 1))
        if not weekdays or d.weekday() < 5:
            return d


def moment(rng: random.Random, d: date, hours: tuple[int, int] = (8, 17)) -> datetime:
    return datetime(d.year, d.month, d.day, rng.randrange(*hours), rng.randrange(60))


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:70]


def fake_cnpj(n: int) -> str:
    return f"99{n:010d}0001"[:14]


def normalise_xlsx(path: Path) -> None:
    """Make an openpyxl file byte-reproducible: fixed zip times and core dates."""
    with zipfile.ZipFile(path) as zin:
        items = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    stamp = datetime(*FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    data,
                )
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


def write_sheet(
    path: Path,
    *,
    titles: list[str],
    header: list[str],
    rows: list[list[object]],
    total: list[object] | None = None,
    money_cols: tuple[int, ...] = (),
    date_cols: tuple[int, ...] = (),
) -> None:
    """A hand-kept spreadsheet: merged title rows, a blank row, header, rows, TOTAL."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Planilha1"
    width = len(header)
    for r, title in enumerate(titles, start=1):
        ws.cell(row=r, column=1, value=title).font = Font(bold=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    hr = len(titles) + 2
    for c, name in enumerate(header, start=1):
        ws.cell(row=hr, column=c, value=name).font = Font(bold=True)
    for r, row in enumerate(rows, start=hr + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if c - 1 in money_cols and isinstance(value, float | int):
                cell.number_format = '"R$" #,##0.00'
            if c - 1 in date_cols and isinstance(value, date | datetime):
                cell.number_format = "dd/mm/yyyy"
    if total is not None:
        r = hr + len(rows) + 1
        for c, value in enumerate(total, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = Font(bold=True)
            if c - 1 in money_cols:
                cell.number_format = '"R$" #,##0.00'
    for c in range(1, width + 1):
        ws.column_dimensions[chr(64 + c)].width = 22
    wb.properties.creator = "balanco sample (dados sintéticos)"
    wb.properties.created = datetime(*FIXED_TIME)
    wb.save(path)
    normalise_xlsx(path)


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    encoding: str,
    quote_all: bool = False,
    trailing: bool = False,
    bom: bool = False,
) -> None:
    # A raw export as its source system writes it (data/raw/), not a published file:
    # no formula neutralisation here (balanco.open_data.csv_excel), the readers must meet
    # whatever the real exports carry.
    buf = io.StringIO()
    if quote_all:
        for row in [header, *rows]:
            cells = ['"' + str("" if v is None else v).replace('"', "''") + '"' for v in row]
            buf.write(";".join(cells) + (";" if trailing else "") + "\n")
    else:
        writer = csv.writer(
            buf, delimiter=";", quoting=csv.QUOTE_NONE, escapechar=None, lineterminator="\n"
        )
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in r] for r in rows])
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


# --------------------------------------------------------------------------- generator


#: Sindec's region of each UF (code, name), for the generator.
UF_REGION: dict[str, tuple[int, str]] = {
    **dict.fromkeys(("AC", "AM", "AP", "PA", "RO", "RR", "TO"), (1, "Norte")),
    **dict.fromkeys(("AL", "BA", "CE", "MA", "PB", "PE", "PI", "RN", "SE"), (2, "Nordeste")),
    **dict.fromkeys(("ES", "MG", "RJ", "SP"), (3, "Sudeste")),
    **dict.fromkeys(("PR", "RS", "SC"), (4, "Sul")),
    **dict.fromkeys(("DF", "GO", "MS", "MT"), (5, "Centro-Oeste")),
}
#: The CEPs of each UF (first 5 digits, first and last; Correios), for the generator
#: when the municipality file has no faixa_cep.
UF_CEP: dict[str, tuple[str, str]] = {
    "SP": ("01000", "19999"),
    "RJ": ("20000", "28999"),
    "ES": ("29000", "29999"),
    "MG": ("30000", "39999"),
    "BA": ("40000", "48999"),
    "SE": ("49000", "49999"),
    "PE": ("50000", "56999"),
    "AL": ("57000", "57999"),
    "PB": ("58000", "58999"),
    "RN": ("59000", "59999"),
    "CE": ("60000", "63999"),
    "PI": ("64000", "64999"),
    "MA": ("65000", "65999"),
    "PA": ("66000", "68899"),
    "AP": ("68900", "68999"),
    "AM": ("69000", "69299"),
    "RR": ("69300", "69399"),
    "AC": ("69900", "69999"),
    "DF": ("70000", "72799"),
    "GO": ("72800", "76799"),
    "RO": ("76800", "76999"),
    "TO": ("77000", "77999"),
    "MT": ("78000", "78899"),
    "MS": ("79000", "79999"),
    "PR": ("80000", "87999"),
    "SC": ("88000", "89999"),
    "RS": ("90000", "99999"),
}


class Generator:
    """Writes one year of synthetic raw files meeting ``targets`` exactly."""

    def __init__(
        self,
        targets: Targets,
        seed: int,
        *,
        settings: Settings | None = None,
    ):
        try:
            from faker import Faker
        except ImportError:  # pragma: no cover - depends on the installation
            raise BadInput(
                [
                    Problem(
                        "balanco sample",
                        "o gerador precisa do pacote Faker; "
                        "instale com: pip install -e '.[sample]'",
                    )
                ]
            ) from None
        self.t = targets
        self.y = targets.year
        self.rng = random.Random(seed)
        self.fake = Faker("pt_BR")
        self.fake.seed_instance(seed)
        s = settings if settings is not None else Settings()
        self.settings = s
        self.ibge = s.ibge_code
        self.munic = s.municipality.upper()
        self.uf = s.uf
        # Names and places of the municipality file's [exemplo] section.
        self.bairros: tuple[str, ...] = s.sample("bairros") or ("Centro",)
        # CEPs (first 5 digits) and the Sindec's region: the file's faixa_cep, else the UF's.
        lo, hi = s.sample("faixa_cep") or UF_CEP.get(s.uf, ("01000", "99999"))
        self.cep_range: tuple[int, int] = (int(lo), int(hi))
        self.region: tuple[int, str] = UF_REGION.get(s.uf, (3, "Sudeste"))
        # A file scaffolded by `balanco init` has empty lists: generic fictitious
        # names keep the generator working until the analyst fills them in.
        self.neighbours: tuple[tuple[str, str], ...] = s.sample("vizinhos") or tuple(
            (f"Município Vizinho {n}", s.uf) for n in ("A", "B", "C")
        )
        self.outlets: tuple[str, ...] = s.sample("veiculos_imprensa") or (
            "Jornal Local",
            "Rádio Comunitária",
            "Portal Regional de Notícias",
            "TV Regional",
        )
        self.podcast: str = (s.sample("podcast") or (f"Fala {s.municipality}",))[0]
        self.assembly: str = (s.sample("assembleia") or ("Assembleia Legislativa",))[0]
        self.files: dict[str, tuple[str, str]] = {}

    # ------------------------------------------------------------ highlights
    def highlights(self, out: Path) -> None:
        hl = self.t.highlights
        lines = [
            f"# Destaques qualitativos do balanço de {self.y} (editado à mão).",
            "",
            "[secretaria]",
            f"responsavel = {json.dumps(hl.get('responsavel', ''))}",
            "",
            "[cpd]",
            "projetos = [",
        ]
        lines += [f"  {json.dumps(p, ensure_ascii=False)}," for p in hl.get("projetos_cpd", [])]
        lines += ["]", ""]
        for c in hl.get("canais", []):
            lines += ["[[comunicacao.canais]]"]
            lines += [
                f"{k} = {json.dumps(c[k], ensure_ascii=False)}"
                for k in ("nome", "tipo", "situacao", "descricao")
            ]
            lines += [""]
        (out / "destaques.toml").write_text("\n".join(lines), encoding="utf-8")

    def run(self, out: Path) -> list[Path]:
        """Write the files of the departments the municipality enables (``departamentos``)
        and the highlights; return what was written."""
        out.mkdir(parents=True, exist_ok=True)
        from .departments import enabled

        for dept in enabled(self.settings):
            dept.generator.generate(self, out)
        self.highlights(out)
        return sorted(p for p in out.iterdir() if p.is_file() and p.name != "manifest.toml")


#: What each file is and where it comes from (the departments' own in their generators).
DESCRIPTIONS = {
    "destaques.toml": (
        "Destaques qualitativos do ano (texto, não sintético)",
        "Arquivo editado à mão pela Secretaria",
    ),
}


def describe(name: str) -> tuple[str, str]:
    if name.startswith("wordpress_posts_"):
        return (
            f"Posts do site, página {name.rsplit('_', 1)[1].split('.')[0]} da exportação "
            "(100 por página)",
            "WordPress (API REST /wp-json/wp/v2/posts)",
        )
    from .departments import DEPARTMENTS

    known = dict(DESCRIPTIONS)
    for d in DEPARTMENTS:
        known.update(d.generator.DESCRIPTIONS)
    return known.get(name, ("", ""))


def write_manifest(out: Path, files: list[Path], *, year: int, seed: int, demo: bool) -> Path:
    """A human-readable TOML manifest: what each file is, its system, its SHA-256."""
    notice = (
        "DADOS SINTÉTICOS: todos os registros foram gerados pelo gerador "
        "determinístico do balanco (Faker pt_BR); nenhum nome, CPF ou CNPJ é real."
    )
    if demo:
        notice += (
            f" Os números de {year} são fictícios, apenas para demonstração: não existe "
            "balanço publicado deste ano."
        )
    demo_flag = " --demo" if demo else ""
    lines = [
        f"# Manifesto dos dados brutos de {year}",
        "",
        f"ano = {year}",
        "sintetico = true",
        f"demonstracao = {'true' if demo else 'false'}",
        f"aviso = {json.dumps(notice, ensure_ascii=False)}",
        f'gerado_por = "balanco sample --year {year} --seed {seed}{demo_flag}"',
        "",
    ]
    for path in files:
        what, system = describe(path.name)
        synthetic = path.name != "destaques.toml"
        lines += [
            "[[arquivos]]",
            f"nome = {json.dumps(path.name)}",
            f"descricao = {json.dumps(what, ensure_ascii=False)}",
            f"sistema = {json.dumps(system, ensure_ascii=False)}",
            f"sintetico = {'true' if synthetic else 'false'}",
            f'sha256 = "{sha256(path)}"',
            "",
        ]
    target = out / "manifest.toml"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


class OverwriteRefused(Exception):
    """``generate`` would replace files that ``balanco sample`` did not write."""

    def __init__(self, refused: list[tuple[Path, str]]):
        super().__init__(", ".join(p.name for p, _ in refused))
        #: (existing file, why it is not a generated file), Portuguese.
        self.refused = refused


def not_generated(out: Path, names: list[str]) -> list[tuple[Path, str]]:
    """Files among ``names`` in ``out`` that ``balanco sample`` did not write:
    absent from the existing manifest, listed by something else, or with bytes
    that differ from the recorded SHA-256 (a real export put in their place)."""
    from .provenance import read_manifest

    existing = [out / n for n in names if (out / n).exists()]
    if not existing:
        return []
    manifest = read_manifest(out)
    refused = []
    for path in existing:
        entry = manifest.files.get(path.name)
        if not manifest.exists:
            why = "a pasta não tem manifesto: o arquivo é tratado como exportação real"
        elif entry is None:
            why = "não consta do manifesto: é tratado como exportação real"
        elif not manifest.generated_by_sample(path.name):
            why = "o manifesto o registra como exportação real"
        elif entry.get("sha256") != sha256(path):
            why = "o SHA-256 difere do registrado no manifesto: foi substituído ou editado"
        else:
            continue
        refused.append((path, why))
    return refused


def generate(
    targets: Targets,
    out: Path,
    *,
    seed: int | None = None,
    demo: bool = False,
    force: bool = False,
    settings: Settings | None = None,
) -> list[Path]:
    """Write a year of synthetic raw data into ``out``; return the files written.

    The files are generated beside ``out`` first; unless ``force``, nothing is
    written when a file they would replace was not written by ``balanco sample``
    (checked by hash against the existing manifest): :class:`OverwriteRefused`
    lists those files.
    """
    import shutil

    seed = targets.seed if seed is None else seed
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.amostra-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staged = Generator(targets, seed, settings=settings).run(staging)
        names = [p.name for p in staged]
        if not force:
            # The manifest is rewritten too: when it describes real files, those
            # files are refused here, so no real export loses its record.
            refused = not_generated(out, names)
            if refused:
                raise OverwriteRefused(refused)
        out.mkdir(parents=True, exist_ok=True)
        files = []
        for path in staged:
            os.replace(path, out / path.name)
            files.append(out / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    write_manifest(out, files, year=targets.year, seed=seed, demo=demo)
    return files


def national_transferegov(
    out: Path, *, municipal_dir: Path, propostas: int, seed: int = 1, own_code: str | None = None
) -> tuple[Path, Path]:
    """National-size Transferegov dumps (benchmarks): ``propostas`` synthetic
    propostas of other municipalities — about 60% with a convênio — plus the
    municipality's own rows taken from ``municipal_dir``'s dumps, so the
    pipeline must find exactly those among the noise."""
    rng = random.Random(seed)
    # No synthetic proposta may carry the municipality's own code.
    own_code = own_code or Settings().ibge_code
    out.mkdir(parents=True, exist_ok=True)
    own_p = (municipal_dir / "siconv_proposta.csv").read_text("utf-8").splitlines()
    own_c = (municipal_dir / "siconv_convenio.csv").read_text("utf-8").splitlines()
    natures = (
        "Administração Pública Municipal",
        "Administração Pública Estadual ou do Distrito Federal",
        "Organização da Sociedade Civil",
        "Consórcio Público",
    )
    ministries = (
        "MINISTÉRIO DA SAÚDE",
        "MINISTÉRIO DAS CIDADES",
        "MINISTÉRIO DO ESPORTE",
        "MINISTÉRIO DA EDUCAÇÃO",
        "MINISTÉRIO DA AGRICULTURA E PECUÁRIA",
    )
    ufs = (
        "AC",
        "AL",
        "AM",
        "BA",
        "CE",
        "GO",
        "MA",
        "MG",
        "PA",
        "PB",
        "PE",
        "PR",
        "RJ",
        "RS",
        "SC",
        "SP",
        "TO",
    )
    prop_path, conv_path = out / "siconv_proposta.csv", out / "siconv_convenio.csv"
    with (
        open(prop_path, "w", encoding="utf-8", newline="\n") as fp,
        open(conv_path, "w", encoding="utf-8", newline="\n") as fc,
    ):
        fp.write(own_p[0] + "\n")
        fc.write(own_c[0] + "\n")
        for i in range(propostas):
            pid = 100_000 + i
            code = 1_100_015 + rng.randrange(4_200_000)
            if str(code) == own_code:
                code += 1
            uf = ufs[code % len(ufs)]
            y = 2008 + rng.randrange(17)
            m, d = rng.randrange(1, 13), rng.randrange(1, 29)
            day = f"{d:02d}/{m:02d}/{y}"
            repasse = rng.randrange(100, 90_000) * 1000
            contrap = repasse // 20
            ministry = ministries[i % len(ministries)]
            fp.write(
                f"{pid};{uf};MUNICIPIO {code};{code};{rng.randrange(20000, 99999)};{ministry};"
                f"{natures[i % 4]};{pid:06d}/{y};{d};{m};{y};{day};{rng.randrange(20000, 99999)};"
                f"{ministry};Convênio;99{pid:010d}01;PREFEITURA MUNICIPAL {code};"
                f"0{rng.randrange(1000000, 9999999)};RUA {i % 977}, {i % 1999};CENTRO;"
                f"BANCO DO BRASIL SA;Conta Aberta;Aprovado;Proposta/Plano de Trabalho Aprovados;"
                f"{day};31/12/{y + 2};Objeto sintético {i};{repasse + contrap};{repasse};"
                f"{contrap}\n"
            )
            if rng.random() < 0.6:
                fc.write(
                    f"{800_000 + i};{pid};{d};{m};{y};{day};Em execução;;Publicado;SIM;NÃO;"
                    f"{i:05d}.{y}-00;{rng.randrange(100000, 999999)};{day};{day};31/12/{y + 2};"
                    f"60;01/03/{y + 3};Normal;1;;;{repasse + contrap};{repasse};{contrap};"
                    f"{repasse};{repasse // 2};;;;{contrap}\n"
                )
        for line in own_p[1:]:
            fp.write(line + "\n")
        for line in own_c[1:]:
            fc.write(line + "\n")
    return prop_path, conv_path
