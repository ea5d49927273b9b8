"""Every department module follows the same contract (see departments/base.py)."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import types
import typing
from pathlib import Path

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
        "counted": ["clean", "year"],
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


def test_a_companion_file_belongs_to_the_department_that_declares_it(tmp_path):
    """A department declares the files it keeps beside its sources (``COMPANIONS``);
    a run knows whose they are from that declaration alone (the fingerprint of the
    processed data, in a new process that imports no department to answer)."""
    import os
    import subprocess
    import sys

    pkg = tmp_path / "toy_companheiro"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "from balanco.departments.base import Companion, Source\n"
        "NAME = 'brinquedo'\nTITLE = COVER_TITLE = 'Brinquedos'\n"
        "SOURCES = (Source('b', ('brinquedos.csv',), 'Sistema', 'Brinquedos'),)\n"
        "COMPANIONS = (Companion('brinquedos_total.json', 't', 'Sistema', 'Total'),)\n"
        "sentences = views = generator = None\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        "BALANCO_DEPARTAMENTOS": "balanco.departments.cpd,toy_companheiro",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    code = (
        "from balanco import fingerprint\n"
        "print(sorted(fingerprint.owners('brinquedos_total.json')),"
        " sorted(fingerprint.owners('brinquedos.csv')), sorted(fingerprint.owners('x.json')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "['brinquedo'] ['brinquedo'] []"


#: The functions of the contract, in the order a run calls them.
CONTRACT = ("load", "clean", "counted", "summarise", "breakdowns")


def _conforms(value: object, hint: object) -> bool:
    """``value`` is of the annotated type ``hint`` (dict, list, tuple, unions, classes)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, a) for a in args)
    if origin is dict:
        return isinstance(value, dict) and all(
            _conforms(k, args[0]) and _conforms(v, args[1]) for k, v in value.items()
        )
    if origin is list:
        return isinstance(value, list) and all(_conforms(v, args[0]) for v in value)
    if origin is tuple:
        return isinstance(value, tuple) and all(_conforms(v, args[0]) for v in value)
    if hint is type(None):
        return value is None
    return isinstance(value, origin or hint)


@pytest.mark.parametrize("dept", DEPARTMENTS, ids=lambda d: d.NAME)
def test_functions_accept_the_protocols_arguments(dept):
    """isinstance on the runtime-checkable Protocol only sees that the names exist:
    the parameters (names and kinds: positional, then keyword-only) must be the
    Protocol's own."""
    from balanco.departments.base import Department

    for name in CONTRACT:
        documented = list(inspect.signature(getattr(Department, name)).parameters.values())[1:]
        actual = list(inspect.signature(getattr(dept, name)).parameters.values())
        assert [(p.name, p.kind) for p in actual] == [(p.name, p.kind) for p in documented], name


@pytest.fixture(scope="module")
def tiny():
    """Each department's 2024 sources cut to a few rows: the first, middle and last
    three of a long one (exports run across years, in either order, so both the
    year's rows and other years' are in); short reference tables whole."""

    def cut(frame: pd.DataFrame) -> pd.DataFrame:
        n = len(frame)
        return frame.iloc[[0, 1, 2, n // 2 - 1, n // 2, n // 2 + 1, n - 3, n - 2, n - 1]]

    out = {}
    for dept in DEPARTMENTS:
        raw = dept.load(SETTINGS.raw_dir(2024), settings=SETTINGS)
        out[dept.NAME] = {k: cut(v) if len(v) > 50 else v for k, v in raw.items()}
    return out


@pytest.mark.parametrize("dept", DEPARTMENTS, ids=lambda d: d.NAME)
def test_functions_return_the_protocols_types_on_a_tiny_input(dept, tiny):
    from balanco.departments.base import Department

    hints = {name: typing.get_type_hints(getattr(Department, name)) for name in CONTRACT}
    raw = dept.load(SETTINGS.raw_dir(2024), settings=SETTINGS)
    assert _conforms(raw, hints["load"]["return"])
    raw = tiny[dept.NAME]
    clean = dept.clean(raw, year=2024, settings=SETTINGS)
    assert _conforms(clean, hints["clean"]["return"])
    counted = dept.counted(clean, year=2024)
    assert _conforms(counted, hints["counted"]["return"])
    assert any(len(frame) for frame in counted.values())
    for name, frame in counted.items():  # the year's rows, and only those
        assert frame.empty or set(frame["ano"]) == {2024}, name
    indicators = dept.summarise(clean, year=2024)
    assert indicators and _conforms(indicators, hints["summarise"]["return"])
    fields = typing.get_type_hints(indicators[0].__class__)
    for ind in indicators:
        for f in dataclasses.fields(ind):
            assert _conforms(getattr(ind, f.name), fields[f.name]), (ind.key, f.name)
    assert _conforms(dept.breakdowns(clean, year=2024), hints["breakdowns"]["return"])


#: The modules every department package holds, one job each: the package's
#: ``__init__`` only re-exports the contract from them.
SHAPE = (
    "sources",
    "vocabularies",
    "loading",
    "cleaning",
    "rules",
    "sentences",
    "views",
    "generator",
    "open_data",
    "columns",
)


@pytest.mark.parametrize("dept", DEPARTMENTS, ids=lambda d: d.NAME)
def test_every_department_package_has_the_same_shape(dept):
    folder = Path(dept.__file__).parent
    assert set(SHAPE) <= {p.stem for p in folder.glob("*.py")}
    owner = {"load": "loading", "clean": "cleaning"}
    for name in ("load", "clean", "counted", "summarise", "breakdowns"):
        assert getattr(dept, name).__module__ == f"{dept.__name__}.{owner.get(name, 'rules')}"
    assert "def " not in Path(dept.__file__).read_text(encoding="utf-8")


def _imported(path: Path) -> set[str]:
    """Every ``balanco`` module a source file imports, relative imports resolved;
    imports inside functions and under ``TYPE_CHECKING`` count like the others."""
    module = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    package = package.removesuffix(".__init__")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            stem = ".".join(base) if node.level else ""
            name = ".".join(p for p in (stem, node.module) if p)
            found |= {name} | {f"{name}.{a.name}" for a in node.names}
    return {m for m in found if m == "balanco" or m.startswith("balanco.")}


def _reaches(imported: set[str], target: str) -> bool:
    return any(m == target or m.startswith(target + ".") for m in imported)


def test_the_departments_the_sentences_and_the_errors_import_nothing_above_them():
    """Issue 15's floors: a department (its sample generator included) takes nothing
    from the ``sample`` command; ``sentences`` is below the departments; ``errors``
    is below ``io`` (which raises it)."""
    src = ROOT / "src" / "balanco"
    upward = [
        str(p.relative_to(src))
        for p in sorted((src / "departments").rglob("*.py"))
        if _reaches(_imported(p), "balanco.sample")
    ]
    assert upward == []
    assert not _reaches(_imported(src / "sentences.py"), "balanco.departments")
    assert not _reaches(_imported(src / "errors.py"), "balanco.io")
