"""The encoders are process-wide: loaded on first use, once, under the one lock every encoder
load holds (e5's load changes ``OMP_NUM_THREADS`` for the whole process)."""

from __future__ import annotations

import threading

from liveguard.rules import encoder
from tests.support.waiting import HANG_GUARD_S


def test_a_process_wide_model_loads_on_first_use_once_under_the_encoder_lock() -> None:
    loading, release = threading.Event(), threading.Event()
    builds: list[object] = []

    def build() -> object:
        builds.append(object())
        loading.set()
        assert release.wait(HANG_GUARD_S)
        return builds[-1]

    get = encoder._process_wide(build)
    assert builds == []  # defining it loads nothing
    got: list[object] = []
    first = threading.Thread(target=lambda: got.append(get()), daemon=True)
    second = threading.Thread(target=lambda: got.append(get()), daemon=True)
    try:
        first.start()
        assert loading.wait(HANG_GUARD_S)
        assert encoder._LOCK.locked()  # no other encoder loads meanwhile
        second.start()
    finally:
        release.set()
    for thread in (first, second):
        thread.join(HANG_GUARD_S)
        assert not thread.is_alive()
    assert not encoder._LOCK.locked()
    assert len(builds) == 1
    assert got == [builds[0], builds[0]]
    assert get() is builds[0]
    assert get.__name__ == "build"


def test_the_sentence_encoder_is_process_wide() -> None:
    """(The e5 encoder: test_rules_learned, in a process of its own for its thread count.)"""
    enc = encoder.load_encoder()
    assert isinstance(enc, encoder.SentenceEncoder)
    assert encoder.load_encoder() is enc
