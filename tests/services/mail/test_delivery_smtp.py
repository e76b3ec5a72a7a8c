"""Delivery to a real SMTP server (aiosmtpd): received once, headers intact, retries on 4xx
and when the relay is down, failure on 5xx, one connection for many messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from flask import Flask

from coopassess.mail import transport
from coopassess.mail.outbox import enqueue_delivery
from coopassess.models import utcnow
from tests.fixtures.mail import ORGANISATION, mails, queue_messages, run_queue, use_smtp
from tests.fixtures.smtp import SmtpServer, smtp_server
from tests.services.mail.test_messages import sender_of


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with smtp_server() as server:
        yield server
    transport.close_all()


def test_messages_arrive_once_with_their_headers(app: Flask, smtp: SmtpServer) -> None:
    use_smtp(app, smtp.url)
    ids = queue_messages(app, 3)
    assert run_queue(app) == 1  # one delivery job for the three
    assert [mail.status for mail in mails(app)] == ["sent"] * 3
    assert len(smtp.received) == 3
    first = smtp.received[0]
    assert first.mail_from == "ne-pas-repondre@coop.example.fr"
    assert first.rcpt_tos == ["personne0@example.fr"]
    message = first.message
    raw = message_from_bytes(message.as_bytes(), policy=policy.compat32)
    assert sender_of(raw["From"]) == (ORGANISATION, "ne-pas-repondre@coop.example.fr")
    assert message["Reply-To"] == "referente@agglo.example.fr"
    assert message["List-Unsubscribe"] == "<https://coop.example.fr/desinscription/0>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Subject"] == "Invitation n° 0 — diagnostic coopératif"
    assert message.get_content_type() == "multipart/alternative"
    assert "https://coop.example.fr/i/0" in message.get_body(("plain",)).get_content()
    assert 'href="https://coop.example.fr/i/0"' in message.get_body(("html",)).get_content()
    assert message["Message-ID"].startswith(f"<coopassess.{ids[0]}.")
    assert all(mail.sent_at is not None and mail.attempts == 1 for mail in mails(app))


def test_one_connection_carries_every_message(app: Flask, smtp: SmtpServer) -> None:
    use_smtp(app, smtp.url)
    queue_messages(app, 120)  # three delivery jobs
    run_queue(app)
    assert len(smtp.received) == 120
    assert len({received.session for received in smtp.received}) == 1


def test_a_duplicated_job_sends_once(app: Flask, smtp: SmtpServer) -> None:
    use_smtp(app, smtp.url)
    ids = queue_messages(app, 2)
    with app.app_context():
        enqueue_delivery(ids)
        enqueue_delivery(ids[:1])
    assert run_queue(app) == 3
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == [
        "personne0@example.fr",
        "personne1@example.fr",
    ]


def test_4xx_is_retried_later_and_delivered_once(app: Flask, smtp: SmtpServer) -> None:
    use_smtp(app, smtp.url)
    smtp.answers = ["451 4.7.1 Greylisted, please try again later"]
    queue_messages(app, 2)
    run_queue(app)
    first, second = mails(app)
    assert (first.status, first.attempts) == ("queued", 1)
    assert "Refus temporaire" in first.last_error and "451" in first.last_error
    assert second.status == "sent"  # the next message of the job went on
    assert run_queue(app) == 0  # not due yet
    run_queue(app, now=utcnow() + timedelta(minutes=2))
    first, _ = mails(app)
    assert (first.status, first.attempts, first.last_error) == ("sent", 2, None)
    assert [r.rcpt_tos[0] for r in smtp.received].count("personne0@example.fr") == 1


def test_5xx_fails_with_a_french_reason(app: Flask, smtp: SmtpServer) -> None:
    use_smtp(app, smtp.url)
    smtp.answers = ["550 5.1.1 User unknown"]
    queue_messages(app, 1)
    run_queue(app)
    run_queue(app, now=utcnow() + timedelta(hours=3))
    (mail,) = mails(app)
    assert (mail.status, mail.attempts) == ("failed", 1)
    assert mail.last_error == (
        "Le message a été refusé par le serveur de messagerie (550 5.1.1 User unknown)."
    )
    assert smtp.received == []


def test_a_relay_that_is_down_keeps_the_messages_until_it_is_up(app: Flask) -> None:
    with smtp_server(started=False) as smtp:
        use_smtp(app, smtp.url)
        queue_messages(app, 3)
        run_queue(app)
        statuses = [(m.status, m.attempts) for m in mails(app)]
        # The first message was tried; the others wait with it rather than fail one by one.
        assert statuses == [("queued", 1), ("queued", 0), ("queued", 0)]
        reason = mails(app)[0].last_error
        assert "ne répond pas" in reason and "connexion refusée" in reason
        smtp.start()
        run_queue(app, now=utcnow() + timedelta(minutes=2))
        assert [m.status for m in mails(app)] == ["sent"] * 3
        assert len(smtp.received) == 3
    transport.close_all()


def test_temporary_failures_end_after_the_last_attempt(app: Flask, smtp: SmtpServer) -> None:
    use_smtp(app, smtp.url, MAIL_MAX_ATTEMPTS=3, MAIL_RETRY_DELAYS=[60])
    smtp.answers = ["452 4.2.2 Mailbox full"] * 5
    queue_messages(app, 1)
    start = utcnow()
    for minutes in (0, 2, 4, 6):
        run_queue(app, now=start + timedelta(minutes=minutes))
    (mail,) = mails(app)
    assert (mail.status, mail.attempts) == ("failed", 3)
    assert mail.last_error.startswith("Non envoyé après 3 tentatives. Dernière erreur\u00a0: ")
    assert "452" in mail.last_error


def test_a_relay_closing_the_idle_connection_is_reconnected(app: Flask, smtp: SmtpServer) -> None:
    use_smtp(app, smtp.url)
    queue_messages(app, 1)
    run_queue(app)
    smtp.stop()
    smtp.start()  # the kept connection is now closed by the server
    queue_messages(app, 1)
    run_queue(app)
    assert [m.status for m in mails(app)] == ["sent", "sent"]
    assert len({received.session for received in smtp.received}) == 2
