"""Open data: the year's rows of every dataset, for Excel in pt-BR and as Parquet,
with a data dictionary, a Frictionless ``datapackage.json`` and the indicators
with Portuguese keys — and no personal data (LGPD).

One table, :data:`DATASETS`, is the single source of truth: for each processed
column it gives the published snake_case name, type, description, unit, the
column as written in the raw export, whether it is personal data and what is
done to it before publication. The dictionary, the datapackage, the register of
personal columns of the internal data (``data/processed/<ano>/dados_pessoais.json``)
and the exploration accessors (:mod:`balanco.explorar`) are all built from it.

LGPD decisions (Lei 13.709/2018), recorded here and in the dictionary:

- names of natural persons never leave the internal data: journalists
  (demandas da imprensa), requesters and technicians (GLPI), members of
  parliament named in the ofícios register (the "Gabinete de …" part is cut);
- suppliers heard in audiências and shops inspected are not published: the
  registers do not say whether they are legal or natural persons (a MEI or an
  empresário individual trades under a person's name), and the Procon's list of
  suppliers is published through its own legal channel (Cadastro de
  Reclamações Fundamentadas, art. 44 CDC);
- the audiência's process number is an indirect identifier of a consumer;
- free text typed by staff (the GLPI ticket title) may name people: dropped;
  other free text (subjects) is kept with every known name of the year replaced;
- consumers (Sindec): the date of the atendimento is published without the
  time; CEP is cut to its 5-digit prefix ("08591-***"); sex × age band × CEP
  is made k-anonymous (groups smaller than ``k`` get a 3-digit CEP, then, if
  still too small, the three are suppressed);
- posts that were not published on the site (drafts) keep no title or link.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from . import __version__, files
from .config import Settings
from .departments import comunicacao, convenios, cpd, procon
from .errors import EnvironmentFault
from .fingerprint import locked
from .io import display_path
from .pipeline import YearData, open_year

#: Default k of the k-anonymity of sex × age band × CEP.
K_DEFAULT = 5
FOLDER = "dados-abertos"
PERSONAL_FILE = "dados_pessoais.json"
SCHEMA_FILE = "indicadores.schema.json"
INDICATORS_FILE = "indicadores.json"
TRUE, FALSE = "sim", "não"
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
OMITTED = "[nome omitido]"

# Treatments before publication (the "tratamento" of each column).
KEEP = "manter"
DROP = "retirar"
DATE_ONLY = "so_data"  # datetime published as a date (no time of day)
CEP = "cep"  # generalised CEP, part of the k-anonymity
QUASI = "quase_identificador"  # sex, age band: part of the k-anonymity
CABINET = "gabinete"  # "… – Gabinete de <nome>": the name is cut
REDACT = "texto_livre"  # free text: known names of the year replaced
IF_PUBLISHED = "se_publicado"  # only for posts published on the site

#: Frictionless type -> how the dictionary names it.
TYPE_NAMES = {
    "string": "texto",
    "integer": "inteiro",
    "number": "número",
    "boolean": "verdadeiro/falso (sim/não)",
    "date": "data (dd/mm/aaaa)",
    "datetime": "data e hora (dd/mm/aaaa hh:mm)",
}

COUNTS_COLUMN = "conta_no_indicador"
PROTECTION_COLUMN = "protecao_lgpd"


@dataclass(frozen=True)
class Column:
    """One column of a dataset: processed name ``source`` -> published ``name``."""

    name: str
    source: str | None
    type: str
    description: str
    raw: str  # the column as written in the raw export ("" when derived)
    lgpd: str  # what was done, in Portuguese, for the dictionary
    treatment: str = KEEP
    unit: str = ""
    personal: str = ""  # non-empty: why the processed column is personal data
    optional: bool = False  # the raw export may lack it (then all missing)
    raw_file: str = ""  # when not the dataset's own raw file

    @property
    def published(self) -> bool:
        return self.treatment != DROP


@dataclass(frozen=True)
class Dataset:
    """One published dataset: a processed table, its rule and its columns."""

    name: str  # file stem
    department: str
    table: str  # key of the processed table
    title: str
    raw_file: str
    rule: Callable[[pd.DataFrame, int], pd.DataFrame]  # the department's *_of_year
    counts_toward: str  # the indicator(s) conta_no_indicador refers to
    columns: tuple[Column, ...]


NO_PERSONAL = "não é dado pessoal; publicada como está"
MONEY = "reais (R$)"


def _ano(what: str, raw: str) -> Column:
    return Column("ano", "ano", "integer", f"Ano {what}.", raw, NO_PERSONAL)


def _line(raw_file: str) -> Column:
    return Column(
        "linha_origem",
        "linha_origem",
        "integer",
        f"Linha do registro em {raw_file} (referência interna).",
        "",
        "não publicada: referência ao arquivo interno, sem uso fora da Secretaria",
        DROP,
    )


def _counts(rule: str) -> Column:
    return Column(
        COUNTS_COLUMN,
        None,
        "boolean",
        f"sim quando a linha entra no indicador: {rule}",
        "",
        NO_PERSONAL + " (calculada pela regra do indicador)",
    )


CONVENIOS_FEDERAIS = Dataset(
    "convenios_federais",
    "convenios",
    "convenios_federais",
    "Convênios federais da Prefeitura (Transferegov)",
    "siconv_convenio.csv",
    convenios.federal_of_year,
    "convenios_federais, convenios_federais_valor",
    (
        _ano("da assinatura do convênio", "DIA_ASSIN_CONV"),
        Column(
            "nr_convenio",
            "nr_convenio",
            "string",
            "Número do convênio no Transferegov.",
            "NR_CONVENIO",
            NO_PERSONAL,
        ),
        Column(
            "id_proposta",
            "id_proposta",
            "string",
            "Identificador da proposta no Transferegov.",
            "ID_PROPOSTA",
            NO_PERSONAL,
        ),
        Column("esfera", "esfera", "string", "Esfera do concedente: federal.", "", NO_PERSONAL),
        Column(
            "data_assinatura",
            "data_assinatura",
            "date",
            "Data de assinatura do convênio.",
            "DIA_ASSIN_CONV",
            NO_PERSONAL,
        ),
        Column(
            "situacao",
            "situacao",
            "string",
            "Situação do convênio no Transferegov.",
            "SIT_CONVENIO",
            NO_PERSONAL,
        ),
        Column(
            "orgao_concedente",
            "orgao_concedente",
            "string",
            "Órgão superior concedente (siconv_proposta.csv).",
            "DESC_ORGAO_SUP",
            NO_PERSONAL,
            raw_file="siconv_proposta.csv",
        ),
        Column(
            "objeto",
            "objeto",
            "string",
            "Objeto da proposta (siconv_proposta.csv); já público no Transferegov.",
            "OBJETO_PROPOSTA",
            NO_PERSONAL,
            raw_file="siconv_proposta.csv",
        ),
        Column(
            "valor_global",
            "valor_global",
            "number",
            "Valor global do convênio.",
            "VL_GLOBAL_CONV",
            NO_PERSONAL,
            unit=MONEY,
        ),
        Column(
            "valor_repasse",
            "valor_repasse",
            "number",
            "Valor do repasse da União.",
            "VL_REPASSE_CONV",
            NO_PERSONAL,
            unit=MONEY,
        ),
        Column(
            "valor_contrapartida",
            "valor_contrapartida",
            "number",
            "Valor da contrapartida do município.",
            "VL_CONTRAPARTIDA_CONV",
            NO_PERSONAL,
            unit=MONEY,
        ),
        Column(
            "natureza_juridica",
            "natureza_juridica",
            "string",
            "Natureza jurídica do proponente (siconv_proposta.csv).",
            "NATUREZA_JURIDICA",
            NO_PERSONAL,
            raw_file="siconv_proposta.csv",
        ),
        Column(
            "cod_municipio_ibge",
            "cod_municipio_ibge",
            "string",
            "Código IBGE do município proponente, como texto (siconv_proposta.csv).",
            "COD_MUNIC_IBGE",
            NO_PERSONAL,
            raw_file="siconv_proposta.csv",
        ),
        _line("siconv_convenio.csv"),
        _counts("assinado no ano (DIA_ASSIN_CONV) e não anulado nem cancelado (SIT_CONVENIO)."),
    ),
)

CONVENIOS_ESTADUAIS = Dataset(
    "convenios_estaduais",
    "convenios",
    "convenios_estaduais",
    "Convênios estaduais (planilha do Departamento de Convênios)",
    "convenios_estaduais.xlsx",
    convenios.state_of_year,
    "convenios_estaduais, convenios_estaduais_valor",
    (
        _ano("da assinatura do convênio", "Data de Assinatura"),
        Column("nr_convenio", "nr_convenio", "string", "Número do convênio.", "Nº", NO_PERSONAL),
        Column("esfera", "esfera", "string", "Esfera do concedente: estadual.", "", NO_PERSONAL),
        Column(
            "data_assinatura",
            "data_assinatura",
            "date",
            "Data de assinatura.",
            "Data de Assinatura",
            NO_PERSONAL,
        ),
        Column("situacao", "situacao", "string", "Situação do convênio.", "Situação", NO_PERSONAL),
        Column(
            "orgao_concedente",
            "orgao_concedente",
            "string",
            "Órgão estadual concedente.",
            "Órgão Concedente",
            NO_PERSONAL,
        ),
        Column("objeto", "objeto", "string", "Objeto do convênio.", "Objeto", NO_PERSONAL),
        Column(
            "valor_repasse",
            "valor_repasse",
            "number",
            "Valor do repasse do Estado.",
            "Valor do Repasse",
            NO_PERSONAL,
            unit=MONEY,
        ),
        _line("convenios_estaduais.xlsx"),
        _counts("assinado no ano e não cancelado."),
    ),
)

OFICIOS = Dataset(
    "oficios",
    "convenios",
    "oficios",
    "Ofícios do Departamento de Convênios",
    "oficios.csv",
    convenios.oficios_of_year,
    "oficios",
    (
        _ano("do ofício", "Data"),
        Column("numero", "numero", "string", "Número do ofício.", "Número", NO_PERSONAL),
        Column("data", "data", "date", "Data do ofício.", "Data", NO_PERSONAL),
        Column(
            "destinatario",
            "destinatario",
            "string",
            "Órgão destinatário do ofício.",
            "Destinatário",
            "generalizada: o nome da pessoa depois de “Gabinete de” é substituído por "
            f"“{OMITTED}”; fica o órgão",
            CABINET,
            personal="pode conter nome de pessoa (parlamentar)",
        ),
        Column(
            "assunto",
            "assunto",
            "string",
            "Assunto do ofício.",
            "Assunto",
            f"texto livre: nomes de pessoas dos registros do ano trocados por “{OMITTED}”",
            REDACT,
            personal="texto livre; pode conter nome de pessoa",
        ),
        Column("situacao", "situacao", "string", "Situação do ofício.", "Situação", NO_PERSONAL),
        _line("oficios.csv"),
        _counts("ofício com data no ano e número não cancelado."),
    ),
)

ATENDIMENTOS = Dataset(
    "procon_atendimentos",
    "procon",
    "atendimentos",
    "Atendimentos do Procon registrados no Sindec",
    "sindec_atendimentos.csv",
    procon.atendimentos_of_year,
    "procon_atendimentos (com audiências realizadas e fiscalizações), procon_cips, "
    "procon_atendimentos_preliminares",
    (
        _ano("do atendimento", "DataAtendimento"),
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
        _line("sindec_atendimentos.csv"),
        _counts("todo atendimento do ano no Sindec, de qualquer tipo, conta."),
    ),
)

AUDIENCIAS = Dataset(
    "procon_audiencias",
    "procon",
    "audiencias",
    "Audiências de conciliação do Procon",
    "procon_audiencias.xlsx",
    procon.audiencias_of_year,
    "procon_audiencias, procon_atendimentos",
    (
        _ano("da audiência", "Data"),
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
        _line("procon_audiencias.xlsx"),
        _counts("audiência do ano com situação Realizada (redesignadas e canceladas não)."),
    ),
)

FISCALIZACOES = Dataset(
    "procon_fiscalizacoes",
    "procon",
    "fiscalizacoes",
    "Fiscalizações do Procon em estabelecimentos",
    "procon_fiscalizacoes.xlsx",
    procon.fiscalizacoes_of_year,
    "procon_fiscalizacoes, procon_atendimentos",
    (
        _ano("da fiscalização", "Data"),
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
        _line("procon_fiscalizacoes.xlsx"),
        _counts("toda fiscalização com data no ano conta."),
    ),
)

POSTS = Dataset(
    "comunicacao_posts",
    "comunicacao",
    "posts",
    "Posts do site de notícias da Prefeitura (WordPress)",
    "wordpress_posts_*.json",
    comunicacao.releases_of_year,
    "releases",
    (
        _ano("da publicação", "date"),
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
        _line("a página da exportação"),
        Column(
            "arquivo_origem",
            "arquivo_origem",
            "string",
            "Página da exportação (referência interna).",
            "",
            "não publicada: referência ao arquivo interno",
            DROP,
        ),
        _counts("post publicado no ano com categoria de release."),
    ),
)

DEMANDAS = Dataset(
    "comunicacao_demandas",
    "comunicacao",
    "demandas",
    "Demandas da imprensa à Assessoria de Comunicação",
    "demandas_imprensa.xlsx",
    comunicacao.answered_of_year,
    "demandas_respondidas",
    (
        _ano("do recebimento", "Data de recebimento"),
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
        _line("demandas_imprensa.xlsx"),
        _counts("demanda recebida no ano com situação Respondida."),
    ),
)

CHAMADOS = Dataset(
    "cpd_chamados",
    "cpd",
    "chamados",
    "Chamados de suporte do CPD (GLPI)",
    "glpi_chamados.csv",
    cpd.tickets_of_year,
    "chamados",
    (
        _ano("de abertura", "Data de abertura"),
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
        _line("glpi_chamados.csv"),
        _counts("todo chamado aberto no ano (Data de abertura), qualquer que seja o status."),
    ),
)

#: Every published dataset, in the order of the report.
DATASETS: tuple[Dataset, ...] = (
    CONVENIOS_FEDERAIS,
    CONVENIOS_ESTADUAIS,
    OFICIOS,
    ATENDIMENTOS,
    AUDIENCIAS,
    FISCALIZACOES,
    POSTS,
    DEMANDAS,
    CHAMADOS,
)
BY_KEY = {(d.department, d.table): d for d in DATASETS}


# --------------------------------------------------------------------------- rows


def datasets(settings: Settings | None) -> list[Dataset]:
    """The datasets of the departments the municipality enables (``departments.enabled``)."""
    from .departments import enabled

    names = {d.NAME for d in enabled(settings)}
    return [d for d in DATASETS if d.department in names]


def dataset(department: str, table: str) -> Dataset:
    """The dataset of a department's processed table (KeyError when unknown)."""
    return BY_KEY[(department, table)]


