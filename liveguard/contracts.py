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

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, model_validator

CONTRACT_VERSION = "1.5"
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
    statement in the same stream confirms the problem as a fact; ``evidence_required``: the
    claim states a checkable fact (sales, ratings, awards, 第三十四条) that is lawful only if
    true, and no proof of it is on file (neither an allow-list entry with a proof reference nor
    a declared figure in the catalog)."""

    WORDING = "wording"
    VERIFIED = "verified"
    EVIDENCE_REQUIRED = "evidence_required"


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

# Limits every message is checked against, so that nothing a producer can send gets past
# decoding and then fails in a database column, a file name or a date conversion.
MAX_SEQ = 2**53 - 1
"""Largest chunk sequence number: fits a BIGINT column and is exact as a JSON number."""
MAX_CAPTURE_MS = 253_402_300_799_999
"""Last millisecond of year 9999: the latest time Python, SQLite and PostgreSQL all hold."""
MAX_ID_CHARS = 128
"""Stream, platform, room, host and merchant ids: short enough that ``<stream id>:<seq>``
fits the 200-character utterance id column."""
_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
MAX_ALTERNATIVES = 4
"""Runner-up readings a segment may carry (the settings allow at most four)."""

SeqNo = Annotated[int, Field(ge=0, le=MAX_SEQ)]
StreamId = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS, pattern=_PRINTABLE)]
PartyId = Annotated[str, Field(max_length=MAX_ID_CHARS, pattern=_PRINTABLE)]
"""An optional id (may be empty); no control characters (PostgreSQL refuses NUL in text)."""


class StreamMeta(_Message):
    """Who is on air: the ids every finding is traced back to (blacklists work on host and merchant)."""

    stream_id: StreamId
    platform_id: PartyId = ""
    room_id: PartyId = ""
    host_id: PartyId = ""
    merchant_id: PartyId = ""


SAMPLE_RATE = 16000
"""The one audio rate of the pipeline (Hz, mono PCM16): what ingest decodes to, the wire
carries, the VAD and Whisper expect and clips are written at."""

SUSPECT_HALLUCINATION = "suspect_hallucination"
"""The segment flag that keeps a recognised text out of rule checking (see
``liveguard.transcribe.guards``); the stream processor is the one place that honours it."""


class AudioChunk(_Message):
    """One ordered piece of a stream's audio, as carried by the Kafka audio topic.

    ``pcm`` is little-endian signed 16-bit mono at ``sample_rate``; docs/message-format.md
    gives the wire form (value + headers) that any producer can write.
    """

    stream: StreamMeta
    seq: SeqNo
    pcm: bytes = b""
    sample_rate: int = Field(default=SAMPLE_RATE, gt=0)
    encoding: Literal["pcm_s16le"] = "pcm_s16le"
    capture_ms: Annotated[int, Field(ge=0, le=MAX_CAPTURE_MS)] | None = None
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

    stream_id: StreamId
    utterance_id: Identifier
    seq_start: SeqNo
    seq_end: SeqNo
    text: str
    t_start: NonNegativeFloat
    t_end: NonNegativeFloat
    language: Annotated[str, Field(max_length=10)] = "zh"
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    """Mean token probability from the recogniser; ``None`` for typed text."""
    wall_start: datetime | None = None
    """Wall-clock time the utterance began (from the chunks' capture times)."""
    model_version: Annotated[str, Field(max_length=100)] | None = None
    flags: tuple[str, ...] = ()
    """Marks such as ``"suspect_hallucination"``; flagged segments are kept for the record
    but the rules skip them."""
    alternatives: Annotated[tuple[str, ...], Field(max_length=MAX_ALTERNATIVES)] = ()
    """The recogniser's runner-up readings of the same audio, best first (1.5): the rules check
    them for a family the first reading lacks (a claim word misheard once is often heard right
    in the second reading). Empty for typed text and for greedy decoding."""

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


class PriceBasis(_Message):
    """The stated basis of a spoken reference price (第三十二条: whose price, where, when).

    ``msrp``: a manufacturer's suggested retail price, labelled as such; ``store_history``: the
    seller's own earlier transaction price over a stated period; ``outside``: another shop's or
    counter's price (not checkable by the platform, so no plausible basis).
    """

    kind: Literal["msrp", "store_history", "outside"]
    text: str
    """The words that state it, as said (e.g. "官方旗舰店近三十天成交价")."""
    days: int | None = Field(default=None, ge=1, le=3660)
    """For ``store_history``: the period the basis names, in days (None: not named)."""


class FindingFields(BaseModel):
    """What a finding says. The contract (:class:`Finding`) and the shapes the review service
    derives from it (its table row, its API model, the case page) all take their fields from
    here, so a new field is added once; a test fails if the table lacks one."""

    finding_id: Annotated[str, Field(min_length=1, max_length=64)]
    rule_id: Annotated[str, Field(min_length=1, max_length=100)]
    family: Family
    severity: Severity
    scope: Scope = Scope.UTTERANCE
    evidence: EvidenceLevel = EvidenceLevel.WORDING
    message: str
    legal_basis: tuple[str, ...]
    suggestion: str = ""
    matched_text: str
    start: Annotated[int, Field(ge=0, le=2**31 - 1)]
    """Character offset of the match in its utterance's text (Python str indices)."""
    end: Annotated[int, Field(ge=0, le=2**31 - 1)]
    language: Annotated[str, Field(max_length=10)] = "zh"
    t_start: float | None = None
    """Seconds since the stream began; only for findings that come from audio."""
    t_end: float | None = None
    stream_id: StreamId | None = None
    utterance_id: Identifier | None = None
    rule_pack_version: Annotated[str, Field(max_length=50)]
    model_version: Annotated[str, Field(max_length=100)] | None = None
    """The speech-recognition model that produced the utterance (audio only)."""
    detector: FoundBy = FoundBy.RULES
    """``rules`` or ``learned`` (since contract 1.4; older messages are rule findings)."""
    detector_version: Annotated[str, Field(max_length=100)] = ""
    """What found it: the rule pack version for ``rules``; for ``learned`` the heads' version and
    the signals and gates they were read with (``<heads>/<DECISION_VERSION>``)."""
    detail: str = ""
    """For verified and stream findings: the fact that confirms it (e.g. "7-day low 129.00")."""
    related_utterance_ids: tuple[str, ...] = ()
    """For stream findings: the earlier utterances the finding depends on."""
    price_basis: PriceBasis | None = None
    """For reference-price findings: the basis the host stated for the compared price (1.3)."""
    claim_value: Decimal | None = None
    """For sales/rating/price claims: the figure claimed, when one was said (1.3)."""


class Finding(FindingFields, _Message):
    """One suspected violation, with everything a reviewer and a regulator need to judge it."""

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
    msrp: Decimal | None = Field(default=None, ge=0)
    """The manufacturer's suggested retail price, when the listing labels one (1.3)."""
    sales_count: int | None = Field(default=None, ge=0)
    """Units sold as the platform counts them: what "卖出十万瓶" is checked against (1.3)."""
    rating: Decimal | None = Field(default=None, ge=0, le=5)
    """Average review score on a 0-5 scale, as the platform shows it (1.3)."""
    positive_review_rate: Decimal | None = Field(default=None, ge=0, le=100)
    """Share of positive reviews in percent (好评率), as the platform shows it (1.3)."""
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


ClipStatus: TypeAlias = Literal["stored", "spooled", "lost"]
"""``stored``: the clip is in the store. ``spooled``: the store refused the write; the worker
holds the clip and retries. ``lost``: it gave up (spool full or too old, or the worker stopped);
the finding stands without audio. A later event with the same finding id carries a new status."""


class ClipRef(_Message):
    """Where the evidence audio of a finding can be read back from the clip store."""

    uri: Annotated[str, Field(min_length=1, max_length=500)]
    """Key inside the clip store (``clipstore.clip_key``): ``<stream folder>/<seq>.wav``."""
    t_start: NonNegativeFloat
    """Stream time (seconds) of the clip's first sample: the player seeks to
    ``finding.t_start - clip.t_start``."""
    t_end: NonNegativeFloat
    content_type: Annotated[str, Field(max_length=100)] = "audio/wav"
    status: ClipStatus = "stored"


class Correction(_Message):
    """The host's on-the-spot correction of earlier findings (第三十一条).

    An utterance recognised as a correction ("刚才说错了，以页面为准，是九十九元") is never a
    finding itself; it names the findings it corrects. ``correction_id`` is stable like a
    finding id, so redelivery updates nothing twice.
    """

    correction_id: str
    stream_id: str
    utterance_id: str
    corrected_finding_ids: tuple[str, ...] = Field(min_length=1)
    kind: Literal["explicit", "corrected_value", "withdrawn"]
    """``explicit``: a correction phrase (更正, I misspoke); ``corrected_value``: a corrected
    price or stock figure; ``withdrawn``: the claim taken back or negated."""
    cue: str = ""
    """The words that mark it as a correction, as said."""
    text: str
    """The correction utterance."""
    corrected_value: Decimal | None = None
    t_start: float | None = None
    t_end: float | None = None
    delay_s: float | None = None
    """Stream seconds from the (first) corrected finding to this correction."""
    language: str = "zh"
    rule_pack_version: str = ""
    contract_version: str = CONTRACT_VERSION


def make_correction_id(stream_id: str, anchor: int | str) -> str:
    """One correction per utterance: the id comes from the utterance's first chunk."""
    raw = f"{stream_id}|correction|{anchor}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


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


class CorrectionEvent(_Message):
    """A correction with its utterance and clip; travels on the findings topic, after the
    findings it corrects (same stream key, same partition, so in order)."""

    kind: Literal["correction"] = "correction"
    stream: StreamMeta
    correction: Correction
    segment: Segment | None = None
    clip: ClipRef | None = None


PipelineEvent: TypeAlias = Annotated[
    StreamStarted | StreamEnded | SegmentEvent | FindingEvent | CorrectionEvent,
    Field(discriminator="kind"),
]
"""What flows from the pipeline (worker or embedded) to the alerts service, in order per stream."""


__all__ = [
    "CONTRACT_VERSION",
    "MAX_CAPTURE_MS",
    "MAX_ID_CHARS",
    "MAX_SEQ",
    "AllowEntry",
    "AudioChunk",
    "CatalogFile",
    "ClipRef",
    "ClipStatus",
    "Correction",
    "CorrectionEvent",
    "EvidenceLevel",
    "Family",
    "Finding",
    "FindingEvent",
    "FoundBy",
    "Jurisdiction",
    "Language",
    "PipelineEvent",
    "PriceBasis",
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
    "make_correction_id",
    "make_finding_id",
    "utterance_id_for",
]
