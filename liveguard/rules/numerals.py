"""Chinese numerals written in a pattern, read as the normaliser writes them.

Every pattern runs on the normalised text, and the normaliser writes a count or an amount in
digits: 过两年 is 过2年, 一百年 is 100年, 最后一天 is 最后1天. A pattern written with the numeral
(过两年, 用一百年都不坏) therefore matched typed text only where its other alternatives did, or
in sound (where 1 reads yi again) — and never for a rule whose sound match is not plausible.
Pack authors write Chinese as hosts say it; ``with_digits`` gives the engine each such pattern
with every run of characters that the normaliser would rewrite as an alternation of both forms,
so the pack stays readable and the text is matched as it is read.
"""

from __future__ import annotations

import re

from liveguard.rules.han import HAN
from liveguard.rules.normalize import normalize

_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")
_QUANTIFIER = "?*+{"


def with_digits(pattern: str) -> str | None:
    """``pattern`` with each Chinese run the normaliser would write otherwise (one holding a
    numeral) replaced by ``(?:as written|as normalised)``; None when there is none. Runs inside a
    character class or a lookbehind are left alone (a lookbehind must keep its width), and a
    run's last character stays outside the group when a quantifier follows it."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    behind = 0  # depth of open groups that are lookbehinds
    stack: list[bool] = []
    changed = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
        elif c == "(":
            is_behind = pattern.startswith("(?<=", i) or pattern.startswith("(?<!", i)
            stack.append(is_behind)
            behind += is_behind
        elif c == ")" and stack:
            behind -= stack.pop()
        if not HAN.match(c) or behind:
            out.append(c)
            i += 1
            continue
        j = i
        while j < n and HAN.match(pattern[j]):
            j += 1
        run_end = j - 1 if j < n and pattern[j] in _QUANTIFIER and j - i > 1 else j
        if j < n and pattern[j] in _QUANTIFIER and j - i == 1:
            run_end = i  # a single character under a quantifier: nothing to group
        run = pattern[i:run_end]
        read = normalize(run).text if run and _NUMERAL.search(run) else run
        if read != run:
            out.append(f"(?:{run}|{re.escape(read)})")
            changed = True
        else:
            out.append(run)
        out.append(pattern[run_end:j])
        i = j
    return "".join(out) if changed else None