def year_rows(frame: pd.DataFrame, spec: Dataset, year: int) -> pd.DataFrame:
    """The year's rows (processed ``ano`` = year) under their published names,
    every column kept (personal ones too), plus ``conta_no_indicador`` from the
    department's own rule."""
    counted = spec.rule(frame, year).index
    of_year = frame[frame["ano"].eq(year).fillna(False).astype(bool)]
    data = {}
    for col in spec.columns:
        if col.source is None:
            continue
        if col.source in of_year.columns:
            data[col.name] = of_year[col.source]
        elif col.optional:
            data[col.name] = pd.Series(pd.NA, index=of_year.index, dtype="object")
        else:
            raise KeyError(f"{spec.department}/{spec.table}: processed column {col.source!r}")
    out = pd.DataFrame(data, index=of_year.index)
    out[COUNTS_COLUMN] = of_year.index.isin(counted)
    return out.reset_index(drop=True)


def cep_digits(value: object) -> str | None:
    """A CEP as 8 digits (Sindec loses leading zeros), or None when not a CEP.

    >>> cep_digits("8591998"), cep_digits("08591-998"), cep_digits(None), cep_digits("12")
    ('08591998', '08591998', None, None)
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    digits = re.sub(r"\D", "", str(value))
    if not 5 <= len(digits) <= 8:
        return None
    return digits.zfill(8)


def cep_prefix(digits: str | None, keep: int) -> str | None:
    """The CEP with only its first ``keep`` digits, the rest as ``*``.

    >>> cep_prefix("08591998", 5), cep_prefix("08591998", 3), cep_prefix(None, 5)
    ('08591-***', '085**-***', None)
    """
    if digits is None:
        return None
    masked = digits[:keep] + "*" * (8 - keep)
    return f"{masked[:5]}-{masked[5:]}"


LEVEL_5 = "CEP com 5 dígitos"
LEVEL_3 = "CEP com 3 dígitos (combinação rara)"
SUPPRESSED = "sexo, faixa etária e CEP suprimidos (combinação rara)"


def k_anonymise(frame: pd.DataFrame, *, k: int, quasi: tuple[str, ...], cep: str) -> pd.DataFrame:
    """Generalise ``cep`` to 5 digits; rows whose (quasi…, cep) group has fewer
    than ``k`` rows get a 3-digit CEP; rows still in groups smaller than ``k``
    lose every quasi-identifier (missing). ``protecao_lgpd`` says which.

    Afterwards every combination of published values that is not wholly missing
    is shared by at least ``k`` rows.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    digits = pd.Series([cep_digits(v) for v in frame[cep]], index=frame.index, dtype=object)
    keys = [*quasi, cep]

    def small(candidate: pd.DataFrame) -> pd.Series:
        # Missing is a value of its own here ("" only for grouping, never written).
        filled = candidate[keys].astype(object).where(candidate[keys].notna(), "")
        return filled.groupby(keys)[cep].transform("size") < k

    out = frame.astype({c: object for c in keys})
    out[cep] = [cep_prefix(d, 5) for d in digits]
    out[PROTECTION_COLUMN] = LEVEL_5
    rare = small(out)
    if rare.any():
        out.loc[rare, cep] = [cep_prefix(d, 3) for d in digits[rare]]
        out.loc[rare, PROTECTION_COLUMN] = LEVEL_3
        still = small(out)
        out.loc[still, keys] = None
        out.loc[still, PROTECTION_COLUMN] = SUPPRESSED
    return out


