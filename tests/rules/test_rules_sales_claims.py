"""Sales, rating and honour claims (第三十四条): evidence_required until proof is on file;
an allow-list entry with a proof reference confirms an award, declared catalog figures confirm
or refute sales and ratings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from liveguard.contracts import AllowEntry, ProductContext
from liveguard.rules import check_script
from liveguard.rules.claims import classify_sales_claim

AWARD_ZH = "荣获二零二四年国际美妆大赏金奖"
AWARD_EN = "It won the 2024 Allure Best of Beauty award"


def _sales(text: str, lang: str = "zh", **kw: object) -> list[object]:
    found = check_script(text, language=lang, **kw)  # type: ignore[arg-type]
    return [sf.finding for sf in found if sf.finding.rule_id.endswith("SALES-HONOUR")]


def test_claim_without_proof_needs_evidence() -> None:
    (finding,) = _sales("我们的面霜已经卖出去十万多瓶了")
    assert finding.evidence.value == "evidence_required"  # type: ignore[attr-defined]
    assert finding.family.value == "efficacy"  # type: ignore[attr-defined]
    assert finding.claim_value == Decimal(100000)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "lang", "term"),
    [(AWARD_ZH, "zh", "国际美妆大赏金奖"), (AWARD_EN, "en", "Allure Best of Beauty")],
)
def test_award_confirmed_by_an_allow_list_entry_with_proof(text: str, lang: str, term: str) -> None:
    proved = AllowEntry(merchant_id="m", term=term, kind="award", proof_ref="cert 2024-117")
    assert _sales(text, lang, allow_list=[proved]) == []
    unproved = AllowEntry(merchant_id="m", term=term, kind="award")
    (finding,) = _sales(text, lang, allow_list=[unproved])
    assert finding.evidence.value == "evidence_required"  # type: ignore[attr-defined]
    assert "no proof reference" in finding.detail  # type: ignore[attr-defined]
    (bare,) = _sales(text, lang)
    assert bare.evidence.value == "evidence_required"  # type: ignore[attr-defined]


def _product(**kw: object) -> ProductContext:
    return ProductContext(sku="A", **kw)


def test_declared_sales_confirm_or_refute() -> None:
    text = "我们的面霜已经卖出去十万多瓶了"
    assert _sales(text, products=[_product(sales_count=250_000)]) == []
    (finding,) = _sales(text, products=[_product(sales_count=5_000)])
    assert finding.evidence.value == "verified"  # type: ignore[attr-defined]
    assert "5000" in finding.detail  # type: ignore[attr-defined]


def test_declared_rating_refutes_a_higher_claim() -> None:
    (finding,) = _sales(
        "Rated 4.9 stars by our buyers", "en", products=[_product(rating=Decimal("4.2"))]
    )
    assert finding.evidence.value == "verified"  # type: ignore[attr-defined]
    assert (
        _sales("Rated 4.9 stars by our buyers", "en", products=[_product(rating=Decimal("4.9"))])
        == []
    )


def test_positive_rate_checked_against_the_catalog() -> None:
    text = "好评率高达百分之九十九"
    (finding,) = _sales(text, products=[_product(positive_review_rate=Decimal(93))])
    assert finding.evidence.value == "verified"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "lang", "kind", "value"),
    [
        ("销量破亿", "zh", "sales", Decimal(100_000_000)),
        ("月销3万单", "zh", "sales", Decimal(30_000)),
        ("复购率60%", "zh", "repurchase", Decimal(60)),
        ("市场占有率30%", "zh", "share", Decimal(30)),
        ("sold over 2 million bottles", "en", "sales", Decimal(2_000_000)),
        ("award-winning", "en", "honour", None),
    ],
)
def test_claim_kind_and_figure(text: str, lang: str, kind: str, value: Decimal | None) -> None:
    claim = classify_sales_claim(text, lang)
    assert (claim.kind, claim.value) == (kind, value)


@pytest.mark.parametrize(
    ("heard", "kind", "value"),
    [
        # what a recogniser may write for the claims above: every character a sound-alike
        ("嚆凴勴勂匒挀兝値丩乨丩", "positive_rate", Decimal(99)),  # 好评率高达百分之九十九
        ("乶坸勴挀兝値嚠乨", "repurchase", Decimal(60)),  # 复购率百分之六十
        ("佅幮佢乨倇刴凴", "sales", Decimal(100_000)),  # 卖出去十万多瓶
        ("侾両嘙亄", "sales", Decimal(100_000_000)),  # 销量破亿
        ("好评率百分之酒十酒", "positive_rate", Decimal(99)),  # 九 heard as 酒
    ],
)
def test_claim_figure_read_as_heard(heard: str, kind: str, value: Decimal) -> None:
    claim = classify_sales_claim(heard, "zh")
    assert (claim.kind, claim.value) == (kind, value)


def test_heard_rate_is_judged_against_the_catalog() -> None:
    # 好评率高达百分之九十九 as heard: the rate is still read, and refuted by the catalog's 93
    heard = "好平率高达百分之酒十酒"
    (finding,) = _sales(heard, products=[_product(positive_review_rate=Decimal(93))])
    assert finding.evidence.value == "verified"  # type: ignore[attr-defined]
    assert finding.claim_value == Decimal(99)  # type: ignore[attr-defined]
    assert _sales(heard, products=[_product(positive_review_rate=Decimal(99))]) == []
