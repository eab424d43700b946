"""``liveguard check``: formats, exit codes, catalog errors, stdin."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from liveguard.cli import build_app
from liveguard.rules.script import script_stream_id

SAMPLES = Path(__file__).resolve().parents[2] / "rules" / "samples"


def _run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(build_app(), ["check", *args], input=stdin)


def test_findings_exit_1_and_jsonl_fields(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("这款面霜净含量五十毫升\n这是全网最好的面霜\n", encoding="utf-8")
    result = _run(str(script), "--format", "jsonl")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert rows
    assert rows[0]["line"] == 2
    assert rows[0]["source"] == str(script)
    assert rows[0]["rule_id"] == "ZH-EFF-ABS-SUPERLATIVE"
    assert rows[0]["legal_basis"]


def test_clean_script_exit_0(tmp_path: Path) -> None:
    script = tmp_path / "ok.txt"
    script.write_text("库存充足，大家慢慢拍\n最佳使用时间是晚上\n", encoding="utf-8")
    assert _run(str(script)).exit_code == 0


def test_stdin_and_text_output() -> None:
    result = _run("-", stdin=b"Only 3 left, hurry!\n")
    assert result.exit_code == 1
    assert "EN-SCA-LAST-N" in result.stdout
    assert "legal basis" in result.stdout


def test_input_errors_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa")
    assert _run(str(bad)).exit_code == 2
    assert _run(str(tmp_path / "missing.txt")).exit_code == 2
    catalog = tmp_path / "c.yaml"
    catalog.write_text("products: [{listing_price: -1}]", encoding="utf-8")
    good = tmp_path / "g.txt"
    good.write_text("你好\n", encoding="utf-8")
    result = _run(str(good), "--catalog", str(catalog))
    assert result.exit_code == 2
    assert "catalog" in result.stderr


def test_a_path_longer_than_a_stream_id_is_checked(tmp_path: Path) -> None:
    """A script's path becomes its stream id; a deep path (longer than an id may be) once
    stopped the check with a validation traceback."""
    deep = tmp_path.joinpath(*(["nested-directory-name"] * 8))
    deep.mkdir(parents=True)
    script = deep / "script.txt"
    script.write_text("Only 3 left, hurry!\n", encoding="utf-8")
    assert len(str(script)) > 128
    result = _run(str(script), "--format", "jsonl")
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert rows[0]["source"] == str(script)
    assert rows[0]["rule_id"] == "EN-SCA-LAST-N"
    # a name with a control character is no stream id either; a short clean one is its own
    assert script_stream_id("a\nb.txt").startswith("script-")
    assert script_stream_id("s.txt") == "s.txt"


def test_lines_mode_disables_stream_checks(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("今天到手价只要199元\n今天到手价只要259元\n", encoding="utf-8")
    stream = _run(str(script), "--format", "json")
    lines = _run(str(script), "--format", "json", "--lines")
    assert any(r["rule_id"] == "ZH-PRI-CONTRADICTION" for r in json.loads(stream.stdout))
    assert lines.exit_code == 0
    assert json.loads(lines.stdout) == []


def test_demo_sample_with_catalog() -> None:
    result = _run(
        str(SAMPLES / "demo_script_zh.txt"),
        "--catalog",
        str(SAMPLES / "demo_catalog.yaml"),
        "--format",
        "json",
    )
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert any(r["evidence"] == "verified" for r in rows)
    assert {r["family"] for r in rows} == {"efficacy", "scarcity", "price"}