def known_names(tables: dict[str, dict[str, pd.DataFrame]]) -> list[str]:
    """Every person name held in the year's processed data (the columns marked
    ``nome de pessoa`` and the names after "Gabinete de" in ofícios)."""
    names: set[str] = set()
    for spec in DATASETS:
        frame = tables.get(spec.department, {}).get(spec.table)
        if frame is None:
            continue
        for col in spec.columns:
            if col.source not in frame.columns:
                continue
            if col.personal in ("nome de pessoa", "pode ser nome de pessoa física"):
                names.update(str(v).strip() for v in frame[col.source].dropna())
            elif col.treatment == CABINET:
                for v in frame[col.source].dropna():
                    _, name = split_cabinet(str(v))
                    if name:
                        names.add(name)
    return sorted((n for n in names if len(n) >= 3), key=len, reverse=True)


_CABINET = re.compile(r"(?i)(gabinete\s+(?:de|do|da)\s+)(.+)$")


def split_cabinet(text: str) -> tuple[str, str | None]:
    """Cut the person's name after "Gabinete de".

    >>> split_cabinet("Câmara dos Deputados – Gabinete de Isabel da Costa")
    ('Câmara dos Deputados – Gabinete de [nome omitido]', 'Isabel da Costa')
    >>> split_cabinet("Ministério da Saúde")
    ('Ministério da Saúde', None)
    """
    match = _CABINET.search(text)
    if not match:
        return text, None
    return text[: match.start(2)] + OMITTED, match.group(2).strip()


