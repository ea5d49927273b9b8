"""Transferegov (dados abertos): the national ``siconv_proposta`` and
``siconv_convenio`` zips, kept once per machine in the shared cache, and the
municipality's records extracted from them into the files the Convênios
department reads (``siconv_proposta.csv``, ``siconv_convenio.csv``).

The repository's ``data_carga_siconv`` file (the date of the last load) is asked
first: when it names the load the cached dumps came from, the dumps are not asked
for at all. Otherwise each dump is asked for with its validators (a 304 downloads
nothing), resumed with ``Range`` when a download was interrupted, unzipped in
chunks, and scanned with the department's own reader rules (IBGE code, or UF and
name where the code is missing; the convênios of those propostas).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..departments.convenios.loading import municipal_records
from ..departments.convenios.sources import CONVENIO_COLUMNS, PROPOSTA_COLUMNS
from ..files import remove_dead
from ..settings import Settings
from . import http, unzip, zipcache
from .base import SIGNATURE, CollectContext, CollectedFile, Progress
from .sources import SOURCES
from .write import staged

#: The key of the municipality file's ``[coleta]`` table with the base URL (and the
#: source's name in the registry and for ``--fonte``).
SETTINGS_KEY = "transferegov"

#: The open-data repository of Transferegov (formerly SICONV): where the national
#: dumps are published, one zip per table (the registry's default address).
DEFAULT_BASE_URL = str(SOURCES[SETTINGS_KEY].default_url)
#: The repository's file that records the date of its last load.
LOAD_DATE_ZIP = "data_carga_siconv.csv.zip"
#: The cache's subfolder for this source (shared by every municipality and year).
CACHE_FOLDER = "transferegov"


@dataclass(frozen=True)
class Dump:
    """One national table: the zip the repository publishes, the CSV inside it
    (also the name the department reads in the raw folder), the columns the
    department needs."""

    zip_name: str
    csv_name: str
    required: tuple[str, ...]


PROPOSTA = Dump("siconv_proposta.csv.zip", "siconv_proposta.csv", PROPOSTA_COLUMNS)
CONVENIO = Dump("siconv_convenio.csv.zip", "siconv_convenio.csv", CONVENIO_COLUMNS)
DUMPS = (PROPOSTA, CONVENIO)
#: The raw files it writes (the registry lists them too).
FILES = tuple(d.csv_name for d in DUMPS)


def base_url(settings: Settings) -> str:
    """The repository's base URL: the municipality file's ``[coleta] transferegov``
    (``Settings.collect_urls``) when set, else :data:`DEFAULT_BASE_URL`; always
    ending with "/"."""
    url = dict(settings.collect_urls).get(SETTINGS_KEY) or DEFAULT_BASE_URL
    url = str(url).strip()
    return url if url.endswith("/") else url + "/"


def load_date(client: httpx.Client, base: str, folder: Path, progress: Progress) -> str | None:
    """The date of the repository's last load (as written in its file), or None
    when the repository does not publish the file (then the dumps' own validators
    tell whether they changed)."""
    path = folder / LOAD_DATE_ZIP
    url = base + LOAD_DATE_ZIP
    with zipcache.lock(path):
        try:
            got = zipcache.fetch(client, url, path, label=LOAD_DATE_ZIP, progress=progress)
        except zipcache.NotFound:
            return None
        try:
            return unzip.first_value(got.path, shown=got.url)
        except unzip.CorruptZip:
            zipcache.forget(path)
            raise


def national_csv(
    client: httpx.Client,
    base: str,
    folder: Path,
    dump: Dump,
    *,
    loaded: str | None,
    progress: Progress,
) -> tuple[zipcache.Cached, Path]:
    """The dump's zip in the cache (asked for only when the load date changed) and
    its CSV unzipped beside it. The caller holds the zip's lock."""
    path = folder / dump.zip_name
    csv_path = folder / dump.csv_name
    url = base + dump.zip_name
    have = zipcache.cached(path)
    current = (
        have is not None
        and loaded is not None
        and have.extra.get("data_carga") == loaded
        and have.url == http.safe_url(url)
    )
    got = have if current and have is not None else None
    if got is None:
        got = zipcache.fetch(client, url, path, label=dump.zip_name, progress=progress)
        if loaded is not None:
            got = zipcache.record(path, {"data_carga": loaded})
    unzipped = zipcache.read_meta(csv_path)
    if unzipped is None or unzipped.get("zip_sha256") != got.sha256:
        try:
            member = unzip.extract_csv(
                path,
                csv_path,
                name=dump.csv_name,
                required=dump.required,
                shown=got.url,
                progress=progress,
            )
        except unzip.CorruptZip:
            zipcache.forget(path)  # the next run downloads it again
            raise
        zipcache.write_meta(
            csv_path,
            {"size": csv_path.stat().st_size, "zip_sha256": got.sha256, "member": member},
        )
    return got, csv_path


