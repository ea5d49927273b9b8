"""Completeness and plausibility checks, run after cleaning and before anything
is written.

A wrong figure that looks right is the worst thing an official balance can
publish, so the pipeline looks at the cleaned records before it computes the
report. Every check has an identifier (snake_case), a severity and a
Portuguese message that names the file and says why:

- *blocking* (``bloqueante``): the run stops with exit code 2 and writes
  nothing, unless the analyst accepts the result for that file in
  ``data/raw/<ano>/aceites.toml`` (the message says exactly what to write);
- *warning* (``alerta``): the run completes with status "ok com alertas"; the
  warnings travel with the figures (``indicadores.json``, the CLI summary, the
  "Qualidade dos dados" section of every PDF). ``--rigoroso`` turns them into a
  failure, for publication pipelines.

One ``[[aceite]]`` entry accepts one check for one file. A file-level check
(``RECORD_CHECKS`` excluded) is accepted for the whole file; a record-level check
(a finding with a line: ``data_futura``, ``valor_acima_do_limite``) is accepted
only for the lines the entry lists (``linhas = [6, 34]``), so one accepted value
never hides another. The report lists every acceptance with its reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import formatting, periods, toml_pt
from .config import Settings
from .errors import BadInput, Problem, ProblemLog, did_you_mean
from .fingerprint import enabled_names, foreign
from .io import display_path

if TYPE_CHECKING:  # pandas is imported by the checks that need it: a run with
    # nothing to do reads the stored warnings (JSON) without it.
    import pandas as pd

    from .departments.base import Dated, Indicator

BLOCKING = "bloqueante"
WARNING = "alerta"

#: The analyst's acceptances of blocking results (part of the year's hashed inputs).
ACCEPTANCE_FILE = "aceites.toml"
#: The WordPress total saved beside the pages: the ``X-WP-Total`` (and
#: ``X-WP-TotalPages``) response headers of ``/wp-json/wp/v2/posts``, as JSON,
#: e.g. ``{"X-WP-Total": 453, "X-WP-TotalPages": 5}``. Optional; when present the
#: posts of the pages must add up to it.
WP_TOTAL_FILE = "wordpress_total.json"
WP_PAGES = "wordpress_posts_*.json"


@dataclass(frozen=True)
class Check:
    """A check's identifier, severity and title (Portuguese, as printed), and the
    departments whose files it is about (empty: every run's)."""

    id: str
    severidade: str
    titulo: str
    departamentos: tuple[str, ...] = ()


CHECKS: dict[str, Check] = {
    c.id: c
    for c in (
        Check("sem_registros_no_ano", BLOCKING, "Nenhum registro no ano do balanço"),
        Check("fonte_vazia", BLOCKING, "Exportação sem nenhum registro"),
        Check(
            "municipio_ausente",
            BLOCKING,
            "Município ausente da exportação do Transferegov",
            ("convenios",),
        ),
        Check(
            "paginas_wordpress", BLOCKING, "Exportação do WordPress incompleta", ("comunicacao",)
        ),
        Check("arquivo_do_manifesto_ausente", BLOCKING, "Arquivo do manifesto ausente"),
        Check("periodo_misturado", BLOCKING, "Exportação de outro período"),
        Check("data_futura", BLOCKING, "Data posterior à exportação"),
        Check("valor_acima_do_limite", BLOCKING, "Valor acima do limite plausível"),
        Check("indicador_zero", WARNING, "Indicador igual a zero"),
        Check("variacao_grande", WARNING, "Variação grande em relação ao ano anterior"),
        Check("mes_sem_registros", WARNING, "Mês sem registros"),
        Check("valor_ignorado", WARNING, "Valor ilegível num registro que não conta"),
        Check("indicador_nao_disponivel", WARNING, "Indicador não disponível"),
        Check("ano_anterior_indisponivel", WARNING, "Comparação com o ano anterior indisponível"),
    )
}

#: Checks whose findings are about one record (they carry its line): accepted per
#: line, with ``linhas = [...]`` in the aceites.toml entry.
RECORD_CHECKS = frozenset({"data_futura", "valor_acima_do_limite", "valor_ignorado"})


@dataclass(frozen=True)
class Aceite:
    """One entry of ``aceites.toml``: check ``verificacao`` accepted for ``arquivo``
    (only the records at ``linhas`` of the file, for a record-level check).
    ``linha`` is the entry's own line in aceites.toml."""

    verificacao: str
    arquivo: str
    motivo: str
    responsavel: str | None = None
    linha: int | None = None
    linhas: tuple[int, ...] | None = None

    def covers(self, f: Finding) -> bool:
        """Whether this entry accepts finding ``f``."""
        if (f.id, f.arquivo) != (self.verificacao, self.arquivo):
            return False
        if self.linhas is None:  # a file-level check: the whole file
            return True
        return f.linha is not None and f.linha in self.linhas


@dataclass(frozen=True)
class Finding:
    """One result of a check. ``mensagem`` names the file and says why;
    ``detalhe`` is the why alone. ``aceite`` is set when the analyst accepted it."""

    id: str
    severidade: str
    mensagem: str
    detalhe: str
    arquivo: str | None = None
    linha: int | None = None
    coluna: str | None = None
    valor: str | None = None
    departamento: str | None = None
    aceite: Aceite | None = None

    @property
    def titulo(self) -> str:
        return CHECKS[self.id].titulo

    @property
    def bloqueante(self) -> bool:
        return self.severidade == BLOCKING

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Finding:
        acc = d.get("aceite")
        if isinstance(acc, dict):
            lines = acc.get("linhas")
            acc = Aceite(**{**acc, "linhas": tuple(lines) if lines is not None else None})
        return cls(**{**d, "aceite": acc if isinstance(acc, Aceite) else None})


def finding(
    check: str,
    detalhe: str,
    *,
    arquivo: str | None,
    linha: int | None = None,
    coluna: str | None = None,
    valor: str | None = None,
    departamento: str | None = None,
) -> Finding:
    where = [arquivo] if arquivo else []
    if linha is not None:
        where.append(f"linha {linha}")
    if coluna is not None:
        where.append(f'coluna "{coluna}"')
    value = f'valor "{valor}" ' if valor is not None else ""
    head = ", ".join(where)
    mensagem = f"{head}: {value}{detalhe}" if head else f"{value}{detalhe}"
    return Finding(
        check,
        CHECKS[check].severidade,
        mensagem,
        detalhe,
        arquivo,
        linha,
        coluna,
        valor,
        departamento,
    )


# =========================================================================== what is checked


def declared(attribute: str) -> tuple:
    """What the registered departments declare for the checks: ``DATES`` (the first
    date of each table decides its year), ``OTHER_DATES`` (other dates that cannot
    be after the export either), ``BOUNDED`` (money values bounded per record) or
    ``EXCLUDED`` (records no rule counts, by their status), each with its
    department's name filled in (see ``departments.base.Dated``)."""
    from .departments import DEPARTMENTS

    return tuple(
        replace(spec, department=d.NAME) for d in DEPARTMENTS for spec in getattr(d, attribute, ())
    )


PROPOSTA_FILE = "siconv_proposta.csv"
CONVENIO_FILE = "siconv_convenio.csv"


def performed(enabled: Iterable[str]) -> list[Check]:
    """The checks a run with the departments ``enabled`` performs, in order: those
    tied to departments (:attr:`Check.departamentos`; the money bound, to the
    departments that declare ``BOUNDED`` values; the period, to those with an export
    of one period; an ignored value, to those with money values and records that
    never count) only when one of them is enabled."""
    names = set(enabled)
    tied = {c.id: set(c.departamentos) for c in CHECKS.values()}
    bounded = {b.department for b in declared("BOUNDED")}
    tied["valor_acima_do_limite"] |= bounded
    tied["periodo_misturado"] |= {d.department for d in declared("DATES") if d.one_period}
    tied["valor_ignorado"] |= bounded & {e.department for e in declared("EXCLUDED")}
    return [c for c in CHECKS.values() if not tied[c.id] or tied[c.id] & names]


@dataclass
class Context:
    """What the checks look at."""

    settings: Settings
    year: int
    cleaned: dict[str, dict[str, pd.DataFrame]]
    indicators: list[Indicator]
    previous: dict[str, dict[str, object]] | None = None
    limit: datetime = field(default_factory=datetime.now)
    limit_label: str = ""
    #: The frames as read (``load()``), by department: values as written in the file.
    raw: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)

    def written(self, dept: str, file: str, column: str, line: int) -> str | None:
        """The text of ``column`` at source ``line`` of ``file``, as written, when
        the raw frames are at hand."""
        from .departments.base import LINE as RAW_LINE

        for frame in self.raw.get(dept, {}).values():
            if column not in frame.columns or RAW_LINE not in frame.columns:
                continue
            if Path(str(frame.attrs.get("source", ""))).name != file:
                continue
            hit = frame.loc[frame[RAW_LINE] == line, column]
            if len(hit) and isinstance(hit.iloc[0], str) and hit.iloc[0].strip():
                return hit.iloc[0].strip()
        return None

    @property
    def raw_dir(self) -> Path:
        return self.settings.raw_dir(self.year)

    @cached_property
    def enabled(self) -> set[str]:
        """The names of the departments this run enables (``departamentos``)."""
        return enabled_names(self.settings)

    def skips(self, fname: str) -> bool:
        """Whether the raw file ``fname`` belongs only to departments this run does
        not enable: it is not part of this balance, and no check looks at it."""
        return foreign(self.settings, fname, enabled=self.enabled)

    def frame(self, spec: Dated) -> pd.DataFrame | None:
        if spec.department not in self.enabled:
            return None
        return self.cleaned.get(spec.department, {}).get(spec.frame)

    def never_counted(self, department: str, name: str, frame: pd.DataFrame) -> pd.Series:
        """True for the records of table ``name`` that no rule counts, by their status
        (the department's ``EXCLUDED``): not checked as if they counted."""
        import pandas as pd

        out = pd.Series(False, index=frame.index)
        for rule in declared("EXCLUDED"):
            if (rule.department, rule.frame) == (department, name):
                out |= rule.mask(frame)
        return out


