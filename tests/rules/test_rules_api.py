"""The small helpers other stages call: language detection, hotwords, catalogs."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from liveguard.errors import InputError
from liveguard.rules import check_lines, detect_language, hotword_vocabulary, load_catalog

SAMPLES = Path(__file__).resolve().parents[2] / "rules" / "samples"


def test_detect_language() -> None:
    assert detect_language("这是全网最好的面霜") == "zh"
    assert detect_language("Only 3 left, hurry") == "en"
    assert detect_language("今天的 serum 只要 199 元") == "zh"


def test_hotwords_are_short_and_real_rule_vocabulary() -> None:
    for lang in ("zh", "en"):
        words = hotword_vocabulary(lang)
        assert 0 < len(words) <= 30
        assert len(set(words)) == len(words)
    assert "国家级" in hotword_vocabulary("zh")


def test_load_catalog_yaml_and_json(tmp_path: Path) -> None:
    products = load_catalog(SAMPLES / "demo_catalog.yaml")
    assert products[0].sku == "SERUM-HA-50ML"
    assert products[0].price_history
    path = tmp_path / "c.json"
    path.write_text(
        json.dumps({"products": [{"sku": "X", "listing_price": "9.90"}]}), encoding="utf-8"
    )
    assert str(load_catalog(path)[0].listing_price) == "9.90"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("products: [", "not valid YAML"),
        ("products: [{sku: ''}]", "products.0.sku"),
        ("{}", "products"),
    ],
)
def test_bad_catalog_is_one_clear_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_catalog(path)
    assert "\n" not in str(info.value)


def _lines(n: int) -> Iterator[str]:
    base = ["这是全网最好的面霜", "最后五单了", "原价399今天199", "大家看这个质地"]
    for i in range(n):
        yield base[i % len(base)] + "\n"


def test_script_checking_memory_does_not_grow_with_input() -> None:
    """Streaming: the peak heap for 4x the lines stays within a generous fixed margin."""

    def peak(n: int) -> int:
        tracemalloc.start()
        count = sum(1 for _ in check_lines(_lines(n), language="zh"))
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert count > 0
        return size

    sum(1 for _ in check_lines(_lines(8), language="zh"))  # build the engine outside tracing
    peak(8)  # warm what tracing itself allocates once
    small, large = peak(60), peak(240)
    assert large < small + 256 * 1024  # keeping every finding would add ~550 KB here


def test_very_long_line_is_chunked_with_line_offsets() -> None:
    from liveguard.rules import check_script

    filler = "大家看一下这个质地。" * 400
    text = filler + "这是全网最好的面霜。"
    (sf,) = check_script(text, language="zh")
    assert sf.line == 1
    assert text[sf.finding.start : sf.finding.end] == sf.finding.matched_text == "全网最好"
