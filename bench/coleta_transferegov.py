"""Transferegov collection from national-size dumps on a loopback server:
bytes held in Python memory by the download and the unzip (tracemalloc peak)
against the size of the dumps, and a re-run with nothing changed against the
first run (wall time, measured side by side; printed, never asserted).

Run from the project root: ``.venv/bin/python bench/coleta_transferegov.py [PROPOSTAS]``
(default 200000, about 60 MB of CSV). Works in a temporary folder.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from balanco.collect import transferegov
from balanco.collect.base import CollectContext
from balanco.config import Settings
from balanco.departments.convenios.national import national_transferegov

ROOT = Path(__file__).resolve().parents[1]


def main(propostas: int) -> None:
    settings = Settings(root=ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        national_transferegov(
            tmp / "nacional",
            municipal_dir=settings.raw_dir(2024),
            propostas=propostas,
            own_code=settings.ibge_code,
        )
        server = HTTPServer(host="127.0.0.1", port=0)
        server.start()
        csv_bytes = 0
        for name in ("siconv_proposta.csv", "siconv_convenio.csv"):
            data = (tmp / "nacional" / name).read_bytes()
            csv_bytes += len(data)
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(name, data)
            server.expect_request(f"/dados/{name}.zip").respond_with_data(
                buf.getvalue(), headers={"ETag": f'"{name}"'}
            )
        del data, buf
        server.expect_request("/dados/data_carga_siconv.csv.zip").respond_with_data(b"", status=404)
        transferegov.DEFAULT_BASE_URL = server.url_for("/dados/")
        times = []
        for n in (1, 2):
            staging = tmp / f"staging{n}"
            staging.mkdir()
            ctx = CollectContext(settings, 2024, staging, tmp / "cache", lambda *a: None, {})
            tracemalloc.start()
            start = time.perf_counter()
            transferegov.collect(ctx)
            times.append(time.perf_counter() - start)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(
                f"run {n}: {times[-1]:.2f} s; Python memory peak {peak / 1e6:.1f} MB "
                f"= {peak / csv_bytes:.3f} x the dumps' {csv_bytes / 1e6:.1f} MB"
            )
        server.clear()
        server.stop()
        print(f"re-run with nothing changed / first run: {times[1] / times[0]:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