def export_limit(settings: Settings, year: int) -> tuple[datetime, str]:
    """The latest date a record may carry: the end of the manifest's
    ``data_exportacao`` when given, else now; and how to name it in a message."""
    from .pipeline import read_manifest

    # provenance.read_manifest already refused a data_exportacao that is not a date.
    raw = read_manifest(settings.raw_dir(year)).export_date
    when: date | None = raw.date() if isinstance(raw, datetime) else raw
    if when is None:
        now = datetime.now()
        return now, f"data de hoje ({formatting.short_date(now.date())})"
    return (
        datetime.combine(when, time.max),
        f"data da exportação ({formatting.short_date(when)}, data_exportacao do manifest.toml)",
    )


def _file_names(frame: pd.DataFrame, spec: Dated) -> pd.Series:
    import pandas as pd

    if "arquivo_origem" in frame.columns:
        return frame["arquivo_origem"].map(lambda p: Path(str(p)).name)
    return pd.Series(spec.file, index=frame.index)


def _has_data_line(path: Path) -> bool:
    """True when a delimited file has a non-blank line after its header (reads
    the first lines only: the Transferegov dumps are hundreds of MB)."""
    with open(path, "rb") as fh:
        fh.readline()
        for line in fh:
            if line.strip():
                return True
    return False


