"""What a rule pack file may contain, validated with pydantic when a pack loads.

Rules are data so that a compliance officer can read and change them without reading Python;
the schema is strict (unknown keys are errors) so a typo never silently disables a rule.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from liveguard.contracts import Family, Language, ProductCategory, Severity

Exemption = Literal[
    "negation",
    "meta_talk",
    "question",
    "self_comparison",
    "allow_list",
    "trademark",
    "award",
    "verified_fact",
    "on_screen",
    "no_saving",
]
"""Built-in context exceptions (rules/exemptions.py); a rule lists the ones it honours."""

DEFAULT_EXEMPTIONS: tuple[Exemption, ...] = ("negation", "meta_talk", "question", "allow_list")

_ID = re.compile(r"^(ZH|EN)-[A-Z]+-[A-Z0-9-]+$")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExceptionPattern(_Strict):
    """A rule-specific exception: a regex over the clause; ``overlap`` means it must cover the
    match (e.g. 最佳 inside 最佳使用时间), ``clause``/``sentence`` that it occurs nearby.
    ``heard``: also read in the sound form (Chinese), as most exceptions must be, since a
    misheard 使用 in 最佳使用时间 still exempts 最佳; false when the exception turns on a character
    that sounds like the rule's own words (小两千罐 is a count, but in sound 小 is 销 and 月销三万单
    would be exempted too)."""

    name: str
    regex: str
    scope: Literal["overlap", "clause", "sentence"] = "overlap"
    heard: bool = True

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"bad regular expression: {exc}") from exc
        return value


class Examples(_Strict):
    """Text that must / must not produce this rule. A multi-line example is one script."""

    match: list[str] = Field(default_factory=list)
    no_match: list[str] = Field(default_factory=list)


class Rule(_Strict):
    id: str
    family: Family
    severity: Severity
    legal_basis: list[str] = Field(min_length=1)
    message: str = Field(min_length=1)
    suggestion: str = ""
    detector: str = "pattern"
    """``pattern`` rules match words; ``price_reference``, ``discount_arithmetic`` and
    ``bundle_arithmetic`` are computed by the engine; every other name is a registered stream detector (rules/detectors/)."""
    phrases: list[str] = Field(default_factory=list)
    """Literal phrases (normalised form); also matched in toneless pinyin when ``homophones``."""
    regex: list[str] = Field(default_factory=list)
    """Regular expressions over the normalised text (case-insensitive for English)."""
    tokens: list[list[dict[str, Any]]] = Field(default_factory=list)
    """spaCy Matcher token patterns."""
    homophones: bool = False
    claim: Literal["none", "stock", "deadline", "sales_honour"] = "none"
    """What a rule's match asserts, so stream and catalog checks know what to compare:
    ``stock`` (a remaining quantity), ``deadline`` (a time limit), ``sales_honour`` (sales,
    market share, ratings, repurchase, awards, endorsements: lawful only if proved, 第三十四条)."""
    categories: list[ProductCategory] | None = None
    """Only for these product categories (None: all)."""
    not_categories: list[ProductCategory] = Field(default_factory=list)
    exemptions: list[Exemption] = Field(default_factory=lambda: list(DEFAULT_EXEMPTIONS))
    exceptions: list[ExceptionPattern] = Field(default_factory=list)
    examples: Examples = Examples()

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("id must look like ZH-FAMILY-NAME (upper case, digits, dashes)")
        return value

    @field_validator("detector")
    @classmethod
    def _known_detector(cls, value: str) -> str:
        from liveguard.rules.detectors import known_detectors  # the registry imports this module

        known = known_detectors()
        if value not in known:
            raise ValueError(f"unknown detector {value!r}; known: {', '.join(sorted(known))}")
        return value

    @field_validator("regex")
    @classmethod
    def _regex_compiles(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"bad regular expression {value!r}: {exc}") from exc
        return values

    @model_validator(mode="after")
    def _has_patterns(self) -> Rule:
        if self.detector == "pattern" and not (self.phrases or self.regex or self.tokens):
            raise ValueError("a pattern rule needs phrases, regex or tokens")
        from liveguard.rules.detectors import DETECTORS

        kind = DETECTORS.get(self.detector)
        needs_examples = kind is None or not kind.needs_catalog
        if needs_examples and not self.examples.match:
            raise ValueError("examples.match must hold at least one text that triggers the rule")
        return self

    def applies_to(self, category: ProductCategory | None) -> bool:
        if category is None:
            return True
        if category in self.not_categories:
            return False
        return self.categories is None or category in self.categories


_FRAGMENT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FRAGMENT_REF = re.compile(r"\{=([^}]*)\}")
"""``{=name}`` in a rule's regex (or an exception's): the pack's fragment of that name, as a
non-capturing group. ``{=`` is no regular-expression syntax, so it cannot clash with a
quantifier."""


def _expand(pattern: Any, fragments: dict[str, str], where: str) -> Any:
    if not isinstance(pattern, str):
        return pattern  # the field's own validation reports it

    def one(m: re.Match[str]) -> str:
        if m.group(1) not in fragments:
            raise ValueError(f"{where}: unknown fragment {m.group(0)}")
        return f"(?:{fragments[m.group(1)]})"

    return _FRAGMENT_REF.sub(one, pattern)


class Pack(_Strict):
    """One YAML file: a language, a family, a version, named pattern fragments and its rules."""

    language: Language
    family: Family
    version: str = Field(min_length=1)
    fragments: dict[str, str] = Field(default_factory=dict)
    """Pieces of pattern written once and used by several rules as ``{=name}`` (the nouns for
    medication, the words for another seller): one list to change, not copies that drift."""
    rules: list[Rule]

    @model_validator(mode="before")
    @classmethod
    def _expand_fragments(cls, raw: Any) -> Any:
        if not isinstance(raw, dict) or not isinstance(raw.get("fragments"), dict):
            return raw
        fragments: dict[str, str] = raw["fragments"]
        for name, body in fragments.items():
            if not isinstance(name, str) or not _FRAGMENT_NAME.match(name):
                raise ValueError(f"fragment {name!r}: names are lower-case words (a-z, 0-9, _)")
            if not isinstance(body, str) or _FRAGMENT_REF.search(body):
                raise ValueError(f"fragment {name}: a regex that uses no other fragment")
            try:
                re.compile(body)
            except re.error as exc:
                raise ValueError(f"fragment {name}: bad regular expression: {exc}") from exc
        rules: list[Any] = []
        for rule in raw.get("rules") or []:
            if isinstance(rule, dict):
                where = f"rule {rule.get('id', '?')}"
                rule = dict(rule)
                if isinstance(rule.get("regex"), list):
                    rule["regex"] = [_expand(p, fragments, where) for p in rule["regex"]]
                if isinstance(rule.get("exceptions"), list):
                    rule["exceptions"] = [
                        {**e, "regex": _expand(e["regex"], fragments, where)}
                        if isinstance(e, dict) and "regex" in e
                        else e
                        for e in rule["exceptions"]
                    ]
            rules.append(rule)
        return {**raw, "rules": rules}
