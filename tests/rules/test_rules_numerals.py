"""Numerals a pack writes in characters match the text as the normaliser writes it (digits):
过两年 is read 过2年, 一百年 is 100年. Without this a pattern written as a host says it matched
typed text only through its other alternatives or in sound."""

from __future__ import annotations

import re

import pytest

from liveguard.rules import check_script
from liveguard.rules.numerals import with_digits


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?:过两年|过几年)", "(?:(?:过两年|过2年)|过几年)"),
        ("用(?:一百年|终身)都", "用(?:(?:一百年|100年)|终身)都"),
        ("最后一天(?:了)", "(?:最后一天|最后1天)(?:了)"),
    ],
)
def test_a_numeral_run_gains_its_normalised_form(pattern: str, expected: str) -> None:
    assert with_digits(pattern) == expected
    re.compile(expected)


@pytest.mark.parametrize(
    "pattern",
    [
        "(?<!一个)问",  # a lookbehind keeps its width
        "[一二两]年",  # a character class
        "一个?",  # the quantifier takes the last character: 一 alone reads the same
        "十家[^，]{0,4}?有",  # nothing the normaliser rewrites
        "最好用",
    ],
)
def test_patterns_with_nothing_to_rewrite_are_left_alone(pattern: str) -> None:
    assert with_digits(pattern) is None


def test_a_typed_claim_written_with_a_numeral_in_the_pack_is_found() -> None:
    found = {
        sf.finding.rule_id
        for sf in check_script("这个锅用一百年都不坏", language="zh", learned=False)
    }
    assert "ZH-EFF-GUARANTEE" in found
