"""Model provisioning: parts joined, checksum enforced, atomic under concurrency."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from liveguard.errors import ModelError
from liveguard.transcribe.model import (
    BUNDLED_NAME,
    BUNDLED_SHA256,
    assemble_bundled,
    load_model,
    resolve_model_path,
)
from tests.support.waiting import HANG_GUARD_S


def _fake_parts(tmp_path: Path) -> tuple[list[Path], Path, str]:
    src = tmp_path / "src"
    src.mkdir()
    p1, p2 = src / "model.bin.part1", src / "model.bin.part2"
    p1.write_bytes(b"a" * 3_000_000)
    p2.write_bytes(b"b" * 1_000_001)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        (src / name).write_text("{}")
    digest = hashlib.sha256(p1.read_bytes() + p2.read_bytes()).hexdigest()
    return [p1, p2], src, digest


def test_assembles_parts_and_copies_side_files(tmp_path: Path) -> None:
    parts, side, digest = _fake_parts(tmp_path)
    target = assemble_bundled(
        tmp_path / "models", parts=parts, side_dir=side, expected_sha256=digest
    )
    assert target == tmp_path / "models" / BUNDLED_NAME
    assert (target / "model.bin").read_bytes() == parts[0].read_bytes() + parts[1].read_bytes()
    assert (target / "tokenizer.json").is_file()
    # second call reuses the folder (marker matches) without rewriting it
    mtime = (target / "model.bin").stat().st_mtime_ns
    assert (
        assemble_bundled(tmp_path / "models", parts=parts, side_dir=side, expected_sha256=digest)
        == target
    )
    assert (target / "model.bin").stat().st_mtime_ns == mtime


def test_checksum_mismatch_leaves_nothing_behind(tmp_path: Path) -> None:
    parts, side, _ = _fake_parts(tmp_path)
    models = tmp_path / "models"
    with pytest.raises(ModelError, match="checksum mismatch"):
        assemble_bundled(models, parts=parts, side_dir=side, expected_sha256="0" * 64)
    leftovers = [p.name for p in models.iterdir() if not p.name.endswith(".lock")]
    assert leftovers == []


_ASSEMBLE = """
import sys
from pathlib import Path
from liveguard.transcribe.model import assemble_bundled
models, p1, p2, side, digest = sys.argv[1:]
print(assemble_bundled(Path(models), parts=[Path(p1), Path(p2)], side_dir=Path(side), expected_sha256=digest))
"""


def test_two_processes_at_once_are_safe(tmp_path: Path) -> None:
    parts, side, digest = _fake_parts(tmp_path)
    models = tmp_path / "models"
    args = [sys.executable, "-c", _ASSEMBLE, str(models), *map(str, parts), str(side), digest]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    results = {p.communicate(timeout=HANG_GUARD_S)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(results) == 1
    target = Path(results.pop())
    assert hashlib.sha256((target / "model.bin").read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in models.iterdir()) == [f".{BUNDLED_NAME}.lock", BUNDLED_NAME]


def test_model_paths(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match=r"no model\.bin"):
        resolve_model_path(str(empty))
    with pytest.raises(ModelError, match="no such model folder"):
        resolve_model_path(str(tmp_path / "missing" / "model"))
    assert resolve_model_path("tiny") == ("tiny", "faster-whisper:tiny")


@pytest.mark.slow
def test_bundled_model_is_verified_and_loads() -> None:
    loaded = load_model()
    folder = Path(resolve_model_path("bundled")[0])
    assert (folder / ".sha256").read_text().strip() == BUNDLED_SHA256
    assert loaded.version.endswith(BUNDLED_SHA256[:8])
    assert load_model() is loaded  # cached: one model per process
