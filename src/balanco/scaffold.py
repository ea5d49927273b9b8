"""``balanco init``: a new municipality's file (commented, in Portuguese) and
its first targets file (neutral, fictitious numbers and highlights), so that
``balanco sample`` and ``balanco report`` work before any real data arrive.

tomli-w writes no comments, so each key is written by tomli-w (values escaped
correctly) below a comment of ours; the text is then read back with tomllib and
must give exactly the values meant (:func:`_checked`).
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path

import tomli_w

from .config import (
    MUNICIPIOS_DIR,
    check_uf_and_code,
    file_keys,
    load_municipio,
    read_municipio,
    slugify,
)
from .config.keys import COMMON
from .errors import BadInput, Problem
from .settings import FileKey

#: Comments above each key of a scaffolded municipality file (see municipios/README.md);
#: a department's own key is commented with its declared description.
COMMENTS: dict[str, str] = {
    "nome": "Nome oficial do município (capa, texto e regra dos convênios).",
    "uf": "Sigla da UF; os dois primeiros dígitos do código IBGE são os da UF.",
    "codigo_ibge": "Código IBGE de 7 dígitos, sempre entre aspas (é texto).",
    "secretaria": "Secretaria que publica o balanço.",
    "responsavel": "Quem responde pelo balanço (colofão); vazio: não aparece.",
    "departamentos": "Departamentos do balanço, na ordem do consolidado.",
    "ficticio": "true: dados de demonstração (aviso na capa e no colofão).",
    "pasta_dados": "Pasta dos dados (raw/, processed/, targets/), relativa à raiz do projeto.",
    "pasta_relatorios": "Pasta dos relatórios, relativa à raiz do projeto.",
    "publicar_texto_livre": "Texto livre a publicar (dados abertos e relatórios; pode ter nomes).",
    "valor_maximo_registro": "Um valor (um registro) acima deste bloqueia até ser aceito.",
    "variacao_maxima": "Variação anual de um indicador acima desta fração (0.5 = 50%): alerta.",
    "registros_mensais_minimos": "Mês vazio é alerta só em fontes com esta média mensal.",
    "bairros": "Bairros usados pelo gerador de dados de exemplo (balanco sample).",
    "vizinhos": 'Municípios vizinhos para o gerador: ["código IBGE", "NOME"].',
    "veiculos_imprensa": "Veículos de imprensa para o gerador; vazio: nomes genéricos.",
}

#: Neutral targets of a first, fictitious year: round numbers, nothing of any town.
#: A key of an outside department not listed here gets 10 (or R$ 100.000,00).
NEUTRAL_TARGETS: dict[str, dict[str, int | float]] = {
    "convenios": {
        "federais": 8,
        "valor_federais": 12_000_000.0,
        "estaduais": 12,
        "valor_estaduais": 9_500_000.0,
        "oficios": 40,
    },
    "procon": {
        "cips": 600,
        "atendimentos_preliminares": 400,
        "audiencias": 120,
        "fiscalizacoes": 6,
    },
    "comunicacao": {"releases": 150, "demandas_respondidas": 300},
    "cpd": {"chamados": 500},
}

#: Highlights of the fictitious year: said to be examples, to be replaced.
NEUTRAL_HIGHLIGHTS: dict[str, object] = {
    "responsavel": "",
    "projetos_cpd": [
        "projeto fictício de exemplo (substitua pelos projetos do CPD no ano)",
    ],
    "canais": [
        {
            "nome": "Canal fictício de exemplo",
            "tipo": "boletim",
            "situacao": "exemplo",
            "descricao": "substitua pelos canais de comunicação da Prefeitura no ano",
        }
    ],
}


def demo_year(today: date | None = None) -> int:
    """The year of a new municipality's first targets: the last complete year."""
    return (today or date.today()).year - 1