def _years(frame: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in frame["ano"].dropna().unique())


def check_sources(ctx: Context) -> Iterator[Finding]:
    """fonte_vazia, sem_registros_no_ano and municipio_ausente."""
    year = ctx.year
    federal_files_empty = False
    for name in (CONVENIO_FILE, PROPOSTA_FILE):
        path = ctx.raw_dir / name
        if path.exists() and not ctx.skips(name) and not _has_data_line(path):
            federal_files_empty = True
            yield finding(
                "fonte_vazia",
                "a exportação do Transferegov só tem o cabeçalho, nenhum registro; "
                "baixe de novo o arquivo de dados abertos",
                arquivo=name,
                departamento="convenios",
            )
    municipality_missing = False
    if not federal_files_empty:
        found = list(check_municipality(ctx))
        municipality_missing = bool(found)
        yield from found
    for spec in declared("DATES"):
        frame = ctx.frame(spec)
        if frame is None:
            continue
        if spec.frame == "convenios_federais":
            if federal_files_empty or municipality_missing:
                continue
            if frame.empty:
                yield finding(
                    "sem_registros_no_ano",
                    f"nenhum convênio da Prefeitura (código IBGE {ctx.settings.ibge_code}, "
                    f"{ctx.settings.municipal_nature}) no arquivo, de nenhum ano: "
                    "exportação de outro período ou recortada?",
                    arquivo=spec.file,
                    departamento=spec.department,
                )
                continue
        elif frame.empty:
            yield finding(
                "fonte_vazia",
                f"a exportação não tem nenhum registro ({spec.what}); exporte de novo "
                f"o período completo de {year}",
                arquivo=spec.file,
                departamento=spec.department,
            )
            continue
        years = _years(frame)
        if year not in years:
            found_txt = formatting.join_pt([str(y) for y in years]) if years else "nenhum"
            yield finding(
                "sem_registros_no_ano",
                f'nenhum registro de {year} na coluna "{spec.raw_column}" '
                f"({formatting.count(len(frame))} {spec.what} de outros anos): exportação "
                f"de outro período? anos encontrados: {found_txt}",
                arquivo=spec.file,
                departamento=spec.department,
            )


