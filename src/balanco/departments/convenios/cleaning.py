"""Convênios: federal agreements (Transferegov), state agreements (the
department's spreadsheet) and the ofícios register.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ... import formatting
from ...config import Settings
from ...errors import ProblemLog
from ...io import (
    DATE_EXPECTED,
    FORMULA_EXPECTED,
    LINE,
    MONEY_EXPECTED,
    check_not_negative,
    check_unique,
    column_pattern_in,
    convert,
    display_path,
    fold,
    grep_delimited,
    parse_datetime,
    parse_money,
    read_delimited,
    read_header,
    read_sheet,
    require_columns,
    split_total,
)
from ...rounding import rounded
from ..base import (
    COUNT,
    MONEY,
    Bounded,
    Dated,
    Excluded,
    Indicator,
    Source,
    clean_register,
    clean_sources,
    drop_line,
    in_year,
    lazy_parts,
    source_of,
    text,
    uncounted_aside,
    with_source,
)
from ..vocabulary import Vocabulary, as_objects, spellings_for, with_spellings

NAME = "convenios"
TITLE = "Convênios"
#: The article of TITLE in running text (no article: "de Convênios"): ``sentences.of``.
ARTICLE = ""
COVER_TITLE = "Convênios"

FEDERAL_CONVENIO = Source(
    "convenios_federais",
    ("siconv_convenio.csv",),
    "Transferegov (dados abertos, arquivo siconv_convenio.csv)",
    "Convênios federais: número, data de assinatura, situação e valores.",
)
FEDERAL_PROPOSTA = Source(
    "propostas_federais",
    ("siconv_proposta.csv",),
    "Transferegov (dados abertos, arquivo siconv_proposta.csv)",
    "Propostas dos convênios federais: proponente, município (código IBGE), órgão e objeto.",
)
STATE = Source(
    "convenios_estaduais",
    ("convenios_estaduais.xlsx",),
    "Planilha do Departamento de Convênios",
    "Convênios estaduais (do governo do estado) controlados pelo departamento.",
)
OFICIOS = Source(
    "oficios",
    ("oficios.csv",),
    "Livro de registro de ofícios do Departamento de Convênios",
    "Ofícios enviados para formalizar parcerias e pedir recursos.",
)
SOURCES = (FEDERAL_CONVENIO, FEDERAL_PROPOSTA, STATE, OFICIOS)

#: What the checks look at (balanco.checks): dated records and bounded money values.
#: None of these is an export of one period: the Transferegov dumps hold every year
#: since 2008, the spreadsheet and the ofícios register are kept across years.
DATES = (
    Dated(
        "convenios_federais",
        "data_assinatura",
        "siconv_convenio.csv",
        "DIA_ASSIN_CONV",
        "convênios da Prefeitura",
    ),
    Dated(
        "convenios_estaduais",
        "data_assinatura",
        "convenios_estaduais.xlsx",
        "Data de Assinatura",
        "convênios estaduais",
    ),
    Dated("oficios", "data", "oficios.csv", "Data", "ofícios"),
)
BOUNDED = (
    Bounded("convenios_federais", "valor_repasse", "siconv_convenio.csv", "VL_REPASSE_CONV"),
    Bounded("convenios_federais", "valor_global", "siconv_convenio.csv", "VL_GLOBAL_CONV"),
    Bounded(
        "convenios_federais",
        "valor_contrapartida",
        "siconv_convenio.csv",
        "VL_CONTRAPARTIDA_CONV",
    ),
    Bounded("convenios_estaduais", "valor_repasse", "convenios_estaduais.xlsx", "Valor do Repasse"),
)

CONVENIO_COLUMNS = (
    "NR_CONVENIO",
    "ID_PROPOSTA",
    "DIA_ASSIN_CONV",
    "SIT_CONVENIO",
    "VL_GLOBAL_CONV",
    "VL_REPASSE_CONV",
    "VL_CONTRAPARTIDA_CONV",
)
PROPOSTA_COLUMNS = (
    "ID_PROPOSTA",
    "UF_PROPONENTE",
    "MUNIC_PROPONENTE",
    "COD_MUNIC_IBGE",
    "NATUREZA_JURIDICA",
    "DESC_ORGAO_SUP",
    "OBJETO_PROPOSTA",
)
STATE_COLUMNS = (
    "Nº",
    "Objeto",
    "Órgão Concedente",
    "Data de Assinatura",
    "Valor do Repasse",
    "Situação",
)
OFICIO_COLUMNS = ("Número", "Data", "Destinatário", "Assunto", "Situação")

#: Transferegov situations (SIT_CONVENIO) of agreements that never count.
VOID = ("Convênio Anulado", "Convênio Cancelado")

#: The closed vocabularies of the columns that decide whether a record counts
#: (``balanco.departments.vocabulary``). Transferegov's lists are national and not
#: published in full: they are generous (every status seen in real dumps and in
#: the platform's manuals), since stopping a real export on a legitimate status
#: is a bug too.
SITUACAO_FEDERAL = Vocabulary(
    FEDERAL_CONVENIO.key,
    "SIT_CONVENIO",
    (
        "Em execução",
        "Assinado",
        "Proposta/Plano de Trabalho em Análise",
        "Proposta/Plano de Trabalho Complementado em Análise",
        "Proposta/Plano de Trabalho Aprovado",
        "Proposta/Plano de Trabalho Aprovados",
        "Assinatura Pendente Registro TV Siafi",
        "Aguardando Prestação de Contas",
        "Prestação de Contas enviada para Análise",
        "Prestação de Contas em Análise",
        "Prestação de Contas em Complementação",
        "Prestação de Contas Comprovada em Análise",
        "Prestação de Contas Iniciada Por Antecipação",
        "Prestação de Contas Aprovada",
        "Prestação de Contas Aprovada com Ressalvas",
        "Prestação de Contas Rejeitada",
        "Prestação de Contas Concluída",
        "Inadimplente",
        "Convênio Rescindido",
        "Convênio Extinto",
        "Convênio Encerrado",
        *VOID,
    ),
    "uma situação de convênio do Transferegov",
    "Convênio Anulado e Convênio Cancelado não contam; as demais situações contam.",
    required=False,
    note="Lista nacional do Transferegov, não publicada por inteiro: reúne as situações "
    "vistas em exportações reais (tests/fixtures/real/siconv_convenio_sample_2018.csv) e "
    "nos manuais da plataforma. Vazio conta como convênio não anulado.",
)
NATUREZA = Vocabulary(
    FEDERAL_PROPOSTA.key,
    "NATUREZA_JURIDICA",
    (
        "Administração Pública Municipal",
        "Administração Pública Estadual ou do Distrito Federal",
        "Administração Pública Federal",
        "Consórcio Público",
        "Empresa pública/Sociedade de economia mista",
        "Entidades Privadas sem Fins Lucrativos",
        "Organização da Sociedade Civil",
    ),
    "uma natureza jurídica do Transferegov",
    "Só contam as propostas da própria Prefeitura (a natureza de natureza_municipal no "
    "arquivo do município, padrão Administração Pública Municipal); ONGs da cidade ficam "
    "de fora.",
    required=False,
    note="Lista nacional do Transferegov; a natureza_municipal do arquivo do município é "
    "sempre aceita. Vazio: a proposta não conta como da Prefeitura.",
)
SITUACAO_ESTADUAL = Vocabulary(
    STATE.key,
    "Situação",
    ("Assinado", "Em execução", "Em prestação de contas", "Concluído", "Cancelado"),
    "uma situação de convênio estadual",
    "Cancelado não conta; as demais situações e o vazio contam.",
    required=False,
)
SITUACAO_OFICIO = Vocabulary(
    OFICIOS.key,
    "Situação",
    ("Enviado", "Respondido", "Cancelado"),
    "uma situação de ofício",
    "Cancelado (número cancelado) não conta; as demais situações e o vazio contam.",
    required=False,
)
VOCABULARIES = (SITUACAO_FEDERAL, NATUREZA, SITUACAO_ESTADUAL, SITUACAO_OFICIO)

#: The records the rules below never count, by their situation (accepted form, after
#: the vocabularies): the checks do not look at them as if they counted, and no rule
#: reads their values. The counting rules use the same declarations.
FEDERAL_VOID = Excluded("convenios_federais", "situacao", VOID)
STATE_CANCELLED = Excluded("convenios_estaduais", "situacao", ("Cancelado",))
OFICIO_CANCELLED = Excluded("oficios", "situacao", ("Cancelado",))
EXCLUDED = (FEDERAL_VOID, STATE_CANCELLED, OFICIO_CANCELLED)


# --------------------------------------------------------------------------- load


def name_pattern(name: str) -> str:
    """A case-insensitive pattern for a municipality's name in a dump, whatever its
    encoding: accented letters of the official name match any one or two bytes
    (a generous first cut; the exact comparison comes after).

    >>> print(name_pattern("São Paulo")), print(name_pattern("Suzano"))
    (?i)s.{1,2}o\\s+paulo
    (?i)suzano
    (None, None)
    """
    out = []
    for ch in name.strip():
        if ch.isspace():
            out.append(r"\s+")
        elif ch.isascii():
            out.append(re.escape(ch.lower()))
        else:
            out.append(".{1,2}")
    return "(?i)" + "".join(out).replace(r"\s+\s+", r"\s+")


def municipal_rows(props: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The municipality's propostas: by IBGE code (``settings.ibge_code``), or —
    where the code is missing — by UF and the official name or one of
    ``settings.name_variants`` (accents and case aside)."""
    code = props["COD_MUNIC_IBGE"].fillna("").str.strip()
    by_code = code == settings.ibge_code
    names = {fold(n) for n in settings.municipality_names}
    by_name = (
        (code == "")
        & (props["UF_PROPONENTE"].fillna("").str.strip().str.upper() == settings.uf.upper())
        & props["MUNIC_PROPONENTE"].fillna("").map(fold).isin(names)
    )
    return props[by_code | by_name]


