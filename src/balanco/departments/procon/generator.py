"""The Procon sample generator: synthetic raw files in the real export
layouts, meeting the year's targets exactly (see ``balanco.sample``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..sampling import Generator, day_in, moment, write_csv, write_sheet

#: The figures of data/targets/<ano>.toml [procon] this generator meets exactly.
TARGET_KEYS = ("cips", "atendimentos_preliminares", "audiencias", "fiscalizacoes")
#: What each file is and where it comes from (for the manifest).
DESCRIPTIONS = {
    "sindec_atendimentos.csv": (
        "Atendimentos do Procon (layout de dados abertos do Sindec, "
        "Windows-1252, NULL para ausente)",
        "Sindec",
    ),
    "procon_audiencias.xlsx": ("Controle de audiências de conciliação", "Planilha do Procon"),
    "procon_fiscalizacoes.xlsx": ("Fiscalizações em estabelecimentos", "Planilha do Procon"),
}


SINDEC_HEADER = (
    "AnoAtendimento;TrimestreAtendimento;MesAtendimento;DataAtendimento;CodigoRegiao;Regiao;UF;"
    "CodigoTipoAtendimento;DescricaoTipoAtendimento;CodigoAssunto;DescricaoAssunto;GrupoAssunto;"
    "CodigoProblema;DescricaoProblema;GrupoProblema;SexoConsumidor;FaixaEtariaConsumidor;"
    "CEPConsumidor"
).split(";")


# ------------------------------------------------------------ Procon
def sindec(g: Generator, out: Path) -> None:
    rng, y = g.rng, g.y
    kinds = [("CIP", "4")] * int(g.t["procon", "cips"]) + [("Atendimento Preliminar", "2")] * int(
        g.t["procon", "atendimentos_preliminares"]
    )
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
                *g.region,
                g.uf,
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
                # Sindec keeps the CEP as a number: a leading zero is lost.
                else f"{rng.randrange(g.cep_range[0], g.cep_range[1] + 1)}"
                f"{rng.randrange(1000):03d}",
            ]
        )
    write_csv(out / "sindec_atendimentos.csv", SINDEC_HEADER, rows, encoding="cp1252")


def audiencias(g: Generator, out: Path) -> None:
    rng, y = g.rng, g.y
    held = int(g.t["procon", "audiencias"])
    recs = [(day_in(rng, y), "Realizada") for _ in range(held)]
    recs += [
        (day_in(rng, y), rng.choice(("Cancelada", "Redesignada"))) for _ in range(max(3, held // 8))
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
                g.fake.company(),
                sit,
                result,
            ]
        )
    write_sheet(
        out / "procon_audiencias.xlsx",
        titles=[f"PROCON {g.munic}", f"Controle de audiências – {y}"],
        header=["Nº", "Data", "Processo", "Fornecedor", "Situação", "Resultado"],
        rows=rows,
        date_cols=(1,),
    )


def fiscalizacoes(g: Generator, out: Path) -> None:
    rng, y = g.rng, g.y
    n = int(g.t["procon", "fiscalizacoes"])
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
            g.fake.company(),
            rng.choice(kinds),
            rng.choice(g.bairros),
            rng.choices(("Regular", "Notificado", "Autuado"), weights=(45, 35, 20))[0],
        ]
        for i, d in enumerate(days, start=1)
    ]
    write_sheet(
        out / "procon_fiscalizacoes.xlsx",
        titles=[f"PROCON {g.munic}", f"Fiscalizações – {y}"],
        header=["Nº", "Data", "Estabelecimento", "Ramo", "Bairro", "Resultado"],
        rows=rows,
        date_cols=(1,),
    )


def generate(g: Generator, out: Path) -> None:
    """Write the department's raw files into ``out`` (in this order: the random
    stream is shared, so the order fixes the output)."""
    sindec(g, out)
    audiencias(g, out)
    fiscalizacoes(g, out)
