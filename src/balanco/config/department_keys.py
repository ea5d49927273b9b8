"""The municipality-file keys the departments declare for their own source
systems (``<department>/settings_keys.py``: a ``SETTINGS`` tuple of
:class:`balanco.settings.FileKey`), the way a sqlfluff rule bundle declares its
own configuration keys.

They are read from every department a municipality file may enable (the
registry, and the modules ``BALANCO_DEPARTAMENTOS`` adds, as
:func:`balanco.departments.known_names`) without importing the departments: a
department package imports pandas, and the CLI's description and a run with
nothing to do read the municipality file without it. So a department package's
``settings_keys.py`` is run on its own when its package is not imported yet; it
imports nothing but :mod:`balanco.settings`.
"""

from __future__ import annotations

import importlib.util
import sys
from importlib import import_module
from pathlib import Path

from ..departments import REGISTRY, from_environment
from ..settings import FileKey

#: The module of a department package that declares its keys.
MODULE = "settings_keys"


def modules() -> tuple[str, ...]:
    """The departments a municipality file may enable, as module names."""
    return tuple(dict.fromkeys([*REGISTRY, *from_environment()]))


def declared() -> tuple[FileKey, ...]:
    """Every department's keys, in the registry's order."""
    return tuple(key for _department, key in by_department())


def by_department() -> tuple[tuple[str, FileKey], ...]:
    """Every department's keys with the name of the department that declares
    them (its ``NAME``, what :meth:`Settings.department` takes), in the
    registry's order."""
    return tuple((_name(module), key) for module in modules() for key in _declared(module))


def _name(module: str) -> str:
    """A department's ``NAME``: a registry package's is its folder's name (no
    import); a module from outside is imported to read it, as
    :func:`balanco.departments.known_names` does."""
    short = module.rsplit(".", 1)[-1]
    if module in REGISTRY:
        return short
    return getattr(import_module(module), "NAME", short)


def _declared(name: str) -> tuple[FileKey, ...]:
    if name in sys.modules:
        module = sys.modules[name]
        if hasattr(module, "__path__"):  # a package imported already
            if importlib.util.find_spec(f"{name}.{MODULE}") is None:
                return ()
            return tuple(import_module(f"{name}.{MODULE}").SETTINGS)
        return tuple(getattr(module, "SETTINGS", ()))
    try:
        spec = importlib.util.find_spec(name)  # imports its parent packages only
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return ()  # left for the registry, which reports it when it imports it
    if spec.submodule_search_locations is None:  # a plain module: its own SETTINGS
        return tuple(getattr(import_module(name), "SETTINGS", ()))
    for folder in spec.submodule_search_locations:
        path = Path(folder) / f"{MODULE}.py"
        if path.is_file():
            own = importlib.util.spec_from_file_location(f"{name}.{MODULE}", path)
            module = importlib.util.module_from_spec(own)  # type: ignore[arg-type]
            own.loader.exec_module(module)  # type: ignore[union-attr]
            return tuple(module.SETTINGS)
    return ()
