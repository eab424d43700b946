"""The typed messages that travel between the stages: ingest → transcribe → rules → alerts.

Every stage imports these and nothing of another stage's internals, so a message written by a
worker on one machine is read by the alerts service on another without either knowing the
other's code. The models are frozen: a message, once made, is a fact, never edited in place.

Bump :data:`CONTRACT_VERSION` on any change that an existing reader could not parse;
docs/contracts.md describes every field.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, NonNegativeInt, model_validator

CONTRACT_VERSION = "1.2"
"""Major.minor: readers accept any minor version of the major they know."""


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Family(StrEnum):
    """The three kinds of violation LiveGuard looks for."""

    EFFICACY = "efficacy"
    SCARCITY = "scarcity"
    PRICE = "price"


class Severity(StrEnum):
    """How urgently a human should look; ``high`` also triggers on-the-spot correction."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]


class Scope(StrEnum):
    """``utterance``: one sentence alone is the problem; ``stream``: only the stream's history shows it."""

    UTTERANCE = "utterance"
    STREAM = "stream"


class EvidenceLevel(StrEnum):
    """``wording``: the words alone are suspect; ``verified``: a catalog, inventory or an earlier
    statement in the same stream confirms the problem as a fact."""

    WORDING = "wording"
    VERIFIED = "verified"


class FoundBy(StrEnum):
    """The ``detector`` of a finding — how it was found: ``rules`` (a rule pack's patterns or computed checks) or
    ``learned`` (the trained claim heads; a *possible* violation that never alone blacklists
    anyone or fires a correction webhook)."""

    RULES = "rules"
    LEARNED = "learned"


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


class ProductCategory(StrEnum):
    """Which advertising rules apply depends on what is sold (广告法 16–18 differ by category)."""

    COSMETICS = "cosmetics"
    FOOD = "food"
    HEALTH_FOOD = "health_food"
    MEDICAL = "medical"
    DRUG = "drug"
    APPAREL = "apparel"
    ELECTRONICS = "electronics"
    GENERAL = "general"


class Jurisdiction(StrEnum):
    """Decides the reference-price window: 7 days in China, 30 days in the EU."""

    CN = "cn"
    EU = "eu"
    US = "us"


Identifier = Annotated[str, Field(min_length=1, max_length=200)]


class StreamMeta(_Message):
    """Who is on air: the ids every finding is traced back to (blacklists work on host and merchant)."""

    stream_id: Identifier
    platform_id: str = ""
    room_id: str = ""
    host_id: str = ""
    merchant_id: str = ""


