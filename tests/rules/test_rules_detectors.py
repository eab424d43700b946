"""Stream detectors as a registry: every rule of a kind fires, each detector's state survives a
checkpoint mid-stream, old (version 1) checkpoints still restore, and a new kind is one
registration away from being dispatched."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from liveguard.cli import build_app
from liveguard.contracts import (
    EvidenceLevel,
    Finding,
    ProductContext,
    PromotionState,
    Scope,
    StreamMeta,
)
from liveguard.errors import RulePackError
from liveguard.rules import RulesOptions, StreamChecker, StreamCheckerState
from liveguard.rules.detectors import DETECTORS, SegmentContext, register
from liveguard.rules.packs import load_pack
from liveguard.rules.schema import Rule
from liveguard.settings import get_settings
from tests.rules.test_rules_stream import _seg

EXTRA_PRICE = """\
    language: zh
    family: price
    version: "2026.11.1"
    rules:
      - id: ZH-PRI-CONTRADICTION-EXTRA
        family: price
        severity: low
        detector: price_contradiction
        legal_basis: [CN-PF-19]
        message: 第二条价格矛盾规则。
        examples:
          match:
            - "今天到手价只要199元\\n今天到手价只要259元"
      - id: ZH-PRI-LISTING-EXTRA
        family: price
        severity: low
        detector: listing_price
        legal_basis: [CN-PF-20]
        message: 第二条标价规则。
    """
EXTRA_SCARCITY = """\
    language: zh
    family: scarcity
    version: "2026.11.1"
    rules:
      - id: ZH-SCA-REPEAT-LAST-N-EXTRA
        family: scarcity
        severity: low
        detector: repeated_last_n
        legal_basis: [CN-AD-28]
        message: 第二条反复最后N单规则。
        examples:
          match: ["最后三单了\\n最后五单，抓紧"]
      - id: ZH-SCA-RESTOCK-EXTRA
        family: scarcity
        severity: low
        detector: restock_after_claim
        legal_basis: [CN-AD-28]
        message: 第二条补货规则。
        examples:
          match: ["已经卖完了\\n运营再给大家加一百单"]
      - id: ZH-SCA-COUNTDOWN-RESTART-EXTRA
        family: scarcity
        severity: low
        detector: countdown_restart
        legal_basis: [CN-AD-28]
        message: 第二条倒计时规则。
        examples:
          match: ["最后一分钟！\\n好，最后一分钟！"]
      - id: ZH-SCA-STOCK-VERIFIED-EXTRA
        family: scarcity
        severity: low
        detector: stock_claim
        legal_basis: [CN-AD-28]
        message: 第二条库存规则。
      - id: ZH-SCA-NO-PROMOTION-EXTRA
        family: scarcity
        severity: low
        detector: no_promotion
        legal_basis: [CN-AD-28]
        message: 第二条限时活动规则。
    """


def _ids(findings: Sequence[Finding]) -> set[str]:
    return {f.rule_id for f in findings}


def _extra_packs(root: Path, **packs: str) -> RulesOptions:
    """Options that load ``packs`` after the built-in ones (passed in, not read from the env)."""
    (root / "zh").mkdir(parents=True)
    for name, body in packs.items():
        (root / "zh" / f"{name}.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return RulesOptions(extra_dirs=(root,))


def _roundtrip(checker: StreamChecker, products: Sequence[ProductContext] = ()) -> StreamChecker:
    blob = checker.snapshot().model_dump_json()
    return StreamChecker.restore(
        StreamCheckerState.model_validate_json(blob), products=products, options=checker.options
    )


def test_every_rule_of_a_detector_kind_fires(tmp_path: Path) -> None:
    options = _extra_packs(tmp_path / "packs", price=EXTRA_PRICE, scarcity=EXTRA_SCARCITY)
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s1"), options=options)
    assert "ZH-PRI-CONTRADICTION-EXTRA" in checker.engine.rules_by_id
    checker.check(_seg(1, "今天到手价只要199元", 0.0))
    found = checker.check(_seg(2, "今天到手价只要259元", 60.0))
    contradictions = [f for f in found if f.scope is Scope.STREAM]
    assert _ids(contradictions) == {"ZH-PRI-CONTRADICTION", "ZH-PRI-CONTRADICTION-EXTRA"}
    assert len({f.finding_id for f in contradictions}) == 2
    assert all(f.related_utterance_ids == ("s1:1",) for f in contradictions)

    checker.check(_seg(3, "最后三单了", 100.0))
    assert {"ZH-SCA-REPEAT-LAST-N", "ZH-SCA-REPEAT-LAST-N-EXTRA"} <= _ids(
        checker.check(_seg(4, "最后五单，抓紧", 200.0))
    )
    assert {"ZH-SCA-RESTOCK", "ZH-SCA-RESTOCK-EXTRA"} <= _ids(
        checker.check(_seg(5, "运营再给大家加一百单", 230.0))
    )
    checker.check(_seg(6, "最后一分钟！", 300.0))
    assert {"ZH-SCA-COUNTDOWN-RESTART", "ZH-SCA-COUNTDOWN-RESTART-EXTRA"} <= _ids(
        checker.check(_seg(7, "好，最后一分钟！", 420.0))
    )

    product = ProductContext(
        sku="A1", listing_price=Decimal(199), stock=500, promotion=PromotionState(active=False)
    )
    shop = StreamChecker("zh", products=[product], options=options)
    assert {"ZH-PRI-LISTING", "ZH-PRI-LISTING-EXTRA"} <= _ids(
        shop.check(_seg(1, "今天只要99元", 0))
    )
    stock = [
        f for f in shop.check(_seg(2, "仅剩3件了", 5.0)) if f.evidence is EvidenceLevel.VERIFIED
    ]
    assert _ids(stock) >= {"ZH-SCA-STOCK-VERIFIED", "ZH-SCA-STOCK-VERIFIED-EXTRA"}
    assert "ZH-SCA-LAST-N" not in _ids(
        stock
    )  # the inventory-refuted claim is reported once per rule
    assert {"ZH-SCA-NO-PROMOTION", "ZH-SCA-NO-PROMOTION-EXTRA"} <= _ids(
        shop.check(_seg(3, "限时秒杀马上开始", 10.0))
    )


def test_check_command_reads_extra_packs_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``check`` entry point builds its options from LIVEGUARD_RULE_PACKS_DIR; library code
    below it loads only what its options name, whatever the environment says."""
    packs = tmp_path / "packs"
    _extra_packs(packs, price=EXTRA_PRICE)
    script = tmp_path / "s.txt"
    script.write_text("今天到手价只要199元\n今天到手价只要259元\n", encoding="utf-8")

    def ids() -> set[str]:
        result = CliRunner().invoke(
            build_app(), ["check", str(script), "--format", "jsonl", "--no-learned"]
        )
        assert result.exit_code == 1, result.output
        rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        return {str(row["rule_id"]) for row in rows}

    assert "ZH-PRI-CONTRADICTION" in ids()
    assert "ZH-PRI-CONTRADICTION-EXTRA" not in ids()
    monkeypatch.setenv("LIVEGUARD_RULE_PACKS_DIR", str(packs))
    get_settings.cache_clear()
    assert {"ZH-PRI-CONTRADICTION", "ZH-PRI-CONTRADICTION-EXTRA"} <= ids()
    assert "ZH-PRI-CONTRADICTION-EXTRA" not in StreamChecker("zh").engine.rules_by_id


