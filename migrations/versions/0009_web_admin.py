"""web administration: organisation details and archiving, archived campaigns

Organisations get their optional identifiers (SIREN, INSEE code), a size band, the contact of
their referent and an archive date; campaigns an archive date. Archived rows are hidden from
the lists and keep every campaign, response and answer.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coopassess.models.base import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("siren", sa.String(length=9), nullable=True))
        batch_op.add_column(sa.Column("insee_code", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("size_band", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("contact_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("archived_at", UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        for column in ("archived_at", "contact_email", "contact_name", "size_band"):
            batch_op.drop_column(column)
        batch_op.drop_column("insee_code")
        batch_op.drop_column("siren")
