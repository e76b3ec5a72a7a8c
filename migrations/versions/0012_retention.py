"""retention: when a campaign closed, and what of it was erased

Campaigns get ``closed_at`` (the moment the status became « closed »: the retention periods
count from it), ``addresses_purged_at`` and ``answers_purged_at`` (when the purge erased the
participants' addresses, then the individual answers), and ``results_snapshot`` (the results
as they stood when the answers were erased: every output reads them from then on).

Existing closed campaigns get ``closed_at`` from their closing day (the end of ``closes_on``)
when that day is past, else the moment of the migration.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 12:15:00
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from alembic import op

from coopassess.models.base import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("addresses_purged_at", UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("answers_purged_at", UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("results_snapshot", sa.JSON(), nullable=True))
    campaign = sa.table(
        "campaign",
        sa.column("id", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("closes_on", sa.Date()),
        sa.column("closed_at", UTCDateTime(timezone=True)),
    )
    bind = op.get_bind()
    now = datetime.now(UTC)
    closed = bind.execute(
        sa.select(campaign.c.id, campaign.c.closes_on).where(campaign.c.status == "closed")
    ).all()
    for campaign_id, closes_on in closed:
        bind.execute(
            campaign.update()
            .where(campaign.c.id == campaign_id)
            .values(closed_at=_closing_moment(closes_on, now))
        )


def _closing_moment(closes_on: date | None, now: datetime) -> datetime:
    """The end of the closing day when it is past, else now."""
    if closes_on is None:
        return now
    end = datetime.combine(closes_on + timedelta(days=1), time(), tzinfo=UTC)
    return min(end, now)


def downgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("results_snapshot")
        batch_op.drop_column("answers_purged_at")
        batch_op.drop_column("addresses_purged_at")
        batch_op.drop_column("closed_at")
