"""data_futura (blocking, per record): no record dated after the export (the
manifest's ``data_exportacao``, or today), in the dates the departments declare
(``DATES``, ``OTHER_DATES``). A record no rule counts (a scheduled post, an annulled
convênio: ``EXCLUDED``) may be dated later, and so may a hearing not marked as held
(``Dated.held``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .. import formatting
from ..check_spec import BLOCKING, Check
from ..errors import Problem
from .context import Context, declared

if TYPE_CHECKING:
    import pandas as pd

    from ..departments.base import Dated


def _file_names(frame: pd.DataFrame, spec: Dated) -> pd.Series:
    import pandas as pd

    if "arquivo_origem" in frame.columns:
        return frame["arquivo_origem"].map(lambda p: Path(str(p)).name)
    return pd.Series(spec.file, index=frame.index)


def check(ctx: Context) -> Iterator[Problem]:
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
            line = int(frame.at[i, "linha_origem"])
            item = None
            if spec.item is not None:  # a JSON list: "3º post (id 11167)"
                item = f"{line}º {spec.item}"
                if "id" in frame.columns:
                    item += f" (id {frame.at[i, 'id']})"
            yield CHECK.problem(
                f"é posterior à {ctx.limit_label}; corrija o registro na origem e exporte "
                "de novo (um registro assim ficaria fora de qualquer ano do balanço)",
                file=files[i],
                line=line,
                column=spec.raw_column,
                value=formatting.short_date(when[i].to_pydatetime()),
                department=spec.department,
                item=item,
            )


CHECK = Check(
    "data_futura",
    BLOCKING,
    "Data posterior à exportação",
    check,
    per_record=True,
    listed=70,
    runs=60,
)
