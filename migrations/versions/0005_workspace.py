"""workspace: exclusions, campaign summaries, API tokens

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 05:52:36
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coopassess.models.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_api_token_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "campaign_summary",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("key_submitted", sa.Integer(), nullable=False),
        sa.Column(
            "key_changed_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("n_respondents", sa.Integer(), nullable=False),
        sa.Column("imc", sa.Float(), nullable=True),
        sa.Column("level", sa.String(length=2), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("computed_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_summary_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_campaign_summary")),
    )
    with op.batch_alter_table("campaign_summary", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_summary_imc"), ["imc"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_summary_level"), ["level"], unique=False)

    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "excluded_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(sa.Column("excluded_reason", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("excluded_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            "ix_response_campaign_status_updated",
            ["campaign_id", "status", "updated_at"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_response_excluded_by_id_user_account"),
            "user_account",
            ["excluded_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:

    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_response_excluded_by_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_index("ix_response_campaign_status_updated")
        batch_op.drop_column("excluded_by_id")
        batch_op.drop_column("excluded_reason")
        batch_op.drop_column("excluded_at")

    with op.batch_alter_table("campaign_summary", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_summary_level"))
        batch_op.drop_index(batch_op.f("ix_campaign_summary_imc"))

    op.drop_table("campaign_summary")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_user_id"))

    op.drop_table("api_token")
