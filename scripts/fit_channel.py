"""Fit the ASR channel (training/asr_channel_zh.json) from our own real transcripts.

    python scripts/fit_channel.py [--out training/asr_channel_zh.json] [--top 25] [--spoken FILE...]

Reads only training/claims/zh_spoken*.tsv: each row is a real Whisper transcript of a written
training line and names that line (``file:line``), since batch 8 also of a spent blind set's line.
Never a sealed blind set or the audio benchmark's other sets.
Every (said, heard) pair is reduced to its ASR-style form (no punctuation), numeral runs that
Whisper wrote as digits are counted and rewritten as digits on the said side, and the two are
aligned character by character (Levenshtein edit operations, rapidfuzz). From the alignment:

- per said character seen at least ``MIN_SEEN`` times: how often it was kept, heard as each
  other character (outcomes seen at least ``MIN_OUTCOME`` times; rarer ones are pooled as
  ``backoff`` and drawn like its class changes, so one line's accident is not memorised),
  or dropped;
- per confusion-folded toneless syllable class (``soundalike.fuzzy_syllable`` of
  ``homophone.syllable``): heard as the same syllable, as another (and which), or dropped;
  ``*`` is every character together;
- what Whisper writes for each toneless syllable (the replacement pool), the insertion rate and
  the inserted characters;
- per numeral run (one numeral or several, and the character after it): how often Whisper
  wrote it as digits.

Deterministic: the same transcripts give a byte-identical table. ``liveguard.rules.augment.
ChannelNoiser`` applies it (training only).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.spoken_training import written_line  # noqa: E402
from liveguard.rules.augment import (  # noqa: E402
    CHANNEL_TABLE,
    NUMERAL_RUN,
    as_digits,
    asr_style,
    numeral_key,
)
from liveguard.rules.han import HAN  # noqa: E402
from liveguard.rules.homophone import syllable  # noqa: E402
from liveguard.rules.soundalike import fuzzy_syllable  # noqa: E402
from liveguard.transcribe.text import to_simplified  # noqa: E402

MIN_SEEN = 8
"""A character said fewer times than this uses its syllable class alone."""
MIN_OUTCOME = 2
"""A (said, heard) pair seen fewer times than this is pooled into the class back-off."""
MIN_NUMERAL = 5
"""A numeral context (run length, next character) seen fewer times falls back to its length."""


def read_pairs(paths: Iterable[Path]) -> list[tuple[str, str, str]]:
    """(said, heard, condition) for every transcript row that names its written line."""
    files: dict[Path, list[str]] = {}
    out: list[tuple[str, str, str]] = []
    for path in paths:
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.startswith("#") or raw.count("\t") < 3:
                continue
            _, heard, condition, ref = raw.split("\t")[:4]
            said = written_line(ref, files)
            if said is not None:
                out.append((said, heard.strip(), condition.strip()))
    return out


def _digit_form(said: str, heard: str, numerals: Counter[str], digits: Counter[str]) -> str:
    """The said line with the numeral runs Whisper wrote as digits rewritten as digits: a run
    counts as written in digits when rewriting it brings the line closer to what was heard."""
    out = said
    shift = 0
    for m in NUMERAL_RUN.finditer(said):
        key = numeral_key(said, m.start(), m.end())
        numerals[key] += 1
        written = as_digits(m.group())
        if written is None:
            continue
        start, end = m.start() + shift, m.end() + shift
        trial = out[:start] + written + out[end:]
        if Levenshtein.distance(trial, heard) < Levenshtein.distance(out, heard):
            digits[key] += 1
            out = trial
            shift += len(written) - len(m.group())
    return out


def fit(pairs: list[tuple[str, str, str]]) -> dict[str, Any]:
    said_n: Counter[str] = Counter()
    heard_as: dict[str, Counter[str]] = defaultdict(Counter)
    dropped: Counter[str] = Counter()
    inserted: Counter[str] = Counter()
    writes: dict[str, Counter[str]] = defaultdict(Counter)
    numerals: Counter[str] = Counter()
    digits: Counter[str] = Counter()
    per_condition: dict[str, Counter[str]] = defaultdict(Counter)
    for said_text, heard_text, condition in pairs:
        heard = asr_style(to_simplified(heard_text), "zh")
        said = _digit_form(asr_style(said_text, "zh"), heard, numerals, digits)
        for c in heard:
            if HAN.match(c):
                writes[syllable(c)][c] += 1
        stats = per_condition[condition]
        stats["chars"] += len(said)
        for op in Levenshtein.editops(said, heard):
            stats[op.tag] += 1
            if op.tag == "insert":
                inserted[heard[op.dest_pos]] += 1
            elif op.tag == "delete":
                dropped[said[op.src_pos]] += 1
            else:
                heard_as[said[op.src_pos]][heard[op.dest_pos]] += 1
        for c in said:
            said_n[c] += 1
    han = [c for c in said_n if HAN.match(c)]
    classes: dict[str, Counter[str]] = defaultdict(Counter)
    targets: dict[str, Counter[str]] = defaultdict(Counter)
    for c in han:
        sound = syllable(c)
        for key in (fuzzy_syllable(sound), "*"):
            classes[key]["n"] += said_n[c]
            classes[key]["delete"] += dropped[c]
            for h, k in heard_as[c].items():
                if HAN.match(h) and syllable(h) == sound:
                    classes[key]["same"] += k
                else:
                    classes[key]["other"] += k
                    if HAN.match(h):
                        targets[key][syllable(h)] += k
    chars: dict[str, Any] = {}
    for c in sorted(han):
        if said_n[c] < MIN_SEEN:
            continue
        # a numeral heard as a digit is a run the digit step could not convert (十几 → 10几)
        numeral = NUMERAL_RUN.fullmatch(c) is not None
        kept = {
            h: k
            for h, k in sorted(heard_as[c].items())
            if k >= MIN_OUTCOME and not (numeral and h.isdigit())
        }
        chars[c] = {
            "n": said_n[c],
            "heard": kept,
            "delete": dropped[c],
            "backoff": sum(heard_as[c].values()) - sum(kept.values()),
        }
    han_said = sum(said_n[c] for c in han)
    total = Counter[str]()
    for stats in per_condition.values():
        total.update(stats)
    digit_table = {
        k: [numerals[k], digits[k]] for k in sorted(numerals) if numerals[k] >= MIN_NUMERAL
    }
    for length in ("1", "+"):
        keys = [k for k in numerals if k[0] == length]
        digit_table[length] = [sum(numerals[k] for k in keys), sum(digits[k] for k in keys)]
    return {
        "fitted_from": "training/claims/zh_spoken*.tsv (scripts/fit_channel.py)",
        "pairs": len(pairs),
        "rates": {
            "substitute": round(total["replace"] / max(total["chars"], 1), 4),
            "delete": round(total["delete"] / max(total["chars"], 1), 4),
            "insert": round(
                sum(inserted[c] for c in inserted if HAN.match(c)) / max(han_said, 1), 4
            ),
        },
        "per_condition": {
            cond: {
                "chars": s["chars"],
                "cer": round((s["replace"] + s["delete"] + s["insert"]) / max(s["chars"], 1), 4),
            }
            for cond, s in sorted(per_condition.items())
        },
        "chars": chars,
        "classes": {
            key: {
                "n": s["n"],
                "same": s["same"],
                "other": s["other"],
                "delete": s["delete"],
                "targets": dict(targets[key].most_common(12)),
            }
            for key, s in sorted(classes.items())
        },
        "writes": {
            sound: dict(sorted(counts.most_common(12))) for sound, counts in sorted(writes.items())
        },
        "insert": {c: k for c, k in sorted(inserted.items()) if HAN.match(c) and k >= MIN_OUTCOME},
        "digits": digit_table,
    }


def summary(table: dict[str, Any], top: int) -> str:
    """The top confusions of the table, for docs/transcribe.md."""
    subs = Counter(
        {(c, h): k for c, row in table["chars"].items() for h, k in row["heard"].items()}
    )
    drops = Counter({c: row["delete"] for c, row in table["chars"].items()})
    inserted = Counter(table["insert"])
    every = table["classes"]["*"]
    lines = [
        f"{table['pairs']} pairs; per said character: substituted {table['rates']['substitute']:.3f}, "
        f"dropped {table['rates']['delete']:.3f}; inserted per Han character "
        f"{table['rates']['insert']:.3f}; Han substitutions to the same toneless syllable "
        f"{every['same']} of {every['same'] + every['other']}",
        "CER by condition: "
        + ", ".join(
            f"{k} {v['cer']:.3f} ({v['chars']} chars)" for k, v in table["per_condition"].items()
        ),
        "substitutions: " + ", ".join(f"{a}→{b} {k}" for (a, b), k in subs.most_common(top)),
        "dropped: " + ", ".join(f"{a} {k}" for a, k in drops.most_common(top)),
        "inserted: " + ", ".join(f"{a} {k}" for a, k in inserted.most_common(top)),
        "written as digits (said / as digits): "
        + ", ".join(
            f"{k} {v[0]}/{v[1]}"
            for k, v in sorted(table["digits"].items(), key=lambda kv: -kv[1][0])[:top]
        ),
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--spoken",
        type=Path,
        nargs="+",
        default=[ROOT / "training" / "claims"],
        help="transcript files, or folders of zh_spoken*.tsv (a held-out check fits on a part)",
    )
    parser.add_argument("--out", type=Path, default=CHANNEL_TABLE)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    paths = sorted(
        path
        for given in args.spoken
        for path in (given.glob("zh_spoken*.tsv") if given.is_dir() else [given])
        if "blind" not in path.name
    )
    table = fit(read_pairs(paths))
    args.out.write_text(
        json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8"
    )
    print(summary(table, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