def municipio_text(*, ibge: str, nome: str, uf: str, secretaria: str, slug: str) -> str:
    """The commented TOML of a new municipality (checked to round-trip)."""
    from .departments import DEPARTMENTS

    common = {
        "nome": nome,
        "uf": uf,
        "codigo_ibge": ibge,
        "secretaria": secretaria,
        "responsavel": "",
        "departamentos": [d.NAME for d in DEPARTMENTS],
        "ficticio": False,
        "pasta_dados": f"data/municipios/{slug}",
        "pasta_relatorios": f"reports/municipios/{slug}",
        "publicar_texto_livre": [],
    }
    # Every key a file may write, in the documented order: the departments' own
    # keys (every one a file may enable, as the reader requires) from their declarations.
    top: dict[str, object] = {}
    comments = dict(COMMENTS)
    shared = {k.key for k in COMMON}  # those not in ``common`` (logo, ...) are left out
    for key in file_keys():
        if key.key in common:
            top[key.key] = common[key.key]
        elif key.key not in shared:
            top[key.key] = _first_value(key, nome=nome, uf=uf)
            if key.description:
                comments[key.key] = key.description
    sections = {
        "plausibilidade": {
            "valor_maximo_registro": 50_000_000.0,
            "variacao_maxima": 0.5,
            "registros_mensais_minimos": 5.0,
        },
        "exemplo": {"bairros": ["Centro"], "vizinhos": [], "veiculos_imprensa": []},
    }
    header = (
        f"# Município do balanço: {nome} ({uf}). Gerado por balanco init; revise\n"
        "# secretaria, responsável, variantes do nome e categorias de release.\n"
        "# Cada chave está descrita em municipios/README.md.\n"
        "# Grafias próprias do município em colunas de valores fechados (ex.: Cancelada\n"
        "# por Cancelado): seção [grafias], descrita no mesmo README.\n"
        "# Data de publicação de cada ano (capa e colofão): seção [publicacao]; endereço\n"
        "# do site dos relatórios (link absoluto do PDF): endereco_publicacao. Mesmo README.\n"
        f"# Dados brutos em {top['pasta_dados']}/raw/<ano>/; use --municipio {slug}.\n"
    )
    return _checked(header, top, sections, comments=comments) + COLLECT_SECTION


#: The ``[coleta]`` section of a new municipality's file, commented out: the
#: addresses ``balanco coletar`` reads (municipios/README.md), to be filled in.
COLLECT_SECTION = """
# De onde o balanco coletar lê as exportações (municipios/README.md, seção coleta).
# Tire o # das linhas e escreva os endereços do município; só endereços: os tokens
# do GLPI vão em variáveis de ambiente (README, "Coletar dos sistemas").
# [coleta]
# wordpress = "https://www.prefeitura.exemplo.gov.br"
# glpi = "https://glpi.prefeitura.exemplo.gov.br/apirest.php"
"""


#: What ``balanco init`` writes for a department's key with neither a default
#: nor an example, by kind: to be filled in (the header asks to revise the file).
PLACEHOLDERS: dict[type, object] = {str: "preencher", list: [], bool: False}


def _first_value(key: FileKey, *, nome: str, uf: str) -> object:
    """A department key's value in a new municipality's file: its default, else
    the example its declaration gives (texts may name ``{nome}`` and ``{uf}``),
    else a placeholder of its kind.

    >>> _first_value(FileKey("k", "k", list, "", example=("Sobre {nome}",)), nome="Poá", uf="SP")
    ['Sobre Poá']
    >>> _first_value(FileKey("k", "k", str, "", "Padrão"), nome="Poá", uf="SP")
    'Padrão'
    """
    if key.default is not None and not key.required:
        value = key.default
    elif key.example is not None:
        value = key.example
    else:
        value = PLACEHOLDERS.get(key.kind, "")

    def filled(v: object) -> object:
        return v.format(nome=nome, uf=uf) if isinstance(v, str) else v

    if isinstance(value, list | tuple):
        return [filled(v) for v in value]
    return filled(value)


