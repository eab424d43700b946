"""Hotwords: the rules' vocabulary trimmed to the prompt budget, in a form Whisper copes with."""

from __future__ import annotations

from collections import Counter

from liveguard.rules import hotword_vocabulary
from liveguard.transcribe import TranscribeOptions
from liveguard.transcribe.hotwords import MAX_CHAR_REPEATS, MAX_HOTWORD_CHARS, hotword_prompt


def test_hotword_prompt_is_short_and_space_separated() -> None:
    prompt = hotword_prompt(hotword_vocabulary("zh"))
    assert prompt is not None
    assert len(prompt) <= MAX_HOTWORD_CHARS
    words = prompt.split(" ")
    vocab = hotword_vocabulary("zh")
    assert [w for w in vocab if w in words] == words  # in the rules' order, some skipped
    assert "，" not in prompt


def test_hotword_prompt_skips_blanks_and_repeats_and_respects_budget() -> None:
    assert hotword_prompt(["最", " ", "最", "第一"], max_chars=10) == "最 第一"
    assert hotword_prompt(["国家级", "根治"], max_chars=4) == "国家级"
    assert hotword_prompt([]) is None


def test_hotwords_follow_the_setting(monkeypatch) -> None:
    from liveguard.settings import get_settings

    vocab = hotword_vocabulary("en")
    monkeypatch.setenv("LIVEGUARD_HOTWORDS", "false")
    get_settings.cache_clear()
    assert TranscribeOptions.from_settings(get_settings(), vocabulary=vocab).hotwords is None
    monkeypatch.setenv("LIVEGUARD_HOTWORDS", "true")
    get_settings.cache_clear()
    on = get_settings()
    assert TranscribeOptions.from_settings(on, language="en", vocabulary=vocab).hotwords == (
        hotword_prompt(vocab)
    )
    assert TranscribeOptions.from_settings(on, language="en").hotwords is None


def test_hotword_prompt_caps_how_often_a_character_appears() -> None:
    words = ["原价", "到手价", "专柜价", "打折", "最低价"]
    assert hotword_prompt(words, 100, max_char_repeats=1) == "原价 打折"
    assert hotword_prompt(words, 100, max_char_repeats=2) == "原价 到手价 打折"
    assert hotword_prompt(words, 100, max_char_repeats=None) == " ".join(words)
    capped = hotword_prompt(hotword_vocabulary("zh"))
    assert capped is not None
    if MAX_CHAR_REPEATS is not None:
        assert max(Counter(capped.replace(" ", "")).values()) <= MAX_CHAR_REPEATS
