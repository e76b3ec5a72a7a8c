"""mail: outgoing mail, mail batches, shared rate counters

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:20:16
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coopassess.models.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_counter",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("window_start", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_counter")),
    )
    op.create_table(
        "mail_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_mail_batch_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_mail_batch_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_batch")),
    )
    with op.batch_alter_table("mail_batch", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_batch_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "outgoing_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("ref", sa.String(length=100), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=True),
        sa.Column("sender_name", sa.String(length=200), nullable=False),
        sa.Column("reply_to", sa.String(length=254), nullable=True),
        sa.Column("unsubscribe_url", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("created_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "next_attempt_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("claimed_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'failed')",
            name=op.f("ck_outgoing_mail_status"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["mail_batch.id"],
            name=op.f("fk_outgoing_mail_batch_id_mail_batch"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_mail")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outgoing_mail_idempotency_key")),
    )
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.create_index("ix_outgoing_mail_batch_status", ["batch_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_outgoing_mail_ref"), ["ref"], unique=False)
        batch_op.create_index(
            "ix_outgoing_mail_status_next_attempt", ["status", "next_attempt_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_mail_status_next_attempt")
        batch_op.drop_index(batch_op.f("ix_outgoing_mail_ref"))
        batch_op.drop_index("ix_outgoing_mail_batch_status")

    op.drop_table("outgoing_mail")
    with op.batch_alter_table("mail_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_batch_campaign_id"))

    op.drop_table("mail_batch")
    op.drop_table("rate_counter")
