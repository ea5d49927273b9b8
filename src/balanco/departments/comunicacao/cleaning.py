"""Comunicação: press releases published on the city's WordPress site, and the
press office's log of demands from the press.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from ...config import Settings
from ...errors import BadInput, ProblemLog
from ...io import (
    LINE,
    display_path,
    fold,
    json_text,
    parse_datetime,
    read_json_list,
    read_sheet,
)
from ..base import (
    COUNT,
    DAYS,
    Dated,
    Excluded,
    Indicator,
    Source,
    binned,
    calendar_days,
    checked,
    clean_register,
    clean_sources,
    in_year,
    lazy_parts,
    median_days,
    monthly_counts,
    unavailable,
    with_source,
)
from ..vocabulary import Vocabulary, as_objects, spellings_for, with_spellings

NAME = "comunicacao"
TITLE = "Comunicação"
#: The article of TITLE in running text (no article: "de Comunicação"): ``sentences.of``.
ARTICLE = ""
COVER_TITLE = "Comunicação"

POSTS = Source(
    "posts",
    ("wordpress_posts_*.json",),
    "WordPress do site da Prefeitura (API REST /wp-json/wp/v2/posts, 100 posts por página)",
    "Posts publicados no site de notícias; os releases são os da categoria Notícias.",
)
CATEGORIES = Source(
    "categorias",
    ("wordpress_categories.json",),
    "WordPress do site da Prefeitura (API REST /wp-json/wp/v2/categories)",
    "Nomes das categorias dos posts.",
)
DEMANDS = Source(
    "demandas",
    ("demandas_imprensa.xlsx",),
    "Planilha de demandas da imprensa da Assessoria de Comunicação",
    "Pedidos de jornalistas recebidos e respondidos.",
)
SOURCES = (POSTS, CATEGORIES, DEMANDS)

#: What the checks look at (balanco.checks): dated records.
DATES = (
    Dated("posts", "data", "wordpress_posts_*.json", "date", "posts", one_period=True),
    Dated(
        "demandas",
        "data_recebimento",
        "demandas_imprensa.xlsx",
        "Data de recebimento",
        "demandas da imprensa",
    ),
)
OTHER_DATES = (
    Dated(
        "demandas",
        "data_resposta",
        "demandas_imprensa.xlsx",
        "Data da resposta",
        "demandas da imprensa",
    ),
)

DEMAND_COLUMNS = (
    "Nº",
    "Data de recebimento",
    "Veículo",
    "Jornalista",
    "Assunto",
    "Secretaria demandada",
    "Situação",
    "Data da resposta",
)
#: A demand counts as answered with this situation (and a response date).
ANSWERED = "RESPONDIDA"
#: WordPress status of a published post; drafts, pending, private and scheduled
#: ("future") posts are not releases.
PUBLISHED = "publish"
#: For the checks: a post of another status never counts (a scheduled post may be
#: dated after the export).
EXCLUDED = (Excluded("posts", "status", (PUBLISHED,), only=True),)

#: The closed vocabularies of the columns that decide whether a record counts
#: (``balanco.departments.vocabulary``).
SITUACAO_DEMANDA = Vocabulary(
    DEMANDS.key,
    "Situação",
    ("Em andamento", "Respondida", "Sem retorno", "Sem retorno da secretaria"),
    "uma situação de demanda da imprensa",
    "Respondida (com data da resposta) conta como respondida; as demais e o vazio, como "
    "sem resposta.",
    required=False,
)
#: WordPress's post statuses (REST API, field "status").
STATUS_POST = Vocabulary(
    POSTS.key,
    "status",
    ("publish", "future", "draft", "pending", "private", "trash", "auto-draft", "inherit"),
    "um status de post do WordPress",
    "Só os posts publish contam como releases (rascunhos, agendados, pendentes e privados não).",
    required=False,
    note="Status do próprio WordPress (API REST /wp-json/wp/v2/posts). Sem status: o post "
    "não conta.",
)
VOCABULARIES = (STATUS_POST, SITUACAO_DEMANDA)


def _page_number(path: Path) -> int:
    found = re.findall(r"\d+", path.stem)
    return int(found[-1]) if found else 0


def load(raw_dir: Path, *, settings: Settings) -> dict[str, pd.DataFrame]:
    """Read the department's raw files (I/O only). Posts of every page become
    one frame; ``_arquivo`` and ``_linha`` (item number in the page) locate each."""
    pages = sorted(POSTS.paths(raw_dir), key=_page_number)
    rows = []
    problems = []
    for page in pages:
        try:
            items = read_json_list(page)
        except (BadInput, FileNotFoundError) as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            problems.extend(exc.problems)
            continue
        for n, post in enumerate(items, start=1):
            rows.append({"_arquivo": display_path(page), LINE: n, "post": post})
    if problems:
        raise BadInput(problems)
    cat_path = CATEGORIES.paths(raw_dir)[0]
    cats = [{LINE: n, "categoria": c} for n, c in enumerate(read_json_list(cat_path), start=1)]
    demands = DEMANDS.paths(raw_dir)[0]
    return {
        POSTS.key: with_source(pd.DataFrame(rows, columns=["_arquivo", LINE, "post"]), pages[0]),
        CATEGORIES.key: with_source(pd.DataFrame(cats, columns=[LINE, "categoria"]), cat_path),
        DEMANDS.key: with_source(read_sheet(demands, required=DEMAND_COLUMNS), demands),
    }


def _field(post: object, *names: str) -> object:
    value = post
    for name in names:
        if not isinstance(value, dict) or name not in value:
            return None
        value = value[name]
    return value


def clean_categories(cats: pd.DataFrame, log: ProblemLog) -> dict[int, str]:
    file = str(cats.attrs.get("source"))
    out: dict[int, str] = {}
    for item, line in zip(cats["categoria"], cats[LINE], strict=True):
        cid, name = _field(item, "id"), _field(item, "name")
        if not isinstance(cid, int) or not isinstance(name, str):
            log.add(
                file,
                'não é uma categoria válida (sem "id" inteiro ou sem "name"); esperado o '
                "formato de /wp-json/wp/v2/categories",
                line=int(line),
                value=json_text(item),
            )
            continue
        out[cid] = html.unescape(name).strip()
    return out


def clean_posts(
    posts: pd.DataFrame,
    names: dict[int, str],
    *,
    release_categories: tuple[str, ...],
    log: ProblemLog,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """One row per post; a post is a release when one of its categories is a
    release category (by name, accents and case aside)."""
    wanted = {fold(c) for c in release_categories}
    seen: dict[int, tuple[str, int]] = {}
    rows = []
    for file, line, post in zip(posts["_arquivo"], posts[LINE], posts["post"], strict=True):
        line = int(line)
        pid = _field(post, "id")
        if not isinstance(pid, int) or isinstance(pid, bool):
            log.add(
                file,
                'não é um "id" inteiro de post; esperado o formato de /wp-json/wp/v2/posts',
                line=line,
                column="id",
                value=json_text(pid),
            )
            continue
        if pid in seen:
            f0, l0 = seen[pid]
            log.add(
                file,
                f"está repetido; o mesmo post já aparece em {f0}, item {l0} (páginas "
                "da exportação sobrepostas?)",
                line=line,
                column="id",
                value=json_text(pid),
            )
            continue
        seen[pid] = (file, line)
        raw_date = _field(post, "date")
        try:
            when = parse_datetime(raw_date, ("%Y-%m-%dT%H:%M:%S",))
        except ValueError:
            when = None
        if when is None:
            log.add(
                file,
                "não é uma data do WordPress; esperado ex.: 2024-09-02T20:27:02",
                line=line,
                column="date",
                value=json_text(raw_date),
            )
        cats = _field(post, "categories") or []
        unknown = [c for c in cats if c not in names]
        if unknown:
            log.add(
                file,
                "não é uma categoria de wordpress_categories.json; exporte as categorias novamente",
                line=line,
                column="categories",
                value=json_text(unknown),
            )
        cat_names = [names.get(c, str(c)) for c in cats]
        rows.append(
            {
                "id": pid,
                "data": when,
                "titulo": html.unescape(str(_field(post, "title", "rendered") or "")).strip(),
                "link": _field(post, "link"),
                "categorias": "; ".join(cat_names) or None,
                "release": any(fold(n) in wanted for n in cat_names),
                "status": _field(post, "status"),
                "linha_origem": line,
                "arquivo_origem": file,
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "data",
            "titulo",
            "link",
            "categorias",
            "release",
            "status",
            "linha_origem",
            "arquivo_origem",
        ],
    )
    frame = frame.assign(data=pd.to_datetime(frame["data"]))
    frame.insert(0, "ano", frame["data"].dt.year.astype("Int64"))
    # The pages are several files: each page's statuses are checked with its name.
    status = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    used = []
    for page, rows in frame.groupby("arquivo_origem", sort=False):
        values, mapped = STATUS_POST.apply(
            rows["status"].map(lambda v: v if isinstance(v, str) else json_text(v)),
            rows["linha_origem"].to_numpy(),
            file=str(page),
            log=log,
            spellings=spellings_for(settings, STATUS_POST),
        )
        status[rows.index] = as_objects(values)
        used.append(mapped)
    return with_spellings(frame.assign(status=status), *used)


def clean_demands(
    sheet: pd.DataFrame, log: ProblemLog, *, settings: Settings | None = None
) -> pd.DataFrame:
    situation, used = SITUACAO_DEMANDA.apply(
        sheet["Situação"],
        sheet[LINE].to_numpy(),
        file=str(sheet.attrs.get("source")),
        log=log,
        spellings=spellings_for(settings, SITUACAO_DEMANDA),
    )
    out = clean_register(
        sheet,
        id_column="Nº",
        log=log,
        dates={"Data de recebimento": "data_recebimento", "Data da resposta": "data_resposta"},
        optional_dates=("Data da resposta",),
        text={
            "Nº": "numero",
            "Veículo": "veiculo",
            "Jornalista": "jornalista",
            "Assunto": "assunto",
            "Secretaria demandada": "secretaria",
            "Situação": "situacao",
        },
    )
    out = with_spellings(out.assign(situacao=as_objects(situation)), used)
    file = str(sheet.attrs.get("source"))
    answered = out["situacao"].fillna("").map(fold) == ANSWERED
    for row in out[answered & out["data_resposta"].isna()].itertuples():
        log.add(
            file,
            "a demanda está como Respondida mas não tem data da resposta",
            line=int(row.linha_origem),
            column="Data da resposta",
        )
    early = out["data_resposta"] < out["data_recebimento"]
    for row in out[early.fillna(False)].itertuples():
        log.add(
            file,
            "é anterior ao recebimento; esperada data igual ou posterior "
            "a " + row.data_recebimento.strftime("%d/%m/%Y"),
            line=int(row.linha_origem),
            column="Data da resposta",
            value=row.data_resposta.strftime("%d/%m/%Y"),
        )
    return out


def clean(
    raw: dict[str, pd.DataFrame], *, year: int, settings: Settings
) -> dict[str, pd.DataFrame]:
    """Validate and normalise every source; every problem is reported at once."""
    return clean_sources(
        {
            # A post's categories are named in the categories file: both in one step.
            "posts": lambda: checked(
                lambda log: clean_posts(
                    raw[POSTS.key],
                    clean_categories(raw[CATEGORIES.key], log),
                    release_categories=settings.release_categories,
                    log=log,
                    settings=settings,
                )
            ),
            "demandas": lambda: checked(
                lambda log: clean_demands(raw[DEMANDS.key], log, settings=settings)
            ),
        }
    )


def releases_of_year(posts: pd.DataFrame, year: int) -> pd.DataFrame:
    """A release counts in the year of its publication date, when published
    (WordPress status "publish": drafts, pending and private posts do not count)."""
    published = posts["status"].fillna("").str.strip().str.lower() == "publish"
    return posts[posts["release"] & published & in_year(posts["data"], year)]


def answered_of_year(demands: pd.DataFrame, year: int) -> pd.DataFrame:
    """A demand counts for the year it was received, once answered."""
    answered = demands["situacao"].fillna("").map(fold) == ANSWERED
    return demands[in_year(demands["data_recebimento"], year) & answered]


def response_days(demands: pd.DataFrame) -> pd.Series:
    return (demands["data_resposta"] - demands["data_recebimento"]).dt.total_seconds() / 86400


def response_unavailable(answered: pd.DataFrame, year: int) -> str | None:
    """Why the response time of the year's answered demands cannot be computed."""
    if response_days(answered).dropna().empty:
        return f"nenhuma demanda da imprensa recebida em {year} foi respondida"
    return None


