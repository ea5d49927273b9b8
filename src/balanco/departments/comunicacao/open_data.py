"""The open-data datasets of Comunicação (``balanco exportar``): each processed table
published, its columns, their descriptions and what is done to personal data before
publication (LGPD). The rule of ``conta_no_indicador`` is the department's own.
"""

from __future__ import annotations

from ...open_data_spec import (
    DROP,
    IF_PUBLISHED,
    NO_PERSONAL,
    OMITTED,
    REDACT,
    Column,
    Dataset,
    ano_column,
    counts_column,
    line_column,
)
from . import (
    answered_of_year,
    releases_of_year,
)

POSTS = Dataset(
    "comunicacao_posts",
    "comunicacao",
    "posts",
    "Posts do site de notícias da Prefeitura (WordPress)",
    "wordpress_posts_*.json",
    releases_of_year,
    "releases",
    (
        ano_column("da publicação", "date"),
        Column("id", "id", "integer", "Identificador do post no WordPress.", "id", NO_PERSONAL),
        Column("data", "data", "datetime", "Data e hora do post.", "date", NO_PERSONAL),
        Column(
            "titulo",
            "titulo",
            "string",
            "Título do post.",
            "title.rendered",
            "já público no site; vazio quando o post não foi publicado (rascunho)",
            IF_PUBLISHED,
        ),
        Column(
            "link",
            "link",
            "string",
            "Endereço do post.",
            "link",
            "já público no site; vazio quando o post não foi publicado (rascunho)",
            IF_PUBLISHED,
        ),
        Column(
            "categorias",
            "categorias",
            "string",
            "Nomes das categorias, separados por “; ”.",
            "categories",
            NO_PERSONAL,
        ),
        Column(
            "release",
            "release",
            "boolean",
            "sim quando o post tem uma categoria de release.",
            "categories",
            NO_PERSONAL,
        ),
        Column("status", "status", "string", "Status no WordPress.", "status", NO_PERSONAL),
        line_column("a página da exportação"),
        Column(
            "arquivo_origem",
            "arquivo_origem",
            "string",
            "Página da exportação (referência interna).",
            "",
            "não publicada: referência ao arquivo interno",
            DROP,
        ),
        counts_column("post publicado no ano com categoria de release."),
    ),
)


DEMANDAS = Dataset(
    "comunicacao_demandas",
    "comunicacao",
    "demandas",
    "Demandas da imprensa à Assessoria de Comunicação",
    "demandas_imprensa.xlsx",
    answered_of_year,
    "demandas_respondidas",
    (
        ano_column("do recebimento", "Data de recebimento"),
        Column("numero", "numero", "string", "Número da demanda.", "Nº", NO_PERSONAL),
        Column("veiculo", "veiculo", "string", "Veículo de imprensa.", "Veículo", NO_PERSONAL),
        Column(
            "jornalista",
            "jornalista",
            "string",
            "Jornalista que fez a demanda.",
            "Jornalista",
            "não publicada: nome de pessoa",
            DROP,
            personal="nome de pessoa",
        ),
        Column(
            "assunto",
            "assunto",
            "string",
            "Assunto da demanda.",
            "Assunto",
            f"texto livre: nomes de pessoas dos registros do ano trocados por “{OMITTED}”",
            REDACT,
            personal="texto livre; pode conter nome de pessoa",
        ),
        Column(
            "secretaria",
            "secretaria",
            "string",
            "Secretaria demandada.",
            "Secretaria demandada",
            NO_PERSONAL,
        ),
        Column("situacao", "situacao", "string", "Situação.", "Situação", NO_PERSONAL),
        Column(
            "data_recebimento",
            "data_recebimento",
            "datetime",
            "Data e hora do recebimento.",
            "Data de recebimento",
            NO_PERSONAL,
        ),
        Column(
            "data_resposta",
            "data_resposta",
            "datetime",
            "Data e hora da resposta (vazia se sem resposta).",
            "Data da resposta",
            NO_PERSONAL,
        ),
        line_column("demandas_imprensa.xlsx"),
        counts_column("demanda recebida no ano com situação Respondida."),
    ),
)


#: The department's published datasets, in the order of the report.
DATASETS = (POSTS, DEMANDAS)
