"""The open-data datasets of Procon (``balanco exportar``): each processed table
published, its columns, their descriptions and what is done to personal data before
publication (LGPD). The rule of ``conta_no_indicador`` is the department's own.
"""

from __future__ import annotations

from ...open_data_spec import (
    CEP,
    DATE_ONLY,
    DROP,
    NO_PERSONAL,
    PROTECTION_COLUMN,
    QUASI,
    Column,
    Dataset,
    ano_column,
    counts_column,
    line_column,
)
from . import (
    atendimentos_of_year,
    audiencias_of_year,
    fiscalizacoes_of_year,
)

ATENDIMENTOS = Dataset(
    "procon_atendimentos",
    "procon",
    "atendimentos",
    "Atendimentos do Procon registrados no Sindec",
    "sindec_atendimentos.csv",
    atendimentos_of_year,
    "procon_atendimentos (com audiências realizadas e fiscalizações), procon_cips, "
    "procon_atendimentos_preliminares",
    (
        ano_column("do atendimento", "DataAtendimento"),
        Column(
            "data_atendimento",
            "data_atendimento",
            "date",
            "Data do atendimento (sem a hora).",
            "DataAtendimento",
            "generalizada: publicada só a data, sem a hora, para não identificar o consumidor",
            DATE_ONLY,
            personal="quase-identificador do consumidor (data e hora do atendimento)",
        ),
        Column(
            "tipo_atendimento",
            "tipo_atendimento",
            "string",
            "Tipo do atendimento no Sindec.",
            "DescricaoTipoAtendimento",
            NO_PERSONAL,
        ),
        Column(
            "categoria",
            "categoria",
            "string",
            "Categoria do balanço, pela tabela resources/sindec_tipos.csv.",
            "DescricaoTipoAtendimento",
            NO_PERSONAL,
        ),
        Column(
            "grupo_assunto",
            "grupoassunto",
            "string",
            "Grupo do assunto.",
            "GrupoAssunto",
            NO_PERSONAL,
            optional=True,
        ),
        Column(
            "descricao_assunto",
            "descricaoassunto",
            "string",
            "Assunto.",
            "DescricaoAssunto",
            NO_PERSONAL,
            optional=True,
        ),
        Column(
            "faixa_etaria_consumidor",
            "faixaetariaconsumidor",
            "string",
            "Faixa etária do consumidor, como no Sindec.",
            "FaixaEtariaConsumidor",
            "k-anonimato com sexo e CEP: suprimida (vazia) nas combinações raras",
            QUASI,
            personal="quase-identificador do consumidor",
            optional=True,
        ),
        Column(
            "sexo_consumidor",
            "sexoconsumidor",
            "string",
            "Sexo do consumidor, como no Sindec (F, M).",
            "SexoConsumidor",
            "k-anonimato com faixa etária e CEP: suprimido (vazio) nas combinações raras",
            QUASI,
            personal="quase-identificador do consumidor",
            optional=True,
        ),
        Column(
            "cep_consumidor",
            "cepconsumidor",
            "string",
            "CEP do consumidor generalizado: 5 primeiros dígitos (08591-***), ou 3 "
            "(085**-***) nas combinações raras; texto.",
            "CEPConsumidor",
            "generalizada: só o prefixo de 5 dígitos (3 nas combinações raras; vazio "
            "quando suprimido); k-anonimato com sexo e faixa etária",
            CEP,
            personal="quase-identificador do consumidor (CEP completo)",
            optional=True,
        ),
        Column(
            PROTECTION_COLUMN,
            None,
            "string",
            "O que foi feito com sexo, faixa etária e CEP desta linha para a LGPD.",
            "",
            NO_PERSONAL + " (descreve a proteção aplicada)",
        ),
        line_column("sindec_atendimentos.csv"),
        counts_column("todo atendimento do ano no Sindec, de qualquer tipo, conta."),
    ),
)


AUDIENCIAS = Dataset(
    "procon_audiencias",
    "procon",
    "audiencias",
    "Audiências de conciliação do Procon",
    "procon_audiencias.xlsx",
    audiencias_of_year,
    "procon_audiencias, procon_atendimentos",
    (
        ano_column("da audiência", "Data"),
        Column("numero", "numero", "string", "Número na planilha.", "Nº", NO_PERSONAL),
        Column("data", "data", "date", "Data da audiência.", "Data", NO_PERSONAL),
        Column(
            "processo",
            "processo",
            "string",
            "Número do processo do consumidor.",
            "Processo",
            "não publicada: identifica indiretamente o consumidor",
            DROP,
            personal="identificador indireto do consumidor",
        ),
        Column(
            "fornecedor",
            "fornecedor",
            "string",
            "Fornecedor reclamado.",
            "Fornecedor",
            "não publicada: a planilha não diz se é pessoa física (MEI, empresário "
            "individual) ou jurídica",
            DROP,
            personal="pode ser nome de pessoa física",
        ),
        Column("situacao", "situacao", "string", "Situação da audiência.", "Situação", NO_PERSONAL),
        Column("resultado", "resultado", "string", "Resultado.", "Resultado", NO_PERSONAL),
        line_column("procon_audiencias.xlsx"),
        counts_column("audiência do ano com situação Realizada (redesignadas e canceladas não)."),
    ),
)


FISCALIZACOES = Dataset(
    "procon_fiscalizacoes",
    "procon",
    "fiscalizacoes",
    "Fiscalizações do Procon em estabelecimentos",
    "procon_fiscalizacoes.xlsx",
    fiscalizacoes_of_year,
    "procon_fiscalizacoes, procon_atendimentos",
    (
        ano_column("da fiscalização", "Data"),
        Column("numero", "numero", "string", "Número na planilha.", "Nº", NO_PERSONAL),
        Column("data", "data", "date", "Data da fiscalização.", "Data", NO_PERSONAL),
        Column(
            "estabelecimento",
            "estabelecimento",
            "string",
            "Estabelecimento fiscalizado.",
            "Estabelecimento",
            "não publicada: a planilha não diz se é pessoa física (MEI, empresário "
            "individual) ou jurídica",
            DROP,
            personal="pode ser nome de pessoa física",
        ),
        Column("ramo", "ramo", "string", "Ramo do estabelecimento.", "Ramo", NO_PERSONAL),
        Column("bairro", "bairro", "string", "Bairro.", "Bairro", NO_PERSONAL),
        Column("resultado", "resultado", "string", "Resultado.", "Resultado", NO_PERSONAL),
        line_column("procon_fiscalizacoes.xlsx"),
        counts_column("toda fiscalização com data no ano conta."),
    ),
)


#: The department's published datasets, in the order of the report.
DATASETS = (ATENDIMENTOS, AUDIENCIAS, FISCALIZACOES)
