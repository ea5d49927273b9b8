"""The published 2024 release is the external truth: every figure it prints
must come out of data/raw/2024 exactly as printed."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import ROOT

from balanco import formatting, published
from balanco.config import Settings
from balanco.io import sha256
from balanco.pipeline import compute

SETTINGS = Settings(root=ROOT)
RELEASE_FIGURES = 14


@pytest.fixture(scope="module")
def computed():
    _, indicators, _ = compute(SETTINGS, 2024)
    return {i.key: i for i in indicators}


@pytest.fixture(scope="module")
def pub():
    return published.load(SETTINGS, 2024)


def test_published_file_lists_the_fourteen_figures_of_the_release_text(pub):
    assert len(pub.figures) == RELEASE_FIGURES
    for key, text in pub.figures.items():
        # Each figure appears in the release as a whole token ("311", not "3113").
        assert re.search(rf"(?<![\d.,]){re.escape(text)}(?!\d|[.,]\d)", pub.release_text), key


def test_every_release_figure_is_reproduced_as_printed(computed, pub):
    for key, text in pub.figures.items():
        ind = computed[key]
        # Amounts keep their spaces non-breaking ("R$ 81,3 milhões" never splits);
        # the release types ordinary ones: the same characters otherwise.
        shown = formatting.indicator_value(ind.value, ind.unit)
        assert formatting.plain_spaces(shown) == text, key


def test_procon_total_is_its_four_parts(computed):
    parts = (
        "procon_cips",
        "procon_atendimentos_preliminares",
        "procon_audiencias",
        "procon_fiscalizacoes",
    )
    assert computed["procon_atendimentos"].value == sum(computed[k].value for k in parts)


def test_total_money_is_not_the_sum_of_rounded_parts(computed):
    fed = computed["convenios_federais_valor"].value
    est = computed["convenios_estaduais_valor"].value
    assert computed["recursos_captados"].value == pytest.approx(fed + est)


def test_manifest_hashes_match_the_shipped_raw_files():
    raw = SETTINGS.raw_dir(2024)
    manifest = tomllib.loads((raw / "manifest.toml").read_text(encoding="utf-8"))
    assert manifest["sintetico"] is True
    listed = {f["nome"]: f["sha256"] for f in manifest["arquivos"]}
    present = {p.name for p in raw.iterdir() if p.name != "manifest.toml"}
    assert set(listed) == present
    for name, digest in listed.items():
        assert sha256(raw / name) == digest, name
