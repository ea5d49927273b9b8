"""Convênios: national-size Transferegov dumps for the benchmarks (``balanco
sample --national N``): the municipality's own rows hidden among synthetic
propostas of other municipalities, in the dumps' layout (``siconv_proposta.csv``,
``siconv_convenio.csv``)."""

from __future__ import annotations

import random
from pathlib import Path


def national_transferegov(
    out: Path, *, municipal_dir: Path, propostas: int, own_code: str, seed: int = 1
) -> tuple[Path, Path]:
    """National-size Transferegov dumps (benchmarks): ``propostas`` synthetic
    propostas of other municipalities — about 60% with a convênio — plus the
    municipality's own rows taken from ``municipal_dir``'s dumps, so the
    pipeline must find exactly those among the noise. ``own_code``: the
    municipality's IBGE code, which no synthetic proposta carries."""
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


def towns_transferegov(
    out: Path,
    *,
    towns: int,
    uf: str = "SP",
    per_town: int = 6,
    others: int | None = None,
    seed: int = 1,
) -> tuple[Path, Path]:
    """National-layout dumps holding ``towns`` municipalities of ``uf`` (IBGE codes
    ``35`` for SP, 33 RJ, 31 MG) and ``others`` (default: as many) of another UF,
    ``per_town`` propostas each, about two in three with a convênio signed between
    2022 and 2024 (benchmarks of the national edition: ``bench/nacional.py``)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    prefix = {"SP": 35, "RJ": 33, "MG": 31}.get(uf, 35)
    header_p = (
        "ID_PROPOSTA;UF_PROPONENTE;MUNIC_PROPONENTE;COD_MUNIC_IBGE;NATUREZA_JURIDICA;"
        "DESC_ORGAO_SUP;OBJETO_PROPOSTA"
    )
    header_c = (
        "NR_CONVENIO;ID_PROPOSTA;DIA_ASSIN_CONV;SIT_CONVENIO;VL_GLOBAL_CONV;VL_REPASSE_CONV;"
        "VL_CONTRAPARTIDA_CONV"
    )
    ministries = ("MINISTÉRIO DA SAÚDE", "MINISTÉRIO DAS CIDADES", "MINISTÉRIO DO ESPORTE")
    prop_path, conv_path = out / "siconv_proposta.csv", out / "siconv_convenio.csv"
    pid = 1
    with (
        open(prop_path, "w", encoding="utf-8", newline="\n") as fp,
        open(conv_path, "w", encoding="utf-8", newline="\n") as fc,
    ):
        fp.write(header_p + "\n")
        fc.write(header_c + "\n")
        # As many towns of another UF, which the UF's edition must leave out.
        neighbour = ("MG", 31) if uf != "MG" else ("RJ", 33)
        for (other, first), count in (((uf, prefix), towns), (neighbour, others or towns)):
            for t in range(count):
                code = f"{first}{t * 10 + 1:05d}"
                for _ in range(per_town):
                    ministry = ministries[rng.randrange(len(ministries))]
                    fp.write(
                        f"{pid};{other};MUNICIPIO {code};{code};Administração Pública Municipal;"
                        f"{ministry};Objeto {pid}\n"
                    )
                    if rng.random() < 0.67:
                        y = rng.choice((2022, 2023, 2024))
                        day = f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/{y}"
                        repasse = rng.randrange(100, 9_000) * 100
                        fc.write(
                            f"{900000 + pid};{pid};{day};Em execução;{repasse * 21 // 20},00;"
                            f"{repasse},00;{repasse // 20},00\n"
                        )
                    pid += 1
    return prop_path, conv_path
