"""Alerts stage: the review service (cases, blacklist, reports, pre-check) and its storage.

Entry points: :func:`liveguard.alerts.app.create_app`,
:func:`liveguard.alerts.ingestion.ingest_events`, and the ``serve`` / ``user`` / ``token`` /
``alerts-consume`` / ``alerts-purge`` commands; see docs/alerts.md.
"""
