"""Screenshot of JupyterLab (in Portuguese) with an executed audit notebook open,
for the README: starts ``jupyter lab`` headless on 127.0.0.1 with a token at the
project root and drives Debian's chromium with Playwright.

    .venv/bin/python tests/jupyterlab_screenshot.py \
        reports/2024/notebooks/procon.ipynb docs/jupyterlab.png
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from balanco_axe import CHROMIUM, launch

ROOT = Path(__file__).resolve().parents[1]


def main(notebook: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "templates" / "jupyterlab-overrides.json", settings / "overrides.json")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    lab = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            "--ServerApp.root_dir=.",
            *(["--allow-root"] if os.getuid() == 0 else []),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):  # the server may take a while on a busy machine
            with socket.socket() as s, __import__("contextlib").suppress(OSError):
                s.connect(("127.0.0.1", port))
                break
            time.sleep(1)
        time.sleep(2)
        with sync_playwright() as p:
            browser = launch(p, CHROMIUM)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"http://127.0.0.1:{port}/lab/tree/{notebook}?token={token}")
            try:
                page.wait_for_selector(".jp-RenderedSVG", timeout=90_000)
                page.locator(".jp-RenderedSVG").first.scroll_into_view_if_needed()
                page.mouse.move(760, 400)
                page.mouse.wheel(0, 900)  # the first chart in full view
            except Exception:
                page.screenshot(path=str(out.with_suffix(".erro.png")))
                raise
            time.sleep(2)
            no = page.get_by_role("button", name="Não")
            if no.count():
                no.first.click()  # the "Jupyter news" question
            page.screenshot(path=str(out))
            browser.close()
    finally:
        lab.terminate()
        lab.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
