"""Convênios: the closed vocabularies of the columns that decide whether a record counts."""

from __future__ import annotations

from ..vocabulary import Vocabulary
from .sources import FEDERAL_CONVENIO, FEDERAL_PROPOSTA, OFICIOS, STATE, VOID

#: The closed vocabularies of the columns that decide whether a record counts
#: (``balanco.departments.vocabulary``). Transferegov's lists are national and not
#: published in full: they are generous (every status seen in real dumps and in
#: the platform's manuals), since stopping a real export on a legitimate status
#: is a bug too.
SITUACAO_FEDERAL = Vocabulary(
    FEDERAL_CONVENIO.key,
    "SIT_CONVENIO",
    (
        "Em execução",
        "Assinado",
        "Proposta/Plano de Trabalho em Análise",
        "Proposta/Plano de Trabalho Complementado em Análise",
        "Proposta/Plano de Trabalho Aprovado",
        "Proposta/Plano de Trabalho Aprovados",
        "Assinatura Pendente Registro TV Siafi",
        "Aguardando Prestação de Contas",
        "Prestação de Contas enviada para Análise",
        "Prestação de Contas em Análise",
        "Prestação de Contas em Complementação",
        "Prestação de Contas Comprovada em Análise",
        "Prestação de Contas Iniciada Por Antecipação",
        "Prestação de Contas Aprovada",
        "Prestação de Contas Aprovada com Ressalvas",
        "Prestação de Contas Rejeitada",
        "Prestação de Contas Concluída",
        "Inadimplente",
        "Convênio Rescindido",
        "Convênio Extinto",
        "Convênio Encerrado",
        *VOID,
    ),
    "uma situação de convênio do Transferegov",
    "Convênio Anulado e Convênio Cancelado não contam; as demais situações contam.",
    required=False,
    note="Lista nacional do Transferegov, não publicada por inteiro: reúne as situações "
    "vistas em exportações reais (tests/fixtures/real/siconv_convenio_sample_2018.csv) e "
    "nos manuais da plataforma. Vazio conta como convênio não anulado.",
)
NATUREZA = Vocabulary(
    FEDERAL_PROPOSTA.key,
    "NATUREZA_JURIDICA",
    (
        "Administração Pública Municipal",
        "Administração Pública Estadual ou do Distrito Federal",
        "Administração Pública Federal",
        "Consórcio Público",
        "Empresa pública/Sociedade de economia mista",
        "Entidades Privadas sem Fins Lucrativos",
        "Organização da Sociedade Civil",
    ),
    "uma natureza jurídica do Transferegov",
    "Só contam as propostas da própria Prefeitura (a natureza de natureza_municipal no "
    "arquivo do município, padrão Administração Pública Municipal); ONGs da cidade ficam "
    "de fora.",
    required=False,
    note="Lista nacional do Transferegov; a natureza_municipal do arquivo do município é "
    "sempre aceita. Vazio: a proposta não conta como da Prefeitura.",
)
SITUACAO_ESTADUAL = Vocabulary(
    STATE.key,
    "Situação",
    ("Assinado", "Em execução", "Em prestação de contas", "Concluído", "Cancelado"),
    "uma situação de convênio estadual",
    "Cancelado não conta; as demais situações e o vazio contam.",
    required=False,
)
SITUACAO_OFICIO = Vocabulary(
    OFICIOS.key,
    "Situação",
    ("Enviado", "Respondido", "Cancelado"),
    "uma situação de ofício",
    "Cancelado (número cancelado) não conta; as demais situações e o vazio contam.",
    required=False,
)
VOCABULARIES = (SITUACAO_FEDERAL, NATUREZA, SITUACAO_ESTADUAL, SITUACAO_OFICIO)
