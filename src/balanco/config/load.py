"""A run's :class:`~balanco.settings.Settings` from a municipality file, and the
default municipality's values for the fields a Settings leaves out."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import fields
from pathlib import Path

from ..departments import ENV
from ..settings import OwnValue, Settings, find_root, use_defaults
from .department_keys import by_department
from .files import available_municipios, default_municipio, municipio_file, slugify
from .read import read_municipio

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def settings(
    *,
    data_dir: str | None = None,
    reports_dir: str | None = None,
    root: str | Path | None = None,
    municipio: str | None = None,
) -> Settings:
    """Settings for a run, with optional overrides (as notebooks pass them).

    ``municipio`` (a slug; empty or None: :func:`default_municipio`) selects
    ``municipios/<slug>.toml``; ``data_dir``/``reports_dir`` override its folders.
    """
    base_root = Path(root).resolve() if root else find_root()
    base = load_municipio(base_root, municipio or default_municipio(base_root))
    changes: dict[str, object] = {}
    if data_dir:
        changes["data_dir"] = data_dir
    if reports_dir:
        changes["reports_dir"] = reports_dir
    return base.with_(**changes) if changes else base


@functools.lru_cache(maxsize=32)
def _read_cached(path: Path, stamp: tuple[int, int], added: str) -> dict[str, object]:
    # ``added``: the departments the run adds (their keys are read too).
    return _settings_fields(read_municipio(path))


def _fields_of(root: Path, slug: str) -> dict[str, object]:
    """The Settings fields of ``municipios/<slug>.toml`` under ``root``."""
    path = municipio_file(root, slug)
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        return read_municipio(path)  # raises the Portuguese "no such municipality"
    return dict(_read_cached(path, stamp, os.environ.get(ENV, "")))


def _settings_fields(values: dict[str, object]) -> dict[str, object]:
    """The fields of a Settings from a file's values (:func:`read_municipio`):
    its own fields as they are, and the keys the departments declare as their
    ``own`` values, each with the department that declares it."""
    known_fields = {f.name for f in fields(Settings)}
    out = {k: v for k, v in values.items() if k in known_fields}
    out["own"] = tuple(
        OwnValue(department, key.attribute, values[key.attribute], key.counts)
        for department, key in by_department()
        if key.attribute in values
    )
    return out


def _default(name: str) -> object:
    """A Settings field's default: the default municipality's file."""
    root = find_root()
    return _fields_of(root, default_municipio(root))[name]


use_defaults(_default)


def load_municipio(root: Path, slug: str | None = None) -> Settings:
    """Settings of the municipality ``slug`` (``municipios/<slug>.toml``; None:
    :func:`default_municipio`) under ``root``."""
    from ..errors import BadInput, Problem, did_you_mean

    if slug is None:
        slug = default_municipio(Path(root))
    if not _SLUG.match(slug):
        known = available_municipios(Path(root))
        hint = did_you_mean(slugify(slug), known) or did_you_mean(slug, known)
        listed = " Municípios disponíveis: " + ", ".join(known) + "." if known else ""
        raise BadInput(
            [
                Problem(
                    "--municipio",
                    "não serve: era esperado o nome de um arquivo de municipios/ sem .toml, "
                    f"em minúsculas, sem acentos nem espaços.{hint}{listed}",
                    value=slug,
                )
            ]
        )
    return Settings(root=Path(root), **_fields_of(Path(root), slug))
