"""LiveGuard: livestream compliance monitoring for live commerce.

The core package holds only what every stage shares: :mod:`liveguard.contracts` (the typed
messages), :mod:`liveguard.settings` and :mod:`liveguard.errors`. The stages live in the
top-level folders and are imported as ``liveguard.ingest``, ``liveguard.transcribe``,
``liveguard.rules``, ``liveguard.alerts``; ``liveguard.pipeline`` wires them together.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("liveguard")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
