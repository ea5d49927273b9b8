"""What the CPD's raw file must look like (see balanco.departments.layout)."""

from __future__ import annotations

from ..layout import DATETIME, INTEGER, TEXT, Field, Layout, category
from . import OPTIONAL, STATUS, TICKETS

EXAMPLES = {
    "Data da solução": "2024-03-06 09:30",
    "Categoria": "Redes > Cabeamento",
    "Prioridade": "Média",
    "Tipo": "Requisição",
    "Entidade": "Prefeitura > CPD",
    "Localização": "Paço",
    "Atribuído - Técnico": "Beltrano",
    "Requerente - Requerente": "Fulano",
}

LAYOUTS = (
    Layout(
        TICKETS.key,
        TICKETS.files[0],
        "chamados do GLPI",
        (
            Field("ID", INTEGER, "2 553"),
            Field("Título", TEXT, "Criar usuário no PC"),
            category(STATUS, "Fechado"),
            Field(
                "Data de abertura",
                DATETIME,
                "2024-03-05 14:10",
                description="O chamado conta no ano desta data (também 05-03-2024 14:10).",
            ),
            *(
                Field(
                    name,
                    DATETIME if name == "Data da solução" else TEXT,
                    EXAMPLES[name],
                    required=False,
                )
                for name in OPTIONAL
            ),
        ),
        note="Exportação CSV da lista de chamados do GLPI 10 em pt_BR (UTF-8 com BOM, "
        "separador `;`); as colunas opcionais dependem da visão escolhida.",
    ),
)
