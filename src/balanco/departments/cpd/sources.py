"""CPD: the GLPI export and its columns, and what the checks look at (dated records)."""

from __future__ import annotations

from ..base import Dated, Source

NAME = "cpd"
TITLE = "Centro de Processamento de Dados (CPD)"
#: The article of TITLE in running text ("do Centro de Processamento de Dados"): ``sentences.of``.
ARTICLE = "o"
COVER_TITLE = "Centro de Processamento de Dados"

TICKETS = Source(
    "chamados",
    ("glpi_chamados.csv",),
    "GLPI 10 (exportação CSV da lista de chamados, pt_BR)",
    "Chamados de suporte de informática abertos pelas secretarias.",
)
SOURCES = (TICKETS,)

#: What the checks look at (balanco.checks): dated records.
DATES = (
    Dated(
        "chamados",
        "data_abertura",
        "glpi_chamados.csv",
        "Data de abertura",
        "chamados",
        one_period=True,
    ),
)
OTHER_DATES = (
    Dated("chamados", "data_solucao", "glpi_chamados.csv", "Data da solução", "chamados"),
)

REQUIRED = ("ID", "Título", "Status", "Data de abertura")
#: GLPI exports the columns of the user's search view, so these may be absent. An
#: absent column is absent from the processed table too (never a column of blanks),
#: and what depends on it is "não disponível" with the reason.
OPTIONAL = {
    "Data da solução": "data_solucao",
    "Categoria": "categoria",
    "Prioridade": "prioridade",
    "Tipo": "tipo",
    "Entidade": "entidade",
    "Localização": "localizacao",
    "Atribuído - Técnico": "tecnico",
    "Requerente - Requerente": "requerente",
}
#: GLPI's dates follow the user's preference: YYYY-MM-DD (default) or DD-MM-YYYY.
GLPI_DATES = ("%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M:%S")
GLPI_DATE_EXPECTED = (
    "não é uma data do GLPI; esperado AAAA-MM-DD HH:MM ou DD-MM-AAAA HH:MM, ex.: 2024-03-05 14:10"
)