@pytest.mark.parametrize(
    ("detector", "rule_id", "before", "after"),
    [
        (
            "price_contradiction",
            "ZH-PRI-CONTRADICTION",
            ["今天到手价只要199元"],
            "今天到手价只要259元",
        ),
        ("repeated_last_n", "ZH-SCA-REPEAT-LAST-N", ["最后三单了"], "最后五单，抓紧"),
        (
            "restock_after_claim",
            "ZH-SCA-RESTOCK",
            ["已经卖完了，没有了"],
            "好，运营再给大家加一百单",
        ),
        ("restock_after_claim", "ZH-SCA-RESTOCK", ["最后三单了"], "好，运营再给大家加一百单"),
        ("countdown_restart", "ZH-SCA-COUNTDOWN-RESTART", ["最后一分钟！"], "好，最后一分钟！"),
    ],
)
def test_detector_state_survives_snapshot_mid_stream(
    detector: str, rule_id: str, before: list[str], after: str
) -> None:
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s1"))
    for i, text in enumerate(before):
        checker.check(_seg(i + 1, text, 10.0 * i))
    saved = checker.snapshot()
    assert saved.detectors[detector]  # the detector has something to remember
    restored = _roundtrip(checker)
    assert restored.snapshot().detectors == saved.detectors
    late = _seg(100, after, 600.0)
    (f,) = [x for x in restored.check(late) if x.rule_id == rule_id]
    assert f.related_utterance_ids == ("s1:1",)
    # without the restored memory the same segment is not a finding
    fresh = StreamChecker("zh", stream=StreamMeta(stream_id="s1"))
    assert rule_id not in _ids(fresh.check(late))


