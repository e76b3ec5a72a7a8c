"""Participants: bulk import, merging, removal, personal links, follow-up counts and who gets
which message (both engines)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import func, select

from coopassess.campaigns import service as core
from coopassess.campaigns.service import CampaignError
from coopassess.db import db_session
from coopassess.models import Campaign, Invitation, Mailing, Participant, Response, utcnow
from coopassess.participants import followup, sending, service
from coopassess.participants.importing import Person, read_file
from tests.fixtures.campaigns import make_campaign

SECRET = "test-secret-key"


def _statements(session: sa.orm.Session) -> tuple[list[str], object]:
    found: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        found.append(statement)

    return found, record


def test_ten_thousand_people_are_inserted_in_a_few_statements(app: Flask) -> None:
    campaign_id = make_campaign(app)
    data = "e-mail;prénom\n" + "".join(f"p{n}@example.fr;P{n}\n" for n in range(10_000))
    people = read_file("liste.csv", data.encode())
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        statements, record = _statements(session)
        engine = session.get_bind()
        sa.event.listen(engine, "before_cursor_execute", record)
        added = service.add_people(session, campaign, people, SECRET)
        sa.event.remove(engine, "before_cursor_execute", record)
        session.commit()
        assert added == service.Added(added=10_000, merged=0)
        assert len(statements) <= 40  # per batch of 2,000: one lookup, links, people
        assert session.scalar(select(func.count(Participant.id))) == 10_000
        assert session.scalar(select(func.count(Invitation.id))) == 10_000


def test_known_people_are_merged_and_their_links_work(app: Flask) -> None:
    campaign_id = make_campaign(app)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        service.add_people(session, campaign, [Person("ana@x.fr")], SECRET)
        again = service.add_people(
            session, campaign, [Person("ana@x.fr", first_name="Ana"), Person("bob@x.fr")], SECRET
        )
        session.commit()
        assert again == service.Added(added=1, merged=1)
        ana = session.scalar(select(Participant).where(Participant.email == "ana@x.fr"))
        assert ana.first_name == "Ana"
        token = service.personal_token(SECRET, ana.invitation)
        assert core.find_by_token(session, token).id == ana.invitation_id
        assert token not in str(session.execute(sa.text("SELECT * FROM invitation")).all())
        # The same link every time it is written (a reminder carries the invitation's link).
        assert service.personal_token(SECRET, ana.invitation) == token
        service.remove(session, ana)
        session.commit()
        assert core.usable_link(session, token, core.campaign_today()) is None
        assert session.scalar(select(func.count(Participant.id))) == 1


def test_anonymous_and_closed_campaigns_keep_no_address(app: Flask) -> None:
    anonymous = make_campaign(app, "anonyme", anonymous=True)
    closed = make_campaign(app, "close", status="closed", organisation="Autre")
    with app.app_context():
        session = db_session()
        with pytest.raises(CampaignError, match="anonyme"):
            service.add_people(
                session, session.get(Campaign, anonymous), [Person("a@x.fr")], SECRET
            )
        with pytest.raises(CampaignError, match="close"):
            service.add_people(session, session.get(Campaign, closed), [Person("a@x.fr")], SECRET)
        assert session.scalar(select(func.count(Participant.id))) == 0


def _world(app: Flask) -> tuple[int, dict[str, int]]:
    """Six people: not invited, invited, started, submitted, opted out, removed link."""
    campaign_id = make_campaign(app)
    names = ("new", "invited", "started", "submitted", "optedout", "revoked")
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        service.add_people(session, campaign, [Person(f"{n}@x.fr") for n in names], SECRET)
        ids = {}
        for name in names:
            participant = session.scalar(
                select(Participant).where(Participant.email == f"{name}@x.fr")
            )
            ids[name] = participant.id
            if name != "new":
                participant.invited_at = utcnow()
            if name in ("started", "submitted"):
                response = Response(
                    campaign_id=campaign_id,
                    instrument_version="v",
                    instrument_hash="h",
                    profile={},
                    status="submitted" if name == "submitted" else "in_progress",
                )
                session.add(response)
                session.flush()
                participant.invitation.response_id = response.id
            if name == "optedout":
                service.opt_out(participant)
            if name == "revoked":
                core.revoke(participant.invitation)
        session.commit()
    return campaign_id, ids


def test_reminders_target_exactly_the_invited_non_respondents_not_opted_out(app: Flask) -> None:
    campaign_id, ids = _world(app)
    with app.app_context():
        session = db_session()
        reminder = set(session.scalars(sending.reminder_targets(campaign_id)))
        invitation = set(session.scalars(sending.invitation_targets(campaign_id)))
        assert reminder == {ids["invited"], ids["started"]}
        assert invitation == {ids["new"]}
        assert sending.count(session, sending.reminder_targets(campaign_id)) == 2


def test_follow_up_counts_and_pages_in_one_query_each(app: Flask) -> None:
    campaign_id, ids = _world(app)
    with app.app_context():
        session = db_session()
        counts = followup.counts(session, campaign_id)
        assert counts == followup.Counts(
            total=6, to_invite=1, invited=5, started=1, submitted=1, opted_out=1, failed=0
        )
        rows = followup.rows(followup.page(session, campaign_id, 1), {})
        statuses = {row.id: row.status for row in rows}
        assert statuses == {
            ids["new"]: "to_invite",
            ids["invited"]: "queued",
            ids["started"]: "started",
            ids["submitted"]: "submitted",
            ids["optedout"]: "opted_out",
            ids["revoked"]: "queued",
        }
        waiting = followup.page(session, campaign_id, 1, not_answered=True)
        assert ids["submitted"] not in {row.id for row in waiting} and len(waiting) == 5


def test_a_confirmed_form_posted_twice_makes_one_mailing(app: Flask) -> None:
    campaign_id = make_campaign(app)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        first, new = sending.request_mailing(session, campaign, "reminder", "form:k", None)
        again, new_again = sending.request_mailing(session, campaign, "reminder", "form:k", None)
        session.commit()
        assert new and not new_again and first.id == again.id
        assert session.scalar(select(func.count(Mailing.id))) == 1
