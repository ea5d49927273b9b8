"""The CPD sample generator: synthetic raw files in the real export
layouts, meeting the year's targets exactly (see ``balanco.sample``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from ..sampling import Generator, day_in, moment, write_csv

#: The figures of data/targets/<ano>.toml [cpd] this generator meets exactly.
TARGET_KEYS = ("chamados",)
#: What each file is and where it comes from (for the manifest).
DESCRIPTIONS = {
    "glpi_chamados.csv": (
        "Chamados de informática (UTF-8 com BOM, campos entre aspas, ';' no fim da linha)",
        "GLPI 10",
    ),
}


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


# ------------------------------------------------------------ CPD
def glpi(g: Generator, out: Path) -> None:
    rng, y = g.rng, g.y
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
    techs = [g.fake.name() for _ in range(5)]
    n = int(g.t["cpd", "chamados"])
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
                rng.choice(("Paço", "Anexo", "UBS " + rng.choice(g.bairros), "Escola")),
                status,
                t0.strftime("%d-%m-%Y %H:%M"),
                (sol or t0 + timedelta(hours=1)).strftime("%d-%m-%Y %H:%M"),
                g.fake.name() + " ",
                tech,
                cat,
                rng.choices(("Baixa", "Média", "Alta", "Muito alta"), weights=(20, 55, 20, 5))[0],
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


def generate(g: Generator, out: Path) -> None:
    """Write the department's raw files into ``out`` (in this order: the random
    stream is shared, so the order fixes the output)."""
    glpi(g, out)
