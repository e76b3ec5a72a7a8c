"""The comments service: saved like the answers (one row, idempotent, deleted when emptied),
read under the respondents' pseudonyms, quoted only for counted respondents of a reportable
campaign, every mark logged."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coopassess.campaigns import comments as core
from coopassess.campaigns.respondents import respondents
from coopassess.campaigns.results import campaign_results
from coopassess.db import db_session
from coopassess.models import AuditEvent, Campaign, Response, ResponseComment, User, utcnow
from coopassess.registry import registry
from tests.fixtures.accounts import make_user
from tests.fixtures.comments import campaign_with_comments

pytestmark = pytest.mark.db

TEXTS = {"one": "Premier commentaire", "two": "Deuxième", "three": "Troisième"}


def _campaign(app: Flask, **options: object) -> int:
    _, campaign_id = campaign_with_comments(app, TEXTS, **{"respondents": 4, **options})
    return campaign_id


def test_saving_twice_keeps_one_row_and_none_deletes_it(app: Flask) -> None:
    campaign_id = _campaign(app, quoted=False)
    with app.app_context():
        session = db_session()
        response_id = session.scalars(
            select(Response.id).where(Response.campaign_id == campaign_id).order_by(Response.id)
        ).first()
        core.save_comment(session, response_id, "COOP", "Modifié")
        core.save_comment(session, response_id, "COOP", "Modifié encore")
        session.commit()
        assert core.load_comment(session, response_id, "COOP") == "Modifié encore"
        assert session.scalar(
            select(ResponseComment.id).where(ResponseComment.response_id == response_id)
        )
        core.save_comment(session, response_id, "COOP", None)
        session.commit()
        assert core.load_comment(session, response_id, "COOP") is None


def test_the_pseudonyms_are_those_of_the_respondents_page(app: Flask) -> None:
    campaign_id = _campaign(app, quoted=False)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        # R1 excluded: the others keep their pseudonym, and so do their comments.
        first = session.scalars(
            select(Response).where(Response.campaign_id == campaign_id).order_by(Response.id)
        ).first()
        first.excluded_at = utcnow()
        session.commit()
        people = {p.response.id: p.pseudonym for p in respondents(session, registry(), campaign)}
        found = core.campaign_comments(session, registry(), campaign)
        by_text = {comment.text: comment for comment in found}
        assert [c.pseudonym for c in found] == ["R1", "R2", "R3"]
        assert by_text["Premier commentaire"].excluded and not by_text["Deuxième"].excluded
        rows = session.execute(select(ResponseComment.text, ResponseComment.response_id)).all()
        assert {text: people[rid] for text, rid in rows} == {c.text: c.pseudonym for c in found}
        assert core.comments_by_pseudonym(session, campaign)["R2"] == {"COOP": "Deuxième"}


def test_only_marked_comments_of_counted_respondents_are_quoted(app: Flask) -> None:
    campaign_id = _campaign(app, quoted=False)
    make_user(app, "conseil@example.fr", "consultant")
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        actor = session.scalar(select(User).where(User.email == "conseil@example.fr"))
        results = campaign_results(session, registry(), campaign)
        assert (
            results.reportable
            and core.quoted_comments(session, registry(), campaign, results) == []
        )
        found = {c.text: c for c in core.campaign_comments(session, registry(), campaign)}
        assert core.set_quoted(session, campaign, found["Troisième"], actor, True)
        assert core.set_quoted(session, campaign, found["Premier commentaire"], actor, True)
        assert not core.set_quoted(session, campaign, found["Troisième"], actor, True)
        session.commit()
        quoted = core.quoted_comments(session, registry(), campaign, results)
        assert [q.text for q in quoted] == ["Troisième", "Premier commentaire"]  # marking order
        assert quoted[0].questionnaire == "COOP" and "R3" not in repr(quoted[0])
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "comment.quoted")
        ).all()
        assert [e.detail for e in events] == [
            {"respondent": "R3", "questionnaire": "COOP"},
            {"respondent": "R1", "questionnaire": "COOP"},
        ]
        assert all(e.target == f"campaign:{campaign_id}" for e in events)
        assert "Troisième" not in str([e.detail for e in events])
        # Excluding R1 hides its quote from the organisation.
        session.execute(
            update(Response)
            .where(Response.id == _response_of(session, "Premier commentaire"))
            .values(excluded_at=utcnow(), updated_at=utcnow())
        )
        session.commit()
        results = campaign_results(session, registry(), campaign)
        assert [q.text for q in core.quoted_comments(session, registry(), campaign, results)] == [
            "Troisième"
        ]
        assert core.set_quoted(session, campaign, found["Troisième"], actor, False)
        session.commit()
        assert core.quoted_comments(session, registry(), campaign, results) == []


def _response_of(session: Session, text: str) -> int:
    return session.scalar(select(ResponseComment.response_id).where(ResponseComment.text == text))


def test_below_the_minimum_nothing_is_quoted(app: Flask) -> None:
    _, campaign_id = campaign_with_comments(app, TEXTS, respondents=2)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        results = campaign_results(session, registry(), campaign)
        assert not results.reportable and results.min_respondents == 3
        assert core.quoted_comments(session, registry(), campaign, results) == []
        assert len(core.campaign_comments(session, registry(), campaign)) == 2


def test_a_comment_of_another_campaign_is_not_found(app: Flask) -> None:
    first = _campaign(app)
    second = _campaign(app, name="Ville voisine")
    with app.app_context():
        session = db_session()
        theirs = core.campaign_comments(session, registry(), session.get(Campaign, second))[0]
        assert (
            core.find_comment(session, registry(), session.get(Campaign, first), theirs.id) is None
        )
