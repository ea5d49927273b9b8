"""The keys of a municipality file: the common ones, the sections', and the
table of every top-level key, departments' own included, in the documented order."""

from __future__ import annotations

from ..settings import REQUIRED, FileKey
from .department_keys import declared
from .files import DEFAULT_KEY, MUNICIPIOS_DIR

#: Where the keys of a municipality file are described (in Portuguese).
KEYS_DOC = f"{MUNICIPIOS_DIR}/README.md"

#: The top-level keys every municipality file shares, in the order of the key
#: table of ``municipios/README.md``. A key of one department's source system
#: (``categorias_release``, ``natureza_municipal``, ...) is declared by that
#: department (``<department>/settings_keys.py``) and placed by its ``after``.
COMMON: tuple[FileKey, ...] = (
    FileKey("nome", "municipality", str, "um texto não vazio (o nome oficial)", REQUIRED),
    FileKey("uf", "uf", str, "a sigla da UF, duas letras maiúsculas (ex.: SP)", REQUIRED),
    FileKey(
        "codigo_ibge",
        "ibge_code",
        str,
        'o código IBGE de 7 dígitos, entre aspas (ex.: "3552502")',
        REQUIRED,
    ),
    FileKey("secretaria", "secretariat", str, "um texto não vazio", REQUIRED),
    FileKey("responsavel", "responsible", str, "um texto", ""),
    FileKey("logo", "logo", str, "o caminho de uma imagem, relativo à raiz do projeto", ""),
    FileKey("departamentos", "departments", list, "uma lista de departamentos", REQUIRED),
    FileKey("ficticio", "fictitious", bool, "true ou false", False),
    # No default here: data/ and reports/ for the default municipality, else a
    # folder of its own (see read_municipio).
    FileKey("pasta_dados", "data_dir", str, "uma pasta relativa à raiz do projeto"),
    FileKey("pasta_relatorios", "reports_dir", str, "uma pasta relativa à raiz do projeto"),
    FileKey(
        "publicar_texto_livre",
        "open_free_text",
        list,
        'uma lista de colunas de texto livre dos dados abertos, "conjunto.coluna" '
        '(ex.: "oficios.assunto")',
        (),
    ),
    # Where the reports are published: the PDF's link to its HTML is absolute when set
    # (balanco.publication); a year's publication date is the [publicacao] section.
    FileKey(
        "endereco_publicacao",
        "publication_url",
        str,
        "o endereço do site onde os relatórios são publicados (https://…)",
        "",
    ),
)
#: ``padrao = true``: the municipality used without ``--municipio`` (read by
#: :func:`default_municipio`, not a Settings field).
FLAGS: dict[str, str] = {DEFAULT_KEY: "true ou false"}
PLAUSIBILITY: dict[str, tuple[str, str]] = {
    "valor_maximo_registro": ("max_record_value", "um número maior que zero"),
    "variacao_maxima": ("max_change", "um número maior que zero (0.5 = 50%)"),
    "registros_mensais_minimos": ("min_monthly_records", "um número maior que zero"),
}
#: The sample generator's ``[exemplo]`` keys (read by ``balanco.sample``).
SAMPLE_KEYS: dict[str, str] = {
    "bairros": "uma lista de textos (bairros do município)",
    "vizinhos": 'uma lista de pares ["código IBGE", "NOME"] (municípios vizinhos)',
    "veiculos_imprensa": "uma lista de textos (veículos de imprensa da região)",
    "podcast": "um texto (nome do podcast da Prefeitura)",
    "assembleia": "um texto (nome da Assembleia Legislativa do estado)",
    "faixa_cep": 'um par ["08570", "08599"]: os 5 primeiros dígitos do primeiro e do último '
    "CEP do município",
}
SECTIONS = ("plausibilidade", "exemplo", "grafias", "coleta", "publicacao")
#: The defaults of the sections' Settings fields (a key's default is in its FileKey).
SECTION_DEFAULTS: dict[str, object] = {
    "max_record_value": 50_000_000.0,
    "max_change": 0.5,
    "min_monthly_records": 5.0,
    "sample_names": (),
    "spellings": (),
    "publication_dates": (),
}


def file_keys() -> tuple[FileKey, ...]:
    """Every top-level key a municipality file may write: the common ones and
    those the departments declare, each right after the key its ``after`` names
    (at the end when that key is unknown).

    >>> [k.key for k in file_keys()][2:5]
    ['codigo_ibge', 'variantes_nome', 'secretaria']
    """
    return place(COMMON, declared())


def place(table: tuple[FileKey, ...], extra: tuple[FileKey, ...]) -> tuple[FileKey, ...]:
    """``table`` with each of ``extra`` inserted right after its ``after`` key,
    which may itself be one of ``extra``.

    >>> t = (FileKey("a", "a", str, ""), FileKey("b", "b", str, ""))
    >>> x = (FileKey("d", "d", str, "", after="c"), FileKey("c", "c", str, "", after="a"))
    >>> [k.key for k in place(t, x)]
    ['a', 'c', 'd', 'b']
    """
    out, pending = list(table), list(extra)
    while pending:
        written = [k.key for k in out]
        ready = next((k for k in pending if k.after in written), None)
        if ready is None:
            out.extend(pending)
            break
        out.insert(written.index(ready.after) + 1, ready)
        pending.remove(ready)
    written = [k.key for k in out]
    twice = sorted({k for k in written if written.count(k) > 1})
    if twice:
        raise ValueError(f"municipality-file keys declared twice: {twice}")
    return tuple(out)


def defaults(keys: tuple[FileKey, ...]) -> dict[str, object]:
    """The Settings fields a file may leave out, with their values."""
    own = {k.attribute: k.default for k in keys if k.default is not None and not k.required}
    return {**own, **SECTION_DEFAULTS}
