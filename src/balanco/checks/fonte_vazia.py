"""fonte_vazia (blocking): a dated source (a department's ``DATES``) whose export
holds no record at all. A department may judge one of its sources itself (the
Transferegov dumps: :mod:`balanco.departments.convenios.transferegov`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..check_spec import BLOCKING, SOURCE, Check
from ..errors import Problem
from .context import Context

if TYPE_CHECKING:
    from ..departments.base import Dated


def check(ctx: Context, spec: Dated) -> Iterator[Problem]:
    frame = ctx.frame(spec)
    if frame is not None and frame.empty:
        yield CHECK.problem(
            f"a exportação não tem nenhum registro ({spec.what}); exporte de novo "
            f"o período completo de {ctx.year}",
            file=spec.file,
            department=spec.department,
        )


CHECK = Check(
    "fonte_vazia",
    BLOCKING,
    "Exportação sem nenhum registro",
    check,
    each=SOURCE,
    listed=20,
    runs=30,
)
