"""credit scores and their history, suppressions, pre-check receipts, credit copies on cases

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credit_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_type", sa.String(length=20), nullable=False),
        sa.Column("party_id", sa.String(length=200), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("weights_version", sa.String(length=50), nullable=False),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column("contributions", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_scores")),
        sa.UniqueConstraint("party_type", "party_id", name="uq_credit_scores_party"),
    )
    op.create_table(
        "credit_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_type", sa.String(length=20), nullable=False),
        sa.Column("party_id", sa.String(length=200), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("weights_version", sa.String(length=50), nullable=False),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=200), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_history")),
    )
    op.create_index(
        "ix_credit_history_party", "credit_history", ["party_type", "party_id", "id"], unique=False
    )
    op.create_table(
        "suppressions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("scope_id", sa.String(length=200), nullable=False),
        sa.Column("merchant_id", sa.String(length=200), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("last_hit_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_suppressions_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppressions")),
    )
    op.create_index(
        op.f("ix_suppressions_merchant_id"), "suppressions", ["merchant_id"], unique=False
    )
    op.create_index(
        "ix_suppressions_rule", "suppressions", ["rule_id", "lifted_at", "expires_at"], unique=False
    )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("host_credit", sa.Float(), nullable=True))
        batch.add_column(sa.Column("merchant_credit", sa.Float(), nullable=True))
        batch.add_column(sa.Column("risk", sa.Float(), nullable=False, server_default="0"))
    op.create_index(
        "ix_cases_queue_risk", "cases", ["status", "risk", "last_seen", "id"], unique=False
    )
    with op.batch_alter_table("precheck_submissions") as batch:
        batch.add_column(
            sa.Column("host_id", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("script_sha256", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("language", sa.String(length=10), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("rule_pack_version", sa.String(length=100), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("detector_versions", sa.JSON(), nullable=False, server_default="[]")
        )
    op.create_index(
        op.f("ix_precheck_submissions_host_id"), "precheck_submissions", ["host_id"], unique=False
    )
    op.create_index(
        op.f("ix_precheck_submissions_script_sha256"),
        "precheck_submissions",
        ["script_sha256"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_precheck_submissions_script_sha256"), "precheck_submissions")
    op.drop_index(op.f("ix_precheck_submissions_host_id"), "precheck_submissions")
    with op.batch_alter_table("precheck_submissions") as batch:
        for name in ("detector_versions", "rule_pack_version", "language", "script_sha256"):
            batch.drop_column(name)
        batch.drop_column("host_id")
    op.drop_index("ix_cases_queue_risk", "cases")
    with op.batch_alter_table("cases") as batch:
        for name in ("risk", "merchant_credit", "host_credit"):
            batch.drop_column(name)
    op.drop_index("ix_suppressions_rule", "suppressions")
    op.drop_index(op.f("ix_suppressions_merchant_id"), "suppressions")
    op.drop_table("suppressions")
    op.drop_index("ix_credit_history_party", "credit_history")
    op.drop_table("credit_history")
    op.drop_table("credit_scores")