def redact(values: pd.Series, names: list[str]) -> pd.Series:
    """Replace every known name (whole words, any case) by ``[nome omitido]``."""
    if not names:
        return values
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
    )
    return values.map(lambda v: pattern.sub(OMITTED, v) if isinstance(v, str) else v)


def publishable(
    rows: pd.DataFrame, spec: Dataset, *, k: int = K_DEFAULT, names: list[str] = ()
) -> pd.DataFrame:
    """What is published of the year's rows (from :func:`year_rows`): personal
    columns dropped or generalised as the table says, in the published order."""
    out = rows.copy()
    quasi = tuple(c.name for c in spec.columns if c.treatment == QUASI)
    cep = next((c.name for c in spec.columns if c.treatment == CEP), None)
    if cep is not None:
        out = k_anonymise(out, k=k, quasi=quasi, cep=cep)
    for col in spec.columns:
        if col.treatment == DATE_ONLY:
            out[col.name] = pd.to_datetime(out[col.name]).dt.normalize()
        elif col.treatment == CABINET:
            out[col.name] = out[col.name].map(
                lambda v: split_cabinet(v)[0] if isinstance(v, str) else v
            )
            out[col.name] = redact(out[col.name], list(names))
        elif col.treatment == REDACT:
            out[col.name] = redact(out[col.name], list(names))
        elif col.treatment == IF_PUBLISHED:
            draft = out["status"].fillna("") != "publish"
            out[col.name] = out[col.name].astype("object").where(~draft, None)
    return out[[c.name for c in spec.columns if c.published]]


