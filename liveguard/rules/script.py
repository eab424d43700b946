"""Checking written scripts: the merchant's pre-check and ``liveguard check``.

A script is treated as one stream (stream-level checks apply across its lines) unless each line
is declared independent. Lines are streamed, so a 10 MB file is checked in bounded memory.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from liveguard.contracts import (
    AllowEntry,
    Finding,
    ProductCategory,
    ProductContext,
    Segment,
    StreamId,
    StreamMeta,
    make_finding_id,
)
from liveguard.rules.han import HAN
from liveguard.rules.options import RulesOptions
from liveguard.rules.stream import StreamChecker

MAX_CHUNK_CHARS = 2000
"""A longer line is checked in sentence-sized chunks (offsets stay relative to the line)."""
_SENTENCE_END = re.compile(r"[。！？!?；;.]")

SCRIPT_SECONDS_PER_LINE = 5.0
"""Scripts have no clock; stream checks assume each line takes this long to say."""

_STREAM_ID: TypeAdapter[str] = TypeAdapter(StreamId)


def script_stream_id(source: str) -> str:
    """The stream id a script's findings carry: the source itself when it is a valid id (the
    contract's ``StreamId``), else a short digest of it, because a file's path may be longer
    than an id may be (or hold a control character) and a long path must not stop the check."""
    try:
        return _STREAM_ID.validate_python(source)
    except ValidationError:
        digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return f"script-{digest}"


_LATIN = re.compile(r"[A-Za-z]")


class ScriptFinding(BaseModel):
    """A finding in a script: which input, which line (1-based), offsets within that line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    line: int
    finding: Finding


def detect_language(text: str) -> str:
    """``zh`` when Chinese characters make up a fair share of the letters, else ``en``."""
    han = len(HAN.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    if han == 0:
        return "en"
    return "zh" if han >= latin_words else "en"


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, chunk) pieces of at most MAX_CHUNK_CHARS, cut after sentence ends if possible."""
    if len(text) <= MAX_CHUNK_CHARS:
        yield 0, text
        return
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + MAX_CHUNK_CHARS)
        if end < len(text):
            cut = None
            for m in _SENTENCE_END.finditer(text, pos + MAX_CHUNK_CHARS // 2, end):
                cut = m.end()
            end = cut or end
        yield pos, text[pos:end]
        pos = end


def check_lines(
    lines: Iterable[str],
    *,
    language: str = "auto",
    products: Sequence[ProductContext] = (),
    category: ProductCategory | None = None,
    allow_list: Sequence[AllowEntry] = (),
    per_line: bool = False,
    source: str = "-",
    learned: bool | None = None,
    options: RulesOptions | None = None,
) -> Iterator[ScriptFinding]:
    """Findings of a script given line by line (lazy: reads a block of lines at a time, so
    the learned heads encode a block's sentences in one batch).

    ``options``: how the rules run (default: the documented defaults, never the environment);
    ``learned``: also run learned claim detection (default: ``options.learned``)."""
    iterator = iter(lines)
    head: list[str] = []
    lang = language
    if lang == "auto":
        for line in iterator:
            head.append(line)
            if sum(len(h) for h in head) >= 400 or len(head) >= 20:
                break
        lang = detect_language("\n".join(head))
    if lang not in ("zh", "en"):
        raise ValueError(f"language must be zh, en or auto, not {language!r}")

    stream_id = script_stream_id(source or "-")

    def all_lines() -> Iterator[str]:
        yield from head
        yield from iterator

    def new_checker() -> StreamChecker:
        return StreamChecker(
            lang,
            stream=StreamMeta(stream_id=stream_id),
            products=products,
            allow_list=allow_list,
            category=category,
            learned=learned,
            options=options,
        )

    checker = new_checker()
    for number, raw in _prepared(enumerate(all_lines(), start=1), checker):
        text = raw.rstrip("\r\n")
        if not text.strip():
            continue
        if per_line:
            checker = new_checker()
        t = (number - 1) * SCRIPT_SECONDS_PER_LINE
        for offset, chunk in _chunks(text):
            segment = Segment(
                stream_id=stream_id,
                utterance_id=f"{stream_id}:{number}",
                seq_start=number,
                seq_end=number,
                text=chunk,
                t_start=t,
                t_end=t + SCRIPT_SECONDS_PER_LINE,
                language=lang,
            )
            for finding in checker.check(segment):
                update: dict[str, object] = {"t_start": None, "t_end": None}
                if offset:
                    start = finding.start + offset
                    update.update(
                        start=start,
                        end=finding.end + offset,
                        finding_id=make_finding_id(stream_id, finding.rule_id, number, start),
                    )
                yield ScriptFinding(
                    source=source, line=number, finding=finding.model_copy(update=update)
                )


LEARNED_BATCH_LINES = 64


def _prepared(
    numbered: Iterator[tuple[int, str]], checker: StreamChecker
) -> Iterator[tuple[int, str]]:
    """Passes lines through in blocks, encoding each block for the learned heads first."""
    if checker.learned is None:
        yield from numbered
        return
    block: list[tuple[int, str]] = []
    for item in numbered:
        block.append(item)
        if len(block) >= LEARNED_BATCH_LINES:
            checker.learned.prepare(
                [chunk for _, t in block for _, chunk in _chunks(t)], speech=checker.options.speech
            )
            yield from block
            block = []
    if block:
        checker.learned.prepare(
            [chunk for _, t in block for _, chunk in _chunks(t)], speech=checker.options.speech
        )
        yield from block


def check_script(
    text: str,
    *,
    language: str = "auto",
    products: Sequence[ProductContext] = (),
    category: ProductCategory | None = None,
    allow_list: Sequence[AllowEntry] = (),
    per_line: bool = False,
    source: str = "-",
    learned: bool | None = None,
    options: RulesOptions | None = None,
) -> list[ScriptFinding]:
    """All findings of a script held in memory (the pre-check API's entry point)."""
    return list(
        check_lines(
            text.splitlines(),
            language=language,
            products=products,
            category=category,
            allow_list=allow_list,
            per_line=per_line,
            source=source,
            learned=learned,
            options=options,
        )
    )
