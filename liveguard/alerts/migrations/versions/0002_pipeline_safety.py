"""pipeline safety (#11): BIGINT chunk numbers, clip status, stream ownership and disputes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.alter_column("seq_start", type_=sa.BigInteger(), existing_nullable=False)
        batch.alter_column("seq_end", type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("clip_status", sa.String(length=10), nullable=True))
    with op.batch_alter_table("streams") as batch:
        batch.add_column(
            sa.Column("owner_source", sa.String(length=20), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("owner_disputed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("owner_disputed", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("owner_disputed")
    with op.batch_alter_table("streams") as batch:
        batch.drop_column("owner_disputed")
        batch.drop_column("owner_source")
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("clip_status")
    with op.batch_alter_table("segments") as batch:
        batch.alter_column("seq_start", type_=sa.Integer(), existing_nullable=False)
        batch.alter_column("seq_end", type_=sa.Integer(), existing_nullable=False)
