"""The real speech and rule components behind the processor (Whisper + rule packs).

Kept apart from the processor so that the worker's ``--components module:function`` hook can
swap them (another recognizer, or the deterministic stand-ins the fault-injection tests use).
"""

from __future__ import annotations

import importlib
import weakref
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from liveguard.contracts import (
    SAMPLE_RATE,
    Correction,
    Finding,
    ProductContext,
    Segment,
    StreamMeta,
)
from liveguard.ingest.catalog import CatalogView
from liveguard.pipeline import processor_ports as ports
from liveguard.rules.options import RulesOptions
from liveguard.settings import Settings

if TYPE_CHECKING:
    from liveguard.pipeline.processor import StreamProcessor
    from liveguard.transcribe import LoadedModel, TranscribeOptions, UtteranceCutter

Components = tuple[ports.SpeechFactory, ports.Recognizer, ports.StreamCheckerFactory]


class RulesStreamChecker:
    """A rules ``StreamChecker`` whose snapshot is plain JSON (what checkpoints hold).

    Catalog updates arrive on another thread; they are queued and applied before the next
    segment is checked, so the checker itself is only ever touched by the processing thread.
    """

    def __init__(self, checker: Any, room_id: str = "") -> None:
        self.checker = checker
        self.room_id = room_id
        self._updates: deque[ProductContext] = deque()

    def offer(self, product: ProductContext) -> None:
        if product.room_id in (self.room_id, ""):
            self._updates.append(product)

    def check(self, segment: Segment) -> list[Finding]:
        while self._updates:
            self.checker.update_product(self._updates.popleft())
        return list(self.checker.check(segment))

    def take_corrections(self) -> list[Correction]:
        return list(self.checker.take_corrections())

    def snapshot(self) -> Any:
        return self.checker.snapshot().model_dump(mode="json")


class RulesStreamCheckers:
    """``StreamChecker`` per stream, seeded with the room's products from the catalog topic."""

    def __init__(
        self,
        language: str,
        catalog: CatalogView | None,
        model_version: str | None,
        options: RulesOptions | None = None,
        products: Sequence[ProductContext] = (),
    ) -> None:
        """``options``: how the rules run (default: the documented defaults); ``products``: a
        fixed catalog for every stream (``liveguard scan --catalog``), used where no catalog
        topic is followed."""
        from liveguard.rules import StreamChecker, StreamCheckerState

        self.language = language
        self.catalog = catalog
        self.model_version = model_version
        # every text these checkers see comes from the recognizer: the learned heads judge it
        # at their speech operating point, whatever the caller's options say
        self.options = (options or RulesOptions()).with_(speech=True)
        self.products = list(products)
        self._detector: Any = None
        self._cls = StreamChecker
        self._state_cls = StreamCheckerState
        self._live: weakref.WeakSet[RulesStreamChecker] = weakref.WeakSet()
        if catalog is not None:
            catalog.listen(self._offer)

    def _offer(self, product: ProductContext) -> None:
        for checker in list(self._live):
            checker.offer(product)

    def _track(self, checker: RulesStreamChecker) -> RulesStreamChecker:
        self._live.add(checker)
        return checker

    def _products(self, stream: StreamMeta) -> list[ProductContext]:
        return self.catalog.for_room(stream.room_id) if self.catalog else list(self.products)

    def new(self, stream: StreamMeta) -> RulesStreamChecker:
        checker = self._cls(
            self.language,
            stream=stream,
            products=self._products(stream),
            model_version=self.model_version,
            options=self.options,
        )
        self._detector = checker.learned
        return self._track(RulesStreamChecker(checker, stream.room_id))

    def restore(self, stream: StreamMeta, state: Any) -> RulesStreamChecker:
        snapshot = self._state_cls.model_validate(state)
        checker = self._cls.restore(snapshot, products=self._products(stream), options=self.options)
        self._detector = checker.learned
        return self._track(RulesStreamChecker(checker, stream.room_id))

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Encode every stream's new utterances in one batch for the learned heads (the
        per-stream checks that follow read the embeddings from the encoder's cache)."""
        if self._detector is not None and segments:
            self._detector.prepare([s.text for s in segments], speech=self.options.speech)


def worker_options(settings: Settings) -> TranscribeOptions:
    """The decoding options the worker runs with: the settings', with the rule vocabulary as
    hotwords. A benchmark's candidate configurations start from these, so they cannot drift
    from what the worker runs."""
    from liveguard.rules import hotword_vocabulary
    from liveguard.transcribe import TranscribeOptions

    return TranscribeOptions.from_settings(
        settings, vocabulary=hotword_vocabulary(settings.language)
    )


def real_components(
    settings: Settings,
    catalog: CatalogView | None = None,
    *,
    model: LoadedModel | None = None,
    products: Sequence[ProductContext] = (),
    options: TranscribeOptions | None = None,
) -> Components:
    """Whisper and the rule packs as the settings say (language, model, hotwords, learned).

    ``model``: an already loaded model (a benchmark shares one between configurations);
    ``products``: a fixed catalog where no catalog topic is followed (``scan --catalog``);
    ``options``: decoding options other than the settings' (a benchmark's configuration).
    """
    from liveguard.transcribe import ModelSpec, Recognizer, UtteranceCutter
    from liveguard.transcribe.model import load_model

    options = options or worker_options(settings)
    recognizer = Recognizer(model or load_model(ModelSpec.from_settings(settings)), options)

    def speech(stream: StreamMeta, start_seq: int, start_t: float) -> UtteranceCutter:
        return UtteranceCutter(stream.stream_id, options, start_sample=round(start_t * SAMPLE_RATE))

    checkers = RulesStreamCheckers(
        settings.language,
        catalog,
        recognizer.model_version,
        options=RulesOptions.from_settings(settings),
        products=products,
    )
    return speech, recognizer, checkers


def build_processor(
    components: Components, settings: Settings, *, keep_clips: bool = True
) -> StreamProcessor:
    """The one processor every driver runs (worker, demo, ``scan``, recording pre-check):
    components plus the settings' clip store (none when ``keep_clips`` is off)."""
    from liveguard.ingest.clipstore import open_clip_store
    from liveguard.pipeline.processor import StreamProcessor

    speech, recognizer, checkers = components
    return StreamProcessor(
        speech_factory=speech,
        recognizer=recognizer,
        checkers=checkers,
        clip_store=open_clip_store(settings) if keep_clips else None,
        clip_context_s=settings.clip_context_s,
        max_seq_jump=settings.max_seq_jump,
        clip_spool_max_bytes=settings.clip_spool_max_bytes,
        clip_spool_max_age_s=settings.clip_spool_max_age_s,
    )


def load_components(spec: str) -> Components:
    """``module:function`` returning ``(speech_factory, recognizer, checker_factory)``."""
    module_name, _, func = spec.partition(":")
    factory = getattr(importlib.import_module(module_name), func or "components")
    speech, recognizer, checkers = factory()
    return speech, recognizer, checkers
