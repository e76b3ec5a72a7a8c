"""a note on an action's status change

A carried-over action's first history entry says where it comes from (« Reprise de la campagne
« … » »): the status history gets a short free note.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("action_status_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("action_status_change", schema=None) as batch_op:
        batch_op.drop_column("note")
