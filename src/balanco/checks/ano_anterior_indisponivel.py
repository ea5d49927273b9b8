"""ano_anterior_indisponivel (warning): the previous year's raw folder exists but
its data have problems, so the comparison with the previous year is not
available; the message says why (``Context.previous_unavailable``)."""

from __future__ import annotations

from collections.abc import Iterator

from ..check_spec import WARNING, Check
from ..errors import Problem
from .context import Context


def check(ctx: Context) -> Iterator[Problem]:
    if ctx.previous_unavailable:
        yield CHECK.problem(ctx.previous_unavailable, file=None)


CHECK = Check(
    "ano_anterior_indisponivel",
    WARNING,
    "Comparação com o ano anterior indisponível",
    check,
    listed=140,
    runs=110,
)
