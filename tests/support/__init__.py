"""Helpers every test package and the benchmarks share: one copy of each.

- ``factories``: contract records (stream, segment, finding, pipeline events) with defaults.
- ``waiting``: wait for a condition (an event, a message, a log line), never for a duration.
- ``ports``: free loopback ports.
- ``kafka``: a handle on the project's own broker (scripts/kafka.sh) on a free port.
- ``postgres``: a private database on the test PostgreSQL server, created and dropped.

Fixtures stay in the conftest files; this package holds plain functions and classes, so test
modules and ``bench/`` import them directly (test modules never import each other or a
conftest). See tests/README.md.
"""
