"""The real rule checker behind the worker: its state survives the checkpoint's JSON round trip."""

from __future__ import annotations

import json
from decimal import Decimal

from liveguard.contracts import ProductContext, Scope, Segment, StreamMeta
from liveguard.ingest.catalog import CatalogView
from liveguard.pipeline.worker_components import RulesStreamCheckers
from tests.support.factories import segment

META = StreamMeta(stream_id="s1", room_id="room42")


def seg(seq: int, text: str, t: float) -> Segment:
    return segment("s1", seq, text, t, t + 3)


def test_price_said_twenty_minutes_earlier_survives_a_checkpoint():
    checkers = RulesStreamCheckers("zh", None, "test-model")
    first = checkers.new(META)
    assert not first.check(seg(1, "今天到手价只要199元", 10.0))
    blob = json.dumps(first.snapshot(), ensure_ascii=False)  # what the state topic stores
    restored = checkers.restore(META, json.loads(blob))
    findings = restored.check(seg(1200, "今天到手价只要259元", 10.0 + 20 * 60))
    (f,) = [x for x in findings if x.rule_id == "ZH-PRI-CONTRADICTION"]
    assert f.scope is Scope.STREAM
    assert f.related_utterance_ids == ("s1:1",)


def test_catalog_updates_reach_live_checkers_of_their_room():
    view = CatalogView()
    checkers = RulesStreamCheckers("zh", view, None)
    mine = checkers.new(META)
    other = checkers.new(StreamMeta(stream_id="s2", room_id="room7"))
    view.update(ProductContext(sku="cream", room_id="room42", listing_price=Decimal("99"), stock=3))
    mine.check(seg(1, "欢迎来到直播间", 0.0))
    other.check(seg(1, "欢迎来到直播间", 0.0))
    assert "cream" in mine.checker.products
    assert "cream" not in other.checker.products


def test_checkers_of_recognised_speech_use_the_speech_operating_point():
    """Everything the worker, ``scan`` and the recording pre-check check is a transcript: the
    learned heads must judge it at their stricter speech thresholds, new or restored."""
    from liveguard.rules.options import RulesOptions

    checkers = RulesStreamCheckers("zh", None, None, options=RulesOptions(learned=False))
    fresh = checkers.new(META)
    assert fresh.checker.options.speech
    assert not fresh.checker.options.learned  # the caller's other choices stay
    restored = checkers.restore(META, fresh.snapshot())
    assert restored.checker.options.speech
