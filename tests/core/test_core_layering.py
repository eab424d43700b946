"""Data flows one way (ingest → transcribe → rules → alerts): a stage imports only the core and
the stages upstream of it. This test reads every module's imports, so a shortcut that would tie
an upstream stage to a downstream one fails here instead of in a code review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ORDER = ["ingest", "transcribe", "rules", "alerts"]


def _allowed(stage: str) -> set[str]:
    upstream = ORDER[: ORDER.index(stage) + 1]
    return {f"liveguard.{s}" for s in upstream}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "liveguard":  # `from liveguard import contracts, __version__`
                found.update(f"liveguard.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
    return {name for name in found if name.startswith("liveguard")}


def _is_core(name: str) -> bool:
    """The core is liveguard's own modules and attributes, never a stage, the CLI or pipeline."""
    parts = name.split(".")
    if parts[0] != "liveguard":
        return False
    return len(parts) == 1 or parts[1] not in {*ORDER, "pipeline", "cli"}


def _violations(stage: str) -> list[str]:
    allowed = _allowed(stage)
    bad = []
    for path in sorted((REPO / "liveguard" / stage).rglob("*.py")):
        for name in sorted(_imports(path)):
            if _is_core(name) or any(name == a or name.startswith(a + ".") for a in allowed):
                continue
            bad.append(f"{path.relative_to(REPO)} imports {name}")
    return bad


@pytest.mark.parametrize("stage", ORDER)
def test_stage_imports_only_upstream(stage: str) -> None:
    assert _violations(stage) == []


def test_core_imports_no_stage() -> None:
    for name in ("contracts.py", "settings.py", "errors.py"):
        imported = _imports(REPO / "liveguard" / name)
        assert all(_is_core(n) for n in imported), f"liveguard/{name} imports {imported}"


def test_checker_catches_a_downstream_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from liveguard.alerts.app import create_app\n", encoding="utf-8")
    assert "liveguard.alerts.app" in _imports(module)
    assert not any(n.startswith("liveguard.alerts") for n in _allowed("rules"))
