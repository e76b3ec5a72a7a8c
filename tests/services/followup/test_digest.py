"""The referents' weekly digest of overdue actions, through the job queue (SQLite and Redis)
and a real SMTP server: sent once a week, to the referents of the organisation only, opt-out
respected, what people typed escaped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.followup.digest import unsubscribe_url
from coopassess.mail import transport
from coopassess.models import User
from tests.fixtures.accounts import login, make_user
from tests.fixtures.followup import add_action
from tests.fixtures.jobs import QUEUES, app_on_queue
from tests.fixtures.mail import queue_of, use_smtp
from tests.fixtures.portfolio import organisation_with_campaigns
from tests.fixtures.smtp import SmtpServer, smtp_server

MONDAY = datetime(2025, 6, 16, 6, 0, tzinfo=UTC)  # 8 h in Paris


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with smtp_server() as server:
        yield server
    transport.close_all()


@pytest.fixture(params=QUEUES)
def queue_app(request: pytest.FixtureRequest, app: Flask, smtp: SmtpServer) -> Iterator[Flask]:
    with app_on_queue(app, request.param) as on_queue:
        use_smtp(on_queue, smtp.url)
        on_queue.config["BASE_URL"] = "https://coop.example.fr"
        yield on_queue


def _run(app: Flask, when: datetime) -> None:
    with time_machine.travel(when, tick=False):
        queue_of(app).run_once(now=when, periodic=True)


def _world(app: Flask) -> dict[str, int]:
    late, (l0,) = organisation_with_campaigns(
        app, "Ville <en> retard & co", (4,), modules=("COOP", "ACH")
    )
    add_action(
        app,
        l0,
        "<b>Charte</b> & co",
        questionnaire="ACH",
        dimension="ACH.DEC",
        owner="Service <achats>",
        due_on=date(2025, 6, 1),
    )
    add_action(app, l0, "Comité", status="in_progress", due_on=date(2025, 6, 15))
    add_action(app, l0, "Pas encore", due_on=date(2025, 6, 16))
    add_action(app, l0, "Faite", status="done", due_on=date(2025, 1, 1))
    calm, (c0,) = organisation_with_campaigns(app, "Ville calme", (4,))
    add_action(app, c0, "À venir", due_on=date(2025, 9, 1))
    return {
        "late": late,
        "l0": l0,
        "referent": make_user(app, "ref@ville.fr", "referent", organisation_id=late),
        "opted_out": make_user(app, "non@ville.fr", "referent", organisation_id=late),
        "inactive": make_user(app, "parti@ville.fr", "referent", organisation_id=late),
        "consultant": make_user(app, "conseil@ex.fr", "consultant", assigned=(late,)),
        "calm": make_user(app, "ref@calme.fr", "referent", organisation_id=calm),
    }


def _set(app: Flask, user_id: int, **values: object) -> None:
    with app.app_context():
        session = db_session()
        user = session.get(User, user_id)
        for key, value in values.items():
            setattr(user, key, value)
        session.commit()


def test_sent_once_a_week_to_the_referents_of_the_late_organisation(
    queue_app: Flask, smtp: SmtpServer
) -> None:
    ids = _world(queue_app)
    _set(queue_app, ids["opted_out"], action_digest=False)
    _set(queue_app, ids["inactive"], active=False)
    # An address the mail layer refuses (not ASCII) is skipped, the others still get theirs.
    make_user(queue_app, "rené@ville.fr", "referent", organisation_id=ids["late"])
    _run(queue_app, MONDAY - timedelta(days=1))  # Sunday: nothing
    assert smtp.received == []
    _run(queue_app, MONDAY)
    assert [r.rcpt_tos for r in smtp.received] == [["ref@ville.fr"]]
    message = smtp.received[0].message
    assert message["Subject"] == "CoopAssess\u00a0: 2 actions en retard — Ville <en> retard & co"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "- <b>Charte</b> & co (Achats circulaires — Décloisonnement interne)" in text
    assert (
        "responsable\u00a0: Service <achats> — échéance 01/06/2025, 15\u00a0jours de retard" in text
    )
    assert (
        "Comité (la démarche dans son ensemble) — échéance 15/06/2025, 1\u00a0jour de retard"
        in text
    )
    assert "Pas encore" not in text and "Faite" not in text
    assert f"https://coop.example.fr/campagnes/{ids['l0']}" in text
    assert "&lt;b&gt;Charte&lt;/b&gt; &amp; co" in html and "<b>Charte" not in html
    assert "Service &lt;achats&gt;" in html and "Ville &lt;en&gt; retard &amp; co" in html
    with queue_app.app_context():
        link = unsubscribe_url("https://coop.example.fr", "test-secret-key", ids["referent"])
    assert message["List-Unsubscribe"] == f"<{link}>"
    assert link in text and link in html

    _run(queue_app, MONDAY)  # the job again the same week (another worker, a restart)
    assert len(smtp.received) == 1
    _run(queue_app, MONDAY + timedelta(days=7))  # the next week: still late, sent again
    assert len(smtp.received) == 2
    assert "22\u00a0jours de retard" in smtp.received[1].message.get_body(("plain",)).get_content()


def test_the_unsubscribe_link_stops_the_digest(queue_app: Flask, smtp: SmtpServer) -> None:
    ids = _world(queue_app)
    with queue_app.app_context():
        link = unsubscribe_url("https://coop.example.fr", "test-secret-key", ids["referent"])
    path = link.removeprefix("https://coop.example.fr")
    client = queue_app.test_client()
    assert client.get(path[:-3] + "xyz").status_code == 404
    page = client.get(path)
    assert page.status_code == 200 and "ref@ville.fr" in page.get_data(as_text=True)
    _set(queue_app, ids["opted_out"], action_digest=False)
    _set(queue_app, ids["inactive"], active=False)
    one_click = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    with queue_app.app_context():
        assert db_session().get(User, ids["referent"]).action_digest is False
    _run(queue_app, MONDAY)
    assert smtp.received == []
    assert "ne recevra plus" in client.get(path).get_data(as_text=True)


def test_the_account_page_setting(app: Flask) -> None:
    ids = _world(app)
    client = app.test_client()
    login(client, "ref@ville.fr")
    page = client.get("/compte").get_data(as_text=True)
    assert "Recevoir chaque semaine les actions en retard" in page
    assert 'name="action_digest" value="1" checked' in page
    answer = client.post("/compte/actions-en-retard", data={})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("#actions-en-retard")
    with app.app_context():
        session = db_session()
        assert session.get(User, ids["referent"]).action_digest is False
        assert session.scalar(select(User.action_digest).where(User.email == "non@ville.fr"))
    assert 'name="action_digest" value="1" checked' not in client.get("/compte").get_data(
        as_text=True
    )
    client.post("/compte/actions-en-retard", data={"action_digest": "1"})
    with app.app_context():
        assert db_session().get(User, ids["referent"]).action_digest is True
    # A consultant's account page does not offer it (the digest goes to referents).
    other = app.test_client()
    login(other, "conseil@ex.fr")
    assert "actions-en-retard" not in other.get("/compte").get_data(as_text=True)
