"""Read and validate a municipality file (``municipios/<slug>.toml``): every
problem at once, with the file, the line, the key and a "Você quis dizer …?"."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .. import publication
from .collect import read_collect
from .files import DEFAULT_KEY, available_municipios
from .keys import FLAGS, KEYS_DOC, PLAUSIBILITY, SAMPLE_KEYS, SECTIONS, defaults, file_keys
from .logo import logo_problem
from .spellings import read_spellings
from .uf import check_uf_and_code
from .values import as_toml, line_of


def _unknown(key: str, choices: object, where: str) -> str:
    from ..errors import did_you_mean

    return (
        f"chave desconhecida{where}.{did_you_mean(key, choices)} "  # type: ignore[arg-type]
        f"As chaves estão descritas em {KEYS_DOC}"
    )


def read_municipio(path: Path) -> dict[str, object]:
    """Read and validate a municipality file; return Settings fields.

    Every problem is reported at once as a Portuguese :class:`BadInput` naming
    the file, the line and the key.
    """
    from ..errors import BadInput, Problem, did_you_mean

    shown = str(path)
    slug = path.stem
    if not path.exists():
        known = available_municipios(path.parent.parent)
        hint = did_you_mean(slug, known)
        listed = " Municípios disponíveis: " + ", ".join(known) + "." if known else ""
        raise BadInput(
            [
                Problem(
                    shown,
                    f"o município {slug!r} não tem arquivo de configuração.{hint}{listed} "
                    "Para um novo município: balanco init --ibge <código> --nome <Nome> --uf <UF>",
                )
            ]
        )
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    from ..toml_pt import loads

    data = loads(text, shown)
    problems: list[Problem] = []

    def bad(key: str, expected: str, value: object, section: str = "") -> None:
        name = f"{section}.{key}" if section else key
        problems.append(
            Problem(
                shown,
                expected,
                line=line_of(text, key, section),
                column=name,
                value=as_toml(value),
            )
        )

    out: dict[str, object] = {"slug": slug, "config_hash": hashlib.sha256(raw).hexdigest()}
    keys = file_keys()
    top = (*(k.key for k in keys), *FLAGS, *SECTIONS)
    for key in sorted(set(data) - set(top)):
        bad(key, _unknown(key, top, ""), None)
    for key, expected in FLAGS.items():
        if key in data and not isinstance(data[key], bool):
            bad(key, f"não serve: era esperado {expected}", data[key])
    for spec in keys:
        key, name, kind, expected = spec.key, spec.attribute, spec.kind, spec.expected
        if key not in data:
            if spec.required:
                problems.append(
                    Problem(shown, f"falta a chave {key!r}: {expected} (veja {KEYS_DOC})")
                )
            continue
        value = data[key]
        if key == "codigo_ibge" and isinstance(value, int) and not isinstance(value, bool):
            bad(
                key,
                "está escrito como número: escreva o código IBGE entre aspas, "
                f'codigo_ibge = "{value}" (um código é texto; zeros à esquerda se perdem)',
                value,
            )
            continue
        if kind is list:
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                bad(key, f"não serve: era esperado {expected}", value)
                continue
            value = tuple(v.strip() for v in value)
        elif not isinstance(value, kind) or (
            kind is str and key != "responsavel" and not value.strip()
        ):
            bad(key, f"não serve: era esperado {expected}", value)
            continue
        elif kind is str:
            value = value.strip()
        out[name] = value
    if "uf" in out and not re.fullmatch(r"[A-Z]{2}", str(out["uf"])):
        bad(
            "uf",
            "não serve: era esperada a sigla da UF, duas letras maiúsculas (ex.: SP)",
            out.pop("uf"),
        )
    if "ibge_code" in out:
        uf = str(out.get("uf", ""))
        for key, value, expected in check_uf_and_code(uf or "SP", str(out["ibge_code"])):
            if key == "uf" and not uf:
                continue
            bad(key, expected, value)
            out.pop("uf" if key == "uf" else "ibge_code", None)
    if "departments" in out:
        from ..departments import known_names

        # The package's departments, and those a run adds (BALANCO_DEPARTAMENTOS),
        # without importing them (pandas): the CLI's description reads this file.
        known = list(known_names())
        unknown = [d for d in out["departments"] if d not in known]  # type: ignore[union-attr]
        if unknown or not out["departments"]:
            hints = "".join(did_you_mean(d, known) for d in unknown)
            bad(
                "departamentos",
                "não serve: era esperada uma lista não vazia de departamentos entre "
                + ", ".join(known)
                + "."
                + hints,
                ", ".join(unknown) or None,
            )
    if out.get("logo"):
        why = logo_problem(path.parent.parent, str(out["logo"]))
        if why:
            bad("logo", why, out.pop("logo"))
    plaus = data.get("plausibilidade", {})
    if not isinstance(plaus, dict):
        bad("plausibilidade", "não serve: era esperada uma seção [plausibilidade]", None)
        plaus = {}
    for key in sorted(set(plaus) - set(PLAUSIBILITY)):
        bad(key, _unknown(key, PLAUSIBILITY, " em [plausibilidade]"), None, "plausibilidade")
    for key, (name, expected) in PLAUSIBILITY.items():
        if key in plaus:
            value = plaus[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                bad(key, f"não serve: era esperado {expected}", value, "plausibilidade")
            else:
                out[name] = float(value)
    sample = data.get("exemplo", {})
    if not isinstance(sample, dict):
        bad("exemplo", "não serve: era esperada uma seção [exemplo]", None)
        sample = {}
    for key in sorted(set(sample) - set(SAMPLE_KEYS)):
        bad(key, _unknown(key, SAMPLE_KEYS, " em [exemplo]"), None, "exemplo")
    sample = {k: v for k, v in sample.items() if k in SAMPLE_KEYS}
    ceps = sample.get("faixa_cep")
    if ceps is not None and not (
        isinstance(ceps, list)
        and len(ceps) == 2
        and all(isinstance(c, str) and re.fullmatch(r"\d{5}", c) for c in ceps)
        and ceps[0] <= ceps[1]
    ):
        bad("faixa_cep", f"não serve: era esperado {SAMPLE_KEYS['faixa_cep']}", ceps, "exemplo")
        sample.pop("faixa_cep")
    out["sample_names"] = tuple(
        (
            k,
            tuple(tuple(x) if isinstance(x, list) else x for x in v)
            if isinstance(v, list)
            else (v,),
        )
        for k, v in sorted(sample.items())
    )
    spellings, found = read_spellings(data.get("grafias", {}), text, shown)
    problems.extend(found)
    out["spellings"] = spellings
    collect_urls, found = read_collect(data.get("coleta", {}), text, shown)
    problems.extend(found)
    out["collect_urls"] = collect_urls
    dates, found = publication.read_dates(data.get(publication.SECTION, {}), text, shown)
    problems.extend(found)
    out["publication_dates"] = dates
    if out.get("publication_url"):
        why = publication.check_address(str(out["publication_url"]))
        if why:
            bad(publication.ADDRESS_KEY, why, out.pop("publication_url"))
    if problems:
        raise BadInput(problems)
    if "data_dir" not in out:
        default = data.get(DEFAULT_KEY) is True
        out["data_dir"] = "data" if default else f"data/municipios/{slug}"
    if "reports_dir" not in out:
        default = data.get(DEFAULT_KEY) is True
        out["reports_dir"] = "reports" if default else f"reports/municipios/{slug}"
    return {**defaults(keys), **out}
