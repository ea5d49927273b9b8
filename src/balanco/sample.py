"""Deterministic generator of synthetic raw data, in the real export layouts.

``balanco sample --year Y --seed N --out DIR`` reads the year's targets
(``data/targets/<Y>.toml``) and writes one file per source system whose
records, run through the pipeline, give exactly those targets. Every record is
synthetic: names come from Faker's pt_BR provider, documents are visibly fake
(CNPJs starting 99), links point at an ``.invalid`` domain.

Besides the records that count, each file carries the records the rules must
leave out (other municipalities, other years, an NGO of the town, an annulled
convênio, cancelled numbers, posts that are not releases, open demands...).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import toml_pt
from .departments.sampling import Generator, Targets
from .errors import BadInput, Problem
from .io import display_path, sha256
from .settings import Settings


def target_keys() -> dict[str, tuple[str, ...]]:
    """The targets each department's generator meets (its ``TARGET_KEYS``), by section."""
    from .departments import DEPARTMENTS

    return {d.NAME: d.generator.TARGET_KEYS for d in DEPARTMENTS}


def read_targets(path: Path) -> Targets:
    """Read and validate a targets file; every problem is reported at once."""
    shown = display_path(path)
    if not path.exists():
        # Point to this municipality's own targets of other years, never another town's.
        others = sorted(p.name for p in path.parent.glob("*.toml")) if path.parent.is_dir() else []
        how = (
            f"crie-o a partir das metas de outro ano deste município ({', '.join(others)}, "
            "na mesma pasta)"
            if others
            else "escreva-o com ano = <ano> e as metas "
            + "; ".join(f"[{s}] {', '.join(keys)}" for s, keys in target_keys().items())
            + " (balanco init grava um exemplo fictício para um município novo)"
        )
        raise BadInput([Problem(shown, f"arquivo de metas não encontrado; {how}")])
    data = toml_pt.load(path, shown)
    problems = []
    values: dict[str, dict[str, float | int]] = {}
    for section, keys in target_keys().items():
        values[section] = {}
        for key in keys:
            v = data.get(section, {}).get(key)
            money = key.startswith("valor")
            ok = isinstance(v, int | float) and not isinstance(v, bool) and v >= 0
            if ok and not money and not isinstance(v, int):
                ok = False
            if ok and money and (v > 0) != (values[section].get(key.replace("valor_", ""), 0) > 0):
                ok = False
            if not ok:
                problems.append(
                    Problem(
                        shown,
                        "não é "
                        + (
                            "um valor em reais (número com ponto decimal; "
                            "zero só se a contagem for zero)"
                            if money
                            else "um número inteiro maior ou igual a zero"
                        ),
                        column=f"[{section}] {key}",
                        value=v,
                    )
                )
            else:
                values[section][key] = v
    if not isinstance(data.get("ano"), int):
        problems.append(
            Problem(
                shown,
                "não é um ano; esperado um número inteiro, ex.: ano = 2024",
                column="ano",
                value=data.get("ano"),
            )
        )
    if problems:
        raise BadInput(problems)
    return Targets(
        data["ano"], int(data.get("semente", data["ano"])), values, data.get("destaques", {})
    )


def run(generator: Generator, out: Path) -> list[Path]:
    """Write the files of the departments the municipality enables (``departamentos``)
    and the highlights into ``out``; return what was written."""
    from .departments import enabled

    out.mkdir(parents=True, exist_ok=True)
    for dept in enabled(generator.settings):
        dept.generator.generate(generator, out)
    write_highlights(generator.t, out)
    return sorted(p for p in out.iterdir() if p.is_file() and p.name != "manifest.toml")


def write_highlights(targets: Targets, out: Path) -> None:
    """``destaques.toml``: the qualitative highlights of the targets file's ``destaques``."""
    hl = targets.highlights
    lines = [
        f"# Destaques qualitativos do balanço de {targets.year} (editado à mão).",
        "",
        "[secretaria]",
        f"responsavel = {json.dumps(hl.get('responsavel', ''))}",
        "",
        "[cpd]",
        "projetos = [",
    ]
    lines += [f"  {json.dumps(p, ensure_ascii=False)}," for p in hl.get("projetos_cpd", [])]
    lines += ["]", ""]
    for c in hl.get("canais", []):
        lines += ["[[comunicacao.canais]]"]
        lines += [
            f"{k} = {json.dumps(c[k], ensure_ascii=False)}"
            for k in ("nome", "tipo", "situacao", "descricao")
        ]
        lines += [""]
    (out / "destaques.toml").write_text("\n".join(lines), encoding="utf-8")


#: What each file is and where it comes from (the departments' own in their generators).
DESCRIPTIONS = {
    "destaques.toml": (
        "Destaques qualitativos do ano (texto, não sintético)",
        "Arquivo editado à mão pela Secretaria",
    ),
}


