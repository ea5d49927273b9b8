"""The municipality file's keys of the Comunicação's sources (``municipios/README.md``):
which WordPress categories make a post a press release.

Read by :mod:`balanco.config` without importing this package (pandas): this
module imports nothing but :mod:`balanco.settings`.
"""

from __future__ import annotations

from ...settings import REQUIRED, FileKey

SETTINGS: tuple[FileKey, ...] = (
    FileKey(
        "categorias_release",
        "release_categories",
        list,
        "uma lista de textos",
        REQUIRED,
        after="departamentos",
        counts=True,
        description="WordPress: um post é release quando tem uma destas categorias.",
        example=("Notícias",),
    ),
)