def check_municipality(ctx: Context) -> Iterator[Finding]:
    """municipio_ausente: the Transferegov dump must hold the municipality's IBGE code."""
    from .io import grep_delimited

    if ctx.skips(PROPOSTA_FILE):
        return  # the Convênios are not part of this balance
    code = ctx.settings.ibge_code
    fed = ctx.cleaned.get("convenios", {}).get("convenios_federais")
    if (
        fed is not None
        and fed["cod_municipio_ibge"].fillna("").astype(str).str.strip().eq(code).any()
    ):
        return  # the common case, without reading the dump again
    path = ctx.raw_dir / PROPOSTA_FILE
    if not path.exists():
        return
    columns = ("UF_PROPONENTE", "MUNIC_PROPONENTE", "COD_MUNIC_IBGE")
    rows = grep_delimited(path, columns=columns, patterns=[re.escape(code)])
    if rows["COD_MUNIC_IBGE"].fillna("").str.strip().eq(code).any():
        return
    everyone = grep_delimited(path, columns=columns)
    top = (
        everyone.assign(
            nome=everyone["MUNIC_PROPONENTE"].fillna("?").str.strip()
            + "/"
            + everyone["UF_PROPONENTE"].fillna("?").str.strip()
            + " ("
            + everyone["COD_MUNIC_IBGE"].fillna("sem código").str.strip()
            + ")"
        )["nome"]
        .value_counts()
        .head(3)
    )
    listed = formatting.join_pt(
        [f"{n} com {formatting.plural(int(k), 'proposta', 'propostas')}" for n, k in top.items()]
    )
    yield finding(
        "municipio_ausente",
        f"o código IBGE de {ctx.settings.municipality} ({code}) não aparece em nenhuma "
        f"proposta; os municípios que mais aparecem são: {listed}. É a exportação de "
        "outro município?",
        arquivo=PROPOSTA_FILE,
        coluna="COD_MUNIC_IBGE",
        departamento="convenios",
    )


def _page_number(name: str) -> int:
    found = re.findall(r"\d+", Path(name).stem)
    return int(found[-1]) if found else 0


def check_wordpress(ctx: Context) -> Iterator[Finding]:
    """paginas_wordpress: pages 1..N all present, every page but the last full, and
    the posts add up to the saved X-WP-Total when that file exists."""
    pages = sorted(
        (p.name for p in ctx.raw_dir.glob(WP_PAGES) if not ctx.skips(p.name)), key=_page_number
    )
    if not pages:
        return
    numbers = [_page_number(p) for p in pages]
    missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
    dept = "comunicacao"
    if missing:
        yield finding(
            "paginas_wordpress",
            f"falta{'m' if len(missing) > 1 else ''} a{'s' if len(missing) > 1 else ''} "
            f"página{'s' if len(missing) > 1 else ''} "
            f"{formatting.join_pt([str(n) for n in missing])} da exportação do WordPress "
            f"(encontradas: {formatting.join_pt(pages)}); exporte de novo todas as páginas "
            "de /wp-json/wp/v2/posts",
            arquivo=WP_PAGES,
            departamento=dept,
        )
    posts = ctx.cleaned.get(dept, {}).get("posts")
    counts: dict[str, int] = {}
    if posts is not None and len(posts):
        counts = posts["arquivo_origem"].map(lambda p: Path(str(p)).name).value_counts().to_dict()
    per_page = ctx.settings.wordpress_per_page
    for page in pages[:-1]:
        n = int(counts.get(page, 0))
        if n != per_page:
            yield finding(
                "paginas_wordpress",
                f"a página tem {formatting.plural(n, 'post', 'posts')}; toda página antes "
                f"da última tem {per_page} (exportação interrompida?); exporte de novo "
                "todas as páginas",
                arquivo=page,
                departamento=dept,
            )
    total_path = ctx.raw_dir / WP_TOTAL_FILE
    last = int(counts.get(pages[-1], 0))
    if not total_path.exists() and last == per_page:
        yield finding(
            "paginas_wordpress",
            f"a última página ({pages[-1]}) tem exatamente {per_page} posts, o máximo por "
            "página: a exportação parece cortada (falta a página seguinte?) e não há "
            f"{WP_TOTAL_FILE} para conferir o total; exporte de novo todas as páginas e "
            f"salve o cabeçalho X-WP-Total em {WP_TOTAL_FILE}. Se o total de posts for "
            f"mesmo múltiplo de {per_page}, aceite este resultado",
            arquivo=WP_PAGES,
            departamento=dept,
        )
    if total_path.exists():
        total, total_pages = _read_wp_total(total_path)
        got = int(sum(counts.values()))
        if got != total:
            yield finding(
                "paginas_wordpress",
                f"o WordPress informou {formatting.plural(total, 'post', 'posts')} "
                f"(X-WP-Total em {WP_TOTAL_FILE}), mas as páginas somam "
                f"{formatting.plural(got, 'post', 'posts')}: a exportação está incompleta "
                "ou o total é de outra exportação",
                arquivo=WP_PAGES,
                departamento=dept,
            )
        if total_pages is not None and total_pages != len(pages):
            yield finding(
                "paginas_wordpress",
                f"o WordPress informou {formatting.plural(total_pages, 'página', 'páginas')} "
                f"(X-WP-TotalPages em {WP_TOTAL_FILE}), mas há "
                f"{formatting.plural(len(pages), 'página', 'páginas')} na pasta",
                arquivo=WP_PAGES,
                departamento=dept,
            )