# --------------------------------------------------------------------------- files


def csv_frame(frame: pd.DataFrame, spec: Dataset) -> pd.DataFrame:
    """Values as written to the pt-BR CSV: dates dd/mm/aaaa, booleans sim/não;
    numbers stay numbers (pandas writes them with a decimal comma)."""
    out = frame.copy()
    for col in spec.columns:
        if not col.published:
            continue
        kind = "date" if col.treatment == DATE_ONLY else col.type
        if kind == "date":
            out[col.name] = pd.to_datetime(out[col.name]).dt.strftime(DATE_FORMAT)
        elif kind == "datetime":
            out[col.name] = pd.to_datetime(out[col.name]).dt.strftime(DATETIME_FORMAT)
        elif kind == "boolean":
            out[col.name] = out[col.name].map({True: TRUE, False: FALSE})
        elif kind == "integer":
            out[col.name] = out[col.name].astype("Int64")
        elif kind == "string":
            out[col.name] = out[col.name].astype("object")
    return out


def parquet_frame(frame: pd.DataFrame, spec: Dataset) -> pd.DataFrame:
    """Typed values for Parquet: dates as dates, codes as text, Int64 integers."""
    out = frame.copy()
    for col in spec.columns:
        if not col.published:
            continue
        if col.type == "date":
            out[col.name] = pd.to_datetime(out[col.name]).dt.date.astype("object")
            out[col.name] = out[col.name].where(out[col.name].notna(), None)
        elif col.type == "datetime":
            out[col.name] = pd.to_datetime(out[col.name])
        elif col.type == "integer":
            out[col.name] = out[col.name].astype("Int64")
        elif col.type == "number":
            out[col.name] = out[col.name].astype("float64")
        elif col.type == "boolean":
            out[col.name] = out[col.name].astype("bool")
        else:
            out[col.name] = out[col.name].astype("string")
    return out


