"""Convênios: validating and normalising every source; every problem reported at once."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from ... import formatting
from ...errors import ProblemLog
from ...io import (
    DATE_EXPECTED,
    FORMULA_EXPECTED,
    LINE,
    MONEY_EXPECTED,
    check_not_negative,
    check_unique,
    convert,
    fold,
    parse_datetime,
    parse_money,
    split_total,
)
from ...settings import Settings
from ..frames import (
    clean_register,
    clean_sources,
    drop_line,
    required_if_counted,
    source_of,
    text,
    uncounted_aside,
)
from ..vocabulary import as_objects, spellings_for, with_spellings
from .sources import (
    FEDERAL_CONVENIO,
    FEDERAL_PROPOSTA,
    FEDERAL_VOID,
    OFICIO_CANCELLED,
    OFICIOS,
    STATE,
    STATE_CANCELLED,
)
from .vocabularies import NATUREZA, SITUACAO_ESTADUAL, SITUACAO_FEDERAL, SITUACAO_OFICIO


def clean_federal(
    convs: pd.DataFrame, props: pd.DataFrame, *, settings: Settings, year: int | None = None
) -> pd.DataFrame:
    """Join convênios to their propostas; keep the city hall's own (not NGOs').

    With ``year``, the money values are required and must be readable only for the
    convênios signed in that year (:data:`SIGNED`): no rule of that year's balance
    reads the others (see :func:`balanco.departments.frames.uncounted_aside`)."""
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
    void = FEDERAL_VOID.never_counts(situation).to_numpy(dtype=bool)
    # The city hall's own nature (a setting) is always an accepted value.
    natures = NATUREZA.with_values(settings.municipal_nature)
    nature, used_nat = natures.apply(
        props["NATUREZA_JURIDICA"],
        props[LINE].to_numpy(),
        file=pfile,
        log=log,
        spellings=spellings_for(settings, natures),
    )
    # A convênio of an NGO of the town (another legal nature) is never counted either
    # (only the city hall's own are: NATUREZA_JURIDICA), so no rule reads its values.
    own = fold(settings.municipal_nature)
    nature_of = {text(i): n for i, n in zip(props["ID_PROPOSTA"], as_objects(nature), strict=True)}
    void = void | np.array(
        [fold(nature_of.get(text(i)) or "") != own for i in convs["ID_PROPOSTA"]], dtype=bool
    )
    if year is not None:
        # The dump holds every year: a convênio signed in another year (or without a
        # date: no year) is read by no rule of this balance (BOUNDED.read_in_year).
        void = void | np.array([d is None or d.year != year for d in signed], dtype=bool)
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
    # A cancelled convênio never counts: it may have no date, and its value is read by
    # no rule (see clean_federal).
    cancelled = STATE_CANCELLED.never_counts(situation).to_numpy()
    signed = required_if_counted(
        rows,
        cancelled,
        lambda part, log, required: convert(
            part,
            "Data de Assinatura",
            parse_datetime,
            file=file,
            log=log,
            expected=DATE_EXPECTED,
            required=required,
        ),
        log=log,
    )
    value = uncounted_aside(
        rows,
        cancelled,
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
        # A cancelled number never counts: it may have no date.
        never=OFICIO_CANCELLED.never_counts(situation).to_numpy(),
        log=log,
        text={
            "Número": "numero",
            "Destinatário": "destinatario",
            "Assunto": "assunto",
            "Situação": "situacao",
        },
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
                raw[FEDERAL_CONVENIO.key], raw[FEDERAL_PROPOSTA.key], settings=settings, year=year
            ),
            "convenios_estaduais": lambda: clean_state(raw[STATE.key], settings=settings),
            "oficios": lambda: clean_oficios(raw[OFICIOS.key], settings=settings),
        }
    )