def _read_wp_total(path: Path) -> tuple[int, int | None]:
    shown = display_path(path)
    expected = (
        'esperado o total de posts do cabeçalho X-WP-Total, ex.: {"X-WP-Total": 453, '
        '"X-WP-TotalPages": 5}'
    )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput([Problem(shown, f"não é um JSON válido ({exc}); {expected}")]) from None
    total = data.get("X-WP-Total") if isinstance(data, dict) else None
    pages = data.get("X-WP-TotalPages") if isinstance(data, dict) else None
    ok = isinstance(total, int) and not isinstance(total, bool) and total >= 0
    if not ok or (pages is not None and not isinstance(pages, int)):
        raise BadInput(
            [Problem(shown, f"não é um total válido; {expected}", column="X-WP-Total", value=total)]
        )
    return total, pages


def check_manifest_files(ctx: Context) -> Iterator[Finding]:
    """arquivo_do_manifesto_ausente: every file the manifest lists is in the folder
    (a manifest describes the export as delivered)."""
    from .pipeline import read_manifest

    manifest = read_manifest(ctx.raw_dir)
    for name in manifest.files:
        # A disabled department's file is not part of this balance, listed or not.
        if not (ctx.raw_dir / name).is_file() and not ctx.skips(name):
            yield finding(
                "arquivo_do_manifesto_ausente",
                f"o arquivo consta do {manifest.path.name}, mas não está na pasta: a "
                "exportação chegou incompleta; copie o arquivo de volta, ou exporte de "
                "novo e registre o manifesto com balanco manifesto",
                arquivo=name,
            )


def check_dates(ctx: Context) -> Iterator[Finding]:
    """data_futura: no record dated after the export (or today)."""
    import pandas as pd

    for spec in (*declared("DATES"), *declared("OTHER_DATES")):
        frame = ctx.frame(spec)
        if frame is None or spec.column not in frame.columns or frame.empty:
            continue
        when = pd.to_datetime(frame[spec.column])
        # A record no rule counts (a scheduled post, an annulled convênio) may be dated later.
        late = (when > ctx.limit) & ~ctx.never_counted(spec.department, spec.frame, frame)
        if spec.held is not None and spec.held[0] in frame.columns:
            # E.g. a hearing can be scheduled after the export; one marked as held cannot.
            column, value = spec.held
            late &= frame[column].fillna("").str.strip().str.upper().eq(value.upper())
        files = _file_names(frame, spec)
        for i in frame.index[late.fillna(False).to_numpy()]:
            yield finding(
                "data_futura",
                f"é posterior à {ctx.limit_label}; corrija o registro na origem e exporte "
                "de novo (um registro assim ficaria fora de qualquer ano do balanço)",
                arquivo=files[i],
                linha=int(frame.at[i, "linha_origem"]),
                coluna=spec.raw_column,
                valor=formatting.short_date(when[i].to_pydatetime()),
                departamento=spec.department,
            )


def check_money(ctx: Context) -> Iterator[Finding]:
    """valor_acima_do_limite: one record's money value above the plausible bound."""
    import pandas as pd

    bound = ctx.settings.max_record_value
    for spec in declared("BOUNDED"):
        dept, column, file, raw_column = spec.department, spec.column, spec.file, spec.raw_column
        frame = ctx.cleaned.get(dept, {}).get(spec.frame) if dept in ctx.enabled else None
        if frame is None or column not in frame.columns:
            continue
        values = pd.to_numeric(frame[column], errors="coerce")
        beyond = (values > bound).fillna(False) & ~ctx.never_counted(dept, spec.frame, frame)
        for i in frame.index[beyond.to_numpy()]:
            line = int(frame.at[i, "linha_origem"])
            yield finding(
                "valor_acima_do_limite",
                f"está acima do limite plausível de {formatting.money(bound)} por registro "
                "(max_record_value nas configurações); confira o valor na exportação",
                arquivo=file,
                linha=line,
                coluna=raw_column,
                valor=ctx.written(dept, file, raw_column, line)
                or formatting.money(float(values[i])),
                departamento=dept,
            )


