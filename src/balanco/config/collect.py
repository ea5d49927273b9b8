"""The ``[coleta]`` section of a municipality file: where ``balanco coletar``
finds each source system (addresses only; tokens never go in the file)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from .values import line_of

#: The keys of ``[coleta]`` and what each must be (documented in municipios/README.md).
COLLECT_KEYS: dict[str, str] = {
    "wordpress": "o endereço do site WordPress da Prefeitura, sem /wp-json, ex.: "
    '"https://www.prefeitura.exemplo.gov.br"',
    "glpi": "o endereço da API REST do GLPI, terminado em /apirest.php, ex.: "
    '"https://glpi.prefeitura.exemplo.gov.br/apirest.php"',
    "transferegov": "o endereço base dos dados abertos do Transferegov (opcional; sem ele, "
    "o repositório nacional)",
}


def masked(url: str) -> str:
    """``url`` as written, with the user, the password and the values of the query
    and the fragment replaced by ``***`` (they may be tokens: several APIs take the
    token as the user of the address): shown in an error message.

    >>> masked("https://ana:segredo@glpi.exemplo.invalid:8443/apirest.php?app_token=x#y")
    'https://***:***@glpi.exemplo.invalid:8443/apirest.php?app_token=***#***'
    >>> masked("https://ghp_abc123@glpi.exemplo.invalid/apirest.php")
    'https://***@glpi.exemplo.invalid/apirest.php'
    """
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        _, colon, _ = user.partition(":")
        netloc = f"***{':***' if colon else ''}@{host}"
    query = "&".join(
        f"{k}=***" if sep else k
        for k, sep, _ in (item.partition("=") for item in parts.query.split("&") if item)
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, "***" if parts.fragment else ""))


def read_collect(section: object, text: str, shown: str):
    """``[coleta]`` as (source, URL) pairs, and the problems found: a key that is not
    a source, a value that is not an http(s) address, an address carrying a user,
    a password or a query (credentials never go in the file), a WordPress address
    with /wp-json, a GLPI address without /apirest.php.

    >>> read_collect({"glpi": "https://g.exemplo.invalid/apirest.php/"}, "", "m.toml")
    ((('glpi', 'https://g.exemplo.invalid/apirest.php'),), [])
    """
    from ..errors import Problem, did_you_mean

    problems: list[Problem] = []
    if not isinstance(section, dict):
        return (), [Problem(shown, "não serve: era esperada uma seção [coleta]", column="coleta")]

    def bad(key: str, expected: str, value: object = None) -> None:
        problems.append(
            Problem(
                shown,
                expected,
                line=line_of(text, key, "coleta"),
                column=f"coleta.{key}",
                value=value,
            )
        )

    out = []
    for key, value in section.items():
        if key not in COLLECT_KEYS:
            bad(
                key,
                f"não é uma fonte que o balanco coleta.{did_you_mean(key, COLLECT_KEYS)} "
                f"Fontes: {', '.join(COLLECT_KEYS)} (veja municipios/README.md)",
            )
            continue
        expected = f"não serve: era esperado {COLLECT_KEYS[key]}"
        if not isinstance(value, str) or not value.strip():
            bad(key, expected, None if isinstance(value, dict | list) else value)
            continue
        url = value.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            bad(key, expected, value)
        elif parts.username or parts.password or parts.query or parts.fragment:
            bad(
                key,
                "não pode ter usuário, senha, parâmetros (?…) nem #: o arquivo do município "
                "guarda só o endereço; os tokens vão em variáveis de ambiente (veja o README)",
                masked(value.strip()),
            )
        elif key == "wordpress" and "/wp-json" in parts.path:
            bad(key, f"{expected} (o balanco acrescenta /wp-json/wp/v2 sozinho)", value)
        elif key == "glpi" and not parts.path.endswith("/apirest.php"):
            bad(key, expected, value)
        else:
            out.append((key, url))
    return tuple(sorted(out)), problems
