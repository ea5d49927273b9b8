"""Writing one collected file into the staging folder, described for the manifest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from .base import CollectContext, CollectedFile


def staged(
    ctx: CollectContext,
    name: str,
    data: bytes,
    *,
    url: str,
    validators: Mapping[str, str] | None = None,
    totals: Mapping[str, int | str] | None = None,
) -> CollectedFile:
    """Write ``data`` as ``ctx.staging/name`` and describe it (size, SHA-256, …)."""
    (ctx.staging / name).write_bytes(data)
    return CollectedFile(
        name,
        url,
        len(data),
        hashlib.sha256(data).hexdigest(),
        dict(validators or {}),
        dict(totals or {}),
    )


def json_bytes(value: object) -> bytes:
    """JSON as the department reads it: UTF-8, accents as written, indented."""
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def validators_of(headers: Mapping[str, str]) -> dict[str, str]:
    """The HTTP validators of an answer (``etag``, ``last_modified``), when given."""
    out = {}
    if headers.get("ETag"):
        out["etag"] = headers["ETag"]
    if headers.get("Last-Modified"):
        out["last_modified"] = headers["Last-Modified"]
    return out
