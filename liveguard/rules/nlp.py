"""The spaCy side: blank pipelines (jieba for Chinese) plus LiveGuard's matcher component.

The component is registered as a spaCy factory so a pipeline can be assembled from config like
any other; it runs phrase, token and regex patterns of every rule over the normalised text and
leaves raw candidate hits on ``doc._.lg_hits`` for the engine to judge in context. Chinese
phrases are matched by characters rather than jieba tokens because segmentation of "最好用"
or "全网最低价" shifts with context; English phrases use the PhraseMatcher on ``LOWER``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from liveguard.rules.han import HAN_RUN
from liveguard.rules.homophone import PinyinLexicon
from liveguard.rules.numerals import with_digits
from liveguard.rules.prefilter import Prefilter
from liveguard.rules.schema import ExceptionPattern, Rule
from liveguard.rules.soundform import gap_spans, mark_gaps, sound_pattern, sound_text

COMPONENT = "liveguard_rules"


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's pattern matched the normalised text at [start, end)."""

    rule_index: int
    start: int
    end: int
    via: str  # "phrase", "regex", "tokens", "pinyin" or "sound"
    part: int = -1
    """For a sound hit, which of the rule's sound patterns matched (``vocabulary`` key)."""
    gaps: tuple[tuple[int, int], ...] = ()
    """For a sound hit, the stretches the pattern's gaps let through (not heard as its words)."""


if not Doc.has_extension("lg_hits"):
    Doc.set_extension("lg_hits", default=None)
if not Doc.has_extension("lg_sound"):
    Doc.set_extension("lg_sound", default=None)

_VOCAB_MAX = 6


def _literals(rule: Rule) -> list[str]:
    """The Chinese character runs written in a rule's phrases, regexes and token patterns."""
    texts = list(rule.phrases) + list(rule.regex) + [str(t) for t in rule.tokens]
    return [run for text in texts for run in HAN_RUN.findall(text)]


def _words_of(pattern: str) -> frozenset[str]:
    """Every run of 1 to ``_VOCAB_MAX`` characters written in one pattern (single characters
    too: a lone syllable heard in a pattern's gap is its wording only if that pattern writes
    the character, not if another pattern of the rule does)."""
    vocab: set[str] = set()
    for run in HAN_RUN.findall(pattern):
        for n in range(1, min(_VOCAB_MAX, len(run)) + 1):
            vocab.update(run[i : i + n] for i in range(len(run) - n + 1))
    return frozenset(vocab)