def dictionary(specs: Iterable[Dataset] = DATASETS) -> pd.DataFrame:
    """The data dictionary: one row per column of each dataset of ``specs`` (default:
    every dataset; an export passes those of the departments the municipality
    enables), published or not."""
    rows = []
    for spec in specs:
        for col in spec.columns:
            rows.append(
                {
                    "conjunto": spec.name,
                    "coluna": col.name,
                    "publicada": TRUE if col.published else FALSE,
                    "tipo": TYPE_NAMES["date" if col.treatment == DATE_ONLY else col.type],
                    "descricao": col.description,
                    "unidade": col.unit,
                    "arquivo_origem": (col.raw_file or spec.raw_file) if col.raw else "",
                    "coluna_origem": col.raw or "(calculada)",
                    "lgpd": col.lgpd,
                }
            )
    return pd.DataFrame(rows)


def dictionary_markdown(*, k: int, specs: Iterable[Dataset] = DATASETS) -> str:
    """The dictionary as Markdown, one section per dataset of ``specs`` (Portuguese)."""
    specs = tuple(specs)
    lines = [
        "# Dicionário dos dados abertos",
        "",
        "Arquivos CSV para o Excel em português: separador `;`, vírgula decimal, "
        "UTF-8 com BOM, datas dd/mm/aaaa, `sim`/`não`; célula vazia = não informado. "
        "Os mesmos dados em Parquet. Só as linhas do ano; a coluna `conta_no_indicador` "
        "diz se a linha entra no indicador.",
        "",
        "## LGPD (Lei 13.709/2018)",
        "",
        "Nenhum nome de pessoa é publicado (jornalistas, requerentes e técnicos do GLPI, "
        "parlamentares citados em ofícios). Fornecedores de audiências e estabelecimentos "
        "fiscalizados não são publicados, porque as planilhas não dizem se são pessoa "
        "física (MEI, empresário individual) ou jurídica. Dos atendimentos do Procon, "
        "publica-se a data sem a hora e o CEP só com 5 dígitos; sexo × faixa etária × "
        f"CEP segue o k-anonimato com k = {k}: combinações com menos de {k} atendimentos "
        "ficam com CEP de 3 dígitos e, se ainda raras, sem sexo, faixa etária e CEP "
        "(coluna `protecao_lgpd`).",
        "",
    ]
    table = dictionary(specs)
    for spec in specs:
        part = table[table["conjunto"] == spec.name]
        lines += [
            f"## {spec.name}.csv — {spec.title}",
            "",
            f"Origem: `{spec.raw_file}`. `conta_no_indicador` refere-se a: {spec.counts_toward}.",
            "",
            "| Coluna | Publicada | Tipo | Descrição | Unidade | Coluna de origem | LGPD |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in part.itertuples():
            cells = [
                f"`{r.coluna}`",
                r.publicada,
                r.tipo,
                r.descricao,
                r.unidade,
                f"`{r.coluna_origem}`" if r.coluna_origem != "(calculada)" else r.coluna_origem,
                r.lgpd,
            ]
            lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def personal_register() -> dict[str, object]:
    """Which processed columns (``data/processed/<ano>/*.parquet``) hold personal
    data and why — for the internal data; written by ``prepare``."""
    files: dict[str, dict[str, str]] = {}
    for spec in DATASETS:
        cols = {c.source: c.personal for c in spec.columns if c.personal and c.source}
        if cols:
            files[f"{spec.department}__{spec.table}.parquet"] = cols
    return {
        "descricao": "Colunas dos dados processados que são dados pessoais (LGPD) ou "
        "podem conter dados pessoais. Uso interno da Secretaria; os dados abertos "
        "(reports/<ano>/dados-abertos/) não as publicam ou as generalizam.",
        "arquivos": files,
    }


def write_personal_register(folder: Path) -> Path:
    path = folder / PERSONAL_FILE
    path.write_text(
        json.dumps(personal_register(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return path


def schema_text() -> str:
    """The JSON Schema of ``indicadores.json`` (shipped in the package)."""
    return resources.files("balanco").joinpath(f"resources/{SCHEMA_FILE}").read_text("utf-8")


def indicators_payload(data: YearData, settings: Settings) -> dict[str, object]:
    """The year's indicators with Portuguese, stable keys (see the schema)."""
    hashes = {str(s["arquivo"]): str(s["sha256"]) for s in data.sources}
    return {
        "ano": data.year,
        "municipio": settings.municipality,
        "secretaria": settings.secretariat,
        "dados_sinteticos": bool(data.synthetic),
        "arquivos_sinteticos": sum(1 for s in data.sources if s.get("sintetico")),
        "arquivos_reais": sum(1 for s in data.sources if not s.get("sintetico")),
        "dados_demonstracao": bool(data.extra.get("demo", False)),
        "hash_dados": data.data_hash,
        "versao_balanco": __version__,
        "indicadores": [
            {
                "chave": ind.key,
                "departamento": ind.department,
                "rotulo": ind.label,
                "definicao": ind.definition,
                "unidade": ind.unit,
                "valor": ind.value,
                "motivo": ind.reason,
                "fontes": [{"arquivo": f, "sha256": hashes.get(f)} for f in ind.sources],
            }
            for ind in data.indicators.values()
        ],
    }


def _field(col: Column) -> dict[str, object]:
    kind = "date" if col.treatment == DATE_ONLY else col.type
    out: dict[str, object] = {
        "name": col.name,
        "type": kind,
        "description": col.description + (f" Unidade: {col.unit}." if col.unit else ""),
    }
    if kind == "date":
        out["format"] = DATE_FORMAT
    elif kind == "datetime":
        out["format"] = DATETIME_FORMAT
    elif kind == "number":
        out["decimalChar"] = ","
        out["groupChar"] = ""
    elif kind == "boolean":
        out["trueValues"] = [TRUE]
        out["falseValues"] = [FALSE]
    return out


def _slug(text: str) -> str:
    """
    >>> _slug("São Paulo")
    'sao-paulo'
    """
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def datapackage(data: YearData, settings: Settings, *, k: int) -> dict[str, object]:
    """The Frictionless descriptor of the CSVs and the dictionary."""
    dialect = {"delimiter": ";", "quoteChar": '"', "header": True}
    res = []
    for spec in datasets(settings):
        res.append(
            {
                "name": spec.name,
                "title": spec.title,
                "path": f"{spec.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": dialect,
                "schema": {
                    "fields": [_field(c) for c in spec.columns if c.published],
                    "missingValues": [""],
                },
            }
        )
    res.append(
        {
            "name": "dicionario",
            "title": "Dicionário dos dados",
            "path": "dicionario.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "dialect": dialect,
            "schema": {
                "fields": [{"name": c, "type": "string"} for c in dictionary().columns],
                "missingValues": [],
            },
        }
    )
    return {
        "profile": "tabular-data-package",
        "name": f"balanco-{_slug(settings.municipality)}-{data.year}",
        "title": f"Balanço {data.year} da {settings.secretariat} de {settings.municipality}: "
        "dados abertos",
        "description": "Registros do ano de cada conjunto de dados do balanço, sem dados "
        f"pessoais (LGPD; k-anonimato com k = {k}). Dicionário em dicionario.csv e "
        "dicionario.md; indicadores em indicadores.json.",
        "version": __version__,
        "resources": res,
    }


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    # Excel in pt-BR: ';' separator, decimal comma, UTF-8 with BOM; money has two places.
    frame.to_csv(path, sep=";", decimal=",", float_format="%.2f", index=False, encoding="utf-8-sig")


def export(
    settings: Settings, year: int, *, k: int = K_DEFAULT, data: YearData | None = None
) -> Path:
    """Write ``reports/<ano>/dados-abertos/`` (atomically: a new folder is filled
    beside the old one and swapped in only when complete) and return it."""
    if data is None:
        data = open_year(settings, year)
    target = settings.reports_path(year) / FOLDER
    try:
        _export(target, data, settings, k=k)
    except OSError as exc:
        raise EnvironmentFault(
            f"não foi possível gravar os dados abertos em {display_path(target)}: "
            f"{exc.strerror or exc}; verifique as permissões e o espaço em disco",
            path=target,
        ) from exc
    return target


def _export(target: Path, data: YearData, settings: Settings, *, k: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target.parent / ".dados-abertos.lock"):
        files.restore_folder(target)
        with files.atomic_folder(target) as tmp:
            _write(tmp, data, settings, k=k)


def _write(folder: Path, data: YearData, settings: Settings, *, k: int) -> None:
    names = known_names(data.tables)
    for spec in datasets(settings):
        rows = year_rows(data.tables[spec.department][spec.table], spec, data.year)
        public = publishable(rows, spec, k=k, names=names)
        write_csv(csv_frame(public, spec), folder / f"{spec.name}.csv")
        parquet_frame(public, spec).to_parquet(folder / f"{spec.name}.parquet", index=False)
    specs = datasets(settings)
    write_csv(dictionary(specs), folder / "dicionario.csv")
    (folder / "dicionario.md").write_text(
        dictionary_markdown(k=k, specs=specs) + "\n", encoding="utf-8"
    )
    (folder / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    (folder / INDICATORS_FILE).write_text(
        json.dumps(indicators_payload(data, settings), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    (folder / "datapackage.json").write_text(
        json.dumps(datapackage(data, settings, k=k), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