def targets_text(year: int, *, nome: str) -> str:
    """The commented TOML of a first, fictitious targets file (checked to round-trip)."""
    from .departments import DEPARTMENTS

    top: dict[str, object] = {"ano": year, "semente": year}
    sections: dict[str, dict] = {}
    for dept in DEPARTMENTS:
        known = NEUTRAL_TARGETS.get(dept.NAME, {})
        sections[dept.NAME] = {
            key: known.get(key, 100_000.0 if key.startswith("valor") else 10)
            for key in dept.generator.TARGET_KEYS
        }
    sections["destaques"] = NEUTRAL_HIGHLIGHTS
    header = (
        f"# Metas FICTÍCIAS de exemplo de {nome}, {year} (balanco sample --year {year}).\n"
        "# Números redondos e destaques de exemplo, gravados por balanco init para que o\n"
        "# gerador de dados de exemplo funcione; não são dados do município. Troque os\n"
        "# números pelos do balanço e os destaques pelos do ano.\n"
    )
    return _checked(header, top, sections, comments={})


def _checked(
    header: str,
    top: dict[str, object],
    sections: dict[str, dict],
    *,
    comments: dict[str, str] = COMMENTS,
) -> str:
    """``header``, then each key (a comment of ``comments`` above it), then each
    section; raises AssertionError unless tomllib reads back exactly the values."""
    lines = [header]
    for key, value in top.items():
        if key in comments:
            lines.append(f"# {comments[key]}")
        lines.append(tomli_w.dumps({key: value}).rstrip("\n"))
    for name, table in sections.items():
        lines += ["", tomli_w.dumps({name: table}).rstrip("\n")]
        if comments:  # a comment above each of the section's keys
            body = lines.pop().splitlines()
            for line in body:
                key = line.split(" = ", 1)[0]
                if key in comments:
                    lines.append(f"# {comments[key]}")
                lines.append(line)
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != {**top, **sections}:  # pragma: no cover - a bug here
        raise AssertionError("the scaffolded TOML does not read back as written")
    return text


def scaffold(
    root: Path, *, ibge: str, nome: str, uf: str, secretaria: str, year: int | None = None
) -> tuple[Path, Path | None]:
    """Write ``municipios/<slug>.toml`` and, unless present, the slug's targets
    for ``year`` (default :func:`demo_year`). Returns both paths (the targets'
    None when one was already there). Raises :class:`BadInput` for bad
    arguments and FileExistsError when the municipality file exists."""
    ibge = ibge.strip()
    uf = uf.strip().upper()
    nome = nome.strip()
    problems = [
        Problem(f"--{'ibge' if key == 'codigo_ibge' else key}", expected, value=value)
        for key, value, expected in check_uf_and_code(uf, ibge)
    ]
    slug = slugify(nome)
    if not slug:
        problems.append(Problem("--nome", "não serve: era esperado o nome do município"))
    if problems:
        raise BadInput(problems)
    target = Path(root) / MUNICIPIOS_DIR / f"{slug}.toml"
    if target.exists():
        raise FileExistsError(target)
    text = municipio_text(ibge=ibge, nome=nome, uf=uf, secretaria=secretaria, slug=slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    _publish_new(target, text, check=read_municipio)  # what init writes must load
    year = demo_year() if year is None else year
    targets = load_municipio(Path(root), slug).targets_file(year)
    if targets.exists():
        return target, None
    targets.parent.mkdir(parents=True, exist_ok=True)
    _publish_new(targets, targets_text(year, nome=nome))
    return target, targets


def _publish_new(target: Path, text: str, *, check=None) -> None:
    """Write ``target`` whole or not at all, never replacing a file (one made
    meanwhile included): a complete temporary file (``files.atomic_write``) is
    hard-linked to the name, which fails if the name exists."""
    from . import files

    tmp = files.atomic_write(files.temp_name(target), text)
    try:
        if check is not None:
            check(tmp)
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive create instead
            with open(target, "x", encoding="utf-8") as out:
                out.write(text)
    finally:
        tmp.unlink(missing_ok=True)
