"""Migration 0012 gives campaigns already closed a closing moment: the end of their closing day
when it is past, else the moment of the migration; open campaigns get none."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from coopassess import migrate
from coopassess.db import make_engine
from coopassess.models import Campaign


def test_closed_campaigns_get_their_closing_moment(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.downgrade(engine, "0010")
    organisation = sa.table(
        "organisation", *(sa.column(name) for name in ("id", "name", "kind", "created_at"))
    )
    campaign = sa.table(
        "campaign",
        *(sa.column(name) for name in ("id", "organisation_id", "demarche", "target")),
        sa.column("modules", sa.JSON()),
        *(sa.column(name) for name in ("instrument_version", "status", "closes_on")),
        *(sa.column(name) for name in ("slug", "created_at")),
    )
    rows = [
        (1, "closed", date(2025, 3, 31)),
        (2, "closed", date(2999, 1, 1)),
        (3, "closed", None),
        (4, "open", date(2025, 3, 31)),
    ]
    with engine.begin() as connection:
        connection.execute(
            sa.insert(organisation).values(
                id=1, name="Rives", kind="territoire", created_at=datetime(2025, 1, 1)
            )
        )
        for campaign_id, status, closes_on in rows:
            connection.execute(
                sa.insert(campaign).values(
                    id=campaign_id,
                    organisation_id=1,
                    demarche="Réemploi",
                    target="territoire",
                    modules=["COOP"],
                    instrument_version="1.0.0",
                    status=status,
                    closes_on=closes_on,
                    slug=f"c{campaign_id}",
                    created_at=datetime(2025, 1, 1),
                )
            )
    before = datetime.now(UTC)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        found = dict(
            connection.execute(
                sa.select(Campaign.id, Campaign.closed_at).order_by(Campaign.id)
            ).all()
        )
    engine.dispose()
    assert found[1] == datetime(2025, 4, 1, tzinfo=UTC)
    assert found[2] >= before and found[3] >= before
    assert found[4] is None
