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


def test_migrations_form_one_chain() -> None:
    """Standing rule: one migration per issue, chained on the current head. Two migrations
    written in parallel on the same parent would give two heads and an ambiguous upgrade."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from liveguard.alerts.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert len(script.get_heads()) == 1, script.get_heads()
    chain = list(script.walk_revisions())
    assert chain[-1].down_revision is None
    assert all(len(rev._all_down_revisions) <= 1 for rev in chain), "no merge revisions"