def check_indicators(ctx: Context) -> Iterator[Finding]:
    """indicador_nao_disponivel, indicador_zero and variacao_grande."""
    for ind in ctx.indicators:
        file = ind.sources[0] if ind.sources else None
        if ind.value is None:
            yield finding(
                "indicador_nao_disponivel",
                f"{ind.label}: não disponível em {ctx.year} ({ind.reason})",
                arquivo=file,
                departamento=ind.department,
            )
            continue
        if ind.value == 0:
            yield finding(
                "indicador_zero",
                f"{ind.label}: zero em {ctx.year}; confira se a exportação está completa "
                "antes de publicar",
                arquivo=file,
                departamento=ind.department,
            )
            continue
        before = (ctx.previous or {}).get(ind.key)
        old = before.get("value") if isinstance(before, dict) else None
        if not isinstance(old, int | float) or isinstance(old, bool) or old == 0:
            continue
        ratio = ind.value / old - 1
        if abs(ratio) > ctx.settings.max_change:
            yield finding(
                "variacao_grande",
                f"{ind.label}: variação de {formatting.signed_percent(ratio)} em relação a "
                f"{ctx.year - 1} ({formatting.indicator_value(old, ind.unit)} → "
                f"{formatting.indicator_value(ind.value, ind.unit)}); limite de alerta: "
                f"{formatting.percent(ctx.settings.max_change, 0)}. Confira se as "
                "exportações dos dois anos são completas e comparáveis",
                arquivo=file,
                departamento=ind.department,
            )


def check_months(ctx: Context) -> Iterator[Finding]:
    """mes_sem_registros: an empty month in a source busy in the other months."""
    import pandas as pd

    last = 12
    if ctx.limit.year == ctx.year:
        last = ctx.limit.month
    elif ctx.limit.year < ctx.year:
        return
    for spec in declared("DATES"):
        frame = ctx.frame(spec)
        if frame is None or frame.empty or not spec.monthly:
            continue
        when = pd.to_datetime(frame[spec.column])
        months = when[when.dt.year == ctx.year].dt.month
        if months.empty or len(months) / last < ctx.settings.min_monthly_records:
            continue
        empty = sorted(set(range(1, last + 1)) - {int(m) for m in months.unique()})
        for m in empty:
            yield finding(
                "mes_sem_registros",
                f"nenhum registro ({spec.what}) em {formatting.month_name(m)} de {ctx.year}, "
                f"mas há {formatting.count(len(months))} nos outros meses; confira se a "
                "exportação cobre o ano inteiro",
                arquivo=spec.file,
                coluna=spec.raw_column,
                departamento=spec.department,
            )


def check_period(ctx: Context) -> Iterator[Finding]:
    """periodo_misturado: an export of one period (``Dated.one_period``) whose records
    are mostly of another year, or whose records of the year cover only its first or
    last weeks (the rule and its thresholds: :mod:`balanco.periods`)."""
    for spec in declared("DATES"):
        frame = ctx.frame(spec)
        if not spec.one_period or frame is None or spec.column not in frame.columns:
            continue
        counted = frame[~ctx.never_counted(spec.department, spec.frame, frame)]
        verdict = periods.judge(counted[spec.column], year=ctx.year, limit=ctx.limit)
        if verdict is not None:
            yield finding(
                "periodo_misturado",
                periods.explain(verdict, what=spec.what, limit_label=ctx.limit_label),
                arquivo=spec.file,
                coluna=spec.raw_column,
                departamento=spec.department,
            )


def check_ignored_values(ctx: Context) -> Iterator[Finding]:
    """valor_ignorado: a money value that could not be read, in a record no rule
    counts (by its status): not an error, but not silence either."""
    import pandas as pd

    from .departments.base import LINE as RAW_LINE

    for spec in declared("BOUNDED"):
        dept, name = spec.department, spec.frame
        frame = ctx.cleaned.get(dept, {}).get(name)
        raw = ctx.raw.get(dept, {}).get(name)
        if dept not in ctx.enabled or frame is None or raw is None:
            continue
        rules = [r for r in declared("EXCLUDED") if (r.department, r.frame) == (dept, name)]
        if not rules or spec.raw_column not in raw.columns:
            continue
        status = rules[0].column
        if spec.column not in frame.columns or status not in frame.columns:
            continue
        aside = frame[
            ctx.never_counted(dept, name, frame)
            & pd.to_numeric(frame[spec.column], errors="coerce").isna()
        ]
        written = raw.set_index(RAW_LINE)[spec.raw_column]
        for line, situation in zip(aside["linha_origem"], aside[status], strict=True):
            value = written.get(int(line))
            if formatting.is_missing(value) or not str(value).strip():
                continue  # an empty value of a record that never counts: nothing to say
            yield finding(
                "valor_ignorado",
                "não é um valor em reais legível; o registro não conta (situação "
                f'"{situation}"), então nenhuma regra lê o valor e ele foi ignorado. '
                "Corrija-o na origem se o registro voltar a contar",
                arquivo=spec.file,
                linha=int(line),
                coluna=spec.raw_column,
                valor=str(value).strip(),
                departamento=dept,
            )


ALL = (
    check_manifest_files,
    check_sources,
    check_wordpress,
    check_period,
    check_dates,
    check_money,
    check_ignored_values,
    check_indicators,
    check_months,
)