def test_version_1_checkpoint_restores_every_memory() -> None:
    v1 = {
        "state_version": 1,
        "language": "zh",
        "stream": {"stream_id": "s1"},
        "pack_version": "zh-old",
        "stock_claims": [{"value": 3, "t": 0.0, "utterance_id": "s1:1"}],
        "sold_out": None,
        "deadline": {"value": 60.0, "t": 0.0, "utterance_id": "s1:2"},
        "prices": {"-": {"amount": "199", "t": 0.0, "utterance_id": "s1:3"}},
        "segments_seen": 3,
        "last_t": 3.0,
    }
    state = StreamCheckerState.model_validate(v1)
    assert state.state_version == 2
    checker = StreamChecker.restore(state)
    assert checker.snapshot().segments_seen == 3
    related = {
        f.rule_id: f.related_utterance_ids
        for f in checker.check(_seg(4, "最后五单，今天到手价只要259元", 100.0))
        + checker.check(_seg(5, "好，最后一分钟！", 120.0))
    }
    assert related["ZH-SCA-REPEAT-LAST-N"] == ("s1:1",)
    assert related["ZH-PRI-CONTRADICTION"] == ("s1:3",)
    assert related["ZH-SCA-COUNTDOWN-RESTART"] == ("s1:2",)
    restock = StreamChecker.restore(StreamCheckerState.model_validate(v1))
    assert _ids(restock.check(_seg(4, "好，运营再给大家加一百单", 100.0))) == {"ZH-SCA-RESTOCK"}


class _Heard(BaseModel):
    utterances: list[str] = []


@pytest.fixture
def scratch_registry() -> Iterator[None]:
    """Registrations made in the test vanish afterwards."""
    saved = dict(DETECTORS)
    yield
    DETECTORS.clear()
    DETECTORS.update(saved)


def _toy_check(ctx: SegmentContext, rules: Sequence[Rule], state: _Heard) -> list[Finding]:
    """Reports a rule whenever the word it watches comes back later in the stream."""
    out: list[Finding] = []
    text = ctx.analysis.normalized.text
    if "回声" in text and state.utterances:
        start = text.index("回声")
        s, e, quoted = ctx.original_span(start, start + 2)
        out = ctx.findings(
            rules, s, e, quoted, "echo", scope=Scope.STREAM, related=(state.utterances[0],)
        )
    if "回声" in text:
        state.utterances.append(ctx.segment.utterance_id)
    return out


TOY_PACK = """\
    language: zh
    family: scarcity
    version: "2026.11.1"
    rules:
      - id: ZH-SCA-TOY-ECHO
        family: scarcity
        severity: low
        detector: toy_echo
        legal_basis: [CN-AD-28]
        message: 回声。
        examples:
          match: ["回声\\n回声"]
    """


@pytest.mark.usefixtures("scratch_registry")
def test_registering_a_detector_kind_is_one_call(tmp_path: Path) -> None:
    _extra_packs(tmp_path / "before", toy=TOY_PACK)
    with pytest.raises(RulePackError, match="unknown detector 'toy_echo'"):
        load_pack(tmp_path / "before" / "zh" / "toy.yaml")

    register("toy_echo", _Heard)(_toy_check)  # the one registration

    options = _extra_packs(tmp_path / "after", toy=TOY_PACK)
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s1"), options=options)
    assert not checker.check(_seg(1, "回声", 0.0))
    restored = _roundtrip(checker)  # its state is checkpointed like the built-ins'
    assert restored.snapshot().detectors["toy_echo"] == {"utterances": ["s1:1"]}
    (f,) = [x for x in restored.check(_seg(2, "又是回声", 5.0)) if x.rule_id == "ZH-SCA-TOY-ECHO"]
    assert f.related_utterance_ids == ("s1:1",)
    assert f.matched_text == "回声"
    with pytest.raises(ValueError, match="already registered"):
        register("toy_echo", _Heard)(_toy_check)


def test_options_from_settings_and_the_engine_cache(tmp_path: Path) -> None:
    """Options carry the settings' rule knobs; equal options share one engine, other packs
    get their own (the cache is keyed on what the engine depends on, not on ``learned``)."""
    from liveguard.rules import load_engine
    from liveguard.settings import load_settings

    packs = tmp_path / "packs"
    _extra_packs(packs, price=EXTRA_PRICE)
    settings = load_settings(rule_packs_dir=packs, homophones=False, learned=False)
    options = RulesOptions.from_settings(settings)
    assert options == RulesOptions(homophones=False, extra_dirs=(packs,), learned=False)
    assert RulesOptions(extra_dirs=[str(packs)]).extra_dirs == (packs,)  # type: ignore[arg-type]
    same = load_engine("zh", options.with_(learned=True))
    assert load_engine("zh", options) is same
    assert "ZH-PRI-CONTRADICTION-EXTRA" in same.rules_by_id
    assert load_engine("zh") is not same
    assert "ZH-PRI-CONTRADICTION-EXTRA" not in load_engine("zh").rules_by_id
    checker = StreamChecker("zh", options=options)
    assert checker.engine is same
    assert checker.learned is None