def counted(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """The rows of ``year`` that count: releases published in the year, demands
    received in the year, and those of them answered (the rules above)."""
    dem = clean["demandas"]
    return {
        "releases": releases_of_year(clean["posts"], year),
        "demandas": dem[in_year(dem["data_recebimento"], year)],
        "respondidas": answered_of_year(dem, year),
    }


def summarise(clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]:
    """The department's figures of ``year``."""
    c = counted(clean, year=year)
    rel, answered = c["releases"], c["respondidas"]
    open_ = c["demandas"][c["demandas"]["situacao"].fillna("").map(fold) != ANSWERED]
    days = response_days(answered)
    no_time = response_unavailable(answered, year)
    return [
        Indicator(
            "releases",
            NAME,
            "Releases produzidos",
            "Posts do site da Prefeitura com status publicado (publish) e data no ano que "
            "têm uma das categorias de release configuradas; rascunhos e posts só de outras "
            "categorias (editais, concursos, avisos) não contam.",
            COUNT,
            len(rel),
            (*POSTS.files, *CATEGORIES.files),
        ),
        Indicator(
            "demandas_respondidas",
            NAME,
            "Demandas da imprensa respondidas",
            "Demandas recebidas no ano e com situação Respondida (com data da resposta).",
            COUNT,
            len(answered),
            DEMANDS.files,
        ),
        Indicator(
            "demandas_em_aberto",
            NAME,
            "Demandas da imprensa sem resposta",
            "Demandas recebidas no ano ainda sem resposta na data da exportação.",
            COUNT,
            len(open_),
            DEMANDS.files,
        ),
        Indicator(
            "demandas_tempo_mediano",
            NAME,
            "Tempo mediano de resposta à imprensa",
            "Mediana, em dias corridos, entre o recebimento e a resposta das demandas respondidas.",
            DAYS,
            None if no_time else median_days(days),
            DEMANDS.files,
            reason=no_time,
        ),
    ]


def breakdowns(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """Tables for the report: releases per month; demands by outlet, status, response time."""
    c = counted(clean, year=year)
    rel, dem_year, answered = c["releases"], c["demandas"], c["respondidas"]
    # Response time in calendar days: "no mesmo dia" is the day of receipt whatever
    # the hours (09:00 → 11:00); a reply at 00:10 to a demand of 23:50 is "1 dia".
    days = calendar_days(answered["data_recebimento"], answered["data_resposta"])
    bins = [-1, 0, 1, 3, 7, float("inf")]
    labels = ["no mesmo dia", "1 dia", "2 a 3 dias", "4 a 7 dias", "mais de 7 dias"]
    by_time = binned(days, bins, labels, name="prazo")
    no_time = response_unavailable(answered, year)
    if no_time:
        by_time = unavailable(by_time, no_time)
    # Blank outlets and situations stay missing; formatting shows them as "Não informado".
    by_outlet = (
        dem_year["veiculo"]
        .value_counts(dropna=False)
        .head(10)
        .rename_axis("veiculo")
        .reset_index(name="quantidade")
    )
    by_status = (
        dem_year["situacao"]
        .value_counts(dropna=False)
        .rename_axis("situacao")
        .reset_index(name="quantidade")
    )
    return {
        "releases_por_mes": monthly_counts(rel["data"], year),
        "demandas_por_veiculo": by_outlet,
        "demandas_por_situacao": by_status,
        "demandas_por_prazo": by_time,
    }


# The department's sentences (cheap) now; its views and sample generator on first use.
from . import sentences as sentences  # noqa: E402

__getattr__ = lazy_parts(__name__)
