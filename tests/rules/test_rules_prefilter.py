"""The prefilter may skip a pattern only when it cannot match: every pattern of both packs (as
written and in sound) that matches a text must be among the text's candidates, in order."""

from __future__ import annotations

import random
import re
from itertools import pairwise

import pytest

from liveguard.rules.engine import load_engine
from liveguard.rules.options import RulesOptions
from liveguard.rules.prefilter import Prefilter, required
from liveguard.rules.soundform import sound_text


def _matching(items: list[tuple[int, re.Pattern[str]]], text: str) -> list[int]:
    return [i for i, p in items if any(m.end() > m.start() for m in p.finditer(text))]


def _check(filt: Prefilter[int], items: list[tuple[int, re.Pattern[str]]], text: str) -> int:
    candidates = [i for i, _ in filt.candidates(text)]
    assert candidates == sorted(candidates)
    hits = _matching(items, text)
    missed = set(hits) - set(candidates)
    assert not missed, (text, [items[i][1].pattern for i in missed])
    return len(candidates)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_matching_pattern_is_skipped(language: str) -> None:
    engine = load_engine(language, RulesOptions(homophones=language == "zh", learned=False))
    component = engine._component
    written = [(n, p) for n, (_, p, _) in enumerate(component._regexes)]
    sound = [(n, p) for n, (_, p) in enumerate(component._sound)]
    texts = [t for rule in engine.rules for t in (*rule.examples.match, *rule.examples.no_match)]
    assert texts
    # the examples, joined pairwise, and shuffled into nonsense (which must match little)
    rng = random.Random(12)
    texts += [a + "，" + b for a, b in pairwise(texts)]
    texts += ["".join(rng.sample(t, len(t))) for t in texts[:200]]
    written_filter = Prefilter(written)
    sound_filter = Prefilter(sound)
    passed = total = 0
    for text in texts:
        passed += _check(written_filter, written, text)
        total += len(written)
        if sound:
            passed += _check(sound_filter, sound, sound_text(text))
            total += len(sound)
    assert passed < total / 4  # and it does skip most patterns


def test_requirements_follow_the_regex_parser() -> None:
    assert required(re.compile("最(好|佳)|第一")) == [frozenset({"最", "第一"})]
    assert required(re.compile(r"仅剩\d+[件个]")) == [frozenset({"仅剩"}), frozenset("件个")]
    # nothing is required of optional parts, look-arounds or a branch that needs nothing
    assert required(re.compile("(?<!不)(?:限时)?抢")) == [frozenset({"抢"})]
    assert required(re.compile(r"秒杀|\d+")) == []


def test_case_folding_is_the_regex_engine_own() -> None:
    # re.IGNORECASE matches the Kelvin sign to k and the long s to s: the filter must too
    items = [(0, re.compile(r"\bbest seller\b", re.IGNORECASE)), (1, re.compile("sk", re.I))]
    filt = Prefilter(items)
    for text, expected in (
        ("BEST SELLER", [0]),
        ("be\u017ft \u017feller", [0]),
        ("a \u017f\u212a b", [1]),
        ("best sellers", []),
        ("nothing", []),
    ):
        assert _matching(items, text) == expected
        assert set(expected) <= {i for i, _ in filt.candidates(text)}
    assert filt.candidates("nothing") == []
