"""Every department module follows the same contract (see departments/base.py)."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest
from conftest import ROOT

from balanco.config import Settings
from balanco.departments import DEPARTMENTS
from balanco.departments.base import UNITS, Indicator, Source

SETTINGS = Settings(root=ROOT)


@pytest.mark.parametrize("dept", DEPARTMENTS, ids=lambda d: d.NAME)
def test_public_names_and_signatures(dept):
    assert isinstance(dept.NAME, str) and isinstance(dept.TITLE, str)
    assert dept.SOURCES and all(isinstance(s, Source) for s in dept.SOURCES)
    for name, params in {
        "load": ["raw_dir", "settings"],
        "clean": ["raw", "year", "settings"],
        "summarise": ["clean", "year"],
        "breakdowns": ["clean", "year"],
    }.items():
        sig = inspect.signature(getattr(dept, name))
        assert list(sig.parameters) == params, name
        kinds = [p.kind for p in sig.parameters.values()]
        assert kinds[0] is inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert all(k is inspect.Parameter.KEYWORD_ONLY for k in kinds[1:]), name


@pytest.mark.parametrize("dept", DEPARTMENTS, ids=lambda d: d.NAME)
def test_contract_holds_on_the_shipped_data(dept):
    raw = dept.load(SETTINGS.raw_dir(2024), settings=SETTINGS)
    assert set(raw) == {s.key for s in dept.SOURCES}
    snapshot = {k: v.copy(deep=True) for k, v in raw.items()}
    clean = dept.clean(raw, year=2024, settings=SETTINGS)
    for key, frame in raw.items():  # clean never mutates its argument
        pd.testing.assert_frame_equal(frame, snapshot[key])
    for name, frame in clean.items():
        assert isinstance(frame, pd.DataFrame)
        assert frame.columns[0] == "ano", name  # keys first
        assert all(c == c.lower() and " " not in c for c in frame.columns), name
    indicators = dept.summarise(clean, year=2024)
    assert indicators and all(isinstance(i, Indicator) for i in indicators)
    for ind in indicators:
        assert ind.department == dept.NAME
        assert ind.unit in UNITS
        assert isinstance(ind.value, int | float) and not isinstance(ind.value, bool)
        assert ind.definition and ind.label and ind.sources
    tables = dept.breakdowns(clean, year=2024)
    assert tables and all(isinstance(t, pd.DataFrame) for t in tables.values())


def test_indicator_keys_are_unique_across_departments():
    keys = [
        i.key
        for d in DEPARTMENTS
        for i in d.summarise(
            d.clean(
                d.load(SETTINGS.raw_dir(2024), settings=SETTINGS), year=2024, settings=SETTINGS
            ),
            year=2024,
        )
    ]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("dept", DEPARTMENTS, ids=lambda d: d.NAME)
def test_each_department_is_one_package_behind_the_protocol(dept):
    from balanco.departments.base import Department

    assert isinstance(dept, Department)
    assert dept.__name__.endswith(f"departments.{dept.NAME}")
    assert set(dept.views.CHARTS) and callable(dept.generator.generate)
    assert callable(dept.sentences.paragraph) and len(dept.sentences.HEADLINE) == 3


def test_counted_is_what_summarise_counts():
    """Procon's total is, by definition, the rows counted in its three datasets."""
    from balanco.departments import procon

    clean = procon.clean(
        procon.load(SETTINGS.raw_dir(2024), settings=SETTINGS), year=2024, settings=SETTINGS
    )
    rows = procon.counted(clean, year=2024)
    total = {i.key: i.value for i in procon.summarise(clean, year=2024)}["procon_atendimentos"]
    assert total == sum(len(f) for f in rows.values()) == 3303


def test_a_department_in_another_folder_joins_through_the_registry(tmp_path, monkeypatch):
    """One folder and one registry entry: a toy department outside the package."""
    from balanco.departments import registered
    from balanco.departments.base import Department

    pkg = tmp_path / "toy_dept"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "NAME = 'brinquedo'\nTITLE = COVER_TITLE = 'Brinquedos'\nSOURCES = ()\n"
        "sentences = views = generator = None\n"
        "def load(raw_dir, *, settings): return {}\n"
        "def clean(raw, *, year, settings): return {}\n"
        "def counted(clean, *, year): return {}\n"
        "def summarise(clean, *, year): return []\n"
        "def breakdowns(clean, *, year): return {}\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("BALANCO_DEPARTAMENTOS", "balanco.departments.cpd, toy_dept")
    depts = registered()
    assert [d.NAME for d in depts] == ["cpd", "brinquedo"]
    assert all(isinstance(d, Department) for d in depts)


def test_a_change_to_an_outside_department_reaches_the_plan_and_the_fingerprints(tmp_path):
    """The plan's cache of declared sources, the notebooks' inputs and the processed
    data's fingerprint all hold the code hash; an outside department's files are part
    of it, so editing its SOURCES is seen by the next run (each run a new process)."""
    import os
    import subprocess
    import sys

    pkg = tmp_path / "toy_fontes"
    pkg.mkdir()
    body = (
        "class Source:\n    def __init__(self, files): self.files = files\n"
        "NAME = 'brinquedo'\nTITLE = COVER_TITLE = 'Brinquedos'\n"
        "SOURCES = (Source(({files!r},)),)\n"
        "sentences = views = generator = None\n"
    )
    (pkg / "__init__.py").write_text(body.format(files="brinquedos.csv"), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        "BALANCO_DEPARTAMENTOS": "balanco.departments.cpd,toy_fontes",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    code = (
        "from balanco.build import plan\n"
        "from balanco.fingerprint import code_hash\n"
        "print(plan.declared()['fontes']['brinquedo'], code_hash())\n"
    )

    def run() -> tuple[str, str]:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        files, digest = out.stdout.rsplit(" ", 1)
        return files, digest.strip()

    first = run()
    assert first[0] == "['brinquedos.csv']"
    assert run() == first  # answered from the cache, same hash
    (pkg / "__init__.py").write_text(body.format(files="brinquedos_*.csv"), encoding="utf-8")
    second = run()
    assert second[0] == "['brinquedos_*.csv']"
    assert second[1] != first[1]
