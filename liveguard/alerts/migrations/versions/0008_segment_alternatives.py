"""segment alternatives: the recogniser's runner-up readings of an utterance (contract 1.5)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("alternatives", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("alternatives")
