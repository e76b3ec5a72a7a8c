"""The admins' personal-data page: the JSON export downloaded, the erasure confirmed on a
second page (with or without the answers), both in the audit log with the address masked;
nobody else reaches it, and every POST needs its CSRF token."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.models import AuditEvent
from tests.fixtures.accounts import login, make_organisation, make_user
from tests.fixtures.privacy import (
    ADDRESS,
    known_in_three_campaigns,
    n_respondents,
    response_exists,
    tables_quoting,
)

PAGE = "/admin/donnees-personnelles"


def _signed_in(app: Flask, email: str, role: str, **fields: object) -> FlaskClient:
    make_user(app, email, role, **fields)
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def _admin(app: Flask) -> FlaskClient:
    return _signed_in(app, "admin@example.fr", "admin")


def _audit(app: Flask, action: str) -> list[dict]:
    with app.app_context():
        return list(
            db_session().scalars(select(AuditEvent.detail).where(AuditEvent.action == action))
        )


def test_the_page_is_linked_from_the_administration(app: Flask) -> None:
    admin = _admin(app)
    html = admin.get("/admin/comptes").get_data(as_text=True)
    assert f'href="{PAGE}"' in html
    page = admin.get(PAGE)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'for="email"' in text and "Télécharger l'export (JSON)" in text


def test_admin_downloads_the_export_and_the_log_masks_the_address(app: Flask) -> None:
    scenario = known_in_three_campaigns(app)
    admin = _admin(app)
    answer = admin.post(f"{PAGE}/export", data={"email": ADDRESS.upper()})
    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
    assert "attachment" in answer.headers["Content-Disposition"]
    document = json.loads(answer.get_data(as_text=True))
    assert len(document["participations"]) == 3
    assert document["participations"][0]["reponse"]["numero"] == scenario.response_id
    logged = _audit(app, "privacy.export")
    assert logged == [
        {
            "email": "j•••@ville-exemple.fr",
            "participants": 3,
            "messages": 3,
            "origine": "page d'administration",
        }
    ]


def test_a_bad_address_is_answered_400_and_kept(app: Flask) -> None:
    admin = _admin(app)
    for url in (f"{PAGE}/export", f"{PAGE}/effacement", f"{PAGE}/effacement/confirmer"):
        answer = admin.post(url, data={"email": "jeanne@<ville>"})
        assert answer.status_code == 400, url
        html = answer.get_data(as_text=True)
        assert "n&#39;est pas valide" in html and 'value="jeanne@&lt;ville&gt;"' in html


@pytest.mark.parametrize("with_answers", [True, False])
def test_erasure_is_confirmed_then_done(app: Flask, with_answers: bool) -> None:
    scenario = known_in_three_campaigns(app)
    admin = _admin(app)
    confirm = admin.post(f"{PAGE}/effacement", data={"email": ADDRESS})
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert "3 inscriptions" in html and 'name="with_answers"' in html
    assert tables_quoting(app, ADDRESS)  # nothing erased by the confirmation page
    data = {"email": ADDRESS, **({"with_answers": "1"} if with_answers else {})}
    done = admin.post(f"{PAGE}/effacement/confirmer", data=data)
    assert done.status_code == 302 and done.location.endswith(PAGE)
    summary = admin.get(PAGE).get_data(as_text=True)
    assert "Adresse j•••@ville-exemple.fr effacée" in summary
    assert ADDRESS not in summary
    assert tables_quoting(app, ADDRESS) == []
    assert response_exists(app, scenario.response_id) is not with_answers
    assert n_respondents(app, scenario.campaign_ids[0]) == (1 if with_answers else 2)
    [logged] = _audit(app, "privacy.erase")
    assert logged["email"] == "j•••@ville-exemple.fr"
    assert logged["reponses_supprimees"] == (1 if with_answers else 0)
    journal = admin.get("/admin/journal").get_data(as_text=True)
    assert "Données d&#39;une personne effacées" in journal and ADDRESS not in journal


def test_an_account_address_is_refused_with_a_link_to_the_account(app: Flask) -> None:
    known_in_three_campaigns(app)
    user_id = make_user(app, ADDRESS, "consultant")
    admin = _admin(app)
    confirm = admin.post(f"{PAGE}/effacement", data={"email": ADDRESS})
    assert confirm.status_code == 409
    html = confirm.get_data(as_text=True)
    assert "rien n&#39;a été effacé" in html and f"/admin/comptes/{user_id}" in html
    assert "Effacer définitivement" not in html
    forced = admin.post(f"{PAGE}/effacement/confirmer", data={"email": ADDRESS})
    assert forced.status_code == 409
    assert len(tables_quoting(app, ADDRESS)) > 1


def test_nobody_but_an_admin_reaches_it(app: Flask) -> None:
    organisation = make_organisation(app)
    known_in_three_campaigns(app)
    consultant = _signed_in(app, "conseil@example.fr", "consultant", assigned=(organisation,))
    referent = _signed_in(app, "referente@example.fr", "referent", organisation_id=organisation)
    for client in (consultant, referent):
        assert client.get(PAGE).status_code == 403
        for url in (f"{PAGE}/export", f"{PAGE}/effacement", f"{PAGE}/effacement/confirmer"):
            assert client.post(url, data={"email": ADDRESS, "with_answers": "1"}).status_code == 403
    assert app.test_client().get(PAGE).status_code == 302  # to the sign-in page
    assert "participant.email" in tables_quoting(app, ADDRESS)
    assert _audit(app, "privacy.erase") == [] and _audit(app, "privacy.export") == []


def test_every_post_needs_its_csrf_token(app: Flask) -> None:
    known_in_three_campaigns(app)
    admin = _admin(app)
    app.config["WTF_CSRF_ENABLED"] = True
    for url in (f"{PAGE}/export", f"{PAGE}/effacement", f"{PAGE}/effacement/confirmer"):
        assert admin.post(url, data={"email": ADDRESS, "with_answers": "1"}).status_code == 400
    app.config["WTF_CSRF_ENABLED"] = False
    assert "participant.email" in tables_quoting(app, ADDRESS)
    assert _audit(app, "privacy.erase") == [] and _audit(app, "privacy.export") == []
