"""Exchanging an invitation link for a response, through the test client (both engines)."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from coopassess.campaigns import service as core
from coopassess.db import db_session
from coopassess.models import Campaign, Invitation, Response
from tests.fixtures.campaigns import answer_and_submit, make_campaign

SLUG = "essai-liens"


def _links(app: Flask, campaign_id: int, count: int = 1, *, kind: str = "single") -> list[str]:
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        if kind == "open":
            links = [core.open_link(session, campaign)]
        else:
            links = core.anonymous_links(session, campaign, count)
        session.commit()
    return [link.token for link in links]


def _responses(app: Flask) -> int:
    with app.app_context():
        return db_session().scalar(select(func.count(Response.id)))


def _comparable(answer: TestResponse) -> tuple[int, bytes, list[tuple[str, str]]]:
    headers = sorted((k, v) for k, v in answer.headers.items() if k.lower() != "date")
    return answer.status_code, answer.data, headers


def test_refused_links_all_get_the_same_answer(app: Flask) -> None:
    campaign_id = make_campaign(app)
    expired_id = make_campaign(app, "expiree", closes_on=date.today() - timedelta(days=2))
    closed_id = make_campaign(app, "close", status="closed")
    revoked, used = _links(app, campaign_id, 2)
    expired = _links(app, expired_id)[0]
    with app.app_context():
        session = db_session()
        core.revoke(core.find_by_token(session, revoked))
        campaign = session.get(Campaign, closed_id)
        campaign.status = "open"
        closed = core.anonymous_links(session, campaign, 1)[0].token
        campaign.status = "closed"
        session.commit()
    assert app.test_client().get(f"/i/{used}").status_code == 302
    before = _responses(app)

    guesses = {
        "unknown": "A" * 43,
        "guessed": used[:-1] + ("A" if used[-1] != "A" else "B"),
        "overlong": "A" * 500,
        "revoked": revoked,
        "expired": expired,
        "closed": closed,
        "used elsewhere": used,
    }
    answers = {name: app.test_client().get(f"/i/{token}") for name, token in guesses.items()}
    reference = _comparable(answers["unknown"])
    assert reference[0] == 404
    for name, answer in answers.items():
        assert _comparable(answer) == reference, name
        assert "Set-Cookie" not in answer.headers, name
        text = answer.get_data(as_text=True)
        assert SLUG not in text and "Agglo" not in text and guesses[name] not in text, name
    assert _responses(app) == before


def test_single_link_binds_one_response_and_leaves_the_url(app: Flask) -> None:
    campaign_id = make_campaign(app)
    token = _links(app, campaign_id)[0]
    browser = app.test_client()
    first = browser.get(f"/i/{token}")
    assert first.status_code == 302 and first.location == f"/r/{SLUG}"
    assert first.headers["Cache-Control"] == "no-store"
    assert first.headers["Referrer-Policy"] == "no-referrer"
    locations = _follow(browser, first.location)
    assert all(token not in location for location in locations)
    assert locations[-1] == f"/r/{SLUG}"
    assert browser.get(f"/r/{SLUG}/reprendre").location == f"/r/{SLUG}/p/profile"
    with app.app_context():
        invitation = db_session().scalar(select(Invitation))
        assert invitation.used_at is not None and invitation.response_id is not None
        response_id = invitation.response_id

    # The same browser comes back through the link: it resumes, no second response.
    assert browser.get(f"/i/{token}").location == f"/r/{SLUG}"
    assert _responses(app) == 1
    # Another browser: refused like an unknown link.
    assert app.test_client().get(f"/i/{token}").status_code == 404
    answer_and_submit(browser, SLUG)
    assert _follow(browser, browser.get(f"/i/{token}").location)[-1] == f"/r/{SLUG}"
    assert browser.get(f"/r/{SLUG}/reprendre").location == f"/r/{SLUG}/resultats"
    with app.app_context():
        assert db_session().get(Response, response_id).submitted


def _follow(client: FlaskClient, location: str) -> list[str]:
    """Every location the browser is sent to, starting from ``location``."""
    seen = [location]
    answer = client.get(location)
    while answer.status_code == 302:
        seen.append(answer.location)
        answer = client.get(answer.location)
    assert answer.status_code == 200
    return seen


def test_each_link_of_a_browser_gets_its_own_response(app: Flask) -> None:
    campaign_id = make_campaign(app)
    first, second = _links(app, campaign_id, 2)
    browser = app.test_client()
    browser.get(f"/i/{first}")
    browser.get(f"/i/{second}")
    with app.app_context():
        bound = db_session().scalars(select(Invitation.response_id)).all()
    assert len(set(bound)) == 2 and _responses(app) == 2


def test_open_link_starts_one_response_per_browser(app: Flask) -> None:
    campaign_id = make_campaign(app)
    token = _links(app, campaign_id, kind="open")[0]
    ana, bob = app.test_client(), app.test_client()
    for browser in (ana, bob, ana, bob):
        assert browser.get(f"/i/{token}").location == f"/r/{SLUG}"
    assert _responses(app) == 2
    answer_and_submit(ana, SLUG)
    with app.app_context():
        statuses = sorted(db_session().scalars(select(Response.status)))
        invitation = db_session().scalar(select(Invitation))
        assert invitation.response_id is None and invitation.used_at is None
    assert statuses == ["in_progress", "submitted"]


def test_closing_the_campaign_stops_its_links(app: Flask) -> None:
    campaign_id = make_campaign(app)
    token = _links(app, campaign_id)[0]
    with app.app_context():
        session = db_session()
        core.close(session.get(Campaign, campaign_id))
        session.commit()
    assert app.test_client().get(f"/i/{token}").status_code == 404
    with app.app_context():
        session = db_session()
        core.reopen(session.get(Campaign, campaign_id), today=core.campaign_today())
        session.commit()
    assert app.test_client().get(f"/i/{token}").status_code == 302


def test_tokens_are_never_logged(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    campaign_id = make_campaign(app)
    token, revoked = _links(app, campaign_id, 2)
    with app.app_context():
        session = db_session()
        core.revoke(core.find_by_token(session, revoked))
        session.commit()
    caplog.set_level(logging.DEBUG)
    browser = app.test_client()
    browser.get(f"/i/{token}")
    browser.get(f"/i/{revoked}")
    app.test_client().get(f"/i/{token}")
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert token not in messages and revoked not in messages


def test_head_requests_never_spend_a_link(app: Flask) -> None:
    campaign_id = make_campaign(app)
    token = _links(app, campaign_id)[0]
    browser = app.test_client()
    assert browser.head(f"/i/{token}").status_code == 404
    assert _responses(app) == 0
    assert browser.get(f"/i/{token}").status_code == 302
