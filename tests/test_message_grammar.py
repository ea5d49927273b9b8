"""Every message about a value reads `valor "X" <predicate>` (errors.Problem):
the text after the value must be a predicate (não é…, está…, tem…), never a
noun phrase ("valor "2025-13-01" data de exportação inválida")."""

from __future__ import annotations

import ast

import pytest
from conftest import ROOT

from balanco.errors import Problem

#: How a predicate about a value may start (Portuguese verbs, negation).
PREDICATE_START = (
    "não ",
    "está ",
    "é ",
    "tem ",
    "marca ",
    "abre ",
    "repete ",
    "declara ",
    "tenta ",
    "redefine ",
    "termina ",
    "fica ",
    "vem ",
    "aparece ",
)
#: Files another engineer is reorganising; their messages are checked there.
ELSEWHERE: set[str] = set()  # every module is scanned


def _first_text(node: ast.AST) -> str | None:
    """The leading constant text of a message expression, when it has one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _first_text(node.values[0])
    if isinstance(node, ast.BinOp):
        return _first_text(node.left)
    if isinstance(node, ast.IfExp):
        return _first_text(node.body)
    return None


def messages_with_a_value():
    for path in sorted((ROOT / "src" / "balanco").rglob("*.py")):
        if path.name in ELSEWHERE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in ("Problem", "add") or len(node.args) < 2:
                continue
            if not any(k.arg == "value" for k in node.keywords):
                continue
            text = _first_text(node.args[1])
            if text is not None:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", text


CASES = list(messages_with_a_value())


def test_there_are_messages_to_check():
    assert len(CASES) > 15


@pytest.mark.parametrize(("where", "text"), CASES, ids=[c[0] for c in CASES])
def test_a_message_about_a_value_reads_as_a_predicate(where, text):
    assert text.startswith(PREDICATE_START), f"{where}: {text!r}"


def test_the_three_reported_messages_render_as_sentences(tmp_path):
    from balanco import cli, provenance
    from balanco.errors import BadInput

    def rendered(call) -> str:
        with pytest.raises(BadInput) as err:
            call()
        return err.value.render()

    raw = tmp_path / "2024"
    raw.mkdir()
    (raw / "manifest.toml").write_text('data_exportacao = "2025-01-15"\n', encoding="utf-8")
    text = rendered(lambda: provenance.read_manifest(raw))
    assert 'valor "2025-01-15" não é uma data: data_exportacao é uma data ISO sem aspas' in text
    args = cli.build_parser().parse_args(
        [
            "--data-dir",
            str(tmp_path),
            "manifesto",
            "--year",
            "2024",
            "--data-exportacao",
            "2025-13-01",
        ]
    )
    text = rendered(lambda: cli.cmd_manifest(args))
    assert 'valor "2025-13-01" não é uma data de exportação válida' in text
    from balanco.notebook import open_report

    text = rendered(
        lambda: open_report(
            year=2024, data_dir="data", reports_dir="reports", municipality="Suzano"
        )
    )
    assert 'valor "Suzano" não é o município do balanço' in text


def test_problem_renders_value_then_predicate():
    assert Problem("f.csv", "não é um número", 3, "X", "abc").render() == (
        'f.csv, linha 3, coluna "X":\n  valor "abc" não é um número'
    )
