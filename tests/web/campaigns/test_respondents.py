"""The consultant's respondent view: pseudonyms, quality flags, exclusion with a reason,
reinclusion, the log, and nobody else seeing any of it."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from coopassess.campaigns.answers import save_answers
from coopassess.campaigns.results import campaign_results
from coopassess.campaigns.summaries import summaries
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import AuditEvent, Campaign, Response
from coopassess.registry import registry
from tests.fixtures.accounts import login, make_user
from tests.fixtures.portfolio import organisation_with_campaigns


def _portfolio(app: Flask) -> tuple[int, int]:
    organisation_id, (campaign_id,) = organisation_with_campaigns(app, "Agglo des Rives", (4,))
    make_user(app, "conseil@example.fr", "consultant", assigned=(organisation_id,))
    return organisation_id, campaign_id


def _uniform(app: Flask, campaign_id: int) -> None:
    """Make R2 answer 3 to every COOP item (→ UNIFORME)."""
    items = [item.id for item in default_registry().current().questionnaires["COOP"].items]
    with app.app_context():
        session = db_session()
        response_ids = session.scalars(
            select(Response.id).where(Response.campaign_id == campaign_id).order_by(Response.id)
        ).all()
        save_answers(session, response_ids[1], dict.fromkeys(items, 3))
        session.commit()


def _n(app: Flask, campaign_id: int) -> int:
    with app.app_context():
        session = db_session()
        return campaign_results(
            session, registry(), session.get(Campaign, campaign_id)
        ).n_respondents


def test_consultant_sees_pseudonymised_respondents_and_quality_flags(app: Flask) -> None:
    _, campaign_id = _portfolio(app)
    _uniform(app, campaign_id)
    client = app.test_client()
    login(client, "conseil@example.fr")
    page = client.get(f"/campagnes/{campaign_id}/repondants").get_data(as_text=True)
    assert all(f">R{i}</a>" in page for i in range(1, 5))
    assert "Réponses uniformes" in page and "4 réponses comptées" in page
    detail = client.get(f"/campagnes/{campaign_id}/repondants/R2").get_data(as_text=True)
    assert "COOP-VIT-01" in detail and "3 — " in detail and "Réponses uniformes" in detail
    assert client.get(f"/campagnes/{campaign_id}/repondants/R9").status_code == 404


def test_exclusion_needs_a_reason_keeps_it_typed_and_changes_nothing(app: Flask) -> None:
    _, campaign_id = _portfolio(app)
    client = app.test_client()
    login(client, "conseil@example.fr")
    refused = client.post(f"/campagnes/{campaign_id}/repondants/R2/exclusion", data={"motif": "x"})
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert "Indiquez le motif" in body and ">x</textarea>" in body
    assert _n(app, campaign_id) == 4


def test_exclusion_is_logged_recomputed_and_reversible(app: Flask) -> None:
    _, campaign_id = _portfolio(app)
    client = app.test_client()
    login(client, "conseil@example.fr")
    with app.app_context():
        session = db_session()
        before = summaries(session, registry(), [campaign_id])[campaign_id].n_respondents
    reason = "Réponses toutes identiques <script>alert(1)</script>"
    done = client.post(f"/campagnes/{campaign_id}/repondants/R2/exclusion", data={"motif": reason})
    assert done.status_code == 302
    assert _n(app, campaign_id) == 3
    page = client.get(f"/campagnes/{campaign_id}/repondants").get_data(as_text=True)
    assert "Exclu" in page and "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "3 réponses comptées dans l'agrégat sur 4" in page
    # R3 keeps its pseudonym although R2 no longer counts.
    assert ">R3</a>" in page and ">R4</a>" in page
    with app.app_context():
        session = db_session()
        assert (
            before == 4
            and summaries(session, registry(), [campaign_id])[campaign_id].n_respondents == 3
        )
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "response.excluded")
        ).one()
        assert event.target == f"campaign:{campaign_id}" and event.detail["respondent"] == "R2"
        assert event.actor_id is not None and "<script>" in event.detail["reason"]
    again = client.post(f"/campagnes/{campaign_id}/repondants/R2/exclusion", data={"motif": reason})
    assert again.status_code == 400 and "déjà exclu" in again.get_data(as_text=True)
    assert client.post(f"/campagnes/{campaign_id}/repondants/R2/reintegration").status_code == 302
    assert _n(app, campaign_id) == 4
    page = client.get(f"/campagnes/{campaign_id}/repondants").get_data(as_text=True)
    assert "réintégration de R2" in page and "exclusion de R2" in page
    with app.app_context():
        assert summaries(db_session(), registry(), [campaign_id])[campaign_id].n_respondents == 4


def test_excluding_below_the_minimum_hides_the_organisation_results(app: Flask) -> None:
    _, campaign_id = _portfolio(app)
    client = app.test_client()
    login(client, "conseil@example.fr")
    for pseudonym in ("R1", "R2"):
        client.post(
            f"/campagnes/{campaign_id}/repondants/{pseudonym}/exclusion",
            data={"motif": "Hors périmètre de la démarche"},
        )
    page = client.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert "Indice de maturité coopérative" not in page
    assert client.get(f"/campagnes/{campaign_id}/rapport.pdf").status_code == 404
    with app.app_context():
        summary = summaries(db_session(), registry(), [campaign_id])[campaign_id]
        assert summary.n_respondents == 2 and summary.imc is None and summary.scores == {}


def test_nobody_else_sees_or_changes_respondents(app: Flask) -> None:
    organisation_id, campaign_id = _portfolio(app)
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation_id)
    make_user(app, "autre@example.fr", "consultant")
    urls = [
        ("get", f"/campagnes/{campaign_id}/repondants"),
        ("get", f"/campagnes/{campaign_id}/repondants/R1"),
        ("post", f"/campagnes/{campaign_id}/repondants/R1/exclusion"),
        ("post", f"/campagnes/{campaign_id}/repondants/R1/reintegration"),
    ]
    anonymous = app.test_client()
    for method, url in urls:
        answer = getattr(anonymous, method)(url, data={"motif": "Hors périmètre"})
        assert answer.status_code in (302, 400), url  # login page (POST: CSRF first)
    for email in ("ref@example.fr", "autre@example.fr"):
        client = app.test_client()
        login(client, email)
        for method, url in urls:
            answer = getattr(client, method)(url, data={"motif": "Hors périmètre"})
            assert answer.status_code == 403, (email, url)
    assert _n(app, campaign_id) == 4
