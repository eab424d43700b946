"""StreamChecker: stream-level findings, catalog evidence and the checkpoint round-trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from liveguard.contracts import (
    EvidenceLevel,
    PricePoint,
    ProductContext,
    PromotionState,
    Scope,
    Segment,
    StreamMeta,
)
from liveguard.rules import StreamChecker, StreamCheckerState
from tests.support.factories import segment

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _seg(seq: int, text: str, t: float, flags: tuple[str, ...] = ()) -> Segment:
    return segment("s1", seq, text, t, t + 3, flags=flags)


def test_price_remembered_across_snapshot_restore() -> None:
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s1"))
    assert not checker.check(_seg(1, "今天到手价只要199元", 10.0))
    state = checker.snapshot()
    blob = state.model_dump_json()
    assert len(blob) < 2000
    restored = StreamChecker.restore(StreamCheckerState.model_validate(json.loads(blob)))
    findings = restored.check(_seg(400, "今天到手价只要259元", 10.0 + 20 * 60))
    (f,) = [x for x in findings if x.rule_id == "ZH-PRI-CONTRADICTION"]
    assert f.scope is Scope.STREAM
    assert f.related_utterance_ids == ("s1:1",)
    assert "199" in f.detail


def test_finding_ids_and_times_come_from_segment() -> None:
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s1"))
    (f,) = checker.check(_seg(7, "这是全网最好的面霜", 100.0))
    from liveguard.contracts import make_finding_id

    assert f.finding_id == make_finding_id("s1", f.rule_id, 7, f.start)
    assert f.t_start is not None
    assert f.t_end is not None
    assert 100.0 <= f.t_start <= f.t_end <= 103.0


def test_flagged_segments_are_skipped() -> None:
    checker = StreamChecker("zh")
    assert checker.check(_seg(1, "这是全网最好的面霜", 0.0, flags=("suspect_hallucination",))) == []


def test_reference_price_checked_against_seven_day_low() -> None:
    history = tuple(
        PricePoint(at=NOW - timedelta(days=d), price=Decimal(p))
        for d, p in [(1, 259), (3, 199), (10, 99)]
    )
    product = ProductContext(
        sku="A1", listing_price=Decimal(199), price_history=history, updated_at=NOW
    )
    checker = StreamChecker("zh", products=[product])
    (f,) = [
        x
        for x in checker.check(_seg(1, "原价399，今天只要199", 0.0))
        if x.rule_id == "ZH-PRI-REFERENCE"
    ]
    assert f.evidence is EvidenceLevel.VERIFIED
    assert "199" in f.detail
    # a reference equal to the real 7-day low is fine: the finding disappears
    honest = StreamChecker("zh", products=[product])
    assert not [
        x
        for x in honest.check(_seg(1, "原价199，今天券后只要159", 0.0))
        if x.rule_id == "ZH-PRI-REFERENCE"
    ]


def test_listing_stock_and_promotion() -> None:
    product = ProductContext(
        sku="A1", listing_price=Decimal(199), stock=500, promotion=PromotionState(active=False)
    )
    checker = StreamChecker("zh", products=[product])
    ids = {f.rule_id for f in checker.check(_seg(1, "今天只要99元", 0.0))}
    assert "ZH-PRI-LISTING" in ids
    ids = {f.rule_id for f in checker.check(_seg(2, "仅剩3件了", 5.0))}
    assert "ZH-SCA-STOCK-VERIFIED" in ids
    assert "ZH-SCA-LAST-N" not in ids
    ids = {f.rule_id for f in checker.check(_seg(3, "限时秒杀马上开始", 10.0))}
    assert "ZH-SCA-NO-PROMOTION" in ids
    low = ProductContext(sku="B2", stock=2)
    checker2 = StreamChecker("zh", products=[low])
    assert not checker2.check(_seg(1, "仅剩3件了", 0.0))


def test_update_product_switches_presenting() -> None:
    checker = StreamChecker("zh", products=[ProductContext(sku="A", listing_price=Decimal(10))])
    checker.update_product(ProductContext(sku="B", listing_price=Decimal(20)))
    current = checker.current_product()
    assert current is not None
    assert current.sku == "B"


def test_english_stream_restore_keeps_stock_claims() -> None:
    checker = StreamChecker("en", stream=StreamMeta(stream_id="e1"))
    checker.check(_seg(1, "Only 3 left!", 0.0))
    restored = StreamChecker.restore(
        StreamCheckerState.model_validate_json(checker.snapshot().model_dump_json())
    )
    ids = {f.rule_id for f in restored.check(_seg(2, "Only 8 left, go go go", 600.0))}
    assert "EN-SCA-REPEAT-LAST-N" in ids


def test_a_countdown_heard_as_thirteen_minutes_still_shows_its_restart() -> None:
    # 倒计时三分钟 heard with the 时 and the 三 as 十三 (到即时 13 分钟): read as the three minutes
    # hosts count down, so the same three minutes announced again nine minutes later restart it
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s1"))
    checker.check(_seg(1, "到即时 13 分钟开始 13 分钟后下链接", 100.0))
    later = checker.check(_seg(2, "家人们最后三分钟三分钟一到立刻下架", 100.0 + 9 * 60))
    assert "ZH-SCA-COUNTDOWN-RESTART" in {f.rule_id for f in later}
    # a fifteen-minute countdown is read as said: five minutes left ten minutes on is no restart
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s1"))
    checker.check(_seg(1, "倒计时15分钟，十五分钟后下链接", 100.0))
    later = checker.check(_seg(2, "最后五分钟", 100.0 + 10 * 60))
    assert "ZH-SCA-COUNTDOWN-RESTART" not in {f.rule_id for f in later}
