"""The audio benchmark: the same labelled lines checked as text and as speech.

    .venv/bin/python bench/audio_bench.py [--sets lines_zh,compliant_homophones_zh]
        [--variants clean,music,fast,phone] [--out bench/results/audio.md] [--show-errors]
    .venv/bin/python bench/audio_bench.py --confusions     # top character/syllable confusions
    .venv/bin/python bench/audio_bench.py --sets dev_examples_zh    # the tuning set (rule examples)
    [--detection rules,combined]    # rules alone and rules + learned detection (default: both)

The clips are made by ``scripts/make_fixtures.py --bench bench/audio/<set>.tsv`` (one Opus file
per set and variant, with a JSON index of every line's time span and labels). Each file is one
stream through the project's own transcriber (VAD cutter + shared recogniser, the code
``liveguard scan`` runs); every recognised segment goes to the line its time span overlaps most,
and each line's segments are checked by a fresh ``StreamChecker``, as ``scan`` would. The text
path checks the written line with ``check_script(per_line=True)``, as ``liveguard check --lines``.

Transcripts are cached in bench/audio/transcripts/ keyed by the audio's sha256, the decoding
options and the model version, so re-scoring after a rule change never re-runs Whisper; the
cache records the CPU seconds each transcription cost, so the decoding sweep
(bench/decode_sweep.py) can report cost from the cache too.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liveguard.rules import RulesOptions

ROOT = Path(__file__).resolve().parent.parent
AUDIO = ROOT / "bench" / "audio"
CLIPS = AUDIO / "clips"
CACHE = AUDIO / "transcripts"
FAMILIES = ("efficacy", "scarcity", "price")
DEFAULT_SETS = ("lines_zh", "compliant_homophones_zh")
VARIANTS = ("clean", "music", "fast", "phone")


@dataclass(frozen=True)
class Line:
    """One labelled line as spoken in one variant, with what the recogniser heard."""

    set: str
    variant: str
    id: int
    text: str
    gold: frozenset[str]
    part: str
    notes: tuple[str, ...]
    t_start: float
    t_end: float
    segments: tuple[dict[str, Any], ...] = ()

    @property
    def heard(self) -> str:
        return "".join(s["text"] for s in self.segments)


# -- transcription with a cache ----------------------------------------------------------------
_ADDED_LATER: dict[str, Any] = {
    "temperatures": [],
    "condition_on_previous_text": False,
    "repetition_penalty": 1.0,
    "no_repeat_ngram_size": 0,
    "collapse_loops": False,
    "retry_window_s": 30.0,
    "alternatives": 0,
}
"""Options added after the first run; left out of the key at their defaults so the first
run's cached transcripts (made before they existed, i.e. with these defaults) stay valid."""


_REMOVED = {"keep_audio_s": 30.0}
"""Options removed since (the cutter no longer keeps clip audio; it never changed what was
heard); kept in the key at the value every earlier run used, so cached transcripts stay valid."""


