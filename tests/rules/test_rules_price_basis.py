"""A stated basis of a reference price (第三十二条): recognised and put in the finding, milder
when plausible, verified when the catalog contradicts it, no finding when it bears it out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from liveguard.contracts import Finding, PricePoint, ProductContext
from liveguard.rules import check_script

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
MSRP_ZH = "厂商建议零售价三百九十九元，今天直播间只要一百九十九元"
STORE_ZH = "官方旗舰店近三十天成交价二百五十九元，今天只要一百九十九元"


def _price(text: str, lang: str = "zh", **kw: object) -> list[Finding]:
    found = check_script(text, language=lang, **kw)  # type: ignore[arg-type]
    return [sf.finding for sf in found if sf.finding.family.value == "price"]


@pytest.mark.parametrize(
    ("text", "lang", "kind", "days"),
    [
        (MSRP_ZH, "zh", "msrp", None),
        (STORE_ZH, "zh", "store_history", 30),
        ("我们店上个月卖二百九十九元，今天只要一百九十九元", "zh", "store_history", 30),
        ("The manufacturer's suggested price is $399, today only $199", "en", "msrp", None),
        ("Our store price last week was $50, today just $29", "en", "store_history", 7),
    ],
)
def test_stated_basis_is_recognised_and_milder(
    text: str, lang: str, kind: str, days: int | None
) -> None:
    (finding,) = _price(text, lang)
    assert finding.rule_id.endswith("PRI-REFERENCE-BASIS")
    assert finding.severity.value == "low"
    assert finding.price_basis is not None
    assert (finding.price_basis.kind, finding.price_basis.days) == (kind, days)
    assert "stated basis" in finding.detail


def test_outside_price_is_no_plausible_basis() -> None:
    (finding,) = _price("专柜价599元，我们这里到手159元")
    assert finding.rule_id == "ZH-PRI-REFERENCE"
    assert finding.severity.value == "medium"
    assert finding.price_basis is not None
    assert finding.price_basis.kind == "outside"


def test_catalog_msrp_confirms_or_contradicts() -> None:
    assert _price(MSRP_ZH, products=[ProductContext(sku="A", msrp=Decimal(399))]) == []
    (finding,) = _price(MSRP_ZH, products=[ProductContext(sku="A", msrp=Decimal(259))])
    assert finding.rule_id == "ZH-PRI-REFERENCE"  # a false basis is no milder than none
    assert finding.evidence.value == "verified"
    assert "catalog MSRP 259" in finding.detail
    assert finding.price_basis is not None
    assert finding.price_basis.kind == "msrp"


def _history(*prices: tuple[int, int]) -> ProductContext:
    points = tuple(PricePoint(at=NOW - timedelta(days=d), price=Decimal(p)) for d, p in prices)
    return ProductContext(sku="A", price_history=points, updated_at=NOW)


def test_store_history_basis_checked_over_its_own_period() -> None:
    # charged 259 twenty days ago: true over 30 days (the 7-day rule alone would flag it)
    assert _price(STORE_ZH, products=[_history((20, 259), (2, 199))]) == []
    (finding,) = _price(STORE_ZH, products=[_history((20, 219), (2, 199))])
    assert finding.evidence.value == "verified"
    assert "highest 219" in finding.detail
