"""What counts as a Chinese character, defined once for every module that asks.

The sound index, the transcript repairs, the numeral reader, the script-language guess and the
augmenter all test "is this a Chinese character"; when each wrote its own range, one module
could widen it (to Extension A, say) and the others would silently disagree about which
characters have a sound or which script a line is in. Pinyin and the rule packs cover the
unified block (U+4E00–U+9FFF), so that is ``HAN``; the normaliser alone also folds
Extension A (``HAN_EXTENDED``), because a rare traditional form there still converts to a
simplified character a pattern can match.
"""

from __future__ import annotations

import re

_FIRST, _LAST = "\u4e00", "\u9fff"
"""The unified block's ends: every name below is read from them."""
_EXTENSION_A_FIRST = "\u3400"

HAN_RANGE = f"{_FIRST}-{_LAST}"
"""The range as a character-class body, for patterns that embed it (``[{HAN_RANGE}]{2,4}``)."""

HAN = re.compile(f"[{HAN_RANGE}]")
HAN_RUN = re.compile(f"[{HAN_RANGE}]+")
HAN_EXTENDED = re.compile(f"[{_EXTENSION_A_FIRST}-{_LAST}]")


def is_han(ch: str) -> bool:
    """True for one character of the unified block (the characters that have a syllable)."""
    return _FIRST <= ch <= _LAST
