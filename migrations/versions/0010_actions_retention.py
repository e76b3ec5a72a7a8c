"""action plans and retention periods

Campaigns get the action plan the collectif writes after its results (actions tied to a
dimension or to the démarche, and the history of their status changes), and how long
participants' addresses and individual answers are kept after closing. Users get the opt-out
of the weekly digest of overdue actions.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coopassess.models.base import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("address_retention_months", sa.Integer(), server_default="3", nullable=False)
        )
        batch_op.add_column(
            sa.Column("answer_retention_months", sa.Integer(), server_default="24", nullable=False)
        )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("action_digest", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire", sa.String(length=10), nullable=True),
        sa.Column("dimension", sa.String(length=10), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), server_default="planned", nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("source", sa.String(length=60), nullable=True),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress', 'done', 'dropped')", name=op.f("ck_action_status")
        ),
        sa.CheckConstraint(
            "dimension IS NULL OR questionnaire IS NOT NULL", name=op.f("ck_action_dimension")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_action_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["action.id"],
            name=op.f("fk_action_carried_from_id_action"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_action_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    op.create_index(op.f("ix_action_campaign_id"), "action", ["campaign_id"], unique=False)
    op.create_table(
        "action_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=12), nullable=True),
        sa.Column("to_status", sa.String(length=12), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_action_status_change_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user_account.id"],
            name=op.f("fk_action_status_change_changed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_status_change")),
    )
    op.create_index(
        op.f("ix_action_status_change_action_id"),
        "action_status_change",
        ["action_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_action_status_change_action_id"), table_name="action_status_change")
    op.drop_table("action_status_change")
    op.drop_index(op.f("ix_action_campaign_id"), table_name="action")
    op.drop_table("action")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("action_digest")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("answer_retention_months")
        batch_op.drop_column("address_retention_months")
