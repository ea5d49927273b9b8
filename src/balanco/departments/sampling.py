"""What the department generators share (``departments/<d>/generator.py``): the
:class:`Generator` that carries a year's targets, the random source, Faker and the
municipality's names and places, and the helpers that write raw files the way the
source systems do (byte-reproducible spreadsheets, CSVs in their encodings).

The ``balanco sample`` command itself (targets file, running the enabled
departments' generators, the highlights, manifest, refusing to overwrite real
exports) is ``balanco.sample``: these helpers never call back into the registry.
"""

from __future__ import annotations

import csv
import io
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from ..errors import BadInput, Problem
from ..settings import Settings

FIXED_TIME = (2025, 1, 31, 12, 0, 0)


@dataclass(frozen=True)
class Targets:
    year: int
    seed: int
    values: dict[str, dict[str, float | int]]
    highlights: dict[str, object]

    def __getitem__(self, key: tuple[str, str]) -> float | int:
        return self.values[key[0]][key[1]]


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

    def __init__(self, targets: Targets, seed: int, *, settings: Settings):
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
        s = self.settings = settings
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
