"""Clause-final particles a recogniser heard as fuller syllables, put back before the rules and
the learned heads read a transcript.

Whisper base writes the unstressed 了 (le) that ends a Chinese clause as a syllable with a
nasal or a rounder vowel (冷 leng, 轮 lun, 能 neng, 领 ling, 门 men). That 了 is where a
scarcity claim ends (卖完了, 就没了, 不多了) and a price one turns (涨了), so 没地儿坐冷 or 见不着门
read as no claim. Only Chinese transcripts are touched, and only where a rule or a head reads
them (``RuleEngine.analyse`` and ``LearnedDetector`` with ``speech``); a finding quotes what was
transcribed.
"""

from __future__ import annotations

import re

from liveguard.rules.han import HAN
from liveguard.rules.soundform import common_word

HEARD_AS_LE = frozenset("冷轮能门领龙论灵楼类狼泪林凌")
"""What Whisper base writes for a clause-final 了 (le) it heard as a fuller syllable. On the
spoken blind41–49 sets (5,040 clips) 了 was said 2,570 times and written as one of these 263
times (轮 57, 冷 53, 能 40, 领 26, 门 25 …) — and the 了 is where a Chinese scarcity claim ends
(卖完了, 就没了, 不多了, 涨了): 没地儿坐冷, 不让卖领, 见不着门 read as no claim at all."""
_COUNT = frozenset("一二三四五六七八九十两几百千万号")
"""Before these it is a floor or a count (四楼, 3号楼), not a particle."""
_CLAUSE_END = re.compile(r"[，。！？、,.!?;；\s]")


def restore_final_le(text: str) -> str:
    """``text`` with each clause-final character of ``HEARD_AS_LE`` that follows a Chinese
    character rewritten to 了 (same length, so offsets hold). Left alone where it ends a common
    word with what precedes it (上门, 一楼, 技能, 评论: said, not misheard) or follows no Chinese
    character (an answer "能，" after a question) or a numeral (四楼). On those clips it restores
    148 of the 263 (the rest stand inside a clause) and touches 53 other characters, most of them
    another particle (的, 呢, 里, 喽) the heads read alike."""
    chars = list(text)
    for i in range(1, len(chars)):
        ch = chars[i]
        if ch not in HEARD_AS_LE or not HAN.match(chars[i - 1]) or chars[i - 1] in _COUNT:
            continue
        if i + 1 < len(chars) and not _CLAUSE_END.match(chars[i + 1]):
            continue
        if common_word(text[i - 1 : i + 1]) or (i >= 2 and common_word(text[i - 2 : i + 1])):
            continue
        chars[i] = "了"
    return "".join(chars)
