"""Comunicação: validating and normalising every source; every problem reported at once."""

from __future__ import annotations

import difflib
import html
from dataclasses import replace

import pandas as pd

from ...errors import ProblemLog
from ...io import LINE, fold, json_text, parse_datetime
from ...settings import Settings
from ..frames import checked, clean_register, clean_sources
from ..vocabulary import as_objects, spellings_for, with_spellings
from .sources import ANSWERED, CATEGORIES, DEMANDS, NOT_PUBLISHED, POSTS
from .vocabularies import SITUACAO_DEMANDA, STATUS_POST


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
                item=f"{int(line)}ª categoria",  # a JSON list's item, not a line
            )
            continue
        out[cid] = html.unescape(name).strip()
    return out


def check_release_categories(
    names: dict[int, str],
    release_categories: tuple[str, ...],
    *,
    file: str,
    log: ProblemLog,
    municipio: str = "",
) -> None:
    """Every release category of the municipality file (``categorias_release``) is
    one of the site's categories, case, accents and spaces aside: a misspelt name
    would count no post as a release and give 0 releases that read as a fact."""
    found = {fold(n) for n in names.values()}
    site = sorted(set(names.values()), key=fold)
    where = f"municipios/{municipio}.toml" if municipio else "o arquivo do município"
    for name in release_categories:
        if fold(name) in found:
            continue
        log.add(
            file,
            "não está entre as categorias do site, mas é uma categoria de release "
            f"(categorias_release em {where}): nenhum post contaria como release por ela. "
            "Categorias encontradas: "
            + (", ".join(f"“{n}”" for n in site) or "nenhuma (o arquivo não tem categorias)")
            + "."
            + _suggestion(name, site)
            + f" Corrija categorias_release em {where} com o nome como está no site "
            "(maiúsculas, acentos e espaços não importam) ou, se a categoria falta neste "
            "arquivo, exporte de novo /wp-json/wp/v2/categories.",
            column="name",
            value=name,
        )


def _suggestion(name: str, choices: list[str]) -> str:
    """' Você quis dizer "X"?' for the closest of ``choices``, case and accents aside.

    >>> _suggestion("NOTICIAS", ["Notícia", "Obras"])
    ' Você quis dizer "Notícia"?'
    """
    folded = {fold(c): c for c in choices}
    match = difflib.get_close_matches(fold(name), list(folded), n=1, cutoff=0.6)
    return f' Você quis dizer "{folded[match[0]]}"?' if match else ""


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
    first_problem = len(log.problems)
    ids: dict[tuple[str, int], int] = {}  # (page, item) -> the post's id, for messages
    undated: list[tuple[int, str, int]] = []  # (row, page, item): a post without a date
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
        ids[(file, line)] = pid
        raw_date = _field(post, "date")
        try:
            when = parse_datetime(raw_date, ("%Y-%m-%dT%H:%M:%S",))
        except ValueError:
            when = None
        if when is None and (raw_date is None or not str(raw_date).strip()):
            # A post without a date (an auto-draft's "date": null) is an error only if
            # it counts: known once the statuses are read (below).
            undated.append((len(rows), file, line))
        elif when is None:
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
    # A post that never counts (not published: EXCLUDED) may have no date.
    never = NOT_PUBLISHED.never_counts(status)
    for row, file, line in undated:
        if not never.iloc[row]:
            log.add(
                file,
                'está vazio ou é null; um post publicado precisa de "date", ex.: '
                "2024-09-02T20:27:02",
                line=line,
                column="date",
            )
    _name_posts(log, first_problem, ids, pages=set(posts["_arquivo"]))
    return with_spellings(frame.assign(status=status), *used)


def _name_posts(
    log: ProblemLog, start: int, ids: dict[tuple[str, int], int], *, pages: set[str]
) -> None:
    """Name the posts of the problems logged from ``start`` on as the analyst finds
    them: "3º post (id 11167)" (the 3rd post of the page's list), not "linha 3" (a
    page is one long line of JSON)."""
    for n, p in enumerate(log.problems[start:], start=start):
        if p.file in pages and p.line is not None and p.item is None:
            pid = ids.get((p.file, p.line))
            label = f"{p.line}º post" + (f" (id {pid})" if pid is not None else "")
            log.problems[n] = replace(p, item=label)


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
                    _categories(raw[CATEGORIES.key], raw[POSTS.key], settings, log),
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


def _categories(
    cats: pd.DataFrame, posts: pd.DataFrame, settings: Settings, log: ProblemLog
) -> dict[int, str]:
    names = clean_categories(cats, log)
    if len(posts) == 0:
        return names  # no post to count: an empty export is the checks' business
    check_release_categories(
        names,
        settings.release_categories,
        file=str(cats.attrs.get("source")),
        log=log,
        municipio=settings.slug,
    )
    return names
