"""Passwords from the web: changing one's own (the current one required), and « Mot de passe
oublié ? » through a real SMTP server and the real queue — the link works once, then 410;
an unknown address gets the same page; limits per client and per address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.mail import transport
from coopassess.models import AuditEvent, OutgoingMail, PasswordReset, UserSession, utcnow
from tests.fixtures.accounts import PASSWORD, login, make_user
from tests.fixtures.mail import run_queue, use_smtp
from tests.fixtures.smtp import SmtpServer, smtp_server

NEW_PASSWORD = "Un autre soir au bord de la Loire"


@pytest.fixture
def smtp(app: Flask) -> Iterator[SmtpServer]:
    with smtp_server() as server:
        use_smtp(app, server.url, BASE_URL="https://coop.example.fr")
        yield server
    transport.close_all()


def _link(server: SmtpServer, index: int = -1) -> str:
    text = server.received[index].message.get_body(("plain",)).get_content()
    found = re.search(r"https://coop\.example\.fr(/mot-de-passe/[\w-]+)", text)
    assert found, text
    return found.group(1)


def _signed_in(app: Flask, email: str = "marie@example.fr") -> FlaskClient:
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def test_change_needs_the_current_password_and_ends_other_sessions(app: Flask) -> None:
    make_user(app)
    other = _signed_in(app)
    client = _signed_in(app)
    page = client.get("/compte").get_data(as_text=True)
    assert "Changer de mot de passe" in page and "marie@example.fr" in page
    wrong = client.post(
        "/compte", data={"current": "pas le bon", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert wrong.status_code == 400 and "actuel est incorrect" in wrong.get_data(as_text=True)
    weak = client.post(
        "/compte", data={"current": PASSWORD, "password": "lkjihgfedcba", "confirm": "lkjihgfedcba"}
    )
    assert weak.status_code == 400 and "suite évidente" in weak.get_data(as_text=True)
    done = client.post(
        "/compte", data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert client.get("/compte").status_code == 200  # this browser stays signed in
    assert other.get("/compte").status_code == 302  # the other one is signed out
    assert login(app.test_client(), password=PASSWORD).status_code == 200
    assert login(app.test_client(), password=NEW_PASSWORD).status_code == 302
    with app.app_context():
        assert (
            db_session().scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "password.change")
            )
            == 1
        )


def test_forgotten_password_by_email_works_once(app: Flask, smtp: SmtpServer) -> None:
    make_user(app)
    other = _signed_in(app)
    client = app.test_client()
    assert 'href="/mot-de-passe-oublie"' in client.get("/connexion").get_data(as_text=True)
    sent = client.post("/mot-de-passe-oublie", data={"email": " Marie@Example.FR "})
    assert sent.status_code == 302
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Si un compte actif existe pour cette adresse" in page
    assert run_queue(app) == 1
    assert [received.rcpt_tos for received in smtp.received] == [["marie@example.fr"]]
    message = smtp.received[0].message
    assert message["Subject"] == "CoopAssess\u00a0: changer votre mot de passe"
    assert "valable 1 heure" in message.get_body(("plain",)).get_content()
    link = _link(smtp)
    assert client.get(link).status_code == 200
    chosen = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert chosen.status_code == 302
    assert client.get(link).status_code == 410
    assert (
        client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 410
    )
    assert other.get("/compte").status_code == 302  # every session ended by the reset
    assert login(app.test_client(), password=NEW_PASSWORD).status_code == 302
    with app.app_context():
        reset = db_session().scalar(select(PasswordReset))
        assert reset.expires_at - reset.created_at == timedelta(hours=1)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app: Flask, smtp: SmtpServer) -> None:
    make_user(app)
    client = app.test_client()
    known = client.post("/mot-de-passe-oublie", data={"email": "marie@example.fr"})
    unknown = client.post("/mot-de-passe-oublie", data={"email": "personne@example.fr"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    run_queue(app)
    assert len(smtp.received) == 1
    bad = client.post("/mot-de-passe-oublie", data={"email": "pas une adresse"})
    assert bad.status_code == 400 and "n&#39;est pas valide" in bad.get_data(as_text=True)


def test_an_expired_link_is_refused(app: Flask, smtp: SmtpServer) -> None:
    make_user(app)
    client = app.test_client()
    client.post("/mot-de-passe-oublie", data={"email": "marie@example.fr"})
    run_queue(app)
    with app.app_context():
        session = db_session()
        reset = session.scalar(select(PasswordReset))
        reset.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
    assert client.get(_link(smtp)).status_code == 410


def test_limits_per_address_and_per_client(app: Flask, smtp: SmtpServer) -> None:
    make_user(app)
    app.config.update(AUTH_MAX_RESETS_PER_ACCOUNT=2, AUTH_MAX_RESETS_PER_ADDRESS=4)
    client = app.test_client()
    for _ in range(3):  # the third is silently not sent: the answer must not differ
        assert (
            client.post("/mot-de-passe-oublie", data={"email": "marie@example.fr"}).status_code
            == 302
        )
    with app.app_context():
        assert db_session().scalar(select(func.count(OutgoingMail.id))) == 2
    assert client.post("/mot-de-passe-oublie", data={"email": "x@example.fr"}).status_code == 302
    blocked = client.post("/mot-de-passe-oublie", data={"email": "y@example.fr"})
    assert blocked.status_code == 429
    other_client = app.test_client()
    assert (
        other_client.post(
            "/mot-de-passe-oublie",
            data={"email": "y@example.fr"},
            environ_base={"REMOTE_ADDR": "10.0.0.9"},
        ).status_code
        == 302
    )
    with app.app_context():
        assert db_session().scalar(select(func.count(UserSession.id))) == 0


def test_new_posts_need_csrf(app: Flask) -> None:
    make_user(app)
    client = _signed_in(app)
    app.config["WTF_CSRF_ENABLED"] = True
    form = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post("/compte", data=form).status_code == 400
    assert (
        client.post("/mot-de-passe-oublie", data={"email": "marie@example.fr"}).status_code == 400
    )
    app.config["WTF_CSRF_ENABLED"] = False
    assert login(app.test_client(), password=PASSWORD).status_code == 302
