"""The typed knobs of the rules stage, read once at the boundary.

Everything below the boundary (engine, stream checker, script checker) takes a
:class:`RulesOptions` instead of reading settings, so a test or a benchmark can run two
configurations side by side in one process, and the defaults are the documented ones rather
than whatever the environment holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from liveguard.settings import Settings


@dataclass(frozen=True)
class RulesOptions:
    """How the rule engine is built and whether the learned claim heads run beside it."""

    homophones: bool = True
    """Sound matching for Chinese: respell likely mishearings (LIVEGUARD_HOMOPHONES)."""
    extra_dirs: tuple[Path, ...] = ()
    """Rule packs loaded after the built-in ones (LIVEGUARD_RULE_PACKS_DIR)."""
    learned: bool = True
    """Run the learned claim heads too (LIVEGUARD_LEARNED)."""
    speech: bool = False
    """The text is a speech-recognition transcript (the live path, the recording pre-check),
    not typed: the learned heads judge it at their stricter speech thresholds. Set by the entry
    point that knows where the text came from, never by a setting."""

    def __post_init__(self) -> None:
        # a list or str paths would make the options unhashable or unequal to the same packs
        object.__setattr__(self, "extra_dirs", tuple(Path(d) for d in self.extra_dirs))

    @property
    def engine_key(self) -> tuple[bool, tuple[Path, ...]]:
        """What the compiled engine depends on (``learned`` and ``speech`` do not change it)."""
        return self.homophones, self.extra_dirs

    def with_(self, **changes: Any) -> RulesOptions:
        return replace(self, **changes)

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> RulesOptions:
        base = cls(
            homophones=settings.homophones,
            extra_dirs=(settings.rule_packs_dir,) if settings.rule_packs_dir else (),
            learned=settings.learned,
        )
        return replace(base, **overrides)