class AudioChunk(_Message):
    """One ordered piece of a stream's audio, as carried by the Kafka audio topic.

    ``pcm`` is little-endian signed 16-bit mono at ``sample_rate``; docs/message-format.md
    gives the wire form (value + headers) that any producer can write.
    """

    stream: StreamMeta
    seq: NonNegativeInt
    pcm: bytes = b""
    sample_rate: int = Field(default=16000, gt=0)
    encoding: Literal["pcm_s16le"] = "pcm_s16le"
    capture_ms: int | None = None
    """Wall-clock capture time of the chunk's first sample, epoch milliseconds."""
    end_of_stream: bool = False

    @property
    def duration(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


class Segment(_Message):
    """A stretch of recognised speech (one utterance): what the transcriber hands to the rules.

    Times are seconds since the stream began, so they line up with the audio clip;
    ``seq_start``/``seq_end`` name the audio chunks it covers, which is what makes ids stable
    when audio is re-read after a crash.
    """

    stream_id: Identifier
    utterance_id: Identifier
    seq_start: NonNegativeInt
    seq_end: NonNegativeInt
    text: str
    t_start: NonNegativeFloat
    t_end: NonNegativeFloat
    language: str = "zh"
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    """Mean token probability from the recogniser; ``None`` for typed text."""
    wall_start: datetime | None = None
    """Wall-clock time the utterance began (from the chunks' capture times)."""
    model_version: str | None = None
    flags: tuple[str, ...] = ()
    """Marks such as ``"suspect_hallucination"``; flagged segments are kept for the record
    but the rules skip them."""

    @model_validator(mode="after")
    def _ordered(self) -> Segment:
        if self.t_end < self.t_start:
            raise ValueError("t_end must not be before t_start")
        if self.seq_end < self.seq_start:
            raise ValueError("seq_end must not be before seq_start")
        return self


Utterance = Segment
"""The rules speak of utterances, the transcriber of segments: they are the same record."""


def utterance_id_for(stream_id: str, seq_start: int) -> str:
    """Utterance ids come from the first audio chunk, which does not move when audio is re-read."""
    return f"{stream_id}:{seq_start}"


def make_finding_id(stream_id: str | None, rule_id: str, anchor: str | int, start: int = 0) -> str:
    """A stable id: the same words in the same utterance always give the same finding id,
    so redelivery after a crash updates a finding instead of creating a second one.

    ``anchor`` is the first chunk sequence number of the utterance for audio, or the line
    number for text; ``start`` the character offset of the match.
    """
    raw = f"{stream_id or '-'}|{rule_id}|{anchor}|{start}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


class Finding(_Message):
    """One suspected violation, with everything a reviewer and a regulator need to judge it."""

    finding_id: str
    rule_id: str
    family: Family
    severity: Severity
    scope: Scope = Scope.UTTERANCE
    evidence: EvidenceLevel = EvidenceLevel.WORDING
    message: str
    legal_basis: tuple[str, ...]
    suggestion: str = ""
    matched_text: str
    start: NonNegativeInt
    """Character offset of the match in its utterance's text (Python str indices)."""
    end: NonNegativeInt
    language: str = "zh"
    t_start: float | None = None
    """Seconds since the stream began; only for findings that come from audio."""
    t_end: float | None = None
    stream_id: str | None = None
    utterance_id: str | None = None
    rule_pack_version: str
    model_version: str | None = None
    """The speech-recognition model that produced the utterance (audio only)."""
    detector: FoundBy = FoundBy.RULES
    """``rules`` or ``learned`` (since contract 1.2; older messages are rule findings)."""
    detector_version: str = ""
    """What found it: the rule pack version for ``rules``, the heads' version for ``learned``."""
    detail: str = ""
    """For verified and stream findings: the fact that confirms it (e.g. "7-day low 129.00")."""
    related_utterance_ids: tuple[str, ...] = ()
    """For stream findings: the earlier utterances the finding depends on."""
    contract_version: str = CONTRACT_VERSION

    @model_validator(mode="after")
    def _span(self) -> Finding:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        if not self.legal_basis:
            raise ValueError("every finding cites at least one legal basis")
        return self


class PricePoint(_Message):
    """A real transaction price at a moment: the evidence a reference price is checked against."""

    at: datetime
    price: Decimal = Field(ge=0)


class PromotionState(_Message):
    active: bool = False
    """A flash sale / time-limited promotion is running now."""
    name: str = ""
    ends_at: datetime | None = None


class ProductContext(_Message):
    """What the platform knows about the product on screen: the facts wording is checked against.

    One schema for ``--catalog`` files and the Kafka catalog topic.
    """

    platform_id: str = ""
    room_id: str = ""
    merchant_id: str = ""
    sku: Identifier
    title: str = ""
    category: ProductCategory = ProductCategory.GENERAL
    listing_price: Decimal | None = Field(default=None, ge=0)
    currency: str = "CNY"
    price_history: tuple[PricePoint, ...] = ()
    stock: int | None = Field(default=None, ge=0)
    promotion: PromotionState = PromotionState()
    jurisdiction: Jurisdiction = Jurisdiction.CN
    presenting: bool = True
    """The room is presenting this product right now (the catalog topic moves this flag)."""
    updated_at: datetime | None = None


class CatalogFile(_Message):
    """The ``--catalog`` file: products, in JSON or YAML."""

    products: tuple[ProductContext, ...]


class AllowEntry(_Message):
    """A merchant's registered trademark, product name or award: words that are not claims.

    "第一" inside a registered brand name is the name, not an absolute claim (SAMR 2023 guide);
    ``proof_ref`` points at the registration or award certificate a reviewer can check.
    """

    merchant_id: str
    term: Annotated[str, Field(min_length=1, max_length=100)]
    kind: Literal["trademark", "product_name", "award", "standard_grade", "other"] = "trademark"
    proof_ref: str = ""


class ClipRef(_Message):
    """Where the evidence audio of a finding can be read back from the clip store."""

    uri: str
    """Key inside the clip store, e.g. ``<stream_id>/<utterance_id>.wav``."""
    t_start: NonNegativeFloat
    """Stream time (seconds) of the clip's first sample: the player seeks to
    ``finding.t_start - clip.t_start``."""
    t_end: NonNegativeFloat
    content_type: str = "audio/wav"


class StreamStarted(_Message):
    """A stream's first chunk was seen; lets the alerts service check its blacklist."""

    kind: Literal["stream_started"] = "stream_started"
    stream: StreamMeta
    at: datetime


class StreamEnded(_Message):
    kind: Literal["stream_ended"] = "stream_ended"
    stream: StreamMeta
    at: datetime
    gaps: tuple[tuple[int, int], ...] = ()
    """Ranges of missing chunk sequence numbers (inclusive) that were never received."""


class SegmentEvent(_Message):
    """A transcript line for the live view and the archive."""

    kind: Literal["segment"] = "segment"
    stream: StreamMeta
    segment: Segment


class FindingEvent(_Message):
    """A finding with what a reviewer needs beside it: the utterance and the clip."""

    kind: Literal["finding"] = "finding"
    stream: StreamMeta
    finding: Finding
    segment: Segment | None = None
    clip: ClipRef | None = None


PipelineEvent: TypeAlias = Annotated[
    StreamStarted | StreamEnded | SegmentEvent | FindingEvent, Field(discriminator="kind")
]
"""What flows from the pipeline (worker or embedded) to the alerts service, in order per stream."""


__all__ = [
    "CONTRACT_VERSION",
    "AllowEntry",
    "AudioChunk",
    "CatalogFile",
    "ClipRef",
    "EvidenceLevel",
    "Family",
    "Finding",
    "FindingEvent",
    "FoundBy",
    "Jurisdiction",
    "Language",
    "PipelineEvent",
    "PricePoint",
    "ProductCategory",
    "ProductContext",
    "PromotionState",
    "Scope",
    "Segment",
    "SegmentEvent",
    "Severity",
    "StreamEnded",
    "StreamMeta",
    "StreamStarted",
    "Utterance",
    "make_finding_id",
    "utterance_id_for",
]
