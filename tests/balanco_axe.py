"""Accessibility check of a report's HTML in a real browser: axe-core (through
axe-playwright-python, which ships axe.min.js) in Debian's headless chromium,
driven by Playwright (browser downloads are not used: ``/usr/bin/chromium``).
Also takes screenshots at phone (375 px) and desktop (1280 px) widths.

As a script, it checks a page and writes the screenshots for the README::

    .venv/bin/python tests/balanco_axe.py reports/2024/procon-2024.html docs/
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTHS = {"celular": (375, 812), "computador": (1280, 900)}


def chromium() -> str:
    """Debian's chromium, or the test is skipped with the way to install it."""
    import pytest

    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        pytest.skip("chromium não instalado (apt-get install chromium; make test instala)")
    return path


def launch(p, executable: str):
    return p.chromium.launch(executable_path=executable, args=FLAGS, headless=True)


def check_page(html: Path, out_dir: Path, *, executable: str | None = None) -> dict:
    """Run axe-core on ``html`` at each width; screenshots ``<nome>-celular.png`` and
    ``<nome>-computador.png`` in ``out_dir``. Returns the serious and critical
    violations, the screenshots and how many pixels the page overflows sideways
    at 375 px (0 or less: no horizontal scroll)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    executable = executable or chromium()
    out_dir.mkdir(parents=True, exist_ok=True)
    serious: list[dict] = []
    shots: list[Path] = []
    overflow = 0
    with sync_playwright() as p:
        browser = launch(p, executable)
        try:
            for label, (w, h) in WIDTHS.items():
                page = browser.new_page(viewport={"width": w, "height": h})
                page.goto(Path(html).resolve().as_uri())
                results = Axe().run(page)
                for v in results.response["violations"]:
                    if v["impact"] in ("serious", "critical"):
                        serious.append(
                            {
                                "largura": w,
                                "regra": v["id"],
                                "impacto": v["impact"],
                                "onde": [n["target"] for n in v["nodes"][:5]],
                            }
                        )
                if w == 375:
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                shot = out_dir / f"{Path(html).stem}-{label}.png"
                page.screenshot(path=str(shot), full_page=False)
                shots.append(shot)
                page.close()
        finally:
            browser.close()
    return {"serious": serious, "screenshots": shots, "overflow_at_375": overflow}


if __name__ == "__main__":
    result = check_page(Path(sys.argv[1]), Path(sys.argv[2]), executable=CHROMIUM)
    print(json.dumps({**result, "screenshots": [str(s) for s in result["screenshots"]]}, indent=2))
    sys.exit(1 if result["serious"] else 0)
