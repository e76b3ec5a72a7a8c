"""respondents' comments, one per response and questionnaire, apart from the answers

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coopassess.models.base import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "response_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("quoted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("quoted_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "length(text) BETWEEN 1 AND 2000", name=op.f("ck_response_comment_text_length")
        ),
        sa.ForeignKeyConstraint(
            ["quoted_by_id"],
            ["user_account.id"],
            name=op.f("fk_response_comment_quoted_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
            name=op.f("fk_response_comment_response_id_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_comment")),
        sa.UniqueConstraint(
            "response_id",
            "questionnaire",
            name=op.f("uq_response_comment_response_id_questionnaire"),
        ),
    )
    with op.batch_alter_table("response_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_comment_response_id"), ["response_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("response_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_comment_response_id"))
    op.drop_table("response_comment")
