"""Organisations, campaigns, responses and answers

Revision ID: 0001
Revises:
Create Date: 2026-11-29 02:51:55.206330
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import coopassess.models.base

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("structure_type", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("created_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('territoire', 'entreprise')", name=op.f("ck_organisation_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("demarche", sa.String(length=200), nullable=False),
        sa.Column("target", sa.String(length=20), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("instrument_version", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("created_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'closed')", name=op.f("ck_campaign_status")
        ),
        sa.CheckConstraint(
            "target IN ('territoire', 'entreprise')", name=op.f("ck_campaign_target")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_campaign_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
        sa.UniqueConstraint("slug", name=op.f("uq_campaign_slug")),
    )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaign_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("instrument_version", sa.String(length=40), nullable=False),
        sa.Column("instrument_hash", sa.String(length=64), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("started_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('in_progress', 'submitted')", name=op.f("ck_response_status")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_response_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response")),
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_campaign_id"), ["campaign_id"], unique=False)

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=3), nullable=False),
        sa.Column("updated_at", coopassess.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "value IN ('1', '2', '3', '4', '5', 'NSP', 'NC')", name=op.f("ck_answer_value")
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
            name=op.f("fk_answer_response_id_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint("response_id", "item_key", name=op.f("uq_answer_response_id_item_key")),
    )


def downgrade() -> None:
    op.drop_table("answer")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_campaign_id"))

    op.drop_table("response")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_organisation_id"))

    op.drop_table("campaign")
    op.drop_table("organisation")