# =========================================================================== acceptances


def read_acceptances(raw_dir: Path, *, known_files: Iterable[str]) -> list[Aceite]:
    """``aceites.toml`` validated: known check ids and files, a reason each.
    No file: no acceptance."""
    path = raw_dir / ACCEPTANCE_FILE
    if not path.exists():
        return []
    shown = display_path(path)
    text = path.read_text(encoding="utf-8")
    data = toml_pt.loads(text, shown, "Veja o exemplo de [[aceite]] no README")
    log = ProblemLog()
    for key in data:
        if key != "aceite":
            log.add(
                shown,
                "chave desconhecida; esperado só entradas [[aceite]]."
                + did_you_mean(key, ["aceite"]),
                column=key,
            )
    entries = data.get("aceite", [])
    if not isinstance(entries, list):
        log.add(shown, "esperado [[aceite]] (uma tabela por aceite)", column="aceite")
        entries = []
    header = re.compile(r"\s*\[\[\s*aceite\s*\]\]")
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]
    known = sorted(set(known_files))
    out = []
    for k, entry in enumerate(entries):
        line = lines[k] if k < len(lines) else None
        problems_before = len(log.problems)
        check = entry.get("verificacao")
        file = entry.get("arquivo")
        reason = entry.get("motivo")
        who = entry.get("responsavel")
        record_lines = entry.get("linhas")
        fields = ["verificacao", "arquivo", "linhas", "motivo", "responsavel"]
        for extra in sorted(set(entry) - set(fields)):
            log.add(
                shown,
                "campo desconhecido; esperados verificacao, arquivo, linhas, motivo e "
                "responsavel." + did_you_mean(extra, fields),
                line=line,
                column=extra,
            )
        if not isinstance(check, str) or check not in CHECKS:
            log.add(
                shown,
                "não é uma verificação conhecida; esperado um de: "
                + ", ".join(CHECKS)
                + "."
                + did_you_mean(str(check or ""), CHECKS),
                line=line,
                column="verificacao",
                value=check,
            )
        if not isinstance(file, str) or file not in known:
            log.add(
                shown,
                "não é um arquivo desta pasta; esperado o nome de um arquivo de "
                f"{display_path(raw_dir)}." + did_you_mean(str(file or ""), known),
                line=line,
                column="arquivo",
                value=file,
            )
        if not isinstance(reason, str) or not reason.strip():
            log.add(
                shown,
                "aceite sem motivo; escreva por que o dado está correto, ex.: "
                'motivo = "Não houve convênio estadual em 2025 (confirmado pelo departamento)"',
                line=line,
                column="motivo",
            )
        if who is not None and not isinstance(who, str):
            log.add(shown, "não é um texto (nome)", line=line, column="responsavel", value=who)
        if check in RECORD_CHECKS:
            if record_lines is None:
                log.add(
                    shown,
                    f"aceite de {check} sem linhas; esta verificação é aceita registro a "
                    "registro: diga as linhas do arquivo que estão corretas, ex.: "
                    "linhas = [6, 34] (as linhas estão na mensagem de erro)",
                    line=line,
                    column="linhas",
                )
            elif (
                not isinstance(record_lines, list)
                or not record_lines
                or not all(type(n) is int and n > 0 for n in record_lines)
            ):
                log.add(
                    shown,
                    "não é uma lista de números de linha; esperado, ex.: linhas = [6, 34]",
                    line=line,
                    column="linhas",
                    value=record_lines,
                )
        elif record_lines is not None and isinstance(check, str) and check in CHECKS:
            log.add(
                shown,
                f"{check} vale para o arquivo inteiro, não por linha; retire o campo linhas",
                line=line,
                column="linhas",
            )
        if len(log.problems) == problems_before:
            kept = tuple(record_lines) if check in RECORD_CHECKS else None
            out.append(Aceite(check, file, reason.strip(), who, line, kept))
    log.raise_if_any()
    return out


def acceptance_hint(findings: Iterable[Finding], raw_dir: Path) -> str:
    """What to write in aceites.toml to accept ``findings`` (one entry per check and
    file; a record-level check lists the lines)."""
    findings = list(findings)
    entries = []
    for check, file in dict.fromkeys((f.id, f.arquivo) for f in findings):
        lines = sorted(
            {f.linha for f in findings if (f.id, f.arquivo) == (check, file) and f.linha}
        )
        listed = f"  linhas = [{', '.join(map(str, lines))}]\n" if check in RECORD_CHECKS else ""
        entries.append(
            "  [[aceite]]\n"
            f'  verificacao = "{check}"\n'
            f'  arquivo = "{file}"\n'
            f"{listed}"
            '  motivo = "<por que o dado está correto>"\n'
            '  responsavel = "<seu nome>"  # opcional'
        )
    return (
        "Se os dados estiverem corretos, aceite cada resultado acrescentando a "
        f"{display_path(raw_dir / ACCEPTANCE_FILE)}:\n\n" + "\n\n".join(entries)
    )


