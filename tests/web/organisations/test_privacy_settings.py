"""The organisation's notice settings (« Notice d'information des répondants »): its referents
and the admins edit them, other organisations' referents and consultants are refused, every
problem is said with the typed values kept, the change is logged, and CSRF applies."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from coopassess import create_app
from coopassess.db import db_session
from coopassess.models import AuditEvent, Organisation
from tests.fixtures.accounts import PASSWORD, login, make_organisation, make_user

FORM = {
    "controller_name": "Communauté d'agglomération des Rives",
    "dpo_name": "Service juridique",
    "dpo_email": "DPO@Rives.fr",
    "dpo_address": "1 place de la Mairie, 31000 Toulouse",
    "notice_text": "Base légale : mission d'intérêt public.\r\n\r\nAutre paragraphe.",
}


def _signed_in(app: Flask, email: str, role: str, **kwargs: object):
    make_user(app, email, role, **kwargs)
    client = app.test_client()
    login(client, email)
    return client


def test_the_referent_edits_the_notice_of_their_organisation(app: Flask) -> None:
    organisation = make_organisation(app)
    referent = _signed_in(app, "ref@example.fr", "referent", organisation_id=organisation)
    record = referent.get(f"/organisations/{organisation}/fiche").get_data(as_text=True)
    assert f'href="/organisations/{organisation}/donnees-personnelles"' in record
    page = referent.get(f"/organisations/{organisation}/donnees-personnelles")
    assert page.status_code == 200 and 'name="notice_text"' in page.get_data(as_text=True)
    saved = referent.post(f"/organisations/{organisation}/donnees-personnelles", data=FORM)
    assert saved.status_code == 302
    with app.app_context():
        session = db_session()
        row = session.get(Organisation, organisation)
        assert row.dpo_email == "dpo@rives.fr" and row.controller_name == FORM["controller_name"]
        assert row.notice_text == "Base légale : mission d'intérêt public.\n\nAutre paragraphe."
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.notice"))
        assert event is not None and "notice_text" in event.detail["fields"]
        assert "mission" not in str(event.detail)  # names of fields, never their values


def test_admins_edit_other_referents_and_consultants_are_refused(app: Flask) -> None:
    mine = make_organisation(app, "Agglo des Rives")
    other = make_organisation(app, "Autre agglo")
    admin = _signed_in(app, "admin@example.fr", "admin")
    assert admin.post(f"/organisations/{mine}/donnees-personnelles", data=FORM).status_code == 302
    stranger = _signed_in(app, "ref@example.fr", "referent", organisation_id=other)
    assert stranger.get(f"/organisations/{mine}/donnees-personnelles").status_code == 403
    assert stranger.post(f"/organisations/{mine}/donnees-personnelles", data={}).status_code == 403
    consultant = _signed_in(app, "c@example.fr", "consultant", assigned=(mine,))
    assert consultant.get(f"/organisations/{mine}/donnees-personnelles").status_code == 403
    assert admin.get("/organisations/999/donnees-personnelles").status_code == 404
    with app.app_context():
        assert db_session().get(Organisation, mine).dpo_email == "dpo@rives.fr"


def test_problems_are_said_and_typed_values_kept(app: Flask) -> None:
    organisation = make_organisation(app)
    admin = _signed_in(app, "admin@example.fr", "admin")
    typed = {
        **FORM,
        "dpo_email": "pas-une-adresse",
        "controller_name": "x" * 201,
        "notice_text": "<b>é</b>" * 1000,
    }
    response = admin.post(f"/organisations/{organisation}/donnees-personnelles", data=typed)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "La notice n&#39;a pas été enregistrée — 3 erreurs à corriger" in html
    assert 'value="pas-une-adresse"' in html and "&lt;b&gt;é&lt;/b&gt;" in html
    missing = admin.post(
        f"/organisations/{organisation}/donnees-personnelles",
        data={**FORM, "dpo_email": ""},
    )
    assert missing.status_code == 400
    assert "Indiquez l&#39;adresse e-mail du délégué" in missing.get_data(as_text=True)
    with app.app_context():
        assert db_session().get(Organisation, organisation).dpo_name is None


def test_the_form_needs_its_csrf_token(db_url: str, tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": True,
            "SESSION_COOKIE_SECURE": False,
        }
    )
    organisation = make_organisation(app)
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    page = client.get("/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/connexion", data={"email": "admin@example.fr", "password": PASSWORD, "csrf_token": token}
    )
    url = f"/organisations/{organisation}/donnees-personnelles"
    assert client.post(url, data=FORM).status_code == 400
    form = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post(url, data={**FORM, "csrf_token": token}).status_code == 302
    with app.app_context():
        assert db_session().get(Organisation, organisation).dpo_email == "dpo@rives.fr"
    app.extensions["coopassess.db"].engine.dispose()
