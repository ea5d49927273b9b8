"""The descriptors published beside the CSVs: the Frictionless ``datapackage.json``,
the indicators with Portuguese, stable keys (``indicadores.json``) and their JSON
Schema."""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

from .. import __version__
from ..departments.open_data_spec import DATE_ONLY, Column
from ..settings import Settings
from ..year_data import YearData
from .csv_excel import DATE_FORMAT, DATETIME_FORMAT, FALSE, TRUE
from .datasets import datasets
from .dictionary import DICTIONARY_COLUMNS
from .origin import ORIGIN_KEY

SCHEMA_FILE = "indicadores.schema.json"


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
                "fields": [{"name": c, "type": "string"} for c in DICTIONARY_COLUMNS],
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
        # Which processed data these were written from: a report links them only
        # while it reads the same (balanco.open_data.origin).
        ORIGIN_KEY: data.processed_digest,
        "resources": res,
    }