def load_federal(
    convenio: Path, proposta: Path, *, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the municipality's propostas and their convênios from the national dumps.

    The dumps hold every municipality (hundreds of MB): lines that mention the
    IBGE code or the name are picked out first, and the exact rule is applied
    to those few rows.
    """
    props = grep_delimited(
        proposta,
        columns=PROPOSTA_COLUMNS,
        patterns=[
            re.escape(settings.ibge_code),
            *(name_pattern(n) for n in settings.municipality_names),
        ],
    )
    props = municipal_rows(props, settings)
    ids = sorted({i.strip() for i in props["ID_PROPOSTA"].dropna()} - {""})
    if ids:
        alternatives = "|".join(re.escape(i) for i in ids)
        # The ID in its column, whether the dump quotes its fields or not.
        in_column = column_pattern_in(convenio, "ID_PROPOSTA", ids, required=CONVENIO_COLUMNS)
        convs = grep_delimited(
            convenio, columns=CONVENIO_COLUMNS, patterns=[in_column], prefilter=[alternatives]
        )
        convs = convs[convs["ID_PROPOSTA"].fillna("").str.strip().isin(ids)]
    else:  # no proposta of the municipality: nothing to look for, but the layout is checked
        header, _ = read_header(convenio, required=CONVENIO_COLUMNS)
        require_columns(header, CONVENIO_COLUMNS, display_path(convenio))
        convs = _empty(CONVENIO_COLUMNS)
    return with_source(convs.reset_index(drop=True), convenio), with_source(
        props.reset_index(drop=True), proposta
    )


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame(
        {**{c: pd.Series([], dtype=object) for c in columns}, LINE: pd.Series([], dtype="int64")}
    )


def load(raw_dir: Path, *, settings: Settings) -> dict[str, pd.DataFrame]:
    """Read the department's raw files (I/O only)."""
    convenio, proposta = (FEDERAL_CONVENIO.paths(raw_dir)[0], FEDERAL_PROPOSTA.paths(raw_dir)[0])
    convs, props = load_federal(convenio, proposta, settings=settings)
    state = STATE.paths(raw_dir)[0]
    oficios = OFICIOS.paths(raw_dir)[0]
    return {
        FEDERAL_CONVENIO.key: convs,
        FEDERAL_PROPOSTA.key: props,
        STATE.key: with_source(read_sheet(state, required=STATE_COLUMNS), state),
        OFICIOS.key: with_source(read_delimited(oficios, required=OFICIO_COLUMNS), oficios),
    }


# --------------------------------------------------------------------------- clean


def clean_federal(convs: pd.DataFrame, props: pd.DataFrame, *, settings: Settings) -> pd.DataFrame:
    """Join convênios to their propostas; keep the city hall's own (not NGOs')."""
    log = ProblemLog()
    cfile, pfile = source_of(convs), source_of(props)
    check_unique(convs, "NR_CONVENIO", file=cfile, log=log)
    check_unique(props, "ID_PROPOSTA", file=pfile, log=log)
    signed = convert(
        convs,
        "DIA_ASSIN_CONV",
        parse_datetime,
        file=cfile,
        log=log,
        expected=DATE_EXPECTED,
        required=False,
    )
    situation, used_sit = SITUACAO_FEDERAL.apply(
        convs["SIT_CONVENIO"],
        convs[LINE].to_numpy(),
        file=cfile,
        log=log,
        spellings=spellings_for(settings, SITUACAO_FEDERAL),
    )
    # An annulled or cancelled convênio never counts: no rule reads its values, so
    # an empty or unreadable one is no error (the checks warn of the unreadable).
    # Judged on the accepted form, so a municipality's mapped spelling counts too.
    void = FEDERAL_VOID.never_counts(situation).to_numpy()
    money = {}
    for col in ("VL_GLOBAL_CONV", "VL_REPASSE_CONV", "VL_CONTRAPARTIDA_CONV"):
        money[col] = uncounted_aside(
            convs,
            void,
            lambda rows, log, col=col: convert(
                rows,
                col,
                parse_money,
                file=cfile,
                log=log,
                expected=MONEY_EXPECTED,
                required=col == "VL_REPASSE_CONV",
            ),
            log=log,
        )
        check_not_negative(money[col], convs, col, file=cfile, log=log)
    # The city hall's own nature (a setting) is always an accepted value.
    natures = NATUREZA.with_values(settings.municipal_nature)
    nature, used_nat = natures.apply(
        props["NATUREZA_JURIDICA"],
        props[LINE].to_numpy(),
        file=pfile,
        log=log,
        spellings=spellings_for(settings, natures),
    )
    log.raise_if_any()

    # Typed even when empty (no proposta of the municipality): an empty list
    # would become float64 and the merge below would refuse object vs float64.
    props = props.assign(
        ID_PROPOSTA=pd.Series(
            [text(v) for v in props["ID_PROPOSTA"]], index=props.index, dtype=object
        ),
        NATUREZA_JURIDICA=pd.Series(as_objects(nature), index=props.index, dtype=object),
    )
    conv = pd.DataFrame(
        {
            "nr_convenio": pd.Series([text(v) for v in convs["NR_CONVENIO"]], dtype=object),
            "id_proposta": pd.Series([text(v) for v in convs["ID_PROPOSTA"]], dtype=object),
            "data_assinatura": pd.to_datetime(pd.Series(signed, dtype=object)).to_numpy(),
            "situacao": pd.Series(as_objects(situation), dtype=object),
            "valor_global": [
                float(v) if v is not None else float("nan") for v in money["VL_GLOBAL_CONV"]
            ],
            "valor_repasse": [
                float(v) if v is not None else float("nan") for v in money["VL_REPASSE_CONV"]
            ],
            "valor_contrapartida": [
                float(v) if v is not None else float("nan") for v in money["VL_CONTRAPARTIDA_CONV"]
            ],
            LINE: convs[LINE].to_numpy(),
        }
    )
    prop = props.rename(
        columns={
            "ID_PROPOSTA": "id_proposta",
            "NATUREZA_JURIDICA": "natureza_juridica",
            "DESC_ORGAO_SUP": "orgao_concedente",
            "OBJETO_PROPOSTA": "objeto",
            "COD_MUNIC_IBGE": "cod_municipio_ibge",
        }
    )[["id_proposta", "natureza_juridica", "orgao_concedente", "objeto", "cod_municipio_ibge"]]
    joined = conv.merge(prop, on="id_proposta", how="inner", validate="many_to_one")
    # Only the city hall itself: an NGO located in the town has another legal nature.
    municipal = joined["natureza_juridica"].fillna("").map(fold) == fold(settings.municipal_nature)
    out = joined[municipal].assign(
        ano=lambda d: pd.to_datetime(d["data_assinatura"]).dt.year.astype("Int64"),
        esfera="federal",
    )
    out = drop_line(
        out[
            [
                "ano",
                "nr_convenio",
                "id_proposta",
                "esfera",
                "data_assinatura",
                "situacao",
                "orgao_concedente",
                "objeto",
                "valor_global",
                "valor_repasse",
                "valor_contrapartida",
                "natureza_juridica",
                "cod_municipio_ibge",
                LINE,
            ]
        ].reset_index(drop=True)
    )
    return with_spellings(out, used_sit, used_nat)


def clean_state(sheet: pd.DataFrame, *, settings: Settings | None = None) -> pd.DataFrame:
    """Validate the state spreadsheet; its TOTAL row must equal the sum of the rows.
    ``settings`` gives the municipality's spellings of Situação (``[grafias]``)."""
    log = ProblemLog()
    file = source_of(sheet)
    rows, total = split_total(sheet)
    situation, used = SITUACAO_ESTADUAL.apply(
        rows["Situação"],
        rows[LINE].to_numpy(),
        file=file,
        log=log,
        spellings=spellings_for(settings, SITUACAO_ESTADUAL),
    )
    signed = convert(
        rows, "Data de Assinatura", parse_datetime, file=file, log=log, expected=DATE_EXPECTED
    )
    # A cancelled convênio never counts: its value is read by no rule (see clean_federal).
    value = uncounted_aside(
        rows,
        STATE_CANCELLED.never_counts(situation).to_numpy(),
        lambda part, log: convert(
            part, "Valor do Repasse", parse_money, file=file, log=log, expected=MONEY_EXPECTED
        ),
        log=log,
    )
    check_not_negative(value, rows, "Valor do Repasse", file=file, log=log)
    check_unique(rows, "Nº", file=file, log=log)
    if total is not None and not log:
        try:
            stated = parse_money(total["Valor do Repasse"])
        except ValueError:
            stated = None
        computed = sum((v for v in value if v is not None), Decimal(0))
        formula = sheet.attrs.get("formulas", {}).get((int(total[LINE]), "Valor do Repasse"))
        if stated is None and formula:
            # A workbook written by a program other than Excel/LibreOffice may
            # hold the formula without its result: that is not a wrong total.
            log.add(
                file,
                "o TOTAL " + FORMULA_EXPECTED.format(formula=formula),
                line=int(total[LINE]),
                column="Valor do Repasse",
            )
        elif stated is None or abs(stated - computed) > Decimal("0.005"):
            log.add(
                file,
                "não confere com a soma das linhas (é o TOTAL da planilha) "
                f"(soma das linhas: {formatting.number(computed, 2)}); "
                "corrija o TOTAL ou as linhas",
                line=int(total[LINE]),
                column="Valor do Repasse",
                value=total["Valor do Repasse"],
            )
    log.raise_if_any()
    out = pd.DataFrame(
        {
            # Blank cells stay missing (never the text "None" or "nan").
            "nr_convenio": [text(v) for v in rows["Nº"]],
            "esfera": "estadual",
            "data_assinatura": pd.to_datetime(pd.Series(signed, dtype=object)).to_numpy(),
            "situacao": as_objects(situation),
            "orgao_concedente": [text(v) for v in rows["Órgão Concedente"]],
            "objeto": [text(v) for v in rows["Objeto"]],
            "valor_repasse": [float(v) if v is not None else float("nan") for v in value],
            LINE: rows[LINE].to_numpy(),
        }
    )
    out = out.assign(ano=pd.to_datetime(out["data_assinatura"]).dt.year.astype("Int64"))
    return with_spellings(drop_line(out[["ano", *[c for c in out.columns if c != "ano"]]]), used)


def clean_oficios(reg: pd.DataFrame, *, settings: Settings | None = None) -> pd.DataFrame:
    log = ProblemLog()
    situation, used = SITUACAO_OFICIO.apply(
        reg["Situação"],
        reg[LINE].to_numpy(),
        file=source_of(reg),
        log=log,
        spellings=spellings_for(settings, SITUACAO_OFICIO),
    )
    out = clean_register(
        reg,
        id_column="Número",
        dates={"Data": "data"},
        # A cancelled number never counts: it may have no date (see below).
        optional_dates=("Data",),
        log=log,
        text={
            "Número": "numero",
            "Destinatário": "destinatario",
            "Assunto": "assunto",
            "Situação": "situacao",
        },
    )
    undated = out["data"].isna() & ~OFICIO_CANCELLED.mask(out)
    unreadable = {p.line for p in log.problems if p.column == "Data"}
    for line in out.loc[undated, "linha_origem"]:
        if int(line) not in unreadable:
            log.add(
                source_of(reg),
                "está vazio; " + DATE_EXPECTED.split("; ", 1)[-1],
                line=int(line),
                column="Data",
            )
    log.raise_if_any()
    return with_spellings(out.assign(situacao=as_objects(situation)), used)


def clean(
    raw: dict[str, pd.DataFrame], *, year: int, settings: Settings
) -> dict[str, pd.DataFrame]:
    """Validate and normalise every source; every problem is reported at once."""
    return clean_sources(
        {
            "convenios_federais": lambda: clean_federal(
                raw[FEDERAL_CONVENIO.key], raw[FEDERAL_PROPOSTA.key], settings=settings
            ),
            "convenios_estaduais": lambda: clean_state(raw[STATE.key], settings=settings),
            "oficios": lambda: clean_oficios(raw[OFICIOS.key], settings=settings),
        }
    )


# --------------------------------------------------------------------------- rules


def federal_of_year(conv: pd.DataFrame, year: int) -> pd.DataFrame:
    """A federal convênio counts in the year it was signed (DIA_ASSIN_CONV),
    unless annulled or cancelled (:data:`FEDERAL_VOID`)."""
    return conv[in_year(conv["data_assinatura"], year) & ~FEDERAL_VOID.mask(conv)]


def state_of_year(conv: pd.DataFrame, year: int) -> pd.DataFrame:
    """A state convênio counts in the year it was signed, unless cancelled
    (:data:`STATE_CANCELLED`)."""
    return conv[in_year(conv["data_assinatura"], year) & ~STATE_CANCELLED.mask(conv)]


def oficios_of_year(reg: pd.DataFrame, year: int) -> pd.DataFrame:
    """An ofício counts in the year of its date; a cancelled number does not count
    (:data:`OFICIO_CANCELLED`)."""
    return reg[in_year(reg["data"], year) & ~OFICIO_CANCELLED.mask(reg)]


def counted(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """The rows of ``year`` that count, per dataset (the rules above)."""
    return {
        "convenios_federais": federal_of_year(clean["convenios_federais"], year),
        "convenios_estaduais": state_of_year(clean["convenios_estaduais"], year),
        "oficios": oficios_of_year(clean["oficios"], year),
    }


def summarise(clean: dict[str, pd.DataFrame], *, year: int) -> list[Indicator]:
    """The department's figures of ``year``."""
    c = counted(clean, year=year)
    fed, est, ofi = c["convenios_federais"], c["convenios_estaduais"], c["oficios"]
    fed_value = rounded(float(fed["valor_repasse"].sum()), 2)
    est_value = rounded(float(est["valor_repasse"].sum()), 2)
    fed_src = (FEDERAL_CONVENIO.files[0], FEDERAL_PROPOSTA.files[0])
    return [
        Indicator(
            "convenios_federais",
            NAME,
            "Convênios federais celebrados",
            "Convênios do Transferegov cuja proposta é da Prefeitura: COD_MUNIC_IBGE igual "
            "ao código IBGE do município (sem o código, a UF e o nome do município ou uma "
            "das variantes configuradas) e natureza jurídica Administração Pública "
            "Municipal (organizações da sociedade civil ficam de fora); contam no ano da "
            "assinatura (DIA_ASSIN_CONV), não no da proposta; os anulados ou cancelados "
            "(SIT_CONVENIO Convênio Anulado ou Convênio Cancelado) não contam.",
            COUNT,
            len(fed),
            fed_src,
        ),
        Indicator(
            "convenios_federais_valor",
            NAME,
            "Valor dos convênios federais",
            "Soma do valor de repasse da União (VL_REPASSE_CONV) desses convênios; a "
            "contrapartida do município não é recurso captado.",
            MONEY,
            fed_value,
            fed_src,
        ),
        Indicator(
            "convenios_estaduais",
            NAME,
            "Convênios estaduais celebrados",
            "Convênios da planilha do departamento assinados no ano (Data de Assinatura), "
            "exceto os de situação Cancelado. A linha TOTAL da planilha é conferida com a "
            "soma das linhas e descartada.",
            COUNT,
            len(est),
            STATE.files,
        ),
        Indicator(
            "convenios_estaduais_valor",
            NAME,
            "Valor dos convênios estaduais",
            "Soma do valor do repasse do Estado desses convênios.",
            MONEY,
            est_value,
            STATE.files,
        ),
        Indicator(
            "recursos_captados",
            NAME,
            "Total de recursos captados",
            "Repasses federais mais estaduais dos convênios celebrados no ano, somados "
            "antes de arredondar.",
            MONEY,
            rounded(fed_value + est_value, 2),
            (*fed_src, *STATE.files),
        ),
        Indicator(
            "oficios",
            NAME,
            "Ofícios enviados",
            "Ofícios registrados no livro do departamento com data no ano, exceto números "
            "cancelados.",
            COUNT,
            len(ofi),
            OFICIOS.files,
        ),
    ]


def breakdowns(clean: dict[str, pd.DataFrame], *, year: int) -> dict[str, pd.DataFrame]:
    """Tables for the report: by granting body, by month of signature."""
    c = counted(clean, year=year)
    both = pd.concat([c["convenios_federais"], c["convenios_estaduais"]], ignore_index=True)
    by_body = (
        # dropna=False: a convênio without a granting body still counts (shown "Não informado").
        both.groupby(["esfera", "orgao_concedente"], as_index=False, dropna=False)
        .agg(quantidade=("nr_convenio", "size"), valor_repasse=("valor_repasse", "sum"))
        .sort_values("valor_repasse", ascending=False, ignore_index=True)
    )
    months = pd.to_datetime(both["data_assinatura"]).dt.month
    by_month = (
        both.assign(mes=months)
        .pivot_table(
            index="mes", columns="esfera", values="valor_repasse", aggfunc="sum", fill_value=0.0
        )
        .reindex(range(1, 13), fill_value=0.0)
        .reindex(columns=["federal", "estadual"], fill_value=0.0)
        .rename_axis(columns=None)
        .reset_index()
    )
    listing = both[
        ["esfera", "nr_convenio", "data_assinatura", "orgao_concedente", "objeto", "valor_repasse"]
    ].sort_values(["esfera", "data_assinatura"], ignore_index=True)
    return {"por_orgao": by_body, "por_mes": by_month, "lista": listing}


# The department's sentences (cheap) now; its views and sample generator on first use.
from . import sentences as sentences  # noqa: E402

__getattr__ = lazy_parts(__name__)
