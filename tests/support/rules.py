"""The rule ids one utterance gets on the live path, for tests that compare a transcript (speech)
with the same words typed."""

from __future__ import annotations

from liveguard.contracts import StreamMeta
from liveguard.rules import RulesOptions, StreamChecker
from tests.support.factories import segment


def stream_rule_ids(text: str, *, speech: bool, language: str = "zh") -> set[str]:
    checker = StreamChecker(
        language,
        stream=StreamMeta(stream_id="s"),
        learned=False,
        options=RulesOptions(learned=False, speech=speech),
    )
    return {f.rule_id for f in checker.check(segment("s", 0, text, 0.0, 4.0))}
