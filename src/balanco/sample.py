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
import html
import io
import json
import os
import random
import re
import tomllib
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from .errors import BadInput, Problem
from .io import display_path, sha256

FIXED_TIME = (2025, 1, 31, 12, 0, 0)

TARGET_KEYS = {
    "convenios": ("federais", "valor_federais", "estaduais", "valor_estaduais", "oficios"),
    "procon": ("cips", "atendimentos_preliminares", "audiencias", "fiscalizacoes"),
    "comunicacao": ("releases", "demandas_respondidas"),
    "cpd": ("chamados",),
}

BAIRROS = (
    "Centro",
    "Vila Virgínia",
    "Jardim Caiuby",
    "Parque Residencial Marengo",
    "Jardim Odete",
    "Vila Zeferina",
    "Jardim Aracaré",
    "Pequeno Coração",
    "Jardim Amanda",
    "Morro Branco",
    "Jardim Maria Rosa",
    "Vila Monte Belo",
    "Jardim Altos de Itaquá",
    "Vila São Carlos",
    "Jardim Pinheirinho",
)
OTHER_CITIES = (
    ("3552502", "SUZANO"),
    ("3518800", "GUARULHOS"),
    ("3530607", "MOGI DAS CRUZES"),
    ("3539103", "POA"),
    ("3503901", "ARUJA"),
    ("3515707", "FERRAZ DE VASCONCELOS"),
)


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
        raise BadInput(
            [
                Problem(
                    shown,
                    "arquivo de metas não encontrado; crie-o a partir de data/targets/2024.toml",
                )
            ]
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BadInput([Problem(shown, f"TOML inválido: {exc}")]) from None
    problems = []
    values: dict[str, dict[str, float | int]] = {}
    for section, keys in TARGET_KEYS.items():
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
                        "esperado "
                        + (
                            "valor em reais (número com ponto decimal; "
                            "zero só se a contagem for zero)"
                            if money
                            else "número inteiro maior ou igual a zero"
                        ),
                        column=f"[{section}] {key}",
                        value=v,
                    )
                )
            else:
                values[section][key] = v
    if not isinstance(data.get("ano"), int):
        problems.append(
            Problem(shown, "esperado o ano (inteiro)", column="ano", value=data.get("ano"))
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


class Generator:
    """Writes one year of synthetic raw files meeting ``targets`` exactly."""

    def __init__(
        self,
        targets: Targets,
        seed: int,
        *,
        ibge: str = "3523107",
        municipality: str = "ITAQUAQUECETUBA",
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
        self.ibge = ibge
        self.munic = municipality
        self.files: dict[str, tuple[str, str]] = {}

    # ------------------------------------------------------------ convênios federais
    def federal(self, out: Path) -> None:
        rng, y = self.rng, self.y
        n = int(self.t["convenios", "federais"])
        values = split_cents(cents(self.t["convenios", "valor_federais"]), n, rng, step=100)
        ministries = (
            "MINISTÉRIO DA SAÚDE",
            "MINISTÉRIO DAS CIDADES",
            "MINISTÉRIO DO ESPORTE",
            "MINISTÉRIO DA EDUCAÇÃO",
            "MINISTÉRIO DO DESENVOLVIMENTO E ASSISTÊNCIA SOCIAL, FAMÍLIA E COMBATE À FOME",
            "MINISTÉRIO DA INTEGRAÇÃO E DO DESENVOLVIMENTO REGIONAL",
            "MINISTÉRIO DA JUSTIÇA E SEGURANÇA PÚBLICA",
        )
        objects = (
            "Pavimentação e drenagem de vias no bairro {b}",
            "Aquisição de equipamentos para a UBS {b}",
            "Construção de quadra poliesportiva no bairro {b}",
            "Aquisição de veículo para o transporte escolar",
            "Reforma da Unidade de Saúde da Família {b}",
            "Implantação de iluminação pública em LED no bairro {b}",
            "Aquisição de ambulância tipo A",
            "Contenção de encosta no bairro {b}",
            "Aquisição de equipamentos para o CRAS {b}",
            "Estruturação da Guarda Civil Municipal",
        )
        convs: list[list[object]] = []
        props: list[list[object]] = []
        next_id = [900_100 + rng.randrange(1000)]

        def add(
            *,
            ibge: str,
            munic: str,
            nature: str,
            signed: date | None,
            sit: str,
            repasse: int,
            uf: str = "SP",
        ) -> None:
            next_id[0] += rng.randrange(3, 40)
            pid = next_id[0]
            nr = 950_000 + (pid % 50_000)
            contrap = repasse // 100 * rng.choice((0, 1, 2, 5, 10)) // 100 * 100
            glob = repasse + contrap
            ministry = rng.choice(ministries)
            obj = rng.choice(objects).format(b=rng.choice(BAIRROS))
            prop_day = (signed or date(y, 6, 1)) - timedelta(days=rng.randrange(30, 200))
            start = signed or prop_day
            end = start + timedelta(days=rng.randrange(365, 1100))
            s = signed.strftime("%d/%m/%Y") if signed else ""
            convs.append(
                [
                    nr,
                    pid,
                    signed.day if signed else "",
                    signed.month if signed else "",
                    signed.year if signed else "",
                    s,
                    sit,
                    "",
                    "Publicado" if signed else "",
                    "SIM" if sit == "Em execução" else "NÃO",
                    "NÃO",
                    f"{rng.randrange(10**5):05d}.{rng.randrange(10**6):06d}/{start.year}-"
                    f"{rng.randrange(100):02d}",
                    100000 + rng.randrange(800000),
                    (signed + timedelta(days=rng.randrange(5, 20))).strftime("%d/%m/%Y")
                    if signed
                    else "",
                    start.strftime("%d/%m/%Y"),
                    end.strftime("%d/%m/%Y"),
                    60,
                    (end + timedelta(days=60)).strftime("%d/%m/%Y"),
                    "Normal",
                    1,
                    rng.choice(("", "1", "2")),
                    "",
                    br_money(glob),
                    br_money(repasse),
                    br_money(contrap),
                    br_money(repasse),
                    br_money(repasse * rng.randrange(0, 60) // 100),
                    "",
                    "",
                    "",
                    "",
                ]
            )
            props.append(
                [
                    pid,
                    uf,
                    munic,
                    ibge,
                    rng.randrange(20000, 99999),
                    ministry,
                    nature,
                    f"{rng.randrange(10**5):06d}/{prop_day.year}",
                    prop_day.day,
                    prop_day.month,
                    prop_day.year,
                    prop_day.strftime("%d/%m/%Y"),
                    rng.randrange(20000, 99999),
                    ministry,
                    "Convênio",
                    fake_cnpj(pid),
                    (
                        f"MUNICIPIO DE {munic}"
                        if "Municipal" in nature
                        else f"ASSOCIACAO {self.fake.last_name().upper()} DE {munic}"
                    ),
                    f"0{rng.randrange(8570, 8599)}{rng.randrange(1000):03d}",
                    f"RUA {self.fake.last_name().upper()}, {rng.randrange(1, 2000)}",
                    rng.choice(BAIRROS).upper(),
                    "BANCO DO BRASIL SA",
                    "Conta Aberta",
                    "Aprovado",
                    "Proposta/Plano de Trabalho Aprovados",
                    start.strftime("%d/%m/%Y"),
                    end.strftime("%d/%m/%Y"),
                    obj,
                    br_money(glob),
                    br_money(repasse),
                    br_money(contrap),
                ]
            )

        municipal = "Administração Pública Municipal"
        for i, v in enumerate(values):
            signed = day_in(rng, y)
            sit = rng.choice(("Em execução", "Em execução", "Aguardando Prestação de Contas"))
            # One proposta without the IBGE code, found by UF and name (a real quirk).
            add(
                ibge="" if i == 0 else self.ibge,
                munic=self.munic,
                nature=municipal,
                signed=signed,
                sit=sit,
                repasse=v,
            )
        # What the rules leave out:
        add(
            ibge=self.ibge,
            munic=self.munic,
            nature=municipal,
            signed=day_in(rng, y),
            sit="Convênio Anulado",
            repasse=rng.randrange(2_000, 9_000) * 100_000,
        )
        for _ in range(3):
            add(
                ibge=self.ibge,
                munic=self.munic,
                nature=municipal,
                signed=day_in(rng, y - 1),
                sit="Em execução",
                repasse=rng.randrange(200, 5_000) * 100_000,
            )
        add(
            ibge=self.ibge,
            munic=self.munic,
            nature=municipal,
            signed=None,
            sit="Proposta/Plano de Trabalho em Análise",
            repasse=rng.randrange(200, 900) * 1000,
        )
        for nature in ("Entidades Privadas sem Fins Lucrativos", "Organização da Sociedade Civil"):
            add(
                ibge=self.ibge,
                munic=self.munic,
                nature=nature,
                signed=day_in(rng, y),
                sit="Em execução",
                repasse=rng.randrange(100, 900) * 1000 * 100,
            )
        for _ in range(40):
            code, city = rng.choice(OTHER_CITIES)
            add(
                ibge=code,
                munic=city,
                nature=municipal,
                signed=day_in(rng, rng.choice((y - 1, y))),
                sit="Em execução",
                repasse=rng.randrange(100, 9_000) * 10_000 * 100,
            )
        order = list(range(len(convs)))
        rng.shuffle(order)
        write_csv(
            out / "siconv_convenio.csv",
            CONVENIO_HEADER,
            [convs[i] for i in order],
            encoding="utf-8",
        )
        rng.shuffle(order)
        write_csv(
            out / "siconv_proposta.csv",
            PROPOSTA_HEADER,
            [props[i] for i in order],
            encoding="utf-8",
        )

    # ------------------------------------------------------------ convênios estaduais
    def state(self, out: Path) -> None:
        rng, y = self.rng, self.y
        n = int(self.t["convenios", "estaduais"])
        values = split_cents(cents(self.t["convenios", "valor_estaduais"]), n, rng)
        bodies = (
            "Secretaria de Desenvolvimento Urbano e Habitação",
            "Secretaria da Saúde",
            "Secretaria de Turismo e Viagens (Dadetur)",
            "Secretaria de Esportes",
            "Secretaria da Educação",
            "Secretaria de Segurança Pública",
            "Secretaria de Meio Ambiente, Infraestrutura e Logística",
            "Secretaria de Desenvolvimento Social",
        )
        objects = (
            "Recapeamento asfáltico de vias do bairro {b}",
            "Reforma da escola municipal do bairro {b}",
            "Construção de praça no bairro {b}",
            "Aquisição de equipamentos hospitalares",
            "Aquisição de viaturas para a Guarda Civil",
            "Iluminação de campo de futebol no bairro {b}",
            "Drenagem e canalização de córrego no bairro {b}",
            "Custeio de serviços de saúde",
        )
        rows: list[tuple[date, list[object]]] = []

        def row(signed: date, value: int, sit: str) -> None:
            reais = value / 100
            # About a third of the money cells are text, as typed by hand.
            money: object = (
                ("R$ " + br_money(value, grouped=True)) if rng.random() < 0.33 else reais
            )
            day: object = (
                signed.strftime("%d/%m/%Y")
                if rng.random() < 0.2
                else datetime(signed.year, signed.month, signed.day)
            )
            rows.append(
                (
                    signed,
                    [
                        None,
                        rng.choice(objects).format(b=rng.choice(BAIRROS)),
                        rng.choice(bodies),
                        day,
                        money,
                        round(value * rng.choice((0, 0.05, 0.1)) / 100, 2),
                        sit,
                    ],
                )
            )

        for v in values:
            row(
                day_in(rng, y),
                v,
                rng.choice(("Assinado", "Em execução", "Em execução", "Concluído")),
            )
        row(day_in(rng, y), rng.randrange(500, 3000) * 100_000, "Cancelado")
        for _ in range(2):
            row(
                day_in(rng, y - 1, months=(10, 12)),
                rng.randrange(500, 3000) * 100_000,
                "Em execução",
            )
        rows.sort(key=lambda r: r[0])
        body = [[f"{i:03d}/{y}", *r[1:]] for i, (_, r) in enumerate(rows, start=1)]
        total = (
            sum(
                cents(r[4])
                if isinstance(r[4], float)
                else int(r[4].replace("R$ ", "").replace(".", "").replace(",", ""))
                for r in body
            )
            / 100
        )
        write_sheet(
            out / "convenios_estaduais.xlsx",
            titles=[
                "PREFEITURA MUNICIPAL DE ITAQUAQUECETUBA",
                "Secretaria de Governo – Departamento de Convênios",
                f"CONVÊNIOS ESTADUAIS – {y}",
            ],
            header=[
                "Nº",
                "Objeto",
                "Órgão Concedente",
                "Data de Assinatura",
                "Valor do Repasse",
                "Contrapartida",
                "Situação",
            ],
            rows=body,
            total=["TOTAL", None, None, None, total, None, None],
            money_cols=(4, 5),
            date_cols=(3,),
        )

    # ------------------------------------------------------------ ofícios
    def oficios(self, out: Path) -> None:
        rng, y = self.rng, self.y
        n = int(self.t["convenios", "oficios"])
        cancelled = set(rng.sample(range(n + 3), 3)) if n else set()
        days = sorted(day_in(rng, y) for _ in range(n + len(cancelled)))
        recipients = (
            "Ministério das Cidades",
            "Ministério da Saúde",
            "Secretaria de Estado da Saúde",
            "Secretaria de Desenvolvimento Urbano e Habitação",
            "Câmara dos Deputados",
            "Assembleia Legislativa do Estado de São Paulo",
            "Secretaria de Esportes",
            "Caixa Econômica Federal",
        )
        subjects = (
            "Solicitação de emenda parlamentar para {o}",
            "Pedido de recursos para {o}",
            "Encaminhamento de plano de trabalho: {o}",
            "Solicitação de prorrogação de vigência do convênio",
            "Formalização de parceria para {o}",
        )
        works = (
            "recapeamento de vias",
            "reforma de UBS",
            "aquisição de ambulância",
            "construção de creche",
            "iluminação pública",
            "equipamentos escolares",
        )
        rows = []
        for i, d in enumerate(days, start=1):
            who = rng.choice(recipients)
            if who.startswith(("Câmara", "Assembleia")):
                who = f"{who} – Gabinete de {self.fake.name()}"
            rows.append(
                [
                    f"{i:03d}/{y}",
                    d.strftime("%d/%m/%Y"),
                    who,
                    rng.choice(subjects).format(o=rng.choice(works)),
                    "Cancelado" if i - 1 in cancelled else "Enviado",
                ]
            )
        write_csv(
            out / "oficios.csv",
            ["Número", "Data", "Destinatário", "Assunto", "Situação"],
            rows,
            encoding="utf-8",
        )

    # ------------------------------------------------------------ Procon
    def sindec(self, out: Path) -> None:
        rng, y = self.rng, self.y
        kinds = [("CIP", "4")] * int(self.t["procon", "cips"]) + [
            ("Atendimento Preliminar", "2")
        ] * int(self.t["procon", "atendimentos_preliminares"])
        subjects = (
            ("Serviços Essenciais", "Telefonia Celular"),
            ("Serviços Essenciais", "Energia Elétrica"),
            ("Serviços Essenciais", "Água e Esgoto"),
            ("Assuntos Financeiros", "Cartão de Crédito"),
            ("Assuntos Financeiros", "Banco comercial"),
            ("Produtos", "Aparelho Celular"),
            ("Produtos", "Móveis"),
            ("Serviços Privados", "Internet (Serviços)"),
            ("Serviços Privados", "Cursos Livres Outros"),
            ("Saúde", "Planos de Saúde"),
        )
        ages = (
            "até 20 anos",
            "entre 21 a 30 anos",
            "entre 31 a 40 anos",
            "entre 41 a 50 anos",
            "entre 51 a 60 anos",
            "entre 61 a 70 anos",
            "mais de 70 anos",
            "Nao Informada",
        )
        records = [(day_in(rng, y), k) for k in kinds]
        # The export's date range overlaps the previous December.
        records += [
            (day_in(rng, y - 1, months=(12, 12)), rng.choice(kinds or [("CIP", "4")]))
            for _ in range(25)
        ]
        records.sort(key=lambda r: r[0])
        rows = []
        for d, (desc, code) in records:
            when = moment(rng, d)
            group, subject = rng.choice(subjects)
            if desc == "Atendimento Preliminar" and rng.random() < 0.02:
                desc = "Atendimento  Preliminar"  # double spaces occur in Sindec names
            rows.append(
                [
                    d.year,
                    (d.month - 1) // 3 + 1,
                    d.month,
                    when.strftime("%d/%m/%Y %H:%M"),
                    3,
                    "Sudeste",
                    "SP",
                    code,
                    desc,
                    rng.randrange(1, 300),
                    subject,
                    group,
                    "NULL",
                    "NULL",
                    "NULL",
                    rng.choice("MF"),
                    rng.choice(ages),
                    "NULL"
                    if rng.random() < 0.1
                    else f"{rng.randrange(8570, 8600)}{rng.randrange(1000):03d}",
                ]
            )
        write_csv(out / "sindec_atendimentos.csv", SINDEC_HEADER, rows, encoding="cp1252")

    def audiencias(self, out: Path) -> None:
        rng, y = self.rng, self.y
        held = int(self.t["procon", "audiencias"])
        recs = [(day_in(rng, y), "Realizada") for _ in range(held)]
        recs += [
            (day_in(rng, y), rng.choice(("Cancelada", "Redesignada")))
            for _ in range(max(3, held // 8))
        ]
        recs += [(day_in(rng, y - 1, months=(12, 12)), "Realizada") for _ in range(4)]
        recs.sort(key=lambda r: r[0])
        rows = []
        for i, (d, sit) in enumerate(recs, start=1):
            result = (
                rng.choices(("Acordo", "Sem acordo", "Fornecedor ausente"), weights=(55, 35, 10))[0]
                if sit == "Realizada"
                else None
            )
            rows.append(
                [
                    i,
                    datetime(d.year, d.month, d.day),
                    f"{rng.randrange(1, 4000):04d}/{d.year}",
                    self.fake.company(),
                    sit,
                    result,
                ]
            )
        write_sheet(
            out / "procon_audiencias.xlsx",
            titles=["PROCON ITAQUAQUECETUBA", f"Controle de audiências – {y}"],
            header=["Nº", "Data", "Processo", "Fornecedor", "Situação", "Resultado"],
            rows=rows,
            date_cols=(1,),
        )

    def fiscalizacoes(self, out: Path) -> None:
        rng, y = self.rng, self.y
        n = int(self.t["procon", "fiscalizacoes"])
        kinds = (
            "Supermercado",
            "Posto de combustível",
            "Farmácia",
            "Padaria",
            "Loja de materiais de construção",
            "Açougue",
            "Loja de eletrônicos",
        )
        days = sorted(day_in(rng, y) for _ in range(n))
        rows = [
            [
                i,
                datetime(d.year, d.month, d.day),
                self.fake.company(),
                rng.choice(kinds),
                rng.choice(BAIRROS),
                rng.choices(("Regular", "Notificado", "Autuado"), weights=(45, 35, 20))[0],
            ]
            for i, d in enumerate(days, start=1)
        ]
        write_sheet(
            out / "procon_fiscalizacoes.xlsx",
            titles=["PROCON ITAQUAQUECETUBA", f"Fiscalizações – {y}"],
            header=["Nº", "Data", "Estabelecimento", "Ramo", "Bairro", "Resultado"],
            rows=rows,
            date_cols=(1,),
        )

    # ------------------------------------------------------------ Comunicação
    def wordpress(self, out: Path) -> None:
        rng, y = self.rng, self.y
        cats = [
            (1, "Sem categoria"),
            (5, "Notícias"),
            (7, "Editais e Licitações"),
            (9, "Concursos e Processos Seletivos"),
            (11, "Avisos"),
            (14, "Saúde"),
            (15, "Educação"),
            (16, "Obras"),
            (17, "Cultura &amp; Lazer"),
        ]
        topics = (
            (
                14,
                "Saúde",
                (
                    "Prefeitura amplia atendimento na UBS {b}",
                    "Campanha de vacinação chega ao bairro {b}",
                ),
            ),
            (
                15,
                "Educação",
                (
                    "Escola do bairro {b} recebe novos equipamentos",
                    "Matrículas para a rede municipal &#8211; prazo vai até {d}",
                ),
            ),
            (
                16,
                "Obras",
                (
                    "Obras de recapeamento avançam no bairro {b}",
                    "Prefeitura entrega praça revitalizada no {b}",
                ),
            ),
            (
                17,
                "Cultura",
                (
                    "Festival cultural movimenta o {b} neste fim de semana",
                    "&#8220;Fala Itaquá&#8221; estreia novo episódio",
                ),
            ),
        )
        posts = []
        n_rel = int(self.t["comunicacao", "releases"])

        def post(when: datetime, categories: list[int], title: str) -> None:
            pid = 10_000 + len(posts) * 3 + rng.randrange(3)
            slug = slugify(html.unescape(title))
            posts.append(
                {
                    "id": pid,
                    "date": when.strftime("%Y-%m-%dT%H:%M:%S"),
                    "date_gmt": (when + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%S"),
                    "modified": (when + timedelta(hours=rng.randrange(1, 30))).strftime(
                        "%Y-%m-%dT%H:%M:%S"
                    ),
                    "slug": slug,
                    "status": "publish",
                    "type": "post",
                    "link": f"https://noticias.exemplo.invalid/{when:%Y/%m}/{slug}/",
                    "title": {"rendered": title},
                    "excerpt": {
                        "rendered": f"<p>{title} (texto sintético de exemplo).</p>\n",
                        "protected": False,
                    },
                    "categories": categories,
                }
            )

        for _ in range(n_rel):
            cat, _, titles = rng.choice(topics)
            d = day_in(rng, y, weekdays=False)
            title = rng.choice(titles).format(b=rng.choice(BAIRROS), d=f"{d.day}/{d.month}")
            post(moment(rng, d, (7, 22)), [5, cat] if rng.random() < 0.8 else [5], title)
        others = (
            (7, "Aviso de licitação &#8211; Pregão Eletrônico nº {n}/{y}"),
            (9, "Processo seletivo nº {n}/{y}: edital de abertura"),
            (11, "Aviso: expediente do dia {n} de {y}"),
            (1, "Resultado de chamamento público nº {n}/{y}"),
        )
        for _ in range(max(5, n_rel // 9)):
            cat, title = rng.choice(others)
            post(moment(rng, day_in(rng, y)), [cat], title.format(n=rng.randrange(1, 200), y=y))
        # The export was taken in January: the previous December and this January are in it.
        for yy, months, k in ((y - 1, (12, 12), 12), (y + 1, (1, 1), 8)):
            for _ in range(k):
                cat, _, titles = rng.choice(topics)
                post(
                    moment(rng, day_in(rng, yy, months=months)),
                    [5, cat],
                    rng.choice(titles).format(b=rng.choice(BAIRROS), d="1/2"),
                )
        posts.sort(key=lambda p: p["date"], reverse=True)  # WordPress lists newest first
        for page in range((len(posts) + 99) // 100):
            chunk = posts[page * 100 : (page + 1) * 100]
            (out / f"wordpress_posts_{page + 1}.json").write_text(
                json.dumps(chunk, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        # The X-WP-Total / X-WP-TotalPages headers of the export, saved beside the pages
        # (checks.WP_TOTAL_FILE): the checks compare the pages against them.
        pages = (len(posts) + 99) // 100
        (out / "wordpress_total.json").write_text(
            json.dumps({"X-WP-Total": len(posts), "X-WP-TotalPages": pages}) + "\n",
            encoding="utf-8",
        )
        (out / "wordpress_categories.json").write_text(
            json.dumps(
                [
                    {"id": i, "name": name, "slug": slugify(html.unescape(name)), "count": 0}
                    for i, name in cats
                ],
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )

    def demandas(self, out: Path) -> None:
        rng, y = self.rng, self.y
        outlets = (
            "Gazeta do Alto Tietê",
            "Portal Itaquá Agora",
            "Rádio Metropolitana Leste",
            "TV Vale do Tietê",
            "Jornal da Região Leste",
            "Diário Leste Paulista",
            "Portal Grande SP Notícias",
            "Revista Cidades em Foco",
            "Agência Regional de Notícias",
            "Podcast Bairro a Bairro",
        )
        weights = (22, 18, 14, 12, 10, 8, 6, 4, 4, 2)
        secretarias = (
            "Saúde",
            "Educação",
            "Obras",
            "Segurança Urbana",
            "Governo",
            "Assistência Social",
            "Meio Ambiente",
            "Transportes",
        )
        journalists = {o: [self.fake.name() for _ in range(3)] for o in outlets}
        subjects = (
            "Fila de espera na UBS {b}",
            "Buraco na rua do bairro {b}",
            "Falta de vagas em creche no {b}",
            "Alagamento no {b}",
            "Horário de ônibus no {b}",
            "Obras da praça do {b}",
            "Iluminação pública no {b}",
            "Campanha de vacinação",
        )
        recs = []
        for _ in range(int(self.t["comunicacao", "demandas_respondidas"])):
            d = moment(rng, day_in(rng, y))
            lag = rng.choices((0, 1, 2, 3, 5, 9), weights=(35, 30, 15, 10, 7, 3))[0]
            ans = d + timedelta(days=lag, hours=rng.randrange(0, 5))
            recs.append((d, "Respondida", ans))
        for _ in range(30):  # still open at year end
            recs.append((moment(rng, day_in(rng, y, months=(11, 12))), "Em andamento", None))
        for _ in range(8):
            recs.append((moment(rng, day_in(rng, y)), "Sem retorno da secretaria", None))
        for _ in range(10):
            d = moment(rng, day_in(rng, y - 1, months=(12, 12)))
            recs.append((d, "Respondida", d + timedelta(days=1)))
        recs.sort(key=lambda r: r[0])
        rows = []
        for i, (d, sit, ans) in enumerate(recs, start=1):
            outlet = rng.choices(outlets, weights=weights)[0]
            rows.append(
                [
                    i,
                    d.replace(second=0),
                    outlet,
                    rng.choice(journalists[outlet]),
                    rng.choice(subjects).format(b=rng.choice(BAIRROS)),
                    rng.choice(secretarias),
                    sit,
                    ans.replace(second=0) if ans else None,
                ]
            )
        write_sheet(
            out / "demandas_imprensa.xlsx",
            titles=["Assessoria de Comunicação – Demandas da imprensa", str(y)],
            header=[
                "Nº",
                "Data de recebimento",
                "Veículo",
                "Jornalista",
                "Assunto",
                "Secretaria demandada",
                "Situação",
                "Data da resposta",
            ],
            rows=rows,
            date_cols=(1, 7),
        )

    # ------------------------------------------------------------ CPD
    def glpi(self, out: Path) -> None:
        rng, y = self.rng, self.y
        cats = (
            ("Hardware > Computador", 22),
            ("Hardware > Impressora", 18),
            ("Redes > Cabeamento", 10),
            ("Redes > Wi-Fi", 8),
            ("Acessos > Criação de usuário", 12),
            ("Acessos > Senha", 10),
            ("Sistemas > Domínio", 8),
            ("Sistemas > Nota Fiscal e ISS", 5),
            ("Software > E-mail", 5),
            ("Telefonia", 2),
        )
        entities = (
            "Prefeitura > Saúde",
            "Prefeitura > Educação",
            "Prefeitura > Governo",
            "Prefeitura > Procon",
            "Prefeitura > Finanças",
            "Prefeitura > Obras",
            "Prefeitura > Assistência Social",
        )
        titles = {
            "Hardware": (
                "Computador não liga",
                "Trocar teclado",
                "Impressora sem imprimir",
                "Instalar novo computador",
            ),
            "Redes": (
                "Sem internet no setor",
                "Ponto de rede sem sinal",
                "Wi-Fi ''Prefeitura'' caiu",
            ),
            "Acessos": ("Criar usuário no PC", "Redefinir senha de rede"),
            "Sistemas": ("Erro ao emitir nota fiscal", "Acesso ao sistema Domínio"),
            "Software": ("Configurar e-mail institucional",),
            "Telefonia": ("Ramal mudo",),
        }
        techs = [self.fake.name() for _ in range(5)]
        n = int(self.t["cpd", "chamados"])
        opened = (
            [moment(rng, day_in(rng, y - 1, months=(12, 12))) for _ in range(30)]
            + [moment(rng, day_in(rng, y)) for _ in range(n)]
            + [moment(rng, day_in(rng, y + 1, months=(1, 1))) for _ in range(25)]
        )
        opened.sort()
        export_time = datetime(y + 1, 1, 31, 17, 0)
        rows = []
        for i, t0 in enumerate(opened):
            cat = rng.choices([c for c, _ in cats], weights=[w for _, w in cats])[0]
            title = rng.choice(titles[cat.split(" > ")[0]])
            if rng.random() < 0.01:
                title += "\nUrgente: setor parado"  # cells can hold newlines
            lag = timedelta(hours=rng.choice((1, 2, 4, 8, 24, 48, 96, 240, 800)))
            solved = t0 + lag
            if solved > export_time - timedelta(days=2) and rng.random() < 0.7:
                status, sol = rng.choice(("Novo", "Em atendimento (atribuído)", "Pendente")), None
            else:
                status = "Fechado" if solved < export_time - timedelta(days=10) else "Solucionado"
                sol = solved
            tid = 8000 + i * 2 + rng.randrange(2)
            tech = rng.choice(techs) + " "
            if rng.random() < 0.05:
                tech += "<br>" + rng.choice(techs) + " "
            rows.append(
                [
                    f"{tid:,}".replace(",", " "),
                    title,
                    rng.choice(entities),
                    rng.choice(("Paço", "Anexo", "UBS " + rng.choice(BAIRROS), "Escola")),
                    status,
                    t0.strftime("%d-%m-%Y %H:%M"),
                    (sol or t0 + timedelta(hours=1)).strftime("%d-%m-%Y %H:%M"),
                    self.fake.name() + " ",
                    tech,
                    cat,
                    rng.choices(("Baixa", "Média", "Alta", "Muito alta"), weights=(20, 55, 20, 5))[
                        0
                    ],
                    rng.choice(("Incidente", "Requisição")),
                    sol.strftime("%d-%m-%Y %H:%M") if sol else "",
                ]
            )
        rows.reverse()  # GLPI lists the newest first
        write_csv(
            out / "glpi_chamados.csv",
            GLPI_HEADER,
            rows,
            encoding="utf-8",
            quote_all=True,
            trailing=True,
            bom=True,
        )

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
        out.mkdir(parents=True, exist_ok=True)
        for step in (
            self.federal,
            self.state,
            self.oficios,
            self.sindec,
            self.audiencias,
            self.fiscalizacoes,
            self.wordpress,
            self.demandas,
            self.glpi,
            self.highlights,
        ):
            step(out)
        return sorted(p for p in out.iterdir() if p.is_file() and p.name != "manifest.toml")


CONVENIO_HEADER = (
    "NR_CONVENIO;ID_PROPOSTA;DIA;MES;ANO;DIA_ASSIN_CONV;SIT_CONVENIO;SUBSITUACAO_CONV;"
    "SITUACAO_PUBLICACAO;INSTRUMENTO_ATIVO;IND_OPERA_OBTV;NR_PROCESSO;UG_EMITENTE;DIA_PUBL_CONV;"
    "DIA_INIC_VIGENC_CONV;DIA_FIM_VIGENC_CONV;DIAS_PREST_CONTAS;DIA_LIMITE_PREST_CONTAS;"
    "SITUACAO_CONTRATACAO;QTDE_CONVENIOS;QTD_TA;QTD_PRORROGA;VL_GLOBAL_CONV;VL_REPASSE_CONV;"
    "VL_CONTRAPARTIDA_CONV;VL_EMPENHADO_CONV;VL_DESEMBOLSADO_CONV;VL_SALDO_REMAN_TESOURO;"
    "VL_SALDO_REMAN_CONVENENTE;VL_RENDIMENTO_APLICACAO;VL_INGRESSO_CONTRAPARTIDA"
).split(";")
PROPOSTA_HEADER = (
    "ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;COD_ORGAO_SUP;DESC_ORGAO_SUP;"
    "NATUREZA_JURIDICA;NR_PROPOSTA;DIA_PROP;MES_PROP;ANO_PROP;DIA_PROPOSTA;COD_ORGAO;DESC_ORGAO;"
    "MODALIDADE;IDENTIF_PROPONENTE;NM_PROPONENTE;CEP_PROPONENTE;ENDERECO_PROPONENTE;"
    "BAIRRO_PROPONENTE;NM_BANCO;SITUACAO_CONTA;SITUACAO_PROJETO_BASICO;SIT_PROPOSTA;"
    "DIA_INIC_VIGENCIA_PROPOSTA;DIA_FIM_VIGENCIA_PROPOSTA;OBJETO_PROPOSTA;VL_GLOBAL_PROP;"
    "VL_REPASSE_PROP;VL_CONTRAPARTIDA_PROP"
).split(";")
SINDEC_HEADER = (
    "AnoAtendimento;TrimestreAtendimento;MesAtendimento;DataAtendimento;CodigoRegiao;Regiao;UF;"
    "CodigoTipoAtendimento;DescricaoTipoAtendimento;CodigoAssunto;DescricaoAssunto;GrupoAssunto;"
    "CodigoProblema;DescricaoProblema;GrupoProblema;SexoConsumidor;FaixaEtariaConsumidor;"
    "CEPConsumidor"
).split(";")
GLPI_HEADER = [
    "ID",
    "Título",
    "Entidade",
    "Localização",
    "Status",
    "Data de abertura",
    "Última atualização",
    "Requerente - Requerente",
    "Atribuído - Técnico",
    "Categoria",
    "Prioridade",
    "Tipo",
    "Data da solução",
]

DESCRIPTIONS = {
    "siconv_convenio.csv": (
        "Convênios federais (dump nacional, recorte de exemplo)",
        "Transferegov – dados abertos",
    ),
    "siconv_proposta.csv": (
        "Propostas dos convênios federais (município, natureza jurídica)",
        "Transferegov – dados abertos",
    ),
    "convenios_estaduais.xlsx": (
        "Convênios estaduais controlados pelo departamento",
        "Planilha do Departamento de Convênios",
    ),
    "oficios.csv": ("Livro de registro de ofícios", "Planilha do Departamento de Convênios"),
    "sindec_atendimentos.csv": (
        "Atendimentos do Procon (layout de dados abertos do Sindec, "
        "Windows-1252, NULL para ausente)",
        "Sindec",
    ),
    "procon_audiencias.xlsx": ("Controle de audiências de conciliação", "Planilha do Procon"),
    "procon_fiscalizacoes.xlsx": ("Fiscalizações em estabelecimentos", "Planilha do Procon"),
    "wordpress_categories.json": ("Categorias dos posts do site", "WordPress (API REST)"),
    "wordpress_total.json": (
        "Total de posts e de páginas da exportação (cabeçalhos X-WP-Total e X-WP-TotalPages)",
        "WordPress (API REST /wp-json/wp/v2/posts)",
    ),
    "demandas_imprensa.xlsx": ("Demandas da imprensa", "Planilha da Assessoria de Comunicação"),
    "glpi_chamados.csv": (
        "Chamados de informática (UTF-8 com BOM, campos entre aspas, ';' no fim da linha)",
        "GLPI 10",
    ),
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
    return DESCRIPTIONS.get(name, ("", ""))


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
        staged = Generator(targets, seed).run(staging)
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
    out: Path, *, municipal_dir: Path, propostas: int, seed: int = 1
) -> tuple[Path, Path]:
    """National-size Transferegov dumps (benchmarks): ``propostas`` synthetic
    propostas of other municipalities — about 60% with a convênio — plus the
    municipality's own rows taken from ``municipal_dir``'s dumps, so the
    pipeline must find exactly those among the noise."""
    rng = random.Random(seed)
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
            if code == 3_523_107:
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
