"""Password rules and the one-time links that set a password (both engines)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from coopassess.auth import passwords
from coopassess.auth.passwords import common_passwords, password_problems
from coopassess.db import db_session
from coopassess.models import AuditEvent, PasswordReset, User, utcnow
from tests.fixtures.accounts import PASSWORD, login, make_user, wire

NEW = "Trois moulins sur la Loire"
GONE = "plus valable\u00a0: demandez-en un nouveau"


@pytest.fixture
def app(app: Flask) -> Flask:
    return wire(app)


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("court", "au moins 12"),
        ("x" * 129, "au plus 128"),
        ("MotDePasse123", "trop courant"),
        ("AZERTYUIOP123", "trop courant"),
        ("marie@example.fr", "adresse e-mail"),
    ],
)
def test_bad_passwords_are_refused_with_a_reason(password: str, fragment: str) -> None:
    assert any(fragment in problem for problem in password_problems(password, "marie@example.fr"))


def test_good_passwords_pass() -> None:
    assert password_problems("".join(f"{n:03d}-" for n in range(32)), "marie@example.fr") == []
    assert password_problems(NEW, "marie@example.fr") == []


def test_the_common_list_is_long_lowercase_and_long_enough() -> None:
    words = common_passwords()
    assert len(words) >= 200
    assert all(len(word) >= 12 and word == word.lower() for word in words)
    assert "motdepasse123" in words


def test_hashes_are_scrypt() -> None:
    assert passwords.hash_password(NEW).startswith("scrypt:")


def _issue(app: Flask, user_id: int, *, now: datetime | None = None) -> str:
    with app.app_context():
        session = db_session()
        token = passwords.issue_reset(session, session.get(User, user_id), now)
        session.commit()
        return token


def _set(
    client: FlaskClient, token: str, password: str = NEW, confirm: str | None = None
) -> TestResponse:
    data = {"password": password, "confirm": password if confirm is None else confirm}
    return client.post(f"/mot-de-passe/{token}", data=data)


def test_a_link_sets_the_password_once(app: Flask, client: FlaskClient) -> None:
    user_id = make_user(app)
    token = _issue(app, user_id)
    page = client.get(f"/mot-de-passe/{token}")
    assert page.status_code == 200 and "marie@example.fr" in page.get_data(as_text=True)
    answer = _set(client, token)
    assert answer.status_code == 302 and answer.location == "/connexion"
    assert login(client, password=PASSWORD).status_code == 200
    assert login(client, password=NEW).status_code == 302
    second = app.test_client()
    assert second.get(f"/mot-de-passe/{token}").status_code == 410
    assert _set(second, token, "Encore un autre mot de passe").status_code == 410
    with app.app_context():
        session = db_session()
        assert session.scalars(select(PasswordReset)).one().token_hash != token
        events = session.scalars(select(AuditEvent)).all()
        assert "password.reset" in [event.action for event in events]
        text = " ".join(f"{e.action} {e.target} {e.detail}" for e in events)
    assert NEW not in text and token not in text


def test_expired_unknown_and_replaced_links_get_the_same_answer(
    app: Flask, client: FlaskClient
) -> None:
    user_id = make_user(app)
    expired = _issue(app, user_id, now=utcnow() - timedelta(hours=25))
    replaced = _issue(app, user_id)
    current = _issue(app, user_id)
    pages = [client.get(f"/mot-de-passe/{t}") for t in (expired, replaced, "x" * 43)]
    assert {page.status_code for page in pages} == {410}
    assert len({page.get_data(as_text=True) for page in pages}) == 1
    assert GONE in pages[0].get_data(as_text=True)
    assert client.get(f"/mot-de-passe/{current}").status_code == 200


def test_a_refused_password_keeps_the_link_and_lists_errors(
    app: Flask, client: FlaskClient
) -> None:
    user_id = make_user(app)
    token = _issue(app, user_id)
    answer = _set(client, token, "motdepasse123")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'href="#password"' in html and "trop courant" in html
    assert 'aria-invalid="true"' in html
    mismatch = _set(client, token, NEW, "autre chose encore")
    assert "ne sont pas identiques" in mismatch.get_data(as_text=True)
    assert _set(client, token).status_code == 302
