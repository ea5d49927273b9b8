"""The checks as modules (issue 15): one check per module of ``balanco.checks``,
the checks of a source system declared by its department, and one problem type
for bad input and findings."""

from __future__ import annotations

import pkgutil
import types
from importlib import import_module

from conftest import write

from balanco.errors import BLOCKING, BadInput, Problem
from balanco.io import display_path


def test_every_check_module_holds_one_check_named_after_it():
    import balanco.checks as package

    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = import_module(f"balanco.checks.{info.name}")
        check = getattr(module, "CHECK", None)
        if check is not None:
            found[info.name] = check
            # The module's docstring documents the check, starting with its id.
            assert module.__doc__.startswith(check.id), info.name
    assert {name: c.id for name, c in found.items()} == {n: n for n in found}
    assert sorted(found) == [
        "ano_anterior_indisponivel",
        "arquivo_do_manifesto_ausente",
        "data_futura",
        "fonte_vazia",
        "indicador_nao_disponivel",
        "indicador_zero",
        "mes_sem_registros",
        "periodo_misturado",
        "sem_registros_no_ano",
        "valor_acima_do_limite",
        "valor_ignorado",
        "variacao_grande",
    ]
    per_record = {name for name, c in found.items() if c.per_record}
    assert per_record == {"data_futura", "valor_acima_do_limite", "valor_ignorado"}


def test_the_source_systems_checks_live_in_their_departments():
    from balanco.departments import comunicacao, convenios

    assert [c.id for c in comunicacao.CHECKS] == ["paginas_wordpress"]
    assert [c.id for c in convenios.CHECKS] == ["municipio_ausente"]


def test_a_department_declares_a_check_of_its_own(tmp_settings, monkeypatch):
    """A toy department's check runs, is listed and can be accepted, with no edit
    to the checks package."""
    from balanco import checks, departments
    from balanco.check_spec import Check

    def duplicated(ctx):
        yield CHECK.problem("empréstimo registrado duas vezes", file="emprestimos.csv", line=4)

    CHECK = Check("emprestimo_duplicado", BLOCKING, "Empréstimo duplicado", duplicated)
    toy = types.SimpleNamespace(__name__="toy", NAME="brinquedo", SOURCES=(), CHECKS=(CHECK,))
    monkeypatch.setattr(departments, "DEPARTMENTS", (toy,))
    assert "emprestimo_duplicado" in {c.id for c in checks.performed(["brinquedo"])}
    assert "emprestimo_duplicado" not in {c.id for c in checks.performed(["cpd"])}
    tmp_settings.raw_dir(2024).mkdir(parents=True)
    found = list(checks.findings(checks.Context(tmp_settings, 2024, {}, []), (CHECK,)))
    assert [(p.code, p.department, p.mensagem) for p in found] == [
        ("emprestimo_duplicado", None, "emprestimos.csv, linha 4: empréstimo registrado duas vezes")
    ]
    assert checks.CHECKS["emprestimo_duplicado"].title == "Empréstimo duplicado"
    # aceites.toml knows it.
    write(
        tmp_settings.raw_dir(2024) / "aceites.toml",
        '[[aceite]]\nverificacao = "emprestimo_duplicado"\narquivo = "emprestimos.csv"\n'
        'motivo = "conferido"\n',
    )
    write(tmp_settings.raw_dir(2024) / "emprestimos.csv", "x\n")
    raw = tmp_settings.raw_dir(2024)
    (accepted,) = checks.read_acceptances(raw, known_files=checks.known_files(raw))
    assert accepted.covers(found[0])


def test_bad_input_and_a_finding_are_one_problem_type(tmp_settings):
    from balanco import checks
    from balanco.checks import valor_acima_do_limite

    found = valor_acima_do_limite.CHECK.problem(
        "está acima do limite", file="siconv_convenio.csv", line=3, column="VL", value="R$ 1,00"
    )
    assert isinstance(found, Problem) and found.code == "valor_acima_do_limite"
    assert found.severity == BLOCKING and found.title == "Valor acima do limite plausível"
    assert (
        found.mensagem
        == 'siconv_convenio.csv, linha 3, coluna "VL": valor "R$ 1,00" está acima do limite'
    )
    # Stored in indicadores.json and read back: the same finding.
    assert Problem.from_dict(found.as_dict()) == found
    # A blocking finding is bad input: the same problem, with the file's path and the check.
    raw = tmp_settings.raw_dir(2024)
    failed = checks.ChecksFailed([found], raw)
    assert isinstance(failed, BadInput)
    (problem,) = failed.problems
    assert problem.file == display_path(raw / "siconv_convenio.csv")
    assert problem.expected == "está acima do limite [verificação: valor_acima_do_limite]"
    assert (problem.line, problem.column, problem.value, problem.code) == (
        3,
        "VL",
        "R$ 1,00",
        "valor_acima_do_limite",
    )


def test_a_departments_own_check_judges_a_table_before_the_per_source_checks(
    tmp_settings, monkeypatch
):
    """The checks of the sources pass over a table a department's own check judged
    whole (the Transferegov dump of another municipality is not "empty"); which
    check that is, the department declares (its ``CHECKS``, run before the
    per-source checks): the checks package names no source system."""
    import pandas as pd

    from balanco import checks, departments
    from balanco.check_spec import Check
    from balanco.departments.base import Dated

    def whole(ctx):
        ctx.judged.add(("brinquedo", "emprestimos"))
        yield CHECK.problem("exportação de outra biblioteca", file="emprestimos.csv")

    CHECK = Check("outra_biblioteca", BLOCKING, "Outra biblioteca", whole, runs=5)
    dated = Dated("emprestimos", "data", "emprestimos.csv", "Data", "empréstimos")
    toy = types.SimpleNamespace(
        __name__="toy", NAME="brinquedo", SOURCES=(), CHECKS=(CHECK,), DATES=(dated,)
    )
    monkeypatch.setattr(departments, "DEPARTMENTS", (toy,))
    tmp_settings.raw_dir(2024).mkdir(parents=True)
    empty = pd.DataFrame({"ano": pd.Series([], dtype="Int64"), "data": []})
    ctx = checks.Context(tmp_settings, 2024, {"brinquedo": {"emprestimos": empty}}, [])
    found = list(checks.check_sources(ctx))
    assert [(p.code, p.file) for p in found] == [("outra_biblioteca", "emprestimos.csv")]


def test_one_problem_type_with_one_set_of_names():
    """A finding is a ``Problem`` read by its English fields (``indicadores.json``'s
    Portuguese keys are :meth:`Problem.as_dict`'s), and a check is read the same way:
    no second set of attribute names, no ``Finding`` factory."""
    from balanco import checks
    from balanco.check_spec import Check

    found = Problem("a.csv", "é estranho", 3, code="teste", severity=BLOCKING)
    portuguese = ("id", "severidade", "detalhe", "arquivo", "linha", "coluna", "valor")
    portuguese += ("departamento", "aceite", "titulo")
    assert [n for n in portuguese if hasattr(found, n)] == []
    check = Check("teste", BLOCKING, "Teste", lambda ctx: ())
    assert [n for n in ("titulo", "severidade") if hasattr(check, n)] == []
    assert not hasattr(checks, "Finding")
