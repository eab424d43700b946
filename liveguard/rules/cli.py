"""``liveguard check``: the merchant's pre-check of a sales script, like a linter.

Exit status: 0 nothing found, 1 findings, 2 usage or input error (one line on stderr).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from collections.abc import Iterator

    from liveguard.rules.script import ScriptFinding


class OutputFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"
    json = "json"


class LangOption(StrEnum):
    auto = "auto"
    zh = "zh"
    en = "en"


def register(app: typer.Typer) -> None:
    """Add ``check`` to the root app."""

    @app.command("check")
    def check(
        paths: list[str] = typer.Argument(None, help="Script files; '-' or nothing reads stdin."),
        lang: LangOption = typer.Option(LangOption.auto, "--lang", help="Script language."),
        lines: bool = typer.Option(False, "--lines", help="Every line is an independent script."),
        catalog: Path | None = typer.Option(
            None, "--catalog", help="Products (JSON or YAML) to verify prices and stock against."
        ),
        category: str | None = typer.Option(
            None, "--category", help="Product category (cosmetics, food, health_food, ...)."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.text, "--format", help="text, jsonl or json."
        ),
        learned: bool | None = typer.Option(
            None,
            "--learned/--no-learned",
            help="Also report possible violations found by the learned claim model "
            "(default: LIVEGUARD_LEARNED, on).",
        ),
    ) -> None:
        """Check sales scripts against the rule packs (efficacy, scarcity, price)."""
        from liveguard.contracts import ProductCategory
        from liveguard.errors import InputError

        try:
            cat = ProductCategory(category) if category else None
        except ValueError:
            choices = ", ".join(c.value for c in ProductCategory)
            raise InputError(f"unknown category {category!r} (choose from {choices})") from None
        found = _run(paths or ["-"], lang.value, lines, catalog, cat, output, learned)
        raise typer.Exit(1 if found else 0)


def _read_lines(path: str, recent: dict[int, str]) -> Iterator[str]:
    from liveguard.errors import InputError

    if path == "-":
        import io

        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="strict", newline=None)
        name = "stdin"
    else:
        try:
            stream = open(path, encoding="utf-8", errors="strict")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{path}: is a directory") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        name = path
    try:
        number = 0
        for line in stream:
            number += 1
            recent[number] = line.rstrip("\r\n")
            if len(recent) > 64:
                recent.pop(next(iter(recent)))
            yield line
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text (line {number + 1})") from None
    finally:
        if path != "-":
            stream.close()


def _run(
    paths: list[str],
    lang: str,
    per_line: bool,
    catalog: Path | None,
    category: object,
    output: OutputFormat,
    learned: bool | None = None,
) -> int:
    from liveguard.contracts import ProductCategory
    from liveguard.rules.catalog import load_catalog
    from liveguard.rules.options import RulesOptions
    from liveguard.rules.script import check_lines
    from liveguard.settings import get_settings

    options = RulesOptions.from_settings(get_settings())

    products = load_catalog(catalog) if catalog else []
    cat = category if isinstance(category, ProductCategory) else None
    count = 0
    collected: list[dict[str, object]] = []
    for path in paths:
        recent: dict[int, str] = {}
        source = "stdin" if path == "-" else path
        for sf in check_lines(
            _read_lines(path, recent),
            language=lang,
            products=products,
            category=cat,
            per_line=per_line,
            source=source,
            learned=learned,
            options=options,
        ):
            count += 1
            if output is OutputFormat.text:
                typer.echo(_render_text(sf, recent.get(sf.line, "")))
            elif output is OutputFormat.jsonl:
                typer.echo(_json_line(sf))
            else:
                collected.append(_record(sf))
    if output is OutputFormat.json:
        import json

        typer.echo(json.dumps(collected, ensure_ascii=False, indent=2))
    elif output is OutputFormat.text:
        typer.echo(f"{count} finding(s)" if count else "no findings", err=count == 0)
    return count


def _record(sf: ScriptFinding) -> dict[str, object]:
    data: dict[str, object] = sf.finding.model_dump(mode="json")
    data["source"] = sf.source
    data["line"] = sf.line
    return data


def _json_line(sf: ScriptFinding) -> str:
    import json

    return json.dumps(_record(sf), ensure_ascii=False)


def _render_text(sf: ScriptFinding, line_text: str) -> str:
    f = sf.finding
    color = sys.stdout.isatty()
    start, end = f.start, f.end
    if color:
        marked = f"{line_text[:start]}\x1b[1;31m{line_text[start:end]}\x1b[0m{line_text[end:]}"
    else:
        marked = f"{line_text[:start]}【{line_text[start:end]}】{line_text[end:]}"
    head = f"{sf.source}:{sf.line}:{f.start + 1}: {f.rule_id} [{f.severity.value}, {f.family.value}"
    if f.scope.value == "stream" or f.evidence.value != "wording":
        head += f", {f.scope.value}/{f.evidence.value}"
    learned = f.detector.value == "learned"
    if learned:
        head += ", possible violation (learned)"
    lines = [head + f"] {f.message}", f"    {marked}"]
    if f.detail:
        lines.append(f"    {'why' if learned else 'detail'}: {f.detail}")
    lines.append(f"    legal basis: {', '.join(f.legal_basis)}")
    if f.suggestion:
        lines.append(f"    suggestion: {f.suggestion}")
    return "\n".join(lines)
