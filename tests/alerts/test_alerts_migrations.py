"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from liveguard.alerts.db import open_database
from liveguard.alerts.models import Base


def test_models_and_migrations_agree(db_url):
    engine, _ = open_database(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == []
            revision = MigrationContext.configure(conn).get_current_revision()
            assert revision is not None
        open_database(db_url)[0].dispose()  # a second start is a no-op
    finally:
        engine.dispose()
