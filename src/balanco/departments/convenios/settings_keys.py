"""The municipality file's keys of the Convênios' sources (``municipios/README.md``):
how Transferegov names the municipality and its own legal nature, and who signs
the state convênios.

Read by :mod:`balanco.config` without importing this package (pandas): this
module imports nothing but :mod:`balanco.settings`.
"""

from __future__ import annotations

from ...settings import REQUIRED, FileKey

SETTINGS: tuple[FileKey, ...] = (
    # Transferegov name fallback: a proposta without COD_MUNIC_IBGE is the
    # municipality's when MUNIC_PROPONENTE is its name or one of these spellings.
    FileKey(
        "variantes_nome",
        "name_variants",
        list,
        "uma lista de textos",
        (),
        after="codigo_ibge",
        counts=True,
        description="Grafias aceitas no Transferegov quando a proposta não traz o código IBGE.",
    ),
    # The government that signs the state convênios (the department's spreadsheet);
    # placed after a common key, never after another department's.
    FileKey(
        "governo_estadual",
        "state_government",
        str,
        "um texto não vazio",
        REQUIRED,
        after="departamentos",
        description="Governo que assina os convênios estaduais.",
        example="Governo de {uf}",
    ),
    # Transferegov: the legal nature that marks the city hall itself (keeps NGOs out).
    FileKey(
        "natureza_municipal",
        "municipal_nature",
        str,
        "um texto não vazio",
        "Administração Pública Municipal",
        after="governo_estadual",
        counts=True,
        description="Transferegov: natureza jurídica da própria Prefeitura.",
    ),
)
