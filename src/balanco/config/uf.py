"""The 27 federative units, and whether a municipality's UF and IBGE code agree."""

from __future__ import annotations

import re

#: The 27 federative units and their IBGE codes: the first two digits of a
#: municipality's 7-digit IBGE code are its UF's code (IBGE, "Códigos dos
#: municípios": 35 = SP, 33 = RJ, ...).
UF_CODES: dict[str, str] = {
    "RO": "11",
    "AC": "12",
    "AM": "13",
    "RR": "14",
    "PA": "15",
    "AP": "16",
    "TO": "17",
    "MA": "21",
    "PI": "22",
    "CE": "23",
    "RN": "24",
    "PB": "25",
    "PE": "26",
    "AL": "27",
    "SE": "28",
    "BA": "29",
    "MG": "31",
    "ES": "32",
    "RJ": "33",
    "SP": "35",
    "PR": "41",
    "SC": "42",
    "RS": "43",
    "MS": "50",
    "MT": "51",
    "GO": "52",
    "DF": "53",
}


def check_uf_and_code(uf: str, code: str) -> list[tuple[str, str, str]]:
    """What is wrong with a UF and an IBGE code, as ``(key, value, expected)``
    triples in Portuguese (empty when both are fine and agree).

    >>> check_uf_and_code("SP", "3552502")
    []
    >>> [key for key, _, _ in check_uf_and_code("SP", "3304557")]
    ['codigo_ibge']
    """
    from ..errors import did_you_mean

    found: list[tuple[str, str, str]] = []
    uf_ok = uf in UF_CODES
    if not uf_ok:
        found.append(
            (
                "uf",
                uf,
                "não é a sigla de uma UF; esperada uma das 27, em maiúsculas (ex.: SP)."
                + did_you_mean(uf.upper(), UF_CODES),
            )
        )
    if not re.fullmatch(r"\d{7}", code):
        found.append(
            (
                "codigo_ibge",
                code,
                'não serve: era esperado o código IBGE de 7 dígitos (ex.: "3552502")',
            )
        )
    elif uf_ok and code[:2] != UF_CODES[uf]:
        other = next((u for u, c in UF_CODES.items() if c == code[:2]), None)
        where = f"é de um município de {other}" if other else "não começa pelo código de uma UF"
        found.append(
            (
                "codigo_ibge",
                code,
                f"não é de {uf}: os dois primeiros dígitos do código IBGE são o código da UF "
                f"({code[:2]} {where}; {uf} é {UF_CODES[uf]}); confira o código ou a UF",
            )
        )
    return found
