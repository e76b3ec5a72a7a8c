"""A respondent holding a personal link withdraws their response: confirmation, deletion (not
a flag), aggregates recomputed, an audit event without address; the link then says so and
offers a fresh start. Refused after the close, and for a response without a personal link."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from coopassess.campaigns import summaries
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import Answer, AuditEvent, Campaign, Invitation, Participant, Response
from coopassess.participants import followup
from coopassess.participants.sending import count, reminder_targets
from tests.fixtures.campaigns import answer_and_submit, make_campaign, start
from tests.fixtures.participants import add_people, personal_path
from tests.fixtures.privacy import ADDRESS, n_respondents, response_exists, tables_quoting

SLUG = "essai-retrait"
WITHDRAW = "Retirer ma réponse"


def _submitted_through_link(app: Flask, address: str = ADDRESS) -> tuple[FlaskClient, int, int]:
    """A participant opens their personal link, answers and submits: client, participant id,
    response id."""
    campaign_id = _campaign(app)
    [participant_id] = add_people(app, campaign_id, address)
    client = app.test_client()
    assert client.get(personal_path(app, participant_id)).location.endswith(f"/r/{SLUG}")
    assert client.post(f"/r/{SLUG}/commencer").status_code == 302
    answer_and_submit(client, SLUG)
    with app.app_context():
        session = db_session()
        session.execute(update(Participant).values(invited_at=func.now()))
        session.commit()
        response_id = session.scalar(
            select(Invitation.response_id)
            .join(Participant, Participant.invitation_id == Invitation.id)
            .where(Participant.id == participant_id)
        )
    return client, participant_id, response_id


def _campaign(app: Flask) -> int:
    with app.app_context():
        found = db_session().scalar(select(Campaign.id).where(Campaign.slug == SLUG))
    return found or make_campaign(app, SLUG)


def _refresh(app: Flask) -> None:
    with app.app_context():
        summaries.refresh(db_session(), default_registry())


def test_the_whole_withdrawal(app: Flask) -> None:
    other, _, other_response = _submitted_through_link(app, "autre@ville-exemple.fr")
    client, participant_id, response_id = _submitted_through_link(app)
    campaign_id = _campaign(app)
    _refresh(app)
    assert n_respondents(app, campaign_id) == 2
    results = client.get(f"/r/{SLUG}/resultats").get_data(as_text=True)
    assert WITHDRAW in results
    confirm = client.get(f"/r/{SLUG}/retirer")
    assert confirm.status_code == 200
    page = confirm.get_data(as_text=True)
    assert "supprime" in page and "définitif" in page and "pas mise de côté ni cachée" in page
    done = client.post(f"/r/{SLUG}/retirer")
    assert done.status_code == 302 and done.location.endswith(f"/r/{SLUG}/reponse-retiree")
    withdrawn = client.get(done.location).get_data(as_text=True)
    assert "Votre réponse a été retirée" in withdrawn and "Répondre de nouveau" in withdrawn
    assert not response_exists(app, response_id)
    assert response_exists(app, other_response)
    with app.app_context():
        session = db_session()
        assert (
            session.scalar(select(func.count(Answer.id)).where(Answer.response_id == response_id))
            == 0
        )
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "response.withdrawn"))
        assert event.target == f"campaign:{campaign_id}"
        assert event.detail == {"response_id": response_id, "envoyee": "oui"}
        # Who withdrew is not reminded, and the follow-up says so.
        assert count(session, reminder_targets(campaign_id)) == 0
        statuses = {
            row.id: row.status_label
            for row in followup.rows(followup.page(session, campaign_id, 1), {})
        }
        assert statuses[participant_id] == "réponse retirée"
    assert n_respondents(app, campaign_id) == 1
    assert "audit_event.detail" not in tables_quoting(app, ADDRESS)
    assert "audit_event.target" not in tables_quoting(app, ADDRESS)
    # The session no longer holds the response; the personal link, from anywhere, says so.
    assert client.get(f"/r/{SLUG}/resultats").location.endswith(f"/r/{SLUG}")
    elsewhere = app.test_client()
    opened = elsewhere.get(personal_path(app, participant_id))
    assert opened.location.endswith(f"/r/{SLUG}/reponse-retiree")
    assert "Votre réponse a été retirée" in elsewhere.get(opened.location).get_data(as_text=True)
    # Answering afresh starts an empty response, bound to the link again.
    assert elsewhere.post(f"/r/{SLUG}/commencer").status_code == 302
    with app.app_context():
        link = db_session().scalar(
            select(Invitation)
            .join(Participant, Participant.invitation_id == Invitation.id)
            .where(Participant.id == participant_id)
        )
        assert link.response_id not in (None, response_id) and link.withdrawn_at is None
        assert db_session().get(Response, link.response_id).status == "in_progress"
    assert other.get(f"/r/{SLUG}/resultats").status_code == 200


def test_no_withdrawal_after_the_close(app: Flask) -> None:
    client, _, response_id = _submitted_through_link(app)
    with app.app_context():
        session = db_session()
        session.execute(update(Campaign).values(status="closed"))
        session.commit()
    assert WITHDRAW not in client.get(f"/r/{SLUG}/resultats").get_data(as_text=True)
    assert WITHDRAW not in client.get(f"/r/{SLUG}").get_data(as_text=True)
    for answer in (client.get(f"/r/{SLUG}/retirer"), client.post(f"/r/{SLUG}/retirer")):
        assert answer.status_code == 409
        assert "campagne est close" in answer.get_data(as_text=True)
        assert "Supprimer définitivement" not in answer.get_data(as_text=True)
    assert response_exists(app, response_id)


def test_the_open_links_personal_link_page_offers_it(app: Flask) -> None:
    make_campaign(app, SLUG)
    client = app.test_client()
    start(app, client, SLUG)
    page = client.get(f"/r/{SLUG}/lien-personnel").get_data(as_text=True)
    assert WITHDRAW in page
    review = client.get(f"/r/{SLUG}/recapitulatif").get_data(as_text=True)
    assert WITHDRAW in review
    assert client.post(f"/r/{SLUG}/retirer").status_code == 302
    with app.app_context():
        assert db_session().scalar(select(func.count(Response.id))) == 0


def test_a_response_without_a_personal_link_cannot_be_withdrawn(app: Flask) -> None:
    make_campaign(app, SLUG)
    client = app.test_client()
    start(app, client, SLUG)
    with app.app_context():
        session = db_session()
        session.execute(
            update(Invitation).where(Invitation.kind == "single").values(revoked_at=func.now())
        )
        session.commit()
    assert WITHDRAW not in client.get(f"/r/{SLUG}/recapitulatif").get_data(as_text=True)
    refused = client.post(f"/r/{SLUG}/retirer")
    assert refused.status_code == 403
    assert "lien personnel" in refused.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(select(func.count(Response.id))) == 1


def test_the_withdrawal_needs_its_csrf_token(app: Flask) -> None:
    client, _, response_id = _submitted_through_link(app)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/r/{SLUG}/retirer").status_code == 400
    app.config["WTF_CSRF_ENABLED"] = False
    assert response_exists(app, response_id)
