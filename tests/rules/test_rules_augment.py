"""The ASR channel: fitted from our own transcripts (scripts/fit_channel.py) and applied to
written training lines (``augment.ChannelNoiser``) deterministically, at the measured rates."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from liveguard.rules.augment import CHANNEL_TABLE, ChannelNoiser, asr_style
from liveguard.rules.han import HAN
from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> Any:
    return load_script(name)


def _written(n: int) -> list[str]:
    lines: list[str] = []
    for path in sorted((ROOT / "training" / "claims").glob("zh_written*.tsv")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if "\t" in raw and not raw.startswith("#"):
                lines.append(asr_style(raw.split("\t", 1)[1], "zh"))
    return lines[:n]


def _tiny_table() -> dict[str, Any]:
    """Half of every 的 heard as 等, nothing else changes; runs before 块 always in digits."""
    quiet = {"n": 10, "same": 0, "other": 0, "delete": 0, "targets": {}}
    return {
        "chars": {"的": {"n": 10, "heard": {"等": 5}, "delete": 0, "backoff": 0}},
        "classes": {"*": quiet},
        "writes": {},
        "insert": {},
        "rates": {"insert": 0.0},
        "digits": {"+块": [10, 10], "1": [10, 0], "+": [10, 0]},
    }


def test_channel_noise_is_deterministic_per_seed() -> None:
    noiser = ChannelNoiser.load()
    lines = _written(200)
    first = [noiser.noise(t, random.Random(7)) for t in lines]
    again = [noiser.noise(t, random.Random(7)) for t in lines]
    other = [noiser.noise(t, random.Random(8)) for t in lines]
    assert first == again
    assert first != other
    assert sum(a != t for a, t in zip(first, lines, strict=True)) > 100  # it does change lines


def test_channel_noise_changes_about_the_measured_share_of_characters() -> None:
    table = json.loads(CHANNEL_TABLE.read_text(encoding="utf-8"))
    measured = table["rates"]["substitute"] + table["rates"]["delete"]
    noiser = ChannelNoiser(table)
    lines = ["".join(c for c in t if HAN.match(c)) for t in _written(600)]  # no digits step

    def share(channel: ChannelNoiser) -> float:
        rng = random.Random(3)
        edits = sum(Levenshtein.distance(t, channel.noise(t, rng)) for t in lines)
        return edits / sum(len(t) for t in lines)

    assert 0.6 * measured < share(noiser) < 1.4 * measured
    assert share(ChannelNoiser(table, scale=2.0)) > 1.5 * share(noiser)  # the scale knob


def test_channel_follows_its_table_and_keeps_non_han_text() -> None:
    noiser = ChannelNoiser(_tiny_table())
    rng = random.Random(11)
    heard = [noiser.noise("我的", rng) for _ in range(400)]
    assert set(heard) == {"我的", "我等"}
    assert 150 < heard.count("我等") < 250
    assert noiser.noise("三百九十九块", rng) == "399块"  # before 块: always digits here
    assert noiser.noise("三百九十九", rng) == "三百九十九"  # elsewhere never
    real = ChannelNoiser.load()
    for seed in range(20):
        out = real.noise("SPF50 PA+++ iPhone 15 Pro", random.Random(seed))
        assert out == asr_style("SPF50 PA+++ iPhone 15 Pro", "zh")
        mixed = real.noise("这款SPF50防晒霜iPhone可以用", random.Random(seed))
        assert "".join(c for c in mixed if not HAN.match(c)) == "SPF50iPhone"


def test_fit_counts_substitutions_deletions_insertions_and_digits() -> None:
    fc = _script("fit_channel")
    pairs = [("这个精华很好啊", "这个金华很好", "clean")] * 9
    pairs += [("只要三百九十九块", "只要399块", "phone")] * 6
    pairs += [("就剩一件", "就剩一件了", "clean")] * 9
    table = fc.fit(pairs)
    assert table["pairs"] == 24
    assert table["chars"]["精"] == {"n": 9, "heard": {"金": 9}, "delete": 0, "backoff": 0}
    assert table["chars"]["啊"]["delete"] == 9
    assert table["chars"]["华"]["heard"] == {}  # kept every time
    assert table["insert"] == {"了": 9}
    assert table["digits"]["+块"] == [6, 6]  # written as digits, so not a substitution
    assert "三" not in table["chars"]  # seen 6 times: below MIN_SEEN, its class stands in
    # 精 (jing) heard as 金 (jin): another syllable, in the class both fold to
    assert table["classes"]["jin"]["same"] == 0
    assert table["classes"]["jin"]["targets"] == {"jin": 9}
    assert table["writes"]["jin"] == {"金": 9}
    assert table["per_condition"]["phone"]["cer"] == 0.0
    assert json.dumps(fc.fit(pairs), sort_keys=True) == json.dumps(table, sort_keys=True)


def test_fit_reads_the_written_line_each_transcript_names(tmp_path: Path) -> None:
    fc = _script("fit_channel")
    written = ROOT / "training" / "claims" / "zh_written.tsv"
    number, said = next(
        (i, raw.split("\t", 1)[1])
        for i, raw in enumerate(written.read_text(encoding="utf-8").splitlines(), 1)
        if "\t" in raw and not raw.startswith("#")
    )
    spoken = tmp_path / "zh_spoken9.tsv"
    spoken.write_text(
        "# header\n"
        f"efficacy\t听到的文字\tmusic\ttraining/claims/zh_written.tsv:{number}\n"
        "-\t没有出处\tclean\tnowhere.tsv:3\n",
        encoding="utf-8",
    )
    assert fc.read_pairs([spoken]) == [(said.strip(), "听到的文字", "music")]


def test_a_transcript_reference_names_a_labelled_line_or_nothing(tmp_path: Path) -> None:
    from bench.spoken_training import written_line

    written = ROOT / "training" / "claims" / "zh_written.tsv"
    lines = written.read_text(encoding="utf-8").splitlines()
    number = next(i for i, raw in enumerate(lines, 1) if "\t" in raw and not raw.startswith("#"))
    comment = next(i for i, raw in enumerate(lines, 1) if "\t" not in raw)
    files: dict[Path, list[str]] = {}
    ref = "training/claims/zh_written.tsv"
    assert written_line(f"{ref}:{number}", files) == lines[number - 1].split("\t", 1)[1].strip()
    # line 0 would wrap round to the last line; a comment line has no labels; a missing file
    for bad in (f"{ref}:0", f"{ref}:{len(lines) + 1}", f"{ref}:{comment}", "nowhere.tsv:3", ref):
        assert written_line(bad, files) is None, bad


def test_training_joins_a_transcript_to_the_source_of_the_line_it_names(tmp_path: Path) -> None:
    tc = _script("train_claims")
    base = tc.load_sources("zh", ROOT / "training" / "claims")
    line = next(x for x in base if x.source.startswith("zh_written7"))
    written = ROOT / "training" / "claims" / "zh_written7.tsv"
    number = next(
        i
        for i, raw in enumerate(written.read_text(encoding="utf-8").splitlines(), 1)
        if raw.split("\t", 1)[-1].strip() == line.text
    )
    spoken = tmp_path / "zh_spoken9.tsv"
    spoken.write_text(
        f"efficacy\t完全不同的一句话\tclean\ttraining/claims/zh_written7.tsv:{number}\n",
        encoding="utf-8",
    )
    (heard,) = tc.read_spoken(spoken, base, "zh")
    assert (heard.source, heard.heard_from) == (line.source, line.text)


def test_training_reads_the_spent_blind_sets_and_never_a_sealed_one() -> None:
    tc = _script("train_claims")
    corpus = ROOT / "bench" / "corpus"
    for lang in ("zh", "en"):
        sources = {
            x.source.split(":")[0] for x in tc.load_sources(lang, ROOT / "training" / "claims")
        }
        blinds = sorted(corpus.glob(f"{lang}_indirect_blind*.tsv"))
        spent = {p.stem for p in blinds if tc.spent_blind(p)}
        sealed = {p.stem for p in blinds} - spent
        assert f"{lang}_indirect_blind{tc.SPENT_BLIND}" in spent <= sources
        assert sealed
        assert not sealed & sources


def test_the_stored_table_is_what_the_script_fits_from_the_transcripts() -> None:
    fc = _script("fit_channel")
    paths = sorted((ROOT / "training" / "claims").glob("zh_spoken*.tsv"))
    fitted = fc.fit(fc.read_pairs(paths))
    assert fitted == json.loads(CHANNEL_TABLE.read_text(encoding="utf-8"))


def test_augment_adds_channel_copies_and_keeps_the_homophone_ones() -> None:
    tc = _script("train_claims")
    base = [
        tc.Line(frozenset({"efficacy"}), t, f"zh_written:b{i:02d}")
        for i, t in enumerate(_written(60))
    ]
    homophone = tc.augment(base, "zh", noise="homophone")
    both = tc.augment(base, "zh", noise="both")
    channel = tc.augment(base, "zh", noise="channel")
    noisy = [c.text for c in homophone if c.variant == "noisy"]
    assert [c.text for c in both if c.variant == "noisy"] == noisy
    simulated = [(c.text, c.source) for c in channel if c.variant == "channel"]
    assert simulated == [(c.text, c.source) for c in both if c.variant == "channel"]
    assert len(simulated) > 40
    assert not any(c.variant == "noisy" for c in channel)
    # a line with real transcripts loses its channel copy; the others stay as they were
    fewer = tc.augment(base, "zh", noise="channel", heard=frozenset({base[0].text}))
    assert [(c.text, c.source) for c in fewer if c.variant == "channel"] == [
        s for s in simulated if s[1] != "zh_written:b00"
    ]
