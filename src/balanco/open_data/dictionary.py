"""The data dictionary (``dicionario.csv``, ``dicionario.md``) and the register of
the processed columns that are personal data (``dados_pessoais.json``), both built
from the departments' datasets."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..departments.open_data_spec import DATE_ONLY, KINDS, Dataset
from . import free_text
from .csv_excel import FALSE, TRUE
from .datasets import all_datasets

PERSONAL_FILE = "dados_pessoais.json"

#: Frictionless type -> how the dictionary names it.
TYPE_NAMES = {
    "string": "texto",
    "integer": "inteiro",
    "number": "número",
    "boolean": "verdadeiro/falso (sim/não)",
    "date": "data (dd/mm/aaaa)",
    "datetime": "data e hora (dd/mm/aaaa hh:mm)",
}

#: The columns of the data dictionary (``dicionario.csv``).
DICTIONARY_COLUMNS = (
    "conjunto",
    "coluna",
    "publicada",
    "tipo",
    "descricao",
    "unidade",
    "arquivo_origem",
    "coluna_origem",
    "classificacao",
    "lgpd",
)


def dictionary(specs: Iterable[Dataset] | None = None) -> pd.DataFrame:
    """The data dictionary: one row per column of each dataset of ``specs`` (default:
    every dataset; an export passes those of the departments the municipality
    enables), published or not."""
    rows = []
    for spec in all_datasets() if specs is None else specs:
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
                    "classificacao": KINDS.get(col.kind, ""),
                    "lgpd": col.lgpd_note,
                }
            )
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS))


def dictionary_markdown(*, k: int, specs: Iterable[Dataset] | None = None) -> str:
    """The dictionary as Markdown, one section per dataset of ``specs`` (Portuguese;
    default: every dataset)."""
    specs = all_datasets() if specs is None else tuple(specs)
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
        "parlamentares citados em ofícios). Dos atendimentos do Procon, "
        "publica-se a data sem a hora e o CEP só com 5 dígitos; sexo × faixa etária × "
        f"CEP segue o k-anonimato com k = {k}: combinações com menos de {k} atendimentos "
        "ficam com CEP de 3 dígitos e, se ainda raras, sem sexo, faixa etária e CEP "
        "(coluna `protecao_lgpd`).",
        "",
        free_text.summary(specs),
        "",
        "## Fórmulas",
        "",
        "Nenhuma célula dos CSV começa com `=`, `+`, `-`, `@`, tabulação ou retorno de "
        "carro, que uma planilha poderia executar como fórmula (injeção de CSV, OWASP): "
        "um texto que começa assim ganha um apóstrofo (`'`) na frente, e quem o usar "
        "deve tirar esse primeiro caractere. Números ficam números: um valor negativo "
        "(`-1234,50`) continua sendo lido como número. O Parquet traz os textos como "
        "estão.",
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
            "| Coluna | Publicada | Tipo | Descrição | Unidade | Coluna de origem "
            "| Classificação | LGPD |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in part.itertuples():
            cells = [
                f"`{r.coluna}`",
                r.publicada,
                r.tipo,
                r.descricao,
                r.unidade,
                f"`{r.coluna_origem}`" if r.coluna_origem != "(calculada)" else r.coluna_origem,
                r.classificacao,
                r.lgpd,
            ]
            lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def personal_register() -> dict[str, object]:
    """Which processed columns (``data/processed/<ano>/*.parquet``) hold personal
    data and why — for the internal data; written by ``prepare``."""
    files: dict[str, dict[str, str]] = {}
    for spec in all_datasets():
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
