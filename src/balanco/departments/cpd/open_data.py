"""The open-data datasets of CPD (``balanco exportar``): each processed table
published, its columns, their descriptions and what is done to personal data before
publication (LGPD). The rule of ``conta_no_indicador`` is the department's own.
"""

from __future__ import annotations

from ...open_data_spec import (
    DROP,
    NO_PERSONAL,
    Column,
    Dataset,
    ano_column,
    counts_column,
    line_column,
)
from . import (
    tickets_of_year,
)

CHAMADOS = Dataset(
    "cpd_chamados",
    "cpd",
    "chamados",
    "Chamados de suporte do CPD (GLPI)",
    "glpi_chamados.csv",
    tickets_of_year,
    "chamados",
    (
        ano_column("de abertura", "Data de abertura"),
        Column("id", "id", "integer", "Número do chamado no GLPI.", "ID", NO_PERSONAL),
        Column(
            "data_abertura",
            "data_abertura",
            "datetime",
            "Data e hora de abertura.",
            "Data de abertura",
            NO_PERSONAL,
        ),
        Column(
            "data_solucao",
            "data_solucao",
            "datetime",
            "Data e hora da solução (vazia se não solucionado).",
            "Data da solução",
            NO_PERSONAL,
            optional=True,
        ),
        Column(
            "titulo",
            "titulo",
            "string",
            "Título do chamado.",
            "Título",
            "não publicada: texto livre escrito por quem abre o chamado, pode conter nomes; "
            "a categoria descreve o chamado",
            DROP,
            personal="texto livre; pode conter nome de pessoa",
        ),
        Column("status", "status", "string", "Status no GLPI.", "Status", NO_PERSONAL),
        Column("categoria", "categoria", "string", "Categoria (A > B).", "Categoria", NO_PERSONAL),
        Column(
            "prioridade",
            "prioridade",
            "string",
            "Prioridade.",
            "Prioridade",
            NO_PERSONAL,
            optional=True,
        ),
        Column(
            "tipo", "tipo", "string", "Incidente ou Requisição.", "Tipo", NO_PERSONAL, optional=True
        ),
        Column(
            "entidade",
            "entidade",
            "string",
            "Entidade (secretaria).",
            "Entidade",
            NO_PERSONAL,
            optional=True,
        ),
        Column(
            "localizacao",
            "localizacao",
            "string",
            "Local.",
            "Localização",
            NO_PERSONAL,
            optional=True,
        ),
        Column(
            "tecnico",
            "tecnico",
            "string",
            "Técnico atribuído.",
            "Atribuído - Técnico",
            "não publicada: nome de pessoa",
            DROP,
            personal="nome de pessoa",
            optional=True,
        ),
        Column(
            "requerente",
            "requerente",
            "string",
            "Requerente.",
            "Requerente - Requerente",
            "não publicada: nome de pessoa",
            DROP,
            personal="nome de pessoa",
            optional=True,
        ),
        line_column("glpi_chamados.csv"),
        counts_column("todo chamado aberto no ano (Data de abertura), qualquer que seja o status."),
    ),
)


#: The department's published datasets, in the order of the report.
DATASETS = (CHAMADOS,)