class RuleMatcherComponent:
    """Runs every pattern rule's patterns; knows nothing of exemptions (the engine does)."""

    def __init__(
        self, nlp: Language, rules: list[Rule], language: str, homophones: bool, version: str = ""
    ) -> None:
        self.rules = rules
        self.version = version
        self.language = language
        flags = re.IGNORECASE if language == "en" else 0
        self._regexes: list[tuple[int, re.Pattern[str], str]] = []
        self._phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._matcher = Matcher(nlp.vocab)
        self._pinyin = PinyinLexicon()
        self._sound: list[tuple[tuple[int, int], re.Pattern[str]]] = []
        self.sound_exceptions: dict[int, list[tuple[ExceptionPattern, re.Pattern[str]]]] = {}
        self.alphabet: dict[int, frozenset[str]] = {}
        self.vocabulary: dict[tuple[int, int], frozenset[str]] = {}
        """Per (rule, sound pattern), the words that pattern writes: a real word inside a
        sound match is the rule's own wording only if the pattern that matched writes it (the
        guarantee rule writes 小时 in one pattern and 消失 in another: 2个小时 is no 斑…消失)."""
        for idx, rule in enumerate(rules):
            if language == "zh":
                self.sound_exceptions[idx] = [
                    (exc, re.compile(sound_pattern(exc.regex)))
                    for exc in rule.exceptions
                    if exc.heard
                ]
            if rule.detector != "pattern":
                continue
            key = str(idx)
            if language == "zh" and homophones:
                self.alphabet[idx] = frozenset("".join(_literals(rule)))
                patterns = list(rule.regex)
                if rule.phrases:
                    patterns.append("|".join(re.escape(p) for p in rule.phrases))
                for part, p in enumerate(patterns):
                    self.vocabulary[idx, part] = _words_of(p)
                    self._sound.append(((idx, part), re.compile(sound_pattern(mark_gaps(p)))))
            if rule.phrases:
                if language == "zh":
                    alternation = "|".join(
                        re.escape(p) for p in sorted(rule.phrases, key=len, reverse=True)
                    )
                    self._regexes.append((idx, re.compile(alternation), "phrase"))
                    if homophones and rule.homophones:
                        for phrase in rule.phrases:
                            self._pinyin.add(key, phrase)
                else:
                    self._phrase_matcher.add(key, [nlp.make_doc(p) for p in rule.phrases])
            for pattern in rule.regex:
                self._regexes.append((idx, re.compile(pattern, flags), "regex"))
                digits = with_digits(pattern) if language == "zh" else None
                if digits is not None:  # its numerals as the normaliser writes them
                    self._regexes.append((idx, re.compile(digits, flags), "regex"))
            if rule.tokens:
                self._matcher.add(key, rule.tokens)
        # only the patterns whose required characters all occur in a text are run on it
        self._regex_filter = Prefilter([((idx, via), p) for idx, p, via in self._regexes])
        self._sound_filter = Prefilter([(idx, p) for idx, p in self._sound])

    @property
    def needs_tokens(self) -> bool:
        """Whether any pattern is matched on tokens (English phrases, token patterns); when
        none is, the text need not be segmented (Chinese phrases are matched by characters)."""
        return bool(len(self._phrase_matcher) or len(self._matcher))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        hits: list[Hit] = []
        for (idx, via), pattern in self._regex_filter.candidates(text):
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    hits.append(Hit(idx, m.start(), m.end(), via))
        strings = doc.vocab.strings
        if len(self._phrase_matcher):
            for match_id, s, e in self._phrase_matcher(doc):
                span = doc[s:e]
                hits.append(Hit(int(strings[match_id]), span.start_char, span.end_char, "phrase"))
        if len(self._matcher):
            for match_id, s, e in self._matcher(doc):
                span = doc[s:e]
                hits.append(Hit(int(strings[match_id]), span.start_char, span.end_char, "tokens"))
        if self._pinyin:
            for ph in self._pinyin.search(text):
                hits.append(Hit(int(ph.key), ph.start, ph.end, "pinyin"))
        if self._sound:
            st = sound_text(text)
            doc._.lg_sound = st
            spelled = {(h.rule_index, h.start) for h in hits}
            for (idx, part), pattern in self._sound_filter.candidates(st):
                for m in pattern.finditer(st):
                    if m.end() > m.start() and (idx, m.start()) not in spelled:
                        hits.append(Hit(idx, m.start(), m.end(), "sound", part, gap_spans(m)))
        doc._.lg_hits = hits
        return doc


@Language.factory(
    COMPONENT, default_config={"language": "zh", "homophones": True, "extra_dirs": []}
)
def make_rule_matcher(
    nlp: Language, name: str, language: str, homophones: bool, extra_dirs: list[str]
) -> RuleMatcherComponent:
    from pathlib import Path

    from liveguard.rules.packs import load_rules

    rules, version = load_rules(language, [Path(d) for d in extra_dirs])
    return RuleMatcherComponent(nlp, rules, language, homophones, version)


def blank_pipeline(language: str) -> Language:
    """A blank spaCy pipeline for the language (jieba segmentation for Chinese)."""
    if language == "zh":
        config: dict[str, Any] = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
        return spacy.blank("zh", config=config)
    return spacy.blank("en")
