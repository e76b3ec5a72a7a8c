"""Invitations (private links per respondent, one open link per campaign); anonymous campaigns

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 04:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coopassess.models.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIVE_OPEN_LINK = sa.text("kind = 'open' AND revoked_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("anonymous", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("used_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('single', 'open')", name=op.f("ck_invitation_kind")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_invitation_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
            name=op.f("fk_invitation_response_id_response"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("response_id", name=op.f("uq_invitation_response_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitation_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(
            "ix_invitation_one_open_link",
            ["campaign_id"],
            unique=True,
            sqlite_where=_ACTIVE_OPEN_LINK,
            postgresql_where=_ACTIVE_OPEN_LINK,
        )


def downgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index("ix_invitation_one_open_link")
        batch_op.drop_index(batch_op.f("ix_invitation_campaign_id"))

    op.drop_table("invitation")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("anonymous")
