"""A throw-away project for ``balanco coletar`` tests: the default municipality's
file with a ``[coleta]`` section pointing at the loopback fakes, 2024's raw folder
copied from the sample, the cache and the environment of the run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from balanco.cli import main

ROOT = Path(__file__).resolve().parents[1]
USER_TOKEN = "usrTOKEN-7f3a9c1e5b2d4a6f8e0c"
APP_TOKEN = "appTOKEN-1b9d7f5e3c2a4b6d8f0e"


def make_project(
    root: Path,
    monkeypatch,
    *,
    coleta: dict[str, str],
    raw: bool = True,
    drop: tuple[str, ...] = (),
) -> Path:
    """The project at ``root``; returns its 2024 raw folder. ``drop``: sample files
    left out of the raw folder (the ones the collection will bring)."""
    (root / "municipios").mkdir(parents=True)
    text = (ROOT / "municipios" / "itaquaquecetuba.toml").read_text(encoding="utf-8")
    text += "\n[coleta]\n" + "".join(f'{k} = "{v}"\n' for k, v in coleta.items())
    (root / "municipios" / "itaquaquecetuba.toml").write_text(text, encoding="utf-8")
    raw_dir = root / "data" / "raw" / "2024"
    if raw:
        shutil.copytree(
            ROOT / "data" / "raw" / "2024",
            raw_dir,
            ignore=lambda d, names: [n for n in names if any(Path(n).match(p) for p in drop)],
        )
    else:
        raw_dir.parent.mkdir(parents=True)
    monkeypatch.setenv("BALANCO_ROOT", str(root))
    monkeypatch.setenv("BALANCO_CACHE", str(root / "cache"))
    monkeypatch.setenv("BALANCO_GLPI_USER_TOKEN", USER_TOKEN)
    monkeypatch.setenv("BALANCO_GLPI_APP_TOKEN", APP_TOKEN)
    return raw_dir


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


#: Everything the runs of the current test printed (scanned by :func:`no_token_left`).
PRINTED: list[str] = []


def coletar(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["coletar", "--year", "2024", *args])
    out, err = capsys.readouterr()
    PRINTED.append(out + err)
    return code, out, err


@pytest.fixture(autouse=True)
def no_token_left(tmp_path, caplog, monkeypatch):
    """After every test of a module that imports it: no file under the test's
    folder, no log record and nothing a run printed holds either token.

    Also: Transferegov's default address (the national repository) is replaced by
    a loopback port where nothing listens, so a test that collects it without its
    own fake server fails instead of reaching the network."""
    import logging

    from balanco.collect import transferegov

    monkeypatch.setattr(transferegov, "DEFAULT_BASE_URL", "http://127.0.0.1:9/sem-rede/")

    caplog.set_level(logging.DEBUG)
    PRINTED.clear()
    yield
    texts = [*PRINTED, caplog.text]
    texts += [p.read_bytes().decode("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file()]
    for secret in (USER_TOKEN, APP_TOKEN):
        assert not [t[:200] for t in texts if secret in t], "token found"
