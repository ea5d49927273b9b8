"""CPD: the closed vocabularies of the columns that decide whether a record counts."""

from __future__ import annotations

from ..vocabulary import Vocabulary
from .sources import TICKETS

#: GLPI 10 pt_BR statuses (GLPI 9 wrote "Processando" for "Em atendimento").
STATUSES = (
    "Novo",
    "Em atendimento (atribuído)",
    "Em atendimento (planejado)",
    "Pendente",
    "Solucionado",
    "Fechado",
    "Processando (atribuído)",
    "Processando (planejado)",
)
SOLVED = ("Solucionado", "Fechado")
#: The closed vocabulary of Status (``balanco.departments.vocabulary``): GLPI 10's
#: six statuses listed in messages, GLPI 9's two accepted too.
STATUS = Vocabulary(
    TICKETS.key,
    "Status",
    STATUSES[:6],
    "um status do GLPI",
    "Todos os chamados abertos no ano contam; Solucionado e Fechado contam também como "
    "solucionados.",
    legacy=STATUSES[6:],
    note="Nomes do GLPI 10 em pt_BR; os do GLPI 9 (Processando (atribuído), Processando "
    "(planejado)) também são aceitos.",
)
VOCABULARIES = (STATUS,)