def _as_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The records as the department reads them: ';', LF, UTF-8, quoted only where
    a value needs it, an empty field for a missing value."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def municipal_extract(
    proposta: Path, convenio: Path, *, settings: Settings
) -> dict[str, tuple[list[str], list[list[object]]]]:
    """The municipality's propostas and the convênios of those propostas, every
    column, in file order, picked out by the department's own rule
    (:func:`~balanco.departments.convenios.loading.municipal_records`):
    ``{csv name: (header, rows)}``."""
    from ..io import LINE

    convs, props = municipal_records(convenio, proposta, settings=settings, every_column=True)
    p_header, c_header = [c for c in props if c != LINE], [c for c in convs if c != LINE]
    return {
        PROPOSTA.csv_name: (p_header, props[p_header].astype(object).values.tolist()),
        CONVENIO.csv_name: (c_header, convs[c_header].astype(object).values.tolist()),
    }


def collect(ctx: CollectContext) -> list[CollectedFile]:
    """Collect the municipality's federal convênios from Transferegov's open data
    into ``ctx.staging`` (``siconv_proposta.csv``, ``siconv_convenio.csv``)."""
    base = base_url(ctx.settings)
    folder = ctx.cache / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # Temporaries of a run that was killed (unzip, metadata): their pid no longer runs.
    remove_dead(folder, ".*.tmp-*")
    with http.client() as c:
        loaded = load_date(c, base, folder, ctx.progress)
        # Both dumps stay locked while the municipality's records are read from them
        # (always in the same order: two runs never wait for each other in a circle).
        with contextlib.ExitStack() as stack:
            got: dict[str, tuple[zipcache.Cached, Path]] = {}
            for dump in DUMPS:
                stack.enter_context(zipcache.lock(folder / dump.zip_name))
                got[dump.csv_name] = national_csv(
                    c, base, folder, dump, loaded=loaded, progress=ctx.progress
                )
            extract = municipal_extract(
                got[PROPOSTA.csv_name][1], got[CONVENIO.csv_name][1], settings=ctx.settings
            )
    news: dict[str, tuple[bytes, int, zipcache.Cached]] = {}
    for dump in DUMPS:
        header, rows = extract[dump.csv_name]
        data = _as_csv(header, rows).encode("utf-8")
        news[dump.csv_name] = (data, len(rows), got[dump.csv_name][0])
    totals: dict[str, dict[str, int | str]] = {
        name: {"registros": n, **({"data_carga": loaded} if loaded is not None else {})}
        for name, (_, n, _) in news.items()
    }
    if all(
        _same(ctx.previous.get(name), data, source, totals[name])
        for name, (data, _, source) in news.items()
    ):
        return []  # the files in place are what the source holds now
    out = []
    for name, (data, n, source) in news.items():
        kept = {"validators": source.validators, "totals": totals[name]}
        out.append(staged(ctx, name, data, url=source.url, **kept))
        ctx.progress(name, n, n, "registros")
    return out


def _same(
    entry: Mapping[str, object] | None,
    data: bytes,
    source: zipcache.Cached,
    totals: Mapping[str, int | str],
) -> bool:
    """Whether the raw folder's file (its manifest entry, bytes intact) is the one
    this collection would write, from the same load and the same dump."""
    return (
        entry is not None
        and entry.get("gerado_por") == SIGNATURE
        and entry.get("sha256") == hashlib.sha256(data).hexdigest()
        and entry.get("url") == source.url
        and dict(entry.get("validadores") or {}) == dict(source.validators)  # type: ignore[call-overload]
        and dict(entry.get("totais") or {}) == dict(totals)  # type: ignore[call-overload]
    )
