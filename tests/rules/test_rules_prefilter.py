"""The prefilter may skip a pattern only when it cannot match: every pattern of both packs (as
written and in sound) that matches a text must be among the text's candidates, in order."""

from __future__ import annotations

import random
import re
import sys
from functools import cache
from itertools import pairwise

import pytest

from liveguard.rules import prefilter
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


@cache
def _all_unicode() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


@cache
def _caseless_by_search(ch: str) -> frozenset[str]:
    """The table as it was first built: ``re`` itself searched over all of Unicode per
    character (exact by construction, and far too slow for loading a pack)."""
    return frozenset(re.findall(re.escape(ch), _all_unicode(), re.IGNORECASE)) | {ch}


def test_case_classes_equal_what_re_finds_over_all_unicode() -> None:
    # the irregular ones (re._casefix: dotless i, long s, micro sign, Greek symbol forms, the
    # Kelvin and Ohm signs, capital sharp s, dotted capital I), the cased characters of both
    # packs' caseless patterns' requirements, and a sample of everything else
    tricky = "iIsSkK\u0131\u0130\u017f\u212a\u00b5\u03bc\u039c\u2126\u03c9\u03a9\u00df\u1e9e"
    tricky += "\u03b8\u03d1\u0398\u03c3\u03c2\u03a3\u03b9\u0345\u0399\u1fbe\u03b2\u03d0"
    rng = random.Random(12)
    sample = [chr(rng.randrange(0x3000)) for _ in range(40)]
    sample += [chr(rng.randrange(sys.maxunicode + 1)) for _ in range(10)]
    pack_chars: set[str] = set()
    for language in ("zh", "en"):
        engine = load_engine(language, RulesOptions(homophones=False, learned=False))
        for _idx, pattern, _via in engine._component._regexes:
            if pattern.flags & re.IGNORECASE:
                pack_chars.update(c for need in required(pattern) for s in need for c in s)
    assert len(pack_chars) > 20
    for ch in sorted({*tricky, *sample, *pack_chars} - {chr(c) for c in range(0xD800, 0xE000)}):
        assert prefilter._caseless_char(ch) == _caseless_by_search(ch), ch


def test_fold_table_is_the_one_re_search_gave(monkeypatch: pytest.MonkeyPatch) -> None:
    """The English pack is compiled caseless (the Chinese one is not)."""
    engine = load_engine("en", RulesOptions(homophones=False, learned=False))
    items = [(n, p) for n, (_, p, _) in enumerate(engine._component._regexes)]
    new = Prefilter(items)
    monkeypatch.setattr(prefilter, "_caseless_char", _caseless_by_search)
    old = Prefilter(items)
    assert new._fold.table == old._fold.table
    assert new._fold._ok == old._fold._ok
    assert new._fold.table  # the pack has caseless patterns to fold for
    texts = [t for rule in engine.rules for t in (*rule.examples.match, *rule.examples.no_match)]
    for text in texts:
        assert new.candidates(text) == old.candidates(text)
