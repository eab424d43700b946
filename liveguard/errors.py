"""One root exception, so callers can catch everything LiveGuard raises on purpose in one place.

Each stage subclasses the family that fits; the CLI maps :class:`InputError` and
:class:`ConfigError` to exit status 2 with a one-line message, never a traceback.
"""

from __future__ import annotations


class LiveGuardError(Exception):
    """Root of every error LiveGuard raises deliberately."""


class ConfigError(LiveGuardError):
    """Settings are missing, inconsistent or unsafe (e.g. a default secret in production)."""


class InputError(LiveGuardError):
    """Something a user handed in cannot be used: unreadable file, bad catalog, not UTF-8."""


class RulePackError(LiveGuardError):
    """A rule pack failed validation; the message names the file, the rule id and the field."""


class MediaError(InputError):
    """Audio or video could not be opened or decoded."""


class ModelError(LiveGuardError):
    """The speech model could not be provisioned or loaded."""


class MessageFormatError(InputError):
    """A Kafka message does not follow docs/message-format.md (a poison message)."""


class TransportError(LiveGuardError):
    """The message broker could not be reached or refused an operation."""


class StorageError(LiveGuardError):
    """The database or the clip store failed."""