# =========================================================================== running


@dataclass
class Outcome:
    """Every finding of a year, acceptances applied."""

    findings: list[Finding]
    raw_dir: Path

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.bloqueante and f.aceite is None]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.bloqueante and f.aceite is None]

    @property
    def accepted(self) -> list[Finding]:
        return [f for f in self.findings if f.aceite is not None]

    @property
    def status(self) -> str:
        return "ok com alertas" if self.warnings else "ok"

    def raise_if_failed(self, *, strict: bool = False) -> None:
        """Blocking findings always fail; warnings too with ``strict`` (--rigoroso)."""
        if self.blocking:
            raise ChecksFailed(self.blocking, self.raw_dir)
        if strict and self.warnings:
            raise ChecksFailed(self.warnings, self.raw_dir, strict=True)

    def as_json(self) -> dict[str, list[dict[str, object]]]:
        return {
            "alertas": [f.as_dict() for f in self.warnings],
            "aceites": [f.as_dict() for f in self.accepted],
        }


class ChecksFailed(BadInput):
    """Blocking findings (or warnings under --rigoroso): the run stops, nothing is
    written. The message ends with the exact aceites.toml entries that accept them."""

    def __init__(self, findings: list[Finding], raw_dir: Path, *, strict: bool = False):
        self.findings = list(findings)
        self.strict = strict
        self.raw_dir = raw_dir
        label = "alerta tratado como erro por --rigoroso" if strict else "verificação"
        problems = [
            Problem(
                display_path(raw_dir / f.arquivo) if f.arquivo else display_path(raw_dir),
                f"{f.detalhe} [{label}: {f.id}]",
                f.linha,
                f.coluna,
                f.valor,
            )
            for f in self.findings
        ]
        super().__init__(problems)

    def render(self) -> str:
        return super().render() + "\n\n" + acceptance_hint(self.findings, self.raw_dir)


def known_files(raw_dir: Path) -> list[str]:
    """Names an acceptance may refer to: the files of the folder and the WordPress pages."""
    names = [p.name for p in raw_dir.iterdir() if p.is_file()] if raw_dir.is_dir() else []
    from .pipeline import read_manifest

    listed = list(read_manifest(raw_dir).files) if raw_dir.is_dir() else []
    return sorted({*names, *listed, WP_PAGES})


def previous_payload(settings: Settings, year: int) -> dict[str, object] | None:
    """The previous year's processed ``indicadores.json``, when it exists."""
    path = settings.processed_dir(year - 1) / "indicadores.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def run(
    settings: Settings,
    year: int,
    *,
    cleaned: dict[str, dict[str, pd.DataFrame]],
    indicators: list[Indicator],
    previous: dict[str, object] | None = None,
    previous_unavailable: str | None = None,
    raw: dict[str, dict[str, pd.DataFrame]] | None = None,
) -> Outcome:
    """Run every check on a year's cleaned records and indicators, then apply the
    acceptances of ``aceites.toml`` (validated first: a bad file is bad input)."""
    raw_dir = settings.raw_dir(year)
    acceptances = read_acceptances(raw_dir, known_files=known_files(raw_dir))
    limit, label = export_limit(settings, year)
    prev = None
    if previous is not None:
        prev = {d["key"]: d for d in previous.get("indicadores", [])}
    ctx = Context(settings, year, cleaned, indicators, prev, limit, label, raw or {})
    found = [f for check in ALL for f in check(ctx)]
    if previous_unavailable:
        found.append(
            finding(
                "ano_anterior_indisponivel",
                previous_unavailable,
                arquivo=None,
            )
        )
    return Outcome(apply(found, acceptances), raw_dir)


def apply(found: Iterable[Finding], acceptances: Iterable[Aceite]) -> list[Finding]:
    """``found`` with the first acceptance that covers each one set (per line for
    record-level checks)."""
    acceptances = list(acceptances)
    return [replace(f, aceite=next((a for a in acceptances if a.covers(f)), None)) for f in found]


def stored(payload: dict[str, object]) -> tuple[list[Finding], list[Finding]]:
    """(warnings, accepted findings) as stored in ``indicadores.json``."""
    return (
        [Finding.from_dict(d) for d in payload.get("alertas", [])],
        [Finding.from_dict(d) for d in payload.get("aceites", [])],
    )


def stored_warnings(settings: Settings, year: int) -> list[Finding]:
    """The warnings of a year's processed data (JSON only, no pandas work)."""
    path = settings.processed_dir(year) / "indicadores.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return []
    return stored(payload)[0]
