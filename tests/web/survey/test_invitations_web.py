"""Exchanging an invitation link for a response, through the test client (both engines)."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from coopassess.campaigns import service as core
from coopassess.db import db_session
from coopassess.models import Campaign, Invitation, LinkAttempt, Response
from tests.fixtures.campaigns import PROFILE, answer_and_submit, make_campaign

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


def test_refused_links_all_get_the_same_french_page(app: Flask) -> None:
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
    _open_and_start(app.test_client(), used)
    before = _responses(app)

    guesses = {
        "unknown": "A" * 43,
        "guessed": used[:-1] + ("A" if used[-1] != "A" else "B"),
        "overlong": "A" * 500,
        "revoked": revoked,
        "expired": expired,
        "closed": closed,
    }
    answers = {name: app.test_client().get(f"/i/{token}") for name, token in guesses.items()}
    reference = _comparable(answers["unknown"])
    assert reference[0] == 404
    assert "Demandez un nouveau lien" in answers["unknown"].get_data(as_text=True)
    for name, answer in answers.items():
        assert _comparable(answer) == reference, name
        assert "Set-Cookie" not in answer.headers, name
        text = answer.get_data(as_text=True)
        assert SLUG not in text and "Agglo" not in text and guesses[name] not in text, name
    assert _responses(app) == before
    # A used link is no refusal any more: it opens its response from another browser.
    assert app.test_client().get(f"/i/{used}").location == f"/r/{SLUG}/reprendre"


def _open_and_start(browser: FlaskClient, token: str) -> TestResponse:
    opened = browser.get(f"/i/{token}")
    assert opened.status_code == 302 and opened.location == f"/r/{SLUG}"
    return browser.post(f"/r/{SLUG}/commencer")


def test_a_get_writes_nothing_and_the_response_starts_on_the_post(app: Flask) -> None:
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
    with app.app_context():
        invitation = db_session().scalar(select(Invitation))
        assert invitation.used_at is None and invitation.response_id is None
    assert _responses(app) == 0
    welcome = browser.get(f"/r/{SLUG}").get_data(as_text=True)
    assert f'action="/r/{SLUG}/commencer"' in welcome
    started = browser.post(f"/r/{SLUG}/commencer")
    assert started.location == f"/r/{SLUG}/reprendre"
    assert browser.get(started.location).location == f"/r/{SLUG}/p/profile"
    with app.app_context():
        invitation = db_session().scalar(select(Invitation))
        assert invitation.used_at is not None and invitation.response_id is not None
    # Starting again (a double click, a reload of the POST) resumes, no second response.
    assert browser.post(f"/r/{SLUG}/commencer").location == f"/r/{SLUG}/reprendre"
    assert _responses(app) == 1


def test_scanner_then_browser_then_another_device_share_one_response(app: Flask) -> None:
    campaign_id = make_campaign(app)
    token = _links(app, campaign_id)[0]
    scanner = app.test_client(use_cookies=False)
    assert scanner.get(f"/i/{token}").status_code == 302
    assert scanner.get(f"/r/{SLUG}").status_code == 200
    assert _responses(app) == 0
    office = app.test_client()
    assert _open_and_start(office, token).location == f"/r/{SLUG}/reprendre"
    office.post(f"/r/{SLUG}/p/profile", data={**PROFILE, "action": "next"})
    with app.app_context():
        response_id = db_session().scalar(select(Invitation.response_id))

    phone = app.test_client()
    opened = phone.get(f"/i/{token}")
    assert opened.location == f"/r/{SLUG}/reprendre"  # straight to the response, no 404
    assert phone.get(opened.location).location == f"/r/{SLUG}/p/COOP.VIT"  # first unanswered
    assert _responses(app) == 1
    answer_and_submit(phone, SLUG)
    with app.app_context():
        assert db_session().get(Response, response_id).submitted

    # After submission, every browser with the link sees the answers as sent, read-only.
    for browser in (office, phone, app.test_client()):
        assert browser.get(f"/i/{token}").location == f"/r/{SLUG}/reprendre"
        assert browser.get(f"/r/{SLUG}/reprendre").location == f"/r/{SLUG}/resultats"
        assert browser.get(f"/r/{SLUG}/p/profile").location == f"/r/{SLUG}/resultats"
        changed = browser.post(f"/r/{SLUG}/p/profile", data={**PROFILE, "p_P-STRUCT": "Autre"})
        assert changed.location == f"/r/{SLUG}/resultats"
    with app.app_context():
        assert db_session().get(Response, response_id).profile["P-STRUCT"] == "Commune"


def test_guessing_links_is_limited_after_a_burst(app: Flask) -> None:
    app.config["LINK_MAX_FAILURES"] = 5
    campaign_id = make_campaign(app)
    token = _links(app, campaign_id)[0]
    guesser = app.test_client()
    for number in range(5):
        assert guesser.get(f"/i/{'B' * 42}{number}").status_code == 404
    blocked = guesser.get(f"/i/{token}")
    assert blocked.status_code == 429
    assert "Trop de liens refusés" in blocked.get_data(as_text=True)
    other = app.test_client()
    assert other.get(f"/i/{token}", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 302


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
    _open_and_start(browser, first)
    _open_and_start(browser, second)
    with app.app_context():
        bound = db_session().scalars(select(Invitation.response_id)).all()
    assert len(set(bound)) == 2 and _responses(app) == 2


def test_open_link_starts_one_response_per_person_and_gives_a_personal_link(app: Flask) -> None:
    campaign_id = make_campaign(app)
    token = _links(app, campaign_id, kind="open")[0]
    ana, bob = app.test_client(), app.test_client()
    for browser in (ana, bob, ana, bob):
        assert browser.get(f"/i/{token}").location == f"/r/{SLUG}"
    assert _responses(app) == 0  # opening writes nothing
    for browser in (ana, bob):
        assert browser.post(f"/r/{SLUG}/commencer").location == f"/r/{SLUG}/lien-personnel"
    # A second click of the same person resumes the response it holds.
    assert ana.post(f"/r/{SLUG}/commencer").location == f"/r/{SLUG}/reprendre"
    assert _responses(app) == 2
    page = ana.get(f"/r/{SLUG}/lien-personnel").get_data(as_text=True)
    personal = re.search(r'value="http://127\.0\.0\.1:5000(/i/[^"]+)"', page).group(1)
    assert token not in personal
    answer_and_submit(ana, SLUG)
    # Ana's personal link, from another device, opens her own (sent) response.
    phone = app.test_client()
    assert phone.get(personal).location == f"/r/{SLUG}/reprendre"
    assert phone.get(f"/r/{SLUG}/reprendre").location == f"/r/{SLUG}/resultats"
    with app.app_context():
        statuses = sorted(db_session().scalars(select(Response.status)))
        invitation = db_session().scalar(select(Invitation).where(Invitation.kind == "open"))
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
    assert _responses(app) == 0


def test_the_guessing_limit_is_shared_through_redis_when_set(app: Flask) -> None:
    import redis

    from coopassess.survey.guessing import EXTENSION_KEY, RedisStore

    prefix = f"coopassess-test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL="redis://127.0.0.1:6379/0", LINK_MAX_FAILURES=3)
    app.config["JOBS_NAME"] = prefix  # the Redis keys of this test only (read when first used)
    campaign_id = make_campaign(app)
    token = _links(app, campaign_id)[0]
    try:
        for worker in (app.test_client(), app.test_client(), app.test_client()):
            assert worker.get(f"/i/{'C' * 43}").status_code == 404
        assert isinstance(app.extensions[EXTENSION_KEY], RedisStore)
        assert app.test_client().get(f"/i/{token}").status_code == 429
        with app.app_context():
            assert db_session().scalar(select(func.count(LinkAttempt.id))) == 0
    finally:
        client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
