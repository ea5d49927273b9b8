"""The municipality file (``municipios/<slug>.toml``): where it is, reading and
validating it (every problem at once, with a "Você quis dizer …?"), the default
municipality, and a run's :class:`~balanco.settings.Settings` made from it.

``Settings`` itself lives in :mod:`balanco.settings` (a plain object the
departments import); it is re-exported here for the notebooks and the tests.
Importing this package installs the default municipality's file as the source of
the values a ``Settings()`` leaves out.
"""

from __future__ import annotations

from ..settings import CLEANING_FIELDS, ROOT_ENV, Settings, find_root
from .files import (
    DEFAULT_KEY,
    MUNICIPIOS_DIR,
    available_municipios,
    default_municipio,
    municipio_dirs,
    municipio_file,
    slugify,
)
from .keys import KEYS_DOC, file_keys
from .load import load_municipio, settings
from .read import read_municipio
from .uf import UF_CODES, check_uf_and_code

__all__ = [
    "CLEANING_FIELDS",
    "DEFAULT_KEY",
    "KEYS_DOC",
    "MUNICIPIOS_DIR",
    "ROOT_ENV",
    "UF_CODES",
    "Settings",
    "available_municipios",
    "check_uf_and_code",
    "default_municipio",
    "file_keys",
    "find_root",
    "load_municipio",
    "municipio_dirs",
    "municipio_file",
    "read_municipio",
    "settings",
    "slugify",
]


def __getattr__(name: str) -> object:
    # ``DEFAULT_MUNICIPIO`` is read from the files, not written in the code.
    if name == "DEFAULT_MUNICIPIO":
        return default_municipio()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
