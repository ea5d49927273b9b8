"""The Convênios sample generator: synthetic raw files in the real export
layouts, meeting the year's targets exactly (see ``balanco.sample``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from ..sampling import (
    Generator,
    br_money,
    cents,
    day_in,
    fake_cnpj,
    split_cents,
    write_csv,
    write_sheet,
)

#: The figures of data/targets/<ano>.toml [convenios] this generator meets exactly.
TARGET_KEYS = ("federais", "valor_federais", "estaduais", "valor_estaduais", "oficios")
#: What each file is and where it comes from (for the manifest).
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
}

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


# ------------------------------------------------------------ convênios federais
def federal(g: Generator, out: Path) -> None:
    rng, y = g.rng, g.y
    n = int(g.t["convenios", "federais"])
    values = split_cents(cents(g.t["convenios", "valor_federais"]), n, rng, step=100)
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
        uf: str | None = None,
    ) -> None:
        uf = uf or g.uf
        next_id[0] += rng.randrange(3, 40)
        pid = next_id[0]
        nr = 950_000 + (pid % 50_000)
        contrap = repasse // 100 * rng.choice((0, 1, 2, 5, 10)) // 100 * 100
        glob = repasse + contrap
        ministry = rng.choice(ministries)
        obj = rng.choice(objects).format(b=rng.choice(g.bairros))
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
                    else f"ASSOCIACAO {g.fake.last_name().upper()} DE {munic}"
                ),
                # randrange's end is exclusive: the shipped data were drawn this way.
                f"{rng.randrange(*g.cep_range):05d}{rng.randrange(1000):03d}",
                f"RUA {g.fake.last_name().upper()}, {rng.randrange(1, 2000)}",
                rng.choice(g.bairros).upper(),
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
            ibge="" if i == 0 else g.ibge,
            munic=g.munic,
            nature=municipal,
            signed=signed,
            sit=sit,
            repasse=v,
        )
    # What the rules leave out:
    add(
        ibge=g.ibge,
        munic=g.munic,
        nature=municipal,
        signed=day_in(rng, y),
        sit="Convênio Anulado",
        repasse=rng.randrange(2_000, 9_000) * 100_000,
    )
    for _ in range(3):
        add(
            ibge=g.ibge,
            munic=g.munic,
            nature=municipal,
            signed=day_in(rng, y - 1),
            sit="Em execução",
            repasse=rng.randrange(200, 5_000) * 100_000,
        )
    add(
        ibge=g.ibge,
        munic=g.munic,
        nature=municipal,
        signed=None,
        sit="Proposta/Plano de Trabalho em Análise",
        repasse=rng.randrange(200, 900) * 1000,
    )
    for nature in ("Entidades Privadas sem Fins Lucrativos", "Organização da Sociedade Civil"):
        add(
            ibge=g.ibge,
            munic=g.munic,
            nature=nature,
            signed=day_in(rng, y),
            sit="Em execução",
            repasse=rng.randrange(100, 900) * 1000 * 100,
        )
    for _ in range(40):
        code, city = rng.choice(g.neighbours)
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
def state(g: Generator, out: Path) -> None:
    rng, y = g.rng, g.y
    n = int(g.t["convenios", "estaduais"])
    values = split_cents(cents(g.t["convenios", "valor_estaduais"]), n, rng)
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
        money: object = ("R$ " + br_money(value, grouped=True)) if rng.random() < 0.33 else reais
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
                    rng.choice(objects).format(b=rng.choice(g.bairros)),
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
            f"PREFEITURA MUNICIPAL DE {g.munic}",
            f"{g.settings.secretariat} – Departamento de Convênios",
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
def oficios(g: Generator, out: Path) -> None:
    rng, y = g.rng, g.y
    n = int(g.t["convenios", "oficios"])
    cancelled = set(rng.sample(range(n + 3), 3)) if n else set()
    days = sorted(day_in(rng, y) for _ in range(n + len(cancelled)))
    recipients = (
        "Ministério das Cidades",
        "Ministério da Saúde",
        "Secretaria de Estado da Saúde",
        "Secretaria de Desenvolvimento Urbano e Habitação",
        "Câmara dos Deputados",
        g.assembly,
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
            who = f"{who} – Gabinete de {g.fake.name()}"
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


def generate(g: Generator, out: Path) -> None:
    """Write the department's raw files into ``out`` (in this order: the random
    stream is shared, so the order fixes the output)."""
    federal(g, out)
    state(g, out)
    oficios(g, out)
