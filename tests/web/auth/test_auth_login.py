"""Login and logout through HTTP, on both engines: one message for every failure, a new
session at each login, a logged-out cookie refused, rate limits, audit events."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess.auth.audit import audit
from coopassess.auth.views import LOGIN_FAILED
from coopassess.db import db_session
from coopassess.models import AuditEvent, LoginAttempt, UserSession, utcnow
from tests.fixtures.accounts import PASSWORD, login, make_user, wire

COOKIE = "coopassess_session"


@pytest.fixture
def app(app: Flask) -> Flask:
    return wire(app)


def _events(app: Flask) -> list[tuple[str, str | None, dict]]:
    """(action, target, detail) of every audit event, oldest first."""
    with app.app_context():
        events = db_session().scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(event.action, event.target, event.detail) for event in events]


def test_login_page_is_accessible_french_form(client: FlaskClient) -> None:
    page = client.get("/connexion")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<label for="email">Adresse e-mail</label>' in html
    assert '<label for="password">Mot de passe</label>' in html
    # No inline script or style (the CSP allows only the app's own files).
    assert not re.findall(r'<script(?![^>]*\bsrc="/static/)', html) and "style=" not in html


def test_login_success_redirects_and_opens_a_session(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    answer = login(client, "Marie@Example.fr ", query_string={"suivant": "/essai/moi"})
    assert answer.status_code == 302 and answer.location == "/essai/moi"
    assert client.get("/essai/moi").get_data(as_text=True) == "marie@example.fr"
    assert [event[0] for event in _events(app)] == ["login.success"]


def test_unknown_email_and_wrong_password_get_the_same_answer(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app)
    unknown = login(client, "personne@example.fr")
    wrong = login(client, password="pas le bon mot de passe")
    assert unknown.status_code == wrong.status_code == 200
    assert LOGIN_FAILED in unknown.get_data(as_text=True)
    assert unknown.get_data(as_text=True) == wrong.get_data(as_text=True).replace(
        'value="marie@example.fr"', 'value="personne@example.fr"'
    )
    assert client.get("/essai/moi").status_code == 302
    events = _events(app)
    assert [event[0] for event in events] == ["login.failure", "login.failure"]
    for event in events:
        assert "pas le bon" not in str(event) and PASSWORD not in str(event)


def test_next_target_outside_the_site_is_ignored(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    answer = login(client, query_string={"suivant": "//evil.example/"})
    assert answer.location == "/campagnes"


def test_login_regenerates_the_session_cookie(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    make_user(app, "paul@example.fr", "consultant")
    login(client)
    first = client.get_cookie(COOKIE).value
    login(client, "paul@example.fr")
    second = client.get_cookie(COOKIE).value
    assert first != second
    assert client.get("/essai/moi").get_data(as_text=True) == "paul@example.fr"
    with app.app_context():
        assert len(db_session().scalars(select(UserSession)).all()) == 2


def test_logout_revokes_and_the_old_cookie_is_refused(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    stolen = client.get_cookie(COOKIE).value
    answer = client.post("/deconnexion")
    assert answer.status_code == 302 and answer.location == "/connexion"
    assert client.get("/essai/moi").status_code == 302
    replay = app.test_client()
    replay.set_cookie(COOKIE, stolen)
    assert replay.get("/essai/moi").status_code == 302
    with app.app_context():
        record = db_session().scalars(select(UserSession)).one()
        assert record.revoked_at is not None
    assert [event[0] for event in _events(app)] == ["login.success", "logout"]


def test_logout_needs_post_and_csrf(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    assert client.get("/deconnexion").status_code == 405
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/deconnexion").status_code == 400
    assert client.get("/essai/moi").status_code == 200


def test_five_failures_lock_the_account_for_a_while(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    for _ in range(5):
        assert login(client, password="mauvais mot de passe").status_code == 200
    blocked = login(client)
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.get_data(as_text=True)
    assert client.get("/essai/moi").status_code == 302
    assert _events(app)[-1][0] == "login.rate_limited"
    with app.app_context():
        session = db_session()
        for attempt in session.scalars(select(LoginAttempt)):
            attempt.at = utcnow() - timedelta(minutes=16)
        session.commit()
    assert login(client).status_code == 302


def test_twenty_failures_from_one_address_block_it(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    with app.app_context():
        session = db_session()
        for n in range(20):
            session.add(LoginAttempt(email=f"x{n}@example.fr", address="127.0.0.1", success=False))
        session.commit()
    assert login(client).status_code == 429
    other = app.test_client()
    answer = login(other, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert answer.status_code == 302


def test_audit_drops_secrets_whatever_the_caller_passes(app: Flask) -> None:
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "192.0.2.9"}):
        session = db_session()
        event = audit(
            session,
            "password.reset",
            target="marie@example.fr",
            detail={"password": PASSWORD, "token": "abc", "reason": "essai"},
        )
        session.commit()
        assert event.detail == {"reason": "essai"}
        assert event.address == "192.0.2.9"


def test_header_shows_who_is_signed_in_and_logs_out(app: Flask) -> None:
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    assert "Se déconnecter" not in client.get("/").get_data(as_text=True)
    login(client, "admin@example.fr")
    home = client.get("/").get_data(as_text=True)
    assert "admin@example.fr" in home and "Se déconnecter" in home
    client.post("/deconnexion")
    assert "Se déconnecter" not in client.get("/").get_data(as_text=True)
