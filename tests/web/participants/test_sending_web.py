"""Sending rounds through the web and the real queue: confirmation, one round per confirmed
form, reminders to exactly the non-respondents, scheduled reminders once, progress JSON, and
an invitation received by a real SMTP server whose link opens the right response."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy import text as sa_text

from coopassess.db import db_session
from coopassess.jobs import enqueue
from coopassess.models import Campaign, Invitation, Mailing, OutgoingMail, Participant
from coopassess.participants.jobs import prepare_mailing
from tests.fixtures.accounts import login, make_user
from tests.fixtures.campaigns import answer_and_submit, make_campaign
from tests.fixtures.mail import mails, queue_of, run_queue, use_smtp
from tests.fixtures.participants import add_people, personal_path, unsubscribe_path
from tests.fixtures.smtp import smtp_server

SLUG = "essai-liens"


def _referent(app: Flask, campaign_id: int) -> FlaskClient:
    with app.app_context():
        organisation_id = db_session().get(Campaign, campaign_id).organisation_id
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation_id)
    client = app.test_client()
    login(client, "ref@example.fr")
    return client


def _confirm(client: FlaskClient, path: str) -> tuple[str, str]:
    page = client.get(path).get_data(as_text=True)
    key = re.search(r'name="cle" value="([^"]+)"', page).group(1)
    return page, key


def _recipients(app: Flask) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for mail in mails(app):
        found.setdefault(mail.idempotency_key.split(":")[0], []).append(mail.to_address)
    return {kind: sorted(addresses) for kind, addresses in found.items()}


def test_send_confirms_the_count_and_a_reposted_form_sends_once(app: Flask) -> None:
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    add_people(app, campaign_id, "ana@x.fr", "bob@x.fr")
    path = f"/campagnes/{campaign_id}/envois/invitations"
    page, key = _confirm(referent, path)
    assert "Confirmer l'envoi à 2 personnes" in page
    assert not mails(app)  # the confirmation page sends nothing
    sent = referent.post(path, data={"cle": key})
    assert sent.status_code == 302 and re.search(r"/envois/\d+$", sent.location)
    again = referent.post(path, data={"cle": key})  # the browser re-posts the form
    assert again.location == sent.location
    referent.get(sent.location)  # reloading the progress page: a GET
    with app.app_context():
        assert db_session().scalar(select(func.count(Mailing.id))) == 1
    run_queue(app)
    assert _recipients(app) == {"invitation": ["ana@x.fr", "bob@x.fr"]}
    assert {mail.status for mail in mails(app)} == {"sent"}  # the outbox folder "sends"
    state = referent.get(sent.location + "/etat.json").get_json()
    assert state == {
        "prepared": True,
        "recipients": 2,
        "queued": 0,
        "sent": 2,
        "failed": 0,
        "done": True,
        "summary": "Terminé : 2 envoyé(s), 0 échec(s) sur 2.",
    }
    follow_up = referent.get(f"/campagnes/{campaign_id}/participants").get_data(as_text=True)
    assert follow_up.count("invitation envoyée") == 2
    # Nobody is left to invite: the page says so, and a post sends nothing.
    assert "ont déjà reçu leur invitation" in referent.get(path).get_data(as_text=True)
    assert referent.post(path, data={"cle": "k" * 32}).status_code == 302
    run_queue(app)
    assert len(mails(app)) == 2
    with app.app_context():
        assert db_session().scalar(select(func.count(Mailing.id))) == 1


def _invited_world(app: Flask) -> tuple[int, FlaskClient, dict[str, int]]:
    """Five invited people: one answers, one starts, one opts out, two do nothing."""
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    names = ("answered", "started", "optedout", "silent1", "silent2")
    ids = dict(zip(names, add_people(app, campaign_id, *(f"{n}@x.fr" for n in names)), strict=True))
    path = f"/campagnes/{campaign_id}/envois/invitations"
    referent.post(path, data={"cle": _confirm(referent, path)[1]})
    run_queue(app)
    answered = app.test_client()
    answered.get(personal_path(app, ids["answered"]))
    answered.post(f"/r/{SLUG}/commencer")
    answer_and_submit(answered, SLUG)
    started = app.test_client()
    started.get(personal_path(app, ids["started"]))
    started.post(f"/r/{SLUG}/commencer")
    app.test_client().post(unsubscribe_path(app, ids["optedout"]))
    return campaign_id, referent, ids


def test_reminders_reach_exactly_the_non_respondents_and_a_duplicate_job_sends_nothing(
    app: Flask,
) -> None:
    campaign_id, referent, _ids = _invited_world(app)
    path = f"/campagnes/{campaign_id}/envois/relance"
    page, key = _confirm(referent, path)
    assert "Confirmer l'envoi à 3 personnes" in page
    sent = referent.post(path, data={"cle": key})
    with app.app_context():
        mailing_id = db_session().scalar(select(Mailing.id).where(Mailing.kind == "reminder"))
        enqueue(prepare_mailing, mailing_id)  # the same job queued twice
    run_queue(app)
    expected = ["silent1@x.fr", "silent2@x.fr", "started@x.fr"]
    assert _recipients(app)["reminder"] == expected
    with app.app_context():
        session = db_session()
        mailing = session.get(Mailing, mailing_id)
        mailing.prepared_at = None  # as if the job crashed after queueing, then ran again
        session.commit()
        enqueue(prepare_mailing, mailing_id)
    run_queue(app)
    assert _recipients(app)["reminder"] == expected
    assert referent.get(sent.location + "/etat.json").get_json()["sent"] == 3
    follow_up = referent.get(
        f"/campagnes/{campaign_id}/participants?filtre=non-repondants"
    ).get_data(as_text=True)
    assert "answered@x.fr" not in follow_up
    assert "désinscrit·e" in follow_up and "commencé" in follow_up


def test_scheduled_reminders_run_once_when_due(app: Flask) -> None:
    campaign_id, _referent_client, _ids = _invited_world(app)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        campaign.remind_after_days, campaign.remind_before_close_days = 7, 3
        campaign.closes_on = date.today() + timedelta(days=30)
        session.commit()
    soon = datetime.now(UTC).replace(minute=5, second=0) + timedelta(days=2)
    queue_of(app).run_once(now=soon, periodic=True)
    assert "reminder" not in _recipients(app)  # not due yet
    later = soon + timedelta(days=6)
    queue_of(app).run_once(now=later, periodic=True)
    queue_of(app).run_once(now=later, periodic=True)  # the periodic job again, the same hour
    assert len(_recipients(app)["reminder"]) == 3
    with app.app_context():
        kinds = db_session().scalars(select(Mailing.kind).order_by(Mailing.id)).all()
    assert kinds == ["invitation", "reminder_after"]


def test_invitation_received_over_smtp_opens_the_right_response(app: Flask) -> None:
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    (ana,) = add_people(app, campaign_id, "ana@x.fr")
    referent.post(
        f"/campagnes/{campaign_id}/messages",
        data={
            "invitation_subject": "Votre avis sur {demarche}",
            "invitation_body": "Bonjour {prenom},\n\nVotre lien : {lien}",
            "reminder_subject": "Relance",
            "reminder_body": "{lien}",
            "contact_email": "referente@agglo.fr",
            "remind_after_days": "7",
            "remind_before_close_days": "3",
        },
    )
    with smtp_server() as server:
        use_smtp(app, server.url)
        path = f"/campagnes/{campaign_id}/envois/invitations"
        referent.post(path, data={"cle": _confirm(referent, path)[1]})
        run_queue(app)
        (received,) = server.received
    message = received.message
    assert received.rcpt_tos == ["ana@x.fr"]
    assert message["Subject"] == "Votre avis sur Réemploi BTP"
    assert "Agglo des Rives" in message["From"] and message["Reply-To"] == "referente@agglo.fr"
    assert "/desinscription/" in message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = re.search(r"http://127\.0\.0\.1:5000(/i/\S+)", text).group(1)
    assert link in html and "Bonjour P0," in text
    browser = app.test_client()
    assert browser.get(link).location == f"/r/{SLUG}"
    assert browser.post(f"/r/{SLUG}/commencer").location == f"/r/{SLUG}/reprendre"
    with app.app_context():
        session = db_session()
        participant = session.get(Participant, ana)
        invitation = session.get(Invitation, participant.invitation_id)
        assert invitation.response_id is not None
        sent = session.scalar(select(OutgoingMail).where(OutgoingMail.ref == f"participant:{ana}"))
        assert sent.status == "sent"


def test_the_progress_page_says_when_messages_go_to_the_outbox_folder(app: Flask) -> None:
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    add_people(app, campaign_id, "ana@x.fr")
    path = f"/campagnes/{campaign_id}/envois/invitations"
    sent = referent.post(path, data={"cle": _confirm(referent, path)[1]})
    page = referent.get(sent.location).get_data(as_text=True)
    assert "Aucun serveur SMTP" in page and "Messages en préparation" in page
    assert 'src="/static/js/mailing-progress.js"' in page and "<script>" not in page
    run_queue(app)
    assert "Terminé : 1 envoyé(s)" in referent.get(sent.location).get_data(as_text=True)
    listing = referent.get(f"/campagnes/{campaign_id}/envois").get_data(as_text=True)
    assert "Invitations" in listing


def test_the_open_link_mails_the_resume_link_without_storing_the_address(app: Flask) -> None:
    from tests.fixtures.campaigns import invite

    make_campaign(app)
    browser = app.test_client()
    browser.get(invite(app, SLUG))
    assert browser.post(f"/r/{SLUG}/commencer").location == f"/r/{SLUG}/lien-personnel"
    page = browser.get(f"/r/{SLUG}/lien-personnel").get_data(as_text=True)
    shown = re.search(r'value="http://127\.0\.0\.1:5000(/i/[^"]+)"', page).group(1)
    bad = browser.post(f"/r/{SLUG}/lien-personnel", data={"email": "pas-une-adresse"})
    assert bad.status_code == 400 and 'value="pas-une-adresse"' in bad.get_data(as_text=True)
    with smtp_server() as server:
        use_smtp(app, server.url)
        sent = browser.post(f"/r/{SLUG}/lien-personnel", data={"email": "Moi@Example.fr"})
        assert sent.status_code == 302
        run_queue(app)
        (received,) = server.received
    assert received.rcpt_tos == ["moi@example.fr"]
    assert shown in received.message.get_body(("plain",)).get_content()
    assert not mails(app)  # nothing in the outgoing mail table
    with app.app_context():
        session = db_session()
        dump = " ".join(
            str(value)
            for table in ("invitation", "response", "outgoing_mail", "participant")
            for row in session.execute(sa_text(f"SELECT * FROM {table}")).all()
            for value in row
        )
    assert "moi@example.fr" not in dump.casefold()


def test_a_refused_address_shows_as_failed_and_no_address_reaches_the_answers_pages(
    app: Flask,
) -> None:
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    add_people(app, campaign_id, "refusee@x.fr", "ana@x.fr")
    with smtp_server() as server:
        use_smtp(app, server.url)
        server.answers = ["550 5.1.1 Boîte inconnue", "250 OK"]
        path = f"/campagnes/{campaign_id}/envois/invitations"
        sent = referent.post(path, data={"cle": _confirm(referent, path)[1]})
        run_queue(app)
    state = referent.get(sent.location + "/etat.json").get_json()
    assert (state["sent"], state["failed"]) == (1, 1)
    page = referent.get(f"/campagnes/{campaign_id}/participants").get_data(as_text=True)
    assert "échec de l&#39;envoi" in page or "échec de l'envoi" in page
    assert re.search(r"<strong>1</strong> échec de l(&#39;|')envoi</li>", page)  # the count
    # The consultants' pages about respondents and answers never show an address.
    browser = app.test_client()
    browser.get(personal_path(app, add_people(app, campaign_id, "carla@x.fr")[0]))
    browser.post(f"/r/{SLUG}/commencer")
    answer_and_submit(browser, SLUG)
    make_user(app, "admin@example.fr", "admin")
    admin = app.test_client()
    login(admin, "admin@example.fr")
    for url in (
        f"/campagnes/{campaign_id}/repondants",
        f"/campagnes/{campaign_id}/repondants/R1",
    ):
        answer = admin.get(url)
        assert answer.status_code == 200, url
        assert b"@x.fr" not in answer.data and b"carla" not in answer.data, url
