"""Campaigns from the web: editing (questionnaires fixed after the first response), closing
and reopening behind a confirmation, archiving and deleting, the paginated list."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, insert, select

from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import AuditEvent, Campaign, Invitation, Organisation, Response
from tests.fixtures.accounts import login, make_user
from tests.fixtures.campaigns import make_campaign
from tests.fixtures.portfolio import organisation_with_campaigns


def _admin(app: Flask) -> FlaskClient:
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    login(client, "admin@example.fr")
    return client


def _edit(campaign: Campaign, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "demarche": campaign.demarche,
        "opens_on": "",
        "closes_on": "",
        "modules": list(campaign.modules),
        "instrument_version": campaign.instrument_version,
    }
    form.update(changes)
    return form


def _campaign(app: Flask, campaign_id: int) -> Campaign:
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        session.expunge(campaign)
        return campaign


def test_edit_name_dates_and_sharing(app: Flask) -> None:
    client = _admin(app)
    campaign_id = make_campaign(app)
    campaign = _campaign(app, campaign_id)
    page = client.get(f"/campagnes/{campaign_id}/modifier").get_data(as_text=True)
    assert 'value="Réemploi BTP"' in page and "Version du questionnaire" in page
    closes = (date.today() + timedelta(days=30)).isoformat()
    form = _edit(campaign, demarche="  Réemploi   des matériaux ", closes_on=closes)
    form["results_shared"] = "1"
    form["modules"] = ["COOP", "VAL"]
    assert client.post(f"/campagnes/{campaign_id}/modifier", data=form).status_code == 302
    edited = _campaign(app, campaign_id)
    assert edited.demarche == "Réemploi des matériaux" and edited.results_shared
    assert edited.closes_on.isoformat() == closes and edited.modules == ["COOP", "VAL"]
    with app.app_context():
        event = db_session().scalar(
            select(AuditEvent).where(AuditEvent.action == "campaign.update")
        )
        assert set(event.detail["fields"]) >= {"demarche", "closes_on", "modules", "results_shared"}


def test_bad_values_are_listed_and_kept(app: Flask) -> None:
    client = _admin(app)
    campaign_id = make_campaign(app)
    campaign = _campaign(app, campaign_id)
    response = client.post(
        f"/campagnes/{campaign_id}/modifier",
        data=_edit(campaign, demarche="ab", opens_on="2027-05-01", closes_on="2027-04-01"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'href="#demarche"' in html and 'href="#closes_on"' in html and 'value="ab"' in html
    bad_date = client.post(
        f"/campagnes/{campaign_id}/modifier", data=_edit(campaign, closes_on="31/02/2027")
    )
    assert bad_date.status_code == 400 and "AAAA-MM-JJ" in bad_date.get_data(as_text=True)
    assert _campaign(app, campaign_id).demarche == "Réemploi BTP"


def test_questionnaires_are_fixed_after_the_first_response(app: Flask) -> None:
    client = _admin(app)
    _, (campaign_id,) = organisation_with_campaigns(app, "Ville", (1,))
    campaign = _campaign(app, campaign_id)
    page = client.get(f"/campagnes/{campaign_id}/modifier").get_data(as_text=True)
    assert "ne peuvent plus changer" in page
    refused = client.post(
        f"/campagnes/{campaign_id}/modifier", data=_edit(campaign, modules=["COOP", "ACH"])
    )
    assert refused.status_code == 400
    assert "Des réponses ont déjà été reçues" in refused.get_data(as_text=True)
    assert _campaign(app, campaign_id).modules == ["COOP"]
    renamed = client.post(
        f"/campagnes/{campaign_id}/modifier", data=_edit(campaign, demarche="Neuf")
    )
    assert renamed.status_code == 302 and _campaign(app, campaign_id).demarche == "Neuf"


def test_closing_and_reopening_ask_first(app: Flask) -> None:
    client = _admin(app)
    campaign_id = make_campaign(app, closes_on=date.today() + timedelta(days=10))
    page = client.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert f'href="/campagnes/{campaign_id}/cloture"' in page
    confirm = client.get(f"/campagnes/{campaign_id}/cloture").get_data(as_text=True)
    assert "cessent de fonctionner" in confirm and "Annuler" in confirm
    assert _campaign(app, campaign_id).status == "open"
    assert client.post(f"/campagnes/{campaign_id}/cloture").status_code == 302
    assert _campaign(app, campaign_id).status == "closed"
    assert "fonctionnent de nouveau" in client.get(
        f"/campagnes/{campaign_id}/reouverture"
    ).get_data(as_text=True)
    assert client.post(f"/campagnes/{campaign_id}/reouverture").status_code == 302
    assert _campaign(app, campaign_id).status == "open"
    with app.app_context():
        actions = db_session().scalars(select(AuditEvent.action)).all()
        assert "campaign.close" in actions and "campaign.reopen" in actions


def test_reopening_after_the_closing_day_asks_for_a_new_one(app: Flask) -> None:
    client = _admin(app)
    campaign_id = make_campaign(app, status="closed", closes_on=date(2020, 1, 31))
    refused = client.post(f"/campagnes/{campaign_id}/reouverture")
    assert refused.status_code == 400
    assert "choisissez une nouvelle date" in refused.get_data(as_text=True)
    past = client.post(f"/campagnes/{campaign_id}/reouverture", data={"closes_on": "2021-01-01"})
    assert past.status_code == 400 and 'value="2021-01-01"' in past.get_data(as_text=True)
    until = (date.today() + timedelta(days=7)).isoformat()
    assert (
        client.post(f"/campagnes/{campaign_id}/reouverture", data={"closes_on": until}).status_code
        == 302
    )
    reopened = _campaign(app, campaign_id)
    assert reopened.status == "open" and reopened.closes_on.isoformat() == until


def test_delete_without_responses_archive_with_them(app: Flask) -> None:
    client = _admin(app)
    empty = make_campaign(app, "vide")
    with app.app_context():
        session = db_session()
        session.add(Invitation(campaign_id=empty, token_hash="a" * 64, kind="single"))
        session.commit()
    _, (answered,) = organisation_with_campaigns(app, "Ville Répondue", (3,))
    assert "Supprimer définitivement" in client.get(f"/campagnes/{empty}/suppression").get_data(
        as_text=True
    )
    assert client.post(f"/campagnes/{empty}/suppression").status_code == 302
    refused = client.post(f"/campagnes/{answered}/suppression")
    assert refused.status_code == 409 and "Archivez-la" in refused.get_data(as_text=True)
    with app.app_context():
        session = db_session()
        assert session.get(Campaign, empty) is None
        assert session.scalar(select(func.count(Invitation.id))) == 0
    assert client.post(f"/campagnes/{answered}/archivage").status_code == 302
    listed = client.get("/campagnes").get_data(as_text=True)
    assert "Ville Répondue" not in listed
    assert "Ville Répondue" in client.get("/campagnes?archivees=1").get_data(as_text=True)
    assert "Ville Répondue" not in client.get("/tableau-de-bord").get_data(as_text=True)
    assert client.get(f"/campagnes/{answered}").status_code == 200
    with app.app_context():
        assert db_session().scalar(select(func.count(Response.id))) == 3
    assert client.post(f"/campagnes/{answered}/restauration").status_code == 302
    assert "Ville Répondue" in client.get("/campagnes").get_data(as_text=True)


def test_the_list_is_paginated_and_filtered_at_3000_campaigns(app: Flask) -> None:
    client = _admin(app)
    version = default_registry().current().version
    with app.app_context():
        session = db_session()
        session.execute(
            insert(Organisation),
            [{"name": f"Org {n:04d}", "kind": "territoire"} for n in range(1000)],
        )
        ids = session.scalars(select(Organisation.id).order_by(Organisation.id)).all()
        session.execute(
            insert(Campaign),
            [
                {
                    "organisation_id": organisation_id,
                    "demarche": f"Vague {wave}",
                    "target": "territoire",
                    "modules": ["COOP"],
                    "instrument_version": version,
                    "status": "open" if wave == 2 else "closed",
                    "slug": f"s-{organisation_id}-{wave}",
                }
                for organisation_id in ids
                for wave in range(3)
            ],
        )
        session.commit()
    first = client.get("/campagnes").get_data(as_text=True)
    assert "3000 campagnes — page 1 sur 120" in first
    assert first.count('href="/campagnes/') - first.count("/campagnes/nouvelle") <= 25 + 2
    assert "Org 0000" in first and "Org 0009" not in first
    last = client.get("/campagnes?page=120").get_data(as_text=True)
    assert "Org 0999" in last and 'rel="next"' not in last
    assert client.get("/campagnes?page=999").status_code == 200
    open_only = client.get("/campagnes?statut=open&q=org 09").get_data(as_text=True)
    assert "100 campagnes — page 1 sur 4" in open_only and "Vague 0" not in open_only


def test_retention_periods_are_edited_checked_and_kept_when_wrong(app: Flask) -> None:
    client = _admin(app)
    campaign_id = make_campaign(app, "conservation")
    campaign = _campaign(app, campaign_id)
    page = client.get(f"/campagnes/{campaign_id}/modifier").get_data(as_text=True)
    assert 'name="address_retention_months"' in page and 'value="24"' in page
    wrong = client.post(
        f"/campagnes/{campaign_id}/modifier",
        data=_edit(campaign, address_retention_months="6", answer_retention_months="4"),
    )
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    assert "au moins aussi longtemps que les adresses" in html and 'value="4"' in html
    typed = client.post(
        f"/campagnes/{campaign_id}/modifier",
        data=_edit(campaign, address_retention_months="trois", answer_retention_months="200"),
    )
    assert typed.status_code == 400
    html = typed.get_data(as_text=True)
    assert "nombre entier de mois" in html and 'value="trois"' in html
    done = client.post(
        f"/campagnes/{campaign_id}/modifier",
        data=_edit(campaign, address_retention_months="6", answer_retention_months="36"),
    )
    assert done.status_code == 302
    saved = _campaign(app, campaign_id)
    assert (saved.address_retention_months, saved.answer_retention_months) == (6, 36)
    shown = client.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert "Adresses des participants conservées 6 mois après la clôture" in shown
