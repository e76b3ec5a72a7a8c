"""Server-side sessions: idle and absolute timeouts (configurable), last_seen_at kept fresh,
a deactivated account loses its sessions, a new password ends the others."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess.auth import passwords
from coopassess.db import db_session
from coopassess.models import User, UserSession, utcnow
from tests.fixtures.accounts import login, make_user, wire


@pytest.fixture
def app(app: Flask) -> Flask:
    return wire(app)


def _age(app: Flask, *, idle: timedelta = timedelta(0), age: timedelta = timedelta(0)) -> None:
    """Move the only session back in time: seen ``idle`` ago, created ``age`` ago."""
    with app.app_context():
        session = db_session()
        record = session.scalars(select(UserSession)).one()
        record.last_seen_at = utcnow() - idle
        record.created_at = utcnow() - age
        session.commit()


def _revoked(app: Flask) -> bool:
    with app.app_context():
        return db_session().scalars(select(UserSession)).one().revoked_at is not None


def test_idle_for_less_than_30_minutes_stays_signed_in(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    _age(app, idle=timedelta(minutes=29), age=timedelta(minutes=29))
    assert client.get("/essai/moi").status_code == 200
    with app.app_context():
        seen = db_session().scalars(select(UserSession)).one().last_seen_at
    assert utcnow() - seen < timedelta(minutes=1)


def test_idle_for_31_minutes_ends_the_session(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    _age(app, idle=timedelta(minutes=31), age=timedelta(minutes=31))
    answer = client.get("/essai/moi")
    assert answer.status_code == 302 and answer.location.startswith("/connexion")
    assert _revoked(app)


def test_twelve_hours_end_even_an_active_session(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    _age(app, idle=timedelta(minutes=1), age=timedelta(hours=12, minutes=1))
    assert client.get("/essai/moi").status_code == 302
    assert _revoked(app)


def test_timeouts_are_configurable(app: Flask, client: FlaskClient) -> None:
    app.config["AUTH_IDLE_TIMEOUT"] = 60
    make_user(app)
    login(client)
    _age(app, idle=timedelta(minutes=2), age=timedelta(minutes=2))
    assert client.get("/essai/moi").status_code == 302


def test_a_deactivated_account_is_signed_out(app: Flask, client: FlaskClient) -> None:
    user_id = make_user(app)
    login(client)
    with app.app_context():
        session = db_session()
        session.get(User, user_id).active = False
        session.commit()
    assert client.get("/essai/moi").status_code == 302
    assert login(client).status_code == 200  # and cannot sign in again


def test_a_new_password_ends_every_open_session(app: Flask, client: FlaskClient) -> None:
    user_id = make_user(app)
    login(client)
    with app.app_context():
        session = db_session()
        passwords.set_password(session, session.get(User, user_id), "Un tout autre mot de passe")
        session.commit()
    assert client.get("/essai/moi").status_code == 302


def test_a_forged_cookie_value_is_refused(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    with client.session_transaction() as cookie:
        cookie["auth"] = "n'importe quoi"
    assert client.get("/essai/moi").status_code == 302
