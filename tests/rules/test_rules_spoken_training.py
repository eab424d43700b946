"""Spoken training batches (bench/spoken_training.py): each batch's draw is reproducible, so
the committed benchmark sets are exactly the lines ``select`` picks, and no line is spoken twice."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

# bench/ is a folder of scripts, not part of the package: put the checkout on the path, as the
# scripts themselves do, so this module collects in any order
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench import audio_bench as ab
from bench.spoken_training import (
    BATCHES,
    SPENT_BLIND_SETS,
    SRC_NOTE,
    select,
    spoken_texts,
    written_line,
)
from tests.support.scripts import load_script


def _committed(name: str) -> list[str]:
    """``FILE:LINE`` of every line of one committed benchmark set, in order."""
    lines = (ab.AUDIO / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    return [raw[len(f"# {SRC_NOTE}") :] for raw in lines if raw.startswith(f"# {SRC_NOTE}")]


def _blind(number: int) -> bool:
    """Whether a batch is a spent blind set's transcripts (from batch 8 on, all but the
    written rounds spoken later, which draw from their sources)."""
    return number >= 8 and not BATCHES[number].sources


def test_every_batch_draws_the_lines_its_committed_sets_hold() -> None:
    for batch in (b for b in BATCHES.values() if b.sources):
        chosen = [f"{source}:{number}" for source, number, _, _ in select(batch)]
        parts = len(batch.sets)
        for k, name in enumerate(batch.sets):
            assert _committed(name) == chosen[k::parts], (batch.number, name)


def test_batch_6_takes_half_from_the_new_writer_and_half_from_what_batch_5_left() -> None:
    batch = BATCHES[6]
    chosen = select(batch)
    by_file = Counter((source, labels == "-") for source, _, labels, _ in chosen)
    assert by_file[("zh_written10.tsv", False)] == by_file[("zh_written10.tsv", True)] == 150
    for compliant in (False, True):
        older = by_file[("zh_written8.tsv", compliant)] + by_file[("zh_written9.tsv", compliant)]
        assert older == 150
    texts = [text for _, _, _, text in chosen]
    assert len(set(texts)) == len(texts) == 600
    assert not set(texts) & spoken_texts(batch.excluded)
    assert set(batch.excluded) == {s for n, b in BATCHES.items() if n < 6 for s in b.sets}


def test_batch_7_takes_two_thirds_from_the_new_writer_and_a_third_from_what_batch_6_left() -> None:
    batch = BATCHES[7]
    chosen = select(batch)
    by_file = Counter((source, labels == "-") for source, _, labels, _ in chosen)
    assert by_file[("zh_written11.tsv", False)] == by_file[("zh_written11.tsv", True)] == 200
    assert by_file[("zh_written10.tsv", False)] == by_file[("zh_written10.tsv", True)] == 100
    texts = [text for _, _, _, text in chosen]
    assert len(set(texts)) == len(texts) == 600
    assert not set(texts) & spoken_texts(batch.excluded)
    assert set(batch.excluded) == {s for n, b in BATCHES.items() if n < 7 for s in b.sets}


@pytest.mark.parametrize(
    ("number", "least"),
    [(8, 4000), (9, 1000), *((n, 500) for n in range(10, max(BATCHES) + 1) if _blind(n))],
)
def test_batches_from_8_on_are_the_spent_blind_sets_each_transcript_joined_to_its_line(
    number: int, least: int
) -> None:
    """Batches 8 onwards draw nothing: they are the transcripts of the blind sets whose first
    run is recorded, each naming its line of the blind set, and never a line of a sealed set;
    together they are every spent set spoken."""
    spent = load_script("train_claims").spent_blind
    rows = [
        raw.split("\t")
        for raw in BATCHES[number].out.read_text(encoding="utf-8").splitlines()
        if raw and not raw.startswith("#")
    ]
    assert len(rows) > least
    spoken_blind = (BATCHES[n].sets for n in range(8, max(BATCHES) + 1) if _blind(n))
    assert sum(spoken_blind, ()) == SPENT_BLIND_SETS
    files: dict[Path, list[str]] = {}
    corpus = ab.ROOT / "bench" / "corpus"
    named: Counter[str] = Counter()
    for labels, _heard, _variant, ref in rows:
        path = ab.ROOT / ref.rpartition(":")[0]
        assert path.parent == corpus, ref
        assert spent(path), ref
        said = written_line(ref, files)
        assert said is not None, ref
        line_no = int(ref.rpartition(":")[2])
        gold = files[path][line_no - 1].split("\t", 1)[0]
        assert {x.strip() for x in gold.split(",")} == set(labels.split(",")), ref
        named[path.name] += 1
    assert set(named) == {
        f"zh_indirect_{name.removesuffix('_zh')}.tsv" for name in BATCHES[number].sets
    }


def test_a_clip_cached_only_under_other_options_is_named_before_it_is_transcribed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from liveguard.transcribe.model import BUNDLED_VERSION
    from liveguard.transcribe.options import TranscribeOptions

    monkeypatch.setattr(ab, "CACHE", tmp_path / "transcripts")
    audio = tmp_path / "blind99_zh_clean.opus"
    audio.write_bytes(b"not really audio")
    options = TranscribeOptions(language="zh")
    assert ab.other_transcripts(audio, options, BUNDLED_VERSION) == []
    ab.CACHE.mkdir()
    old = ab.CACHE / f"{audio.stem}-{ab.file_sha(audio)}-000000000000.json"
    old.write_text("{}", encoding="utf-8")
    assert ab.other_transcripts(audio, options, BUNDLED_VERSION) == [old]

    def no_recogniser(_options: object) -> object:
        raise RuntimeError("stop before the model loads")

    with pytest.raises(RuntimeError):
        ab.transcribe_cached(audio, options, recognizer_for=no_recogniser)
    assert "000000000000.json" in capsys.readouterr().err


def test_an_option_added_later_keeps_the_committed_transcripts_found() -> None:
    """Runner-up readings came in session 30: a greedy run still finds the transcripts the
    greedy runs before it committed, and a run with a runner-up gets its own key."""
    from liveguard.transcribe.model import BUNDLED_VERSION

    greedy = ab.shipped_options().with_(beam_size=1, alternatives=0)
    index = json.loads((ab.CLIPS / "blind40_zh_clean.json").read_text(encoding="utf-8"))
    clip = ab.CLIPS / index["file"]
    assert ab.cache_path(clip, greedy, BUNDLED_VERSION).is_file()
    beam = greedy.with_(beam_size=5)
    assert ab.options_key(beam.with_(alternatives=1), BUNDLED_VERSION) != ab.options_key(
        beam, BUNDLED_VERSION
    )
