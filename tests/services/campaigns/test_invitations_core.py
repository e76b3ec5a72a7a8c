"""Invitation links and participation counts, through the core functions (both engines)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import select

from coopassess.campaigns import service as core
from coopassess.db import database, db_session
from coopassess.models import Campaign, Invitation, Response
from tests.fixtures.campaigns import make_campaign


def test_parse_emails_normalises_dedupes_and_reports_every_bad_line() -> None:
    lines = ["  Ana@Example.fr ", "", "# équipe", "ana@example.fr", "bob@mairie.example.org"]
    assert core.parse_emails(lines) == ["ana@example.fr", "bob@mairie.example.org"]
    with pytest.raises(core.InvalidEmails) as error:
        core.parse_emails(["ok@example.fr", "pas-une-adresse", "a@b", "x@y.fr, z@y.fr"])
    assert [p.split(" :")[0] for p in error.value.problems] == ["ligne 2", "ligne 3", "ligne 4"]


def test_tokens_are_long_random_and_only_their_hash_is_stored(app: Flask) -> None:
    campaign_id = make_campaign(app)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        links = core.anonymous_links(session, campaign, 50)
        session.commit()
        assert len({link.token for link in links}) == 50
        assert all(len(link.token) >= 43 for link in links)  # 256 random bits, base64url
        rows = session.execute(sa.text("SELECT * FROM invitation")).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert not any(link.token in stored for link in links)
    assert {row.token_hash for row in rows} == {core.token_hash(link.token) for link in links}
    assert all(row.email is None and row.kind == "single" for row in rows)


def test_email_links_skip_addresses_already_invited(app: Flask) -> None:
    campaign_id = make_campaign(app)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        first = core.email_links(session, campaign, ["a@example.fr", "B@example.fr"])
        again = core.email_links(session, campaign, ["b@example.fr", "c@example.fr"])
        session.commit()
        assert [link.email for link in first.created] == ["a@example.fr", "b@example.fr"]
        assert [link.email for link in again.created] == ["c@example.fr"]
        assert again.already_invited == ["b@example.fr"]
        with pytest.raises(core.InvalidEmails):
            core.email_links(session, campaign, ["d@example.fr", "faux"])
        session.rollback()
        assert session.scalar(select(sa.func.count(Invitation.id))) == 3


def test_anonymous_campaign_never_stores_an_email(app: Flask) -> None:
    campaign_id = make_campaign(app, anonymous=True)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        with pytest.raises(core.CampaignError, match="anonyme"):
            core.email_links(session, campaign, ["a@example.fr"])
        core.anonymous_links(session, campaign, 3)
        core.open_link(session, campaign)
        session.commit()
        emails = session.scalars(select(Invitation.email)).all()
    assert emails == [None, None, None, None]


def test_one_live_open_link_per_campaign(app: Flask) -> None:
    campaign_id = make_campaign(app)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        old = core.open_link(session, campaign)
        new = core.open_link(session, campaign)
        session.commit()
        assert core.find_by_token(session, old.token).revoked_at is not None
        assert core.find_by_token(session, new.token).revoked_at is None
        session.add(Invitation(campaign_id=campaign_id, token_hash="x" * 64, kind="open"))
        with pytest.raises(sa.exc.IntegrityError):
            session.commit()


def test_closed_campaign_refuses_new_links(app: Flask) -> None:
    campaign_id = make_campaign(app, status="closed")
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        with pytest.raises(core.CampaignError, match="close"):
            core.anonymous_links(session, campaign, 1)
        campaign.status = "open"
        with pytest.raises(core.CampaignError, match="entre 1 et"):
            core.anonymous_links(session, campaign, 0)


def test_usable_follows_revocation_status_and_closing_day() -> None:
    campaign = Campaign(status="open", closes_on=date(2026, 12, 31))
    invitation = Invitation(kind="single")
    assert core.usable(invitation, campaign, date(2026, 12, 31))
    assert not core.usable(invitation, campaign, date(2027, 1, 1))
    campaign.status = "closed"
    assert not core.usable(invitation, campaign, date(2026, 12, 1))
    campaign.status = "open"
    assert core.revoke(invitation) and not core.revoke(invitation)
    assert not core.usable(invitation, campaign, date(2026, 12, 1))


def test_participation_counts_every_campaign_in_one_query(app: Flask) -> None:
    first = make_campaign(app, "une")
    second = make_campaign(app, "deux", organisation="Région")
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, first)
        links = core.anonymous_links(session, campaign, 4)
        core.revoke(core.find_by_token(session, links[0].token))
        core.open_link(session, campaign)
        for status in ("in_progress", "submitted", "submitted"):
            session.add(
                Response(
                    campaign_id=first, status=status, instrument_version="v", instrument_hash="h"
                )
            )
        session.commit()
        statements: list[str] = []

        def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
            statements.append(statement)

        engine = session.get_bind()
        sa.event.listen(engine, "before_cursor_execute", record)
        counts = core.participation(session)
        sa.event.remove(engine, "before_cursor_execute", record)
    assert len([s for s in statements if s.lstrip().startswith("SELECT")]) == 1
    assert counts[first] == core.Participation(invited=3, started=3, submitted=2)
    assert counts[second] == core.Participation(invited=0, started=0, submitted=0)


def test_reopen_needs_a_closing_day_still_ahead() -> None:
    today = date(2026, 11, 29)
    campaign = Campaign(status="closed", closes_on=date(2026, 11, 1))
    with pytest.raises(core.CampaignError, match="--until"):
        core.reopen(campaign, today=today)
    assert core.reopen(campaign, today=today, until=date(2026, 12, 15))
    assert campaign.status == "open" and campaign.closes_on == date(2026, 12, 15)
    assert core.close(campaign) and not core.close(campaign)


def test_two_simultaneous_clicks_resume_one_response(app: Flask, db_url: str) -> None:
    """Two devices start through one link at once: one response is bound, and the click that
    lost the race resumes it instead of being refused."""
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite writers are serialised (BEGIN IMMEDIATE): no interleaving possible")
    campaign_id = make_campaign(app)
    with app.app_context():
        session = db_session()
        token = core.anonymous_links(session, session.get(Campaign, campaign_id), 1)[0].token
        session.commit()

        def response_for(campaign: Campaign) -> Response:
            return Response(
                campaign_id=campaign.id, instrument_version="v", instrument_hash="h", profile={}
            )

        def other_click_first(campaign: Campaign) -> Response:
            with database().session() as other:
                invitation = core.usable_link(other, token, core.campaign_today())
                won = core.begin(other, invitation, held=None, new_response=response_for)
                other.commit()
                winner.append(won.id)
            return response_for(campaign)

        winner: list[int] = []
        with database().session() as first:
            invitation = core.usable_link(first, token, core.campaign_today())
            resumed = core.begin(first, invitation, held=None, new_response=other_click_first)
            assert resumed.id == winner[0]
            first.commit()
        assert session.scalar(select(sa.func.count(Response.id))) == 1


def test_opening_a_link_reads_only(app: Flask) -> None:
    campaign_id = make_campaign(app)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        token = core.anonymous_links(session, campaign, 1)[0].token
        session.commit()
        invitation = core.usable_link(session, token, core.campaign_today())
        assert invitation is not None and not session.dirty and not session.new
        assert core.usable_link(session, token, date(2999, 1, 1)) is not None
        assert core.usable_link(session, "x" * 43, core.campaign_today()) is None
