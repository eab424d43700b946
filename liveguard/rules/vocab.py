"""A short list of the rule vocabulary, handed to Whisper as hotwords.

Whisper's hotwords go into the decoder prompt, which is short; a few high-value terms that
speech recognition tends to mishear (国家级, 最后N单…) help, a long list drowns the prompt.
"""

from __future__ import annotations

MAX_HOTWORDS = 30

_HOTWORDS: dict[str, tuple[str, ...]] = {
    "zh": (
        "国家级",
        "最佳",
        "最好",
        "第一",
        "唯一",
        "顶级",
        "全网最低",
        "史上最低",
        "原价",
        "到手价",
        "专柜价",
        "划线价",
        "打折",
        "出厂价",
        "跳楼价",
        "亏本",
        "最后几单",
        "仅剩",
        "限量",
        "手慢无",
        "马上下架",
        "倒计时",
        "错过再等一年",
        "治疗",
        "根治",
        "见效",
        "无副作用",
        "无效退款",
        "不反弹",
        "库存充足",
    ),
    "en": (
        "cure",
        "cures",
        "treats",
        "guaranteed",
        "100% effective",
        "no side effects",
        "FDA approved",
        "clinically proven",
        "number one",
        "best in the world",
        "only",
        "left",
        "sold out",
        "limited time",
        "ends in",
        "countdown",
        "hurry",
        "was",
        "now",
        "compare at",
        "regular price",
        "lowest price",
        "percent off",
        "half price",
    ),
}


def hotword_vocabulary(language: str) -> list[str]:
    """At most 30 terms for ``language`` (``zh`` or ``en``; anything else gets Chinese)."""
    return list(_HOTWORDS.get(language, _HOTWORDS["zh"])[:MAX_HOTWORDS])
