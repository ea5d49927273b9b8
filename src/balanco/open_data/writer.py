"""Open data: the year's rows of every dataset, for Excel in pt-BR and as Parquet,
with a data dictionary, a Frictionless ``datapackage.json`` and the indicators
with Portuguese keys — and no personal data (LGPD).

One table, :data:`DATASETS`, is the single source of truth. Each department
declares its own datasets in its package (``departments/<name>/open_data.py``,
``DATASETS``, written with the vocabulary of :mod:`balanco.open_data_spec`);
this module collects them from the registered departments, in the registry's
order (a department without ``open_data`` publishes nothing). For each processed
column the table gives the published snake_case name, type, description, unit, the
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
- every column is classified in its department (``Column.kind``): coded,
  public by law as it stands in its source (the Transferegov object, the titles of
  posts published on the site), free text typed by staff, or personal. Free text
  typed by staff (subjects of ofícios and press demands, the GLPI ticket title,
  the state spreadsheet's object, suppliers and shops) may name anybody: it is not
  published unless the municipality's file opts the column in
  (``publicar_texto_livre``, :mod:`balanco.free_text`), and then with its
  department's treatment (in subjects, titles and objects every known name of
  the year replaced);
- consumers (Sindec): the date of the atendimento is published without the
  time; CEP is cut to its 5-digit prefix ("08591-***"); sex × age band × CEP
  is made k-anonymous (groups smaller than ``k`` get a 3-digit CEP, then, if
  still too small, the three are suppressed);
- posts that were not published on the site (drafts) keep no title or link.

Every CSV is written by :func:`balanco.csv_excel.write_csv`, which neutralises
cells a spreadsheet would run as formulas (OWASP CSV injection).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from importlib import import_module, resources
from pathlib import Path
from types import ModuleType

import pandas as pd

from . import __version__, files, free_text
from .config import Settings
from .csv_excel import write_csv
from .errors import EnvironmentFault
from .fingerprint import locked
from .io import display_path
from .open_data_spec import (  # noqa: F401 - the vocabulary, re-exported for callers
    CABINET,
    CEP,
    CODED,
    COUNTS_COLUMN,
    DATE_ONLY,
    DROP,
    FREE_TEXT,
    IF_PUBLISHED,
    KEEP,
    KINDS,
    MONEY,
    NO_PERSONAL,
    OMITTED,
    PERSONAL,
    PROTECTION_COLUMN,
    PUBLIC,
    QUASI,
    REDACT,
    Column,
    Dataset,
    ano_column,
    counts_column,
    line_column,
    opt_in,
)
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

#: The optional part of a department package that declares its datasets.
PART = "open_data"


# --------------------------------------------------------------------------- datasets


def open_data_of(department: ModuleType) -> ModuleType | None:
    """A department's ``open_data`` submodule, or None when it has none (then it
    publishes nothing)."""
    name = f"{department.__name__}.{PART}"
    try:
        return import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:  # the part exists but something it imports does not
            raise
        return None


def _declared(departments: Iterable[ModuleType]) -> list[Dataset]:
    out: list[Dataset] = []
    for department in departments:
        part = open_data_of(department)
        if part is not None:
            out.extend(part.DATASETS)
    return out


def all_datasets() -> tuple[Dataset, ...]:
    """Every published dataset of the registered departments, in the registry's
    order (each department's ``open_data.DATASETS``)."""
    from . import departments

    return tuple(_declared(departments.DEPARTMENTS))


def __getattr__(name: str) -> object:
    """``DATASETS`` (:func:`all_datasets`), ``BY_KEY`` and, by its name in its
    department's ``open_data``, any one dataset (``dados_abertos.AUDIENCIAS``);
    collected on each use, so they follow the departments of the run."""
    if name == "DATASETS":
        return all_datasets()
    if name == "BY_KEY":
        return {(d.department, d.table): d for d in all_datasets()}
    if not name.startswith("_"):
        from . import departments

        for department in departments.DEPARTMENTS:
            value = getattr(open_data_of(department), name, None)
            if isinstance(value, Dataset):
                return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- rows


def datasets(settings: Settings | None) -> list[Dataset]:
    """The datasets of the departments the municipality enables (``departments.enabled``),
    with the free-text columns its file opts in (``publicar_texto_livre``) published."""
    from .departments import enabled

    chosen = free_text.chosen(settings, all_datasets())
    return free_text.applied(_declared(enabled(settings)), chosen)


def as_published(spec: Dataset, settings: Settings | None) -> Dataset:
    """``spec`` with the free-text columns the municipality's file opts in published."""
    return free_text.applied([spec], free_text.chosen(settings, all_datasets()))[0]


def dataset(department: str, table: str) -> Dataset:
    """The dataset of a department's processed table (KeyError when unknown)."""
    return {(d.department, d.table): d for d in all_datasets()}[(department, table)]


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
    for spec in all_datasets():
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
        "resources": res,
    }


def export(
    settings: Settings, year: int, *, k: int = K_DEFAULT, data: YearData | None = None
) -> Path:
    """Write ``reports/<ano>/dados-abertos/`` (atomically: a new folder is filled
    beside the old one and swapped in only when complete) and return it."""
    # A free-text opt-in the municipality's file gets wrong stops here, before anything.
    free_text.chosen(settings, all_datasets())
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