def describe(name: str) -> tuple[str, str]:
    """(description, system) of a generated file: the Secretaria's, or what a
    department's generator says of it (its ``describe`` for files of many names,
    such as the pages of an export, else its ``DESCRIPTIONS``)."""
    from .departments import DEPARTMENTS

    known = dict(DESCRIPTIONS)
    for d in DEPARTMENTS:
        own = getattr(d.generator, "describe", None)
        found = own(name) if own is not None else None
        if found is not None:
            return found
        known.update(d.generator.DESCRIPTIONS)
    return known.get(name, ("", ""))


def write_manifest(out: Path, files: list[Path], *, year: int, seed: int, demo: bool) -> Path:
    """A human-readable TOML manifest: what each file is, its system, its SHA-256."""
    notice = (
        "DADOS SINTÉTICOS: todos os registros foram gerados pelo gerador "
        "determinístico do balanco (Faker pt_BR); nenhum nome, CPF ou CNPJ é real."
    )
    if demo:
        notice += (
            f" Os números de {year} são fictícios, apenas para demonstração: não existe "
            "balanço publicado deste ano."
        )
    demo_flag = " --demo" if demo else ""
    lines = [
        f"# Manifesto dos dados brutos de {year}",
        "",
        f"ano = {year}",
        "sintetico = true",
        f"demonstracao = {'true' if demo else 'false'}",
        f"aviso = {json.dumps(notice, ensure_ascii=False)}",
        f'gerado_por = "balanco sample --year {year} --seed {seed}{demo_flag}"',
        "",
    ]
    for path in files:
        what, system = describe(path.name)
        synthetic = path.name != "destaques.toml"
        lines += [
            "[[arquivos]]",
            f"nome = {json.dumps(path.name)}",
            f"descricao = {json.dumps(what, ensure_ascii=False)}",
            f"sistema = {json.dumps(system, ensure_ascii=False)}",
            f"sintetico = {'true' if synthetic else 'false'}",
            f'sha256 = "{sha256(path)}"',
            "",
        ]
    target = out / "manifest.toml"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


class OverwriteRefused(Exception):
    """``generate`` would replace files that ``balanco sample`` did not write."""

    def __init__(self, refused: list[tuple[Path, str]]):
        super().__init__(", ".join(p.name for p, _ in refused))
        #: (existing file, why it is not a generated file), Portuguese.
        self.refused = refused


def not_generated(out: Path, names: list[str]) -> list[tuple[Path, str]]:
    """Files among ``names`` in ``out`` that ``balanco sample`` did not write:
    absent from the existing manifest, listed by something else, or with bytes
    that differ from the recorded SHA-256 (a real export put in their place)."""
    from .provenance import read_manifest

    existing = [out / n for n in names if (out / n).exists()]
    if not existing:
        return []
    manifest = read_manifest(out)
    refused = []
    for path in existing:
        entry = manifest.files.get(path.name)
        if not manifest.exists:
            why = "a pasta não tem manifesto: o arquivo é tratado como exportação real"
        elif entry is None:
            why = "não consta do manifesto: é tratado como exportação real"
        elif not manifest.generated_by_sample(path.name):
            why = "o manifesto o registra como exportação real"
        elif entry.get("sha256") != sha256(path):
            why = "o SHA-256 difere do registrado no manifesto: foi substituído ou editado"
        else:
            continue
        refused.append((path, why))
    return refused


def generate(
    targets: Targets,
    out: Path,
    *,
    seed: int | None = None,
    demo: bool = False,
    force: bool = False,
    settings: Settings | None = None,
) -> list[Path]:
    """Write a year of synthetic raw data into ``out``; return the files written.

    The files are generated beside ``out`` first; unless ``force``, nothing is
    written when a file they would replace was not written by ``balanco sample``
    (checked by hash against the existing manifest): :class:`OverwriteRefused`
    lists those files. ``settings``: the municipality's (None: the default
    municipality's file).
    """
    import shutil

    if settings is None:
        from .config import settings as default_settings

        settings = default_settings()

    seed = targets.seed if seed is None else seed
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.amostra-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staged = run(Generator(targets, seed, settings=settings), staging)
        names = [p.name for p in staged]
        if not force:
            # The manifest is rewritten too: when it describes real files, those
            # files are refused here, so no real export loses its record.
            refused = not_generated(out, names)
            if refused:
                raise OverwriteRefused(refused)
        out.mkdir(parents=True, exist_ok=True)
        files = []
        for path in staged:
            os.replace(path, out / path.name)
            files.append(out / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    write_manifest(out, files, year=targets.year, seed=seed, demo=demo)
    return files
