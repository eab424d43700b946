"""Settings are read at entry points and passed in: library code below them takes a
``Settings`` (or a stage's options record built from one) as an argument, so a benchmark or a
test that passes its own configuration never silently gets the environment's instead."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "liveguard"


def _is_entry_point(rel: str, function: str) -> bool:
    """Command modules (``*_command.py``, ``cli.py``), ``settings.py`` itself, and the web
    app's factory (``create_app``, which a test or ``serve`` may hand its own settings)."""
    name = rel.rsplit("/", 1)[-1]
    if name.endswith("_command.py") or name in {"cli.py", "settings.py"}:
        return True
    return rel == "liveguard/alerts/app.py" and function == "create_app"


def _enclosing(tree: ast.Module) -> dict[ast.AST, str]:
    """Each node's innermost enclosing function name ('' at module level)."""
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = (
                child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else name
            )
            owner[child] = inner
            visit(child, inner)

    visit(tree, "")
    return owner


def get_settings_calls(source: str, rel: str) -> list[str]:
    """``file:line in function`` of every ``get_settings()`` call outside an entry point."""
    tree = ast.parse(source)
    owner = _enclosing(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        where = owner.get(node, "")
        if name == "get_settings" and not _is_entry_point(rel, where):
            found.append(f"{rel}:{node.lineno} in {where or '<module>'}")
    return found


def test_library_code_never_reads_the_global_settings() -> None:
    offenders = [
        call
        for path in sorted(PACKAGE.rglob("*.py"))
        for call in get_settings_calls(
            path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix()
        )
    ]
    assert offenders == []


SNEAKY = """
from liveguard import settings
from liveguard.settings import get_settings


def create_app() -> object:
    return get_settings()


def load_engine() -> object:
    return settings.get_settings().homophones
"""


def test_the_check_finds_a_call_in_library_code() -> None:
    assert get_settings_calls(SNEAKY, "liveguard/rules/engine.py") == [
        "liveguard/rules/engine.py:7 in create_app",
        "liveguard/rules/engine.py:11 in load_engine",
    ]
    assert get_settings_calls(SNEAKY, "liveguard/alerts/app.py") == [
        "liveguard/alerts/app.py:11 in load_engine"
    ]
    assert get_settings_calls(SNEAKY, "liveguard/rules/cli.py") == []
    assert get_settings_calls(SNEAKY, "liveguard/pipeline/scan_command.py") == []
