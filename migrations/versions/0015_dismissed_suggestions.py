"""action plan suggestions set aside

The suggestions of a campaign's action plan (from its priority dimensions and flags) that the
collectif set aside, so that they are not offered again.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 12:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coopassess.models.base import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dismissed_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("dismissed_by_id", sa.Integer(), nullable=True),
        sa.Column("dismissed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_dismissed_suggestion_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"],
            ["user_account.id"],
            name=op.f("fk_dismissed_suggestion_dismissed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dismissed_suggestion")),
        sa.UniqueConstraint(
            "campaign_id", "source", name=op.f("uq_dismissed_suggestion_campaign_id_source")
        ),
    )


def downgrade() -> None:
    op.drop_table("dismissed_suggestion")
