"""detector: how a finding was found (rules | learned) and by which version (contract 1.4)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(
            sa.Column("detector", sa.String(length=20), nullable=False, server_default="rules")
        )
        batch.add_column(
            sa.Column("detector_version", sa.String(length=100), nullable=False, server_default="")
        )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("detector", sa.String(length=20), nullable=False, server_default="rules")
        )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("detector")
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("detector_version")
        batch.drop_column("detector")
