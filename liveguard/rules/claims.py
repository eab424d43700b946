"""Claims of fact a host may make only if they are true: sales, ratings, honours (第三十四条) and
the basis of a compared price (第三十二条).

The words of such a claim are lawful; what makes it a violation is that it is false or cannot
be proved. So a pattern rule only says *that* a claim was made; these functions read *what* it
claims (a figure, an award, a stated price basis) and judge it against what is on file: the
merchant's allow-list entries with proof references and the catalog's declared figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

from liveguard.contracts import AllowEntry, Jurisdiction, PriceBasis, ProductContext
from liveguard.rules.normalize import normalize
from liveguard.rules.prices import ZH_CLAUSE_BREAK, heard_numbers
from liveguard.rules.soundform import DualPattern, dual, sound_text

SalesKind = Literal["sales", "share", "rating", "positive_rate", "repurchase", "honour"]

Verdict = Literal["confirmed", "contradicted", "unproven"]
"""``confirmed``: proof on file, no finding; ``contradicted``: the catalog shows it false
(``verified``); ``unproven``: nothing on file either way (``evidence_required``)."""

_MULT = {
    "万": Decimal(10_000),
    "w": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "千": Decimal(1000),
}
_EN_MULT = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "m": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000),
}

_ZH_KINDS: tuple[tuple[SalesKind, DualPattern], ...] = (
    ("share", dual(r"占有率|市场份额|市占率")),
    ("positive_rate", dual(r"好评率|满意度")),
    ("repurchase", dual(r"复购率|回购率|回头率|回头客")),
    ("rating", dual(r"评分|星好评|\d\.\d分")),
    ("honour", dual(r"奖|称号|冠军|荣誉|榜首|认证|入选|代言|同款|推荐|力荐|都在用")),
    ("sales", dual(r"销|卖|售|单|瓶|件|亿")),
)
_EN_KINDS: tuple[tuple[SalesKind, re.Pattern[str]], ...] = (
    ("share", re.compile(r"market share", re.I)),
    ("positive_rate", re.compile(r"positive|five[- ]star|5[- ]star", re.I)),
    ("repurchase", re.compile(r"repurchase|rebuy|buy again|reorder|come back", re.I)),
    ("rating", re.compile(r"rated|rating|stars?\b|out of 5|/5", re.I)),
    ("honour", re.compile(r"award|medal|voted|winner|won|endorsed|as seen|featured", re.I)),
    ("sales", re.compile(r"sold|selling|units|bottles|jars|orders|customers", re.I)),
)
_ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s?(万|亿|千|w)?")
_EN_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?(k|m|thousand|million|billion)?\b", re.I)
_ZH_YI = dual(r"破亿|过亿|上亿")


@dataclass(frozen=True, slots=True)
class SalesClaim:
    """What a sales / rating / honour claim asserts: its kind and the figure, when one is said."""

    kind: SalesKind
    value: Decimal | None = None


def _number(text: str, lang: str) -> Decimal | None:
    if lang == "zh":
        if _ZH_YI.search(text) or _ZH_YI.search(sound_text(text)):
            return Decimal(100_000_000)
        m = _ZH_NUMBER.search(text)
        if not m:
            # the figure as heard (十万 spelled 乨倇 by a recogniser): the one number parser
            heard = heard_numbers(text)
            return heard[0][2] if heard else None
        value = Decimal(m.group(1))
        return value * _MULT.get((m.group(2) or "").lower(), Decimal(1))
    m2 = _EN_NUMBER.search(text)
    if not m2:
        if re.search(r"\ba million\b", text, re.I):
            return Decimal(1_000_000)
        return None
    try:
        value = Decimal(m2.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    return value * _EN_MULT.get((m2.group(2) or "").lower(), Decimal(1))


def classify_sales_claim(matched: str, lang: str) -> SalesClaim:
    """The kind of a matched claim and its figure ("卖出去十万多瓶" → sales, 100000)."""
    text = normalize(matched, heard=lang == "zh").text
    kinds = _ZH_KINDS if lang == "zh" else _EN_KINDS
    # as written first; then in sound (好评率 spelled 嚆凴勴 by a recogniser)
    forms = (text, sound_text(text)) if lang == "zh" else (text,)
    kind: SalesKind = next(
        (name for form in forms for name, pattern in kinds if pattern.search(form)), "sales"
    )
    value = None if kind == "honour" else _number(text, lang)
    return SalesClaim(kind, value)


def _proof_entry(sentence: str, allow_list: Sequence[AllowEntry], lang: str) -> AllowEntry | None:
    """The allow-list entry (award, other or trademark) named in the sentence, if any."""
    flags = re.IGNORECASE if lang == "en" else 0
    norm = normalize(sentence, numerals=False).text
    for entry in allow_list:
        if entry.kind not in ("award", "other"):
            continue
        term = normalize(entry.term, numerals=False).text
        if term and re.search(re.escape(term), norm, flags):
            return entry
    return None


def judge_sales_claim(
    claim: SalesClaim,
    sentence: str,
    lang: str,
    product: ProductContext | None,
    allow_list: Sequence[AllowEntry],
) -> tuple[Verdict, str]:
    """Is there proof of the claim on file, and does the catalog contradict it?"""
    if claim.kind == "honour":
        entry = _proof_entry(sentence, allow_list, lang)
        if entry is not None and entry.proof_ref.strip():
            return "confirmed", f"allow-list {entry.kind} '{entry.term}', proof {entry.proof_ref}"
        if entry is not None:
            return "unproven", f"allow-list entry '{entry.term}' has no proof reference"
        return "unproven", "no allow-list entry with a proof reference names this honour"
    declared: Decimal | None = None
    label = ""
    if product is not None:
        if claim.kind == "sales" and product.sales_count is not None:
            declared, label = Decimal(product.sales_count), "units sold on the platform"
        elif claim.kind == "rating" and product.rating is not None:
            declared, label = product.rating, "platform rating"
        elif claim.kind == "positive_rate" and product.positive_review_rate is not None:
            declared, label = product.positive_review_rate, "platform positive-review rate %"
    if declared is None or claim.value is None:
        what = "figure" if claim.value is None else f"figure {claim.value.normalize():f}"
        return "unproven", f"{claim.kind} claim: no declared {what} on file to check it against"
    slack = Decimal("0.05") if claim.kind == "rating" else Decimal("0.5")
    if claim.value <= declared + slack:
        return "confirmed", f"claimed {claim.value.normalize():f}, {label} {declared}"
    return "contradicted", f"claimed {claim.value.normalize():f}, {label} {declared}"


# --- the basis of a compared price (第三十二条) -------------------------------------------

_ZH_MSRP = re.compile(
    r"(?:厂商|厂家|生产商|品牌方?|官方)?(?:建议零售价|建议售价|指导价|指导零售价)"
)
_ZH_SELLER = r"(?:官方旗舰店|旗舰店|官方店|本店|店铺|店里|我们店|我们家|咱家|自家|官网|本直播间|我们直播间|直播间|平台)"
_ZH_PERIOD = (
    r"(?:(?:近|最近|过去|前)\s?(?P<n>\d+)\s?(?P<u>天|日|周|个月|月)(?:内|以来|来)?"
    r"|(?P<w>上(?:一)?周|上个?星期|上个?月|昨天|前天))"
)
_ZH_STORE = re.compile(
    rf"(?P<who>{_ZH_SELLER})?(?:的)?{_ZH_PERIOD}(?:的)?(?:平均|最低|实际|真实)?"
    r"(?:在卖的?|卖过的?|成交的?)?(?:成交价|售价|销售价|卖价|价格|标价|都?卖)"
    rf"|(?P<who2>{_ZH_SELLER})(?:的)?(?:日常|平时|实际)?成交价"
)
_ZH_OUTSIDE = re.compile(r"专柜|商场|超市|实体店|线下|外面|别家|其他平台|别的平台|市场价")
_EN_MSRP = re.compile(
    r"\b(?:manufacturer'?s?|brand'?s?|maker'?s?)? ?(?:suggested|recommended) (?:retail )?price\b"
    r"|\bmsrp\b|\brrp\b",
    re.I,
)
_EN_STORE = re.compile(
    r"\b(?:our|my|the) (?:own )?(?:store|shop|site|website|storefront)?\s?(?:'s )?"
    r"(?:regular |usual |everyday |average |lowest )?prices? (?:was |were |of )?"
    r"(?:last (?P<w>week|month)|(?:over|in|for|during) the (?:last|past) (?P<n>\d+) days|yesterday)"
    r"|\b(?:we|i) (?:sold|charged|priced) (?:it|this|them) (?:at|for) [^.!?]{0,12}?last (?P<w2>week|month)",
    re.I,
)
_EN_OUTSIDE = re.compile(
    r"\bat the (?:mall|store|salon|spa)\b|\bin stores\b|\bamazon\b|\btarget\b|\bwalmart\b|\belsewhere\b",
    re.I,
)
_UNIT_DAYS = {"天": 1, "日": 1, "周": 7, "个月": 30, "月": 30}
_WORD_DAYS = {
    "上周": 7,
    "上一周": 7,
    "上星期": 7,
    "上个星期": 7,
    "上月": 30,
    "上个月": 30,
    "昨天": 1,
    "前天": 2,
    "week": 7,
    "month": 30,
}
BASIS_WINDOW = 24
"""Characters before a reference price searched for its stated basis (about one clause)."""


def find_price_basis(ntext: str, ref_start: int, ref_end: int, lang: str) -> PriceBasis | None:
    """The basis stated for the reference price at ``ref_start`` (normalised text), if any."""
    width = BASIS_WINDOW if lang == "zh" else BASIS_WINDOW * 3
    lo = max(0, ref_start - width)
    window = ntext[lo:ref_start]
    cut = max(window.rfind(c) for c in "。！？!?；;")
    if cut >= 0:
        window = window[cut + 1 :]
    if lang == "zh":
        store = _ZH_STORE.search(window) or _zh_basis_after(ntext, ref_end)
        if store:
            return PriceBasis(kind="store_history", text=store.group(0), days=_zh_days(store))
        msrp = _ZH_MSRP.search(window)
        if msrp:
            return PriceBasis(kind="msrp", text=msrp.group(0))
        outside = _ZH_OUTSIDE.search(window)
        return PriceBasis(kind="outside", text=outside.group(0)) if outside else None
    store_en = _EN_STORE.search(window)
    if store_en:
        n = store_en.group("n")
        word = store_en.group("w") or store_en.group("w2") or ""
        days = int(n) if n else _WORD_DAYS.get(word.lower()) if word else 1
        return PriceBasis(kind="store_history", text=store_en.group(0).strip(), days=days)
    msrp_en = _EN_MSRP.search(window)
    if msrp_en:
        return PriceBasis(kind="msrp", text=msrp_en.group(0).strip())
    outside_en = _EN_OUTSIDE.search(window)
    return PriceBasis(kind="outside", text=outside_en.group(0)) if outside_en else None


_ZH_BASIS_AFTER = re.compile(r"[，,\s]?(?:这个价|这个|这)?(?:是|为|指的?是|就是)")
"""The basis told right after the price, as its own clause: 划线价129，是过去1个月真实在卖的价格."""


def _zh_basis_after(ntext: str, ref_end: int) -> re.Match[str] | None:
    lead = _ZH_BASIS_AFTER.match(ntext, ref_end)
    if lead is None:
        return None
    limit = min(len(ntext), lead.end() + BASIS_WINDOW)
    brk = ZH_CLAUSE_BREAK.search(ntext, lead.end(), limit)
    return _ZH_STORE.match(ntext, lead.end(), brk.start() if brk else limit)


def _zh_days(m: re.Match[str]) -> int | None:
    if m.group("n"):
        return int(m.group("n")) * _UNIT_DAYS.get(m.group("u") or "天", 1)
    if m.group("w"):
        return _WORD_DAYS.get(m.group("w"))
    return None


def describe_basis(basis: PriceBasis) -> str:
    days = f", {basis.days} days" if basis.days else ""
    return f"stated basis: {basis.text} ({basis.kind}{days})"


def check_price_basis(
    basis: PriceBasis, amount: Decimal, product: ProductContext
) -> tuple[Verdict, str]:
    """Does the catalog bear out the stated basis of a reference price?"""
    tolerance = max(Decimal("0.5"), amount * Decimal("0.02"))
    if basis.kind == "msrp":
        if product.msrp is None:
            return "unproven", "no manufacturer's suggested price in the catalog"
        if abs(product.msrp - amount) <= tolerance:
            return "confirmed", f"catalog MSRP {product.msrp}"
        return "contradicted", f"stated MSRP {amount}, catalog MSRP {product.msrp}"
    if basis.kind == "store_history":
        if not product.price_history:
            return "unproven", "no price history in the catalog"
        default = 7 if product.jurisdiction == Jurisdiction.CN else 30
        days = basis.days or default
        now = product.updated_at or max(p.at for p in product.price_history)
        since = now - timedelta(days=days)
        window = [p.price for p in product.price_history if since <= p.at <= now]
        if window and max(window) + tolerance >= amount:
            return "confirmed", f"charged up to {max(window)} in the {days} days on file"
        high = f"highest {max(window)}" if window else "no sales"
        return "contradicted", f"stated {amount} over {days} days, but {high} in that window"
    return "unproven", "another seller's price: not checkable against this catalog"
