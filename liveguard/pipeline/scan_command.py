"""``liveguard scan``: transcribe recordings (or live URLs) and check what was said.

Exit status as for ``liveguard check``: 0 nothing found, 1 findings, 2 a file (or the setup)
failed. One unreadable file does not stop the others.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from liveguard.contracts import Language


class OutputFormat(StrEnum):
    TEXT = "text"
    JSONL = "jsonl"


def _clock(seconds: float | None) -> str:
    s = max(0.0, seconds or 0.0)
    return f"{int(s // 60):02d}:{s % 60:04.1f}"


def _print_text(kind: str, item: Any, out: Any) -> None:
    if kind == "segment":
        flags = f"  [{', '.join(item.flags)}]" if item.flags else ""
        out.write(f"[{_clock(item.t_start)}–{_clock(item.t_end)}] {item.text}{flags}\n")
        return
    if kind == "correction":
        out.write(
            f"    ✓ correction ({item.kind}) «{item.cue}» at {_clock(item.t_start or 0.0)}: "
            f"{len(item.corrected_finding_ids)} earlier finding(s) corrected "
            f"after {item.delay_s or 0.0:.1f} s\n"
        )
        return
    scope = " (stream)" if str(item.scope) == "stream" else ""
    basis = ", ".join(item.legal_basis)
    out.write(
        f"    ⚠ {item.family}/{item.severity}{scope} {item.rule_id} "
        f"«{item.matched_text}» at {_clock(item.t_start)}: {item.message} [{basis}]\n"
    )
    if item.detail:
        out.write(f"      {item.detail}\n")


def _record(kind: str, item: Any, source: str) -> str:
    payload = {"type": kind, "source": source, **item.model_dump(mode="json")}
    return json.dumps(payload, ensure_ascii=False)


def scan(
    media: list[str] = typer.Argument(..., help="Audio/video files or URLs ffmpeg can read."),
    lang: Language | None = typer.Option(
        None, "--lang", help="Spoken language (default: setting)."
    ),
    model: str | None = typer.Option(
        None, "--model", help="'bundled', a CTranslate2 folder or a faster-whisper model name."
    ),
    catalog: Path | None = typer.Option(None, "--catalog", help="Products (JSON or YAML)."),
    fmt: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", help="text or jsonl."),
    realtime: bool = typer.Option(False, "--realtime", help="Feed audio at its real speed."),
) -> None:
    """Transcribe MEDIA and check what was said against the rule packs."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    from liveguard.contracts import AudioChunk
    from liveguard.errors import LiveGuardError
    from liveguard.ingest.media import probe_duration
    from liveguard.pipeline.scan import load_products, recording_settings, scan_file
    from liveguard.pipeline.worker_components import build_processor, real_components
    from liveguard.settings import get_settings
    from liveguard.transcribe import ModelSpec, load_model

    err = Console(stderr=True)
    out = sys.stdout
    settings = recording_settings(get_settings(), realtime=realtime)
    if lang is not None:
        settings = settings.model_copy(update={"language": lang})
    loaded = load_model(ModelSpec.from_settings(settings, model))
    parts = real_components(settings, model=loaded, products=load_products(catalog))
    processor = build_processor(parts, settings, keep_clips=False)

    failed = found = 0
    show_progress = fmt is OutputFormat.TEXT and not realtime and err.is_terminal
    for source in media:
        if fmt is OutputFormat.TEXT:
            out.write(f"== {source}\n")
        total = probe_duration(source) if show_progress else None
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not show_progress or total is None,
        )
        try:
            with progress:
                task = progress.add_task(Path(source).name[:40], total=total)

                def advance(chunk: AudioChunk, bar: Progress = progress, t: TaskID = task) -> None:
                    bar.advance(t, chunk.duration)

                for kind, item in scan_file(source, processor, realtime=realtime, on_chunk=advance):
                    found += kind == "finding"
                    if fmt is OutputFormat.JSONL:
                        out.write(_record(kind, item, source) + "\n")
                    else:
                        _print_text(kind, item, out)
                    out.flush()
        except LiveGuardError as exc:
            failed += 1
            err.print(f"error: {exc}", markup=False, highlight=False)
    if failed:
        raise typer.Exit(2)
    if found:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``scan`` to the root app."""
    app.command("scan")(scan)
