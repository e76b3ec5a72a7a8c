"""withdrawn responses: a personal link remembers that its response was withdrawn

A respondent holding a personal link may withdraw (delete) their response while the campaign
is open; the link then says so instead of silently offering a fresh start, and the follow-up
no longer reminds that person.

Responses are now deleted (withdrawn, erased): on SQLite their table gets AUTOINCREMENT, so a
deleted response's id is never given to a new one — a browser still holding the old id in its
session must find nothing, not a stranger's response. PostgreSQL sequences never reuse an id.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coopassess.models.base import UTCDateTime

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", UTCDateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "response", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("response", recreate="always"):
            pass
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_at")
