"""What the README says about JupyterLab's language is what the installed
JupyterLab serves (issue 14, item 9): the translations of the running server
(``/lab/api/translations/pt_BR``), read on 127.0.0.1 with a bounded wait."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

#: JupyterLab's main menus, as its code names them (translated with the "menu" context:
#: ``trans._p("menu", label)`` in @jupyterlab/mainmenu-extension).
MAIN_MENUS = ("File", "Edit", "View", "Run", "Kernel", "Tabs", "Settings", "Help")


@pytest.fixture(scope="module")
def translations(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    root = tmp_path_factory.mktemp("lab")
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
            f"--ServerApp.root_dir={root}",
            *(["--allow-root"] if os.getuid() == 0 else []),
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/lab/api/translations/pt_BR?token={token}"
    try:
        deadline = time.monotonic() + 120  # a busy machine starts the server slowly
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    yield json.load(response)["data"]
                    break
            except OSError:
                if time.monotonic() > deadline or lab.poll() is not None:
                    pytest.fail("o JupyterLab não respondeu em 127.0.0.1")
                time.sleep(1)
    finally:
        lab.terminate()
        lab.wait(timeout=30)


def _lab_paragraph() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    start = readme.index("### Notebooks no JupyterLab")
    return readme[start : readme.index("\nOs notebooks (", start)]


def test_the_portuguese_pack_is_served(translations):
    lab = translations["jupyterlab"]
    assert lab[""]["language"] == "pt-BR"
    assert lab["Name"] == ["Nome"]  # the file browser's column, as the README says


def test_readme_says_which_main_menus_stay_in_english(translations):
    lab = translations["jupyterlab"]
    english = [m for m in MAIN_MENUS if f"menu\x04{m}" not in lab]
    text = re.sub(r"\s+", " ", _lab_paragraph())
    if english:
        # The README must not promise a Portuguese interface, and names the menus in English.
        assert "em português" not in text.split("```")[1]  # the make lab line
        assert "interface em português" not in text
        assert "parcial" in text
        for menu in english:
            assert menu in text, menu
    else:  # a pack that translates the menus: the README may say so
        assert "em português" in text
