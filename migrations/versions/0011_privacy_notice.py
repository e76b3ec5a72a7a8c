"""information notices

Organisations get the controller's name, their DPO contact and their own additions to the
information notice; every distinct notice text shown to respondents is kept once
(``privacy_notice``) and each response names the version its respondent read.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 12:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coopassess.models.base import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("controller_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("dpo_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("dpo_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("dpo_address", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("notice_text", sa.Text(), nullable=True))
    op.create_table(
        "privacy_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_privacy_notice_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_notice")),
        sa.UniqueConstraint(
            "organisation_id", "version", name=op.f("uq_privacy_notice_organisation_id_version")
        ),
        sa.UniqueConstraint(
            "organisation_id", "text_hash", name=op.f("uq_privacy_notice_organisation_id_text_hash")
        ),
    )
    op.create_index(
        op.f("ix_privacy_notice_organisation_id"),
        "privacy_notice",
        ["organisation_id"],
        unique=False,
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_response_notice_id_privacy_notice"),
            "privacy_notice",
            ["notice_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_response_notice_id_privacy_notice"), type_="foreignkey"
        )
        batch_op.drop_column("notice_id")
    op.drop_index(op.f("ix_privacy_notice_organisation_id"), table_name="privacy_notice")
    op.drop_table("privacy_notice")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("notice_text")
        batch_op.drop_column("dpo_address")
        batch_op.drop_column("dpo_email")
        batch_op.drop_column("dpo_name")
        batch_op.drop_column("controller_name")
