"""corrections and claims (#14): the corrections table, correction status and delays on cases
and findings, the stated price basis and claimed figure of a finding

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("correction_id", sa.String(length=64), nullable=False),
        sa.Column("stream_id", sa.String(length=200), nullable=False),
        sa.Column("utterance_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("cue", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("corrected_value", sa.String(length=40), nullable=True),
        sa.Column("corrected_finding_ids", sa.JSON(), nullable=False),
        sa.Column("t_start", sa.Float(), nullable=True),
        sa.Column("t_end", sa.Float(), nullable=True),
        sa.Column("delay_s", sa.Float(), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("rule_pack_version", sa.String(length=50), nullable=False),
        sa.Column("clip_uri", sa.String(length=500), nullable=True),
        sa.Column("clip_t_start", sa.Float(), nullable=True),
        sa.Column("clip_t_end", sa.Float(), nullable=True),
        sa.Column("clip_content_type", sa.String(length=100), nullable=True),
        sa.Column("observed_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("correction_id", name=op.f("pk_corrections")),
    )
    op.create_index(
        "ix_corrections_stream_t", "corrections", ["stream_id", "t_start"], unique=False
    )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("correction_status", sa.String(length=20), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("corrected_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("correction_delay_s", sa.Float(), nullable=True))
        batch.create_index(
            batch.f("ix_cases_correction_status"), ["correction_status"], unique=False
        )
    # finding cases made before this migration were never watched for corrections
    op.execute("UPDATE cases SET correction_status = 'uncorrected' WHERE kind = 'finding'")
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("price_basis", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("claim_value", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("correction_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("corrected_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("correction_delay_s", sa.Float(), nullable=True))
        batch.add_column(sa.Column("webhook_delay_s", sa.Float(), nullable=True))
        batch.create_index(batch.f("ix_findings_correction_id"), ["correction_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_index(batch.f("ix_findings_correction_id"))
        for name in (
            "webhook_delay_s",
            "correction_delay_s",
            "corrected_at",
            "correction_id",
            "claim_value",
            "price_basis",
        ):
            batch.drop_column(name)
    with op.batch_alter_table("cases") as batch:
        batch.drop_index(batch.f("ix_cases_correction_status"))
        for name in ("correction_delay_s", "corrected_at", "correction_status"):
            batch.drop_column(name)
    op.drop_index("ix_corrections_stream_t", table_name="corrections")
    op.drop_table("corrections")