def options_key(options: Any, model_version: str) -> str:
    fields = {**_REMOVED, **dataclasses.asdict(options)}
    for name, default in _ADDED_LATER.items():
        value = fields.get(name)
        if isinstance(value, (list, tuple)):
            value = list(value)
        if value == default:
            fields.pop(name, None)
    raw = json.dumps({"options": fields, "model": model_version}, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def cache_path(audio: Path, options: Any, model_version: str) -> Path:
    return CACHE / f"{audio.stem}-{file_sha(audio)}-{options_key(options, model_version)}.json"


def other_transcripts(audio: Path, options: Any, model_version: str) -> list[Path]:
    """Transcripts of this very audio cached under other options or another model. A set
    spoken before the options last changed has only those, and re-transcribing it costs about
    six minutes a set of 550 clips on this box: worth a word before it starts."""
    current = cache_path(audio, options, model_version)
    return sorted(p for p in CACHE.glob(f"{audio.stem}-{file_sha(audio)}-*.json") if p != current)


def transcribe_cached(
    audio: Path, options: Any, *, recognizer_for: Callable[[Any], Any]
) -> dict[str, Any]:
    """Segments of ``audio`` under ``options`` (Segment JSON dicts) and the CPU seconds spent;
    from the cache when this audio and these options were transcribed before."""
    from liveguard.transcribe.model import BUNDLED_VERSION
    from liveguard.transcribe.text import normalise

    path = cache_path(audio, options, BUNDLED_VERSION)
    if path.is_file():
        cached: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        # the recogniser's clean-up as it is today (it is idempotent): a transcript cached
        # before a clean-up step existed reads as the pipeline would write it now
        for seg in cached["segments"]:
            seg["text"] = normalise(seg["text"], options.language)
        return cached
    from liveguard.pipeline.scan import scan_file

    others = other_transcripts(audio, options, BUNDLED_VERSION)
    if others:
        print(
            f"note: {audio.name} has no transcript under these options ({path.name}); "
            f"{len(others)} under other options or models ({others[0].name}); transcribing again",
            file=sys.stderr,
        )
    processor = recognizer_for(options)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    segments = [
        item.model_dump(mode="json")
        for kind, item in scan_file(str(audio), processor)
        if kind == "segment"
    ]
    result = {
        "audio": audio.name,
        "options": dataclasses.asdict(options),
        "model_version": BUNDLED_VERSION,
        "cpu_s": round(time.process_time() - cpu0, 2),
        "wall_s": round(time.perf_counter() - wall0, 2),
        "segments": segments,
    }
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return result


class Recognizers:
    """One model, one ``liveguard scan`` processor per set of options (built lazily: a cached
    run needs none)."""

    def __init__(self) -> None:
        self._by_key: dict[str, Any] = {}

    def __call__(self, options: Any) -> Any:
        from liveguard.pipeline.worker_components import build_processor, real_components
        from liveguard.settings import get_settings

        key = json.dumps(dataclasses.asdict(options), sort_keys=True)
        if key not in self._by_key:
            settings = get_settings()
            parts = real_components(settings, options=options)
            self._by_key[key] = build_processor(parts, settings, keep_clips=False)
        return self._by_key[key]


def assign(
    index: list[dict[str, Any]], segments: Sequence[dict[str, Any]]
) -> list[list[dict[str, Any]]]:
    """Each segment to the indexed line its time span overlaps most (none if it overlaps none)."""
    out: list[list[dict[str, Any]]] = [[] for _ in index]
    for seg in segments:
        best, best_overlap = None, 0.0
        for i, line in enumerate(index):
            overlap = min(seg["t_end"], line["t_end"]) - max(seg["t_start"], line["t_start"])
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            out[best].append(seg)
    return out


def load_lines(
    sets: Iterable[str], variants: Iterable[str], options: Any, recognizers: Recognizers
) -> list[Line]:
    lines: list[Line] = []
    for name in sets:
        for variant in variants:
            index_path = CLIPS / f"{name}_{variant}.json"
            if not index_path.is_file():
                continue
            index = json.loads(index_path.read_text(encoding="utf-8"))
            tr = transcribe_cached(CLIPS / index["file"], options, recognizer_for=recognizers)
            lines.extend(index_lines(name, variant, index["lines"], tr["segments"]))
    return lines


def index_lines(
    name: str, variant: str, index: list[dict[str, Any]], segments: Sequence[dict[str, Any]]
) -> list[Line]:
    """The indexed lines of one clip, each with the recognised segments that fall on it."""
    return [
        Line(
            set=name,
            variant=variant,
            id=int(item["id"]),
            text=item["text"],
            gold=frozenset(item["families"]),
            part=item.get("part", ""),
            notes=tuple(item.get("notes", ())),
            t_start=float(item["t_start"]),
            t_end=float(item["t_end"]),
            segments=tuple(segs),
        )
        for item, segs in zip(index, assign(index, segments), strict=True)
    ]


# -- checking ----------------------------------------------------------------------------------
DETECTION = ("rules", "combined")
"""Rules alone, and rules plus learned claim detection (#12, on by default in scan/worker/check).
One pass with learned detection on gives both: the learned heads only add findings where no
rule matched, so the rule findings are the same as with it off."""


@dataclass(frozen=True)
class Found:
    """Families flagged by the rules, and by rules and learned detection together."""

    rules: frozenset[str]
    combined: frozenset[str]

    def by(self, detection: str) -> frozenset[str]:
        return self.rules if detection == "rules" else self.combined


def _found(findings: Iterable[Any]) -> Found:
    rules: set[str] = set()
    combined: set[str] = set()
    for f in findings:
        combined.add(f.family.value)
        if f.detector.value == "rules":
            rules.add(f.family.value)
    return Found(frozenset(rules), frozenset(combined))


@functools.cache
def rules_options() -> RulesOptions:
    """The rules' options as ``liveguard scan`` builds them (from the settings), so the text
    path, the audio path and the scan processor judge with the same engine."""
    from liveguard.rules import RulesOptions
    from liveguard.settings import get_settings

    return RulesOptions.from_settings(get_settings())


@functools.cache
def speech_options() -> RulesOptions:
    """The options a transcript is judged with: the speech operating point, as scan's and the
    worker's checkers use it."""
    return rules_options().with_(speech=True)


def text_found(text: str, learned: bool = True) -> Found:
    from liveguard.rules import check_script

    found = check_script(
        text, language="zh", per_line=True, learned=learned, options=rules_options()
    )
    return _found(sf.finding for sf in found)


def text_families(text: str) -> frozenset[str]:
    return text_found(text, learned=False).rules


def audio_findings(line: Line, learned: bool = True) -> list[Any]:
    """What ``scan`` would report for this line: its segments through a fresh stream checker."""
    from liveguard.contracts import Segment
    from liveguard.pipeline.processor import checkable
    from liveguard.rules import StreamChecker

    checker = StreamChecker("zh", learned=learned, options=speech_options())
    findings: list[Any] = []
    for raw in line.segments:
        seg = Segment.model_validate(raw)
        if not checkable(seg):
            continue
        findings.extend(checker.check(seg))
    return findings


def audio_found(line: Line, learned: bool = True) -> Found:
    """The families ``scan`` would flag for this line (``audio_findings``)."""
    return _found(audio_findings(line, learned))


def audio_families(line: Line) -> frozenset[str]:
    return audio_found(line, learned=False).rules


def prf(pairs: Sequence[tuple[frozenset[str], frozenset[str]]]) -> dict[str, Any]:
    per: dict[str, dict[str, float]] = {}
    for fam in FAMILIES:
        tp = sum(1 for g, p in pairs if fam in g and fam in p)
        fp = sum(1 for g, p in pairs if fam not in g and fam in p)
        fn = sum(1 for g, p in pairs if fam in g and fam not in p)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[fam] = {"tp": tp, "fp": fp, "fn": fn, "p": prec, "r": rec, "f1": f1}
    return {
        "per": per,
        "macro_f1": sum(v["f1"] for v in per.values()) / len(FAMILIES),
        "clean_flagged": sum(1 for g, p in pairs if not g and p),
        "clean_total": sum(1 for g, _ in pairs if not g),
        "n": len(pairs),
    }


def cer(lines: Sequence[Line]) -> float:
    """Corpus CER: total edits over total reference characters (numerals compared as digits)."""
    from rapidfuzz.distance import Levenshtein

    from liveguard.transcribe.metrics import cn_digits, comparable

    edits = chars = 0
    for line in lines:
        ref, hyp = comparable(cn_digits(line.text)), comparable(cn_digits(line.heard))
        edits += Levenshtein.distance(ref, hyp)
        chars += len(ref)
    return edits / chars if chars else 0.0


def family_table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    out = [
        "| path / subset | lines | macro-F1 | "
        + " | ".join(f"{f} P / R / F1" for f in FAMILIES)
        + " | compliant flagged |",
        "|---|---|---|" + "---|" * len(FAMILIES) + "---|",
    ]
    for title, r in rows:
        cells = " | ".join(
            f"{r['per'][f]['p']:.2f} / {r['per'][f]['r']:.2f} / {r['per'][f]['f1']:.2f}"
            for f in FAMILIES
        )
        out.append(
            f"| {title} | {r['n']} | {r['macro_f1']:.3f} | {cells} | "
            f"{r['clean_flagged']} of {r['clean_total']} |"
        )
    return "\n".join(out) + "\n"


def report(lines: list[Line], show_errors: bool, detections: Sequence[str] = ("rules",)) -> str:
    learned = "combined" in detections
    text_pred = {t: text_found(t, learned) for t in {line.text for line in lines}}
    audio_pred = [audio_found(line, learned) for line in lines]
    rows: list[tuple[str, dict[str, Any]]] = []

    def subset(title: str, set_: str = "", part: str = "", variant: str = "") -> None:
        def keep(ln: Line) -> bool:
            return (
                (not set_ or ln.set == set_)
                and (not part or ln.part == part)
                and (not variant or ln.variant == variant)
            )

        chosen = [(line, ap) for line, ap in zip(lines, audio_pred, strict=True) if keep(line)]
        if not chosen:
            return
        # the text path sees each written line once, the audio path each clip
        seen: dict[tuple[str, int], Line] = {(ln.set, ln.id): ln for ln, _ in chosen}
        for det in detections:
            tag = f" [{det}]" if len(detections) > 1 else ""
            rows.append(
                (
                    f"text{tag}: {title}",
                    prf([(ln.gold, text_pred[ln.text].by(det)) for ln in seen.values()]),
                )
            )
            rows.append((f"audio{tag}: {title}", prf([(ln.gold, ap.by(det)) for ln, ap in chosen])))

    sets = sorted({line.set for line in lines})
    for name in sets:
        subset(f"{name} (all)", set_=name)
        for part in sorted({ln.part for ln in lines if ln.set == name and ln.part}):
            subset(f"{name} {part}", set_=name, part=part)
    for variant in VARIANTS:
        subset(f"all sets, {variant} only", variant=variant)
    cer_rows = [
        f"| {variant} | {sum(1 for ln in lines if ln.variant == variant)} | "
        f"{cer([ln for ln in lines if ln.variant == variant]):.3f} |"
        for variant in VARIANTS
        if any(ln.variant == variant for ln in lines)
    ]
    parts = [
        family_table(rows),
        "| variant | clips | CER |",
        "|---|---|---|",
        *cer_rows,
        f"| all | {len(lines)} | {cer(lines):.3f} |",
        "",
    ]
    if show_errors:
        for line, found in zip(lines, audio_pred, strict=True):
            ap, tp = found.by(detections[-1]), text_pred[line.text].by(detections[-1])
            if ap != line.gold or tp != line.gold:
                print(
                    f"{line.set}/{line.variant}#{line.id}\tgold={','.join(sorted(line.gold)) or '-'}"
                    f"\ttext={','.join(sorted(tp)) or '-'}\taudio={','.join(sorted(ap)) or '-'}"
                    f"\t{line.text}\t=> {line.heard}",
                    file=sys.stderr,
                )
    return "\n".join(parts)


# -- sessions: stream tricks ------------------------------------------------------------------
TRICK_RULES = {
    "last_n_repeat": {"ZH-SCA-REPEAT-LAST-N", "ZH-SCA-RESTOCK"},
    "countdown_restart": {"ZH-SCA-COUNTDOWN-RESTART"},
    "price_contradiction": {"ZH-PRI-CONTRADICTION"},
}


def session_tricks(tsv: Path) -> list[tuple[str, list[int]]]:
    """``# trick: NAME 7,18,29`` comments: the trick and the 1-based lines it spans."""
    out = []
    for raw in tsv.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*trick:\s*(\w+)\s+([\d,\s]+)$", raw.strip())
        if m:
            out.append((m.group(1), [int(x) for x in re.split(r"[,\s]+", m.group(2)) if x]))
    return out


def sessions(options: Any, recognizers: Recognizers) -> str:
    """Each session once as text (one script) and as audio (one stream per variant on disk:
    clean, and the telephone / music copies of ``make_fixtures.py --degrade-session``): which
    tricks a stream finding catches on a line of the trick after its first."""
    from liveguard.contracts import Segment
    from liveguard.pipeline.processor import checkable
    from liveguard.rules import StreamChecker, check_script

    rows = [
        "| session | variant | trick | lines | text path | audio path |",
        "|---|---|---|---|---|---|",
    ]
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for tsv in sorted((AUDIO / "sessions").glob("*.tsv")):
        for variant in VARIANTS:
            index_path = CLIPS / f"{tsv.stem}_{variant}.json"
            if not index_path.is_file():
                continue
            index = json.loads(index_path.read_text(encoding="utf-8"))
            spoken = [item["text"] for item in index["lines"]]
            text_hits: dict[str, set[int]] = {}
            for sf in check_script("\n".join(spoken), language="zh", options=rules_options()):
                text_hits.setdefault(sf.finding.rule_id, set()).add(sf.line)
            tr = transcribe_cached(CLIPS / index["file"], options, recognizer_for=recognizers)
            checker = StreamChecker("zh", options=speech_options())
            audio_hits: dict[str, set[int]] = {}
            per_line = assign(index["lines"], tr["segments"])
            for number, segs in enumerate(per_line, start=1):
                for raw in segs:
                    seg = Segment.model_validate(raw)
                    if not checkable(seg):
                        continue
                    for f in checker.check(seg):
                        audio_hits.setdefault(f.rule_id, set()).add(number)
            for trick, trick_lines in session_tricks(tsv):
                later = set(trick_lines[1:])
                rules = TRICK_RULES.get(trick, set())
                in_text = any(later & text_hits.get(r, set()) for r in rules)
                in_audio = any(later & audio_hits.get(r, set()) for r in rules)
                total[variant] += 1
                found["text"] += in_text if variant == "clean" else 0
                found[variant] += in_audio
                rows.append(
                    f"| {tsv.stem} | {variant} | {trick} | {','.join(map(str, trick_lines))} | "
                    f"{'found' if in_text else 'missed'} | {'found' if in_audio else 'missed'} |"
                )
    for variant in VARIANTS:
        if total[variant]:
            text = f"{found['text']} of {total['clean']}" if variant == "clean" else ""
            rows.append(f"| all | {variant} | | | {text} | {found[variant]} of {total[variant]} |")
    return "\n".join(rows) + "\n"


# -- confusions --------------------------------------------------------------------------------
def confusions(lines: Sequence[Line], top: int = 40) -> str:
    """Character substitutions between what was said and what was heard, aligned by edit
    operations, and the same counted as toneless syllable pairs and as initial/final pairs."""
    from rapidfuzz.distance import Levenshtein

    from liveguard.rules.homophone import split_syllable, syllable
    from liveguard.transcribe.metrics import cn_digits, comparable

    chars: Counter[tuple[str, str]] = Counter()
    sylls: Counter[tuple[str, str]] = Counter()
    parts: Counter[tuple[str, str, str]] = Counter()
    same_sound = subs = dropped = inserted = 0
    for line in lines:
        ref, hyp = comparable(cn_digits(line.text)), comparable(cn_digits(line.heard))
        for op in Levenshtein.editops(ref, hyp):
            if op.tag == "delete":
                dropped += 1
                continue
            if op.tag == "insert":
                inserted += 1
                continue
            a, b = ref[op.src_pos], hyp[op.dest_pos]
            subs += 1
            chars[(a, b)] += 1
            sa, sb = syllable(a), syllable(b)
            if sa == sb:
                same_sound += 1
                continue
            sylls[(sa, sb)] += 1
            (ia, fa), (ib, fb) = split_syllable(sa), split_syllable(sb)
            if ia != ib and fa == fb:
                parts[("initial", ia or "∅", ib or "∅")] += 1
            elif fa != fb and ia == ib:
                parts[("final", fa, fb)] += 1
            else:
                parts[("both", sa, sb)] += 1
    out = [
        f"Substitutions {subs} (same toneless syllable: {same_sound}), dropped {dropped}, "
        f"inserted {inserted} characters.",
        "",
        "| said → heard (characters) | n |",
        "|---|---|",
        *(f"| {a} → {b} | {n} |" for (a, b), n in chars.most_common(top)),
        "",
        "| said → heard (syllables, different sound) | n |",
        "|---|---|",
        *(f"| {a} → {b} | {n} |" for (a, b), n in sylls.most_common(top)),
        "",
        "| kind | said → heard | n |",
        "|---|---|---|",
        *(f"| {k} | {a} → {b} | {n} |" for (k, a, b), n in parts.most_common(top)),
        "",
    ]
    return "\n".join(out)


def _commit(path: Path) -> str:
    import subprocess

    out = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(path), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def shipped_options() -> Any:
    """The options ``liveguard scan`` uses on a recording: the settings as scan reads them
    (``recording_settings``: the longer silence that ends an utterance), plus the rule
    vocabulary as hotwords."""
    from liveguard.pipeline.scan import recording_settings
    from liveguard.rules import hotword_vocabulary
    from liveguard.settings import get_settings
    from liveguard.transcribe import TranscribeOptions

    return TranscribeOptions.from_settings(
        recording_settings(get_settings(), realtime=False),
        language="zh",
        vocabulary=hotword_vocabulary("zh"),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS))
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--confusions", action="store_true")
    parser.add_argument("--transcribe-only", action="store_true")
    parser.add_argument(
        "--detection",
        default="rules,combined",
        help="rules (rules alone), combined (rules + learned claim detection), or both",
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change one TranscribeOptions field for this run (e.g. repetition_penalty=1.1)",
    )
    args = parser.parse_args(argv)
    options = shipped_options()
    for item in args.option:
        name, _, raw = item.partition("=")
        current = getattr(options, name)
        value = raw.lower() in ("1", "true", "yes") if isinstance(current, bool) else raw
        options = options.with_(**{name: type(current)(value) if current is not None else raw})
    started = time.perf_counter()
    recognizers = Recognizers()
    lines = load_lines(args.sets.split(","), args.variants.split(","), options, recognizers)
    if args.transcribe_only:
        print(f"{len(lines)} clips transcribed or cached in {time.perf_counter() - started:.0f} s")
        return 0
    if args.confusions:
        text = confusions(lines)
    else:
        detections = [d for d in DETECTION if d in args.detection.split(",")]
        text = report(lines, args.show_errors, detections or ["rules"])
        if (AUDIO / "sessions").is_dir():
            text += "\nStream tricks in the long sessions:\n\n" + sessions(options, recognizers)
    import liveguard

    code = Path(liveguard.__file__).resolve().parent.parent
    text += (
        f"\n_{len(lines)} clips; {time.perf_counter() - started:.1f} s for the run; "
        f"code under test: {code} ({_commit(code)})._\n"
    )
    emit(text, args.out)
    return 0


def emit(text: str, out: Path | None) -> None:
    """Print a report and, when asked, write it to ``out`` too."""
    print(text)
    if out:
        out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
