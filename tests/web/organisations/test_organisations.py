"""Organisations from the web: list, create, edit, archive, restore, delete — with the errors
people make, typed values kept, the audit log, and who may do what."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import Assignment, AuditEvent, Campaign, Organisation, Response
from tests.fixtures.accounts import login, make_organisation, make_user
from tests.fixtures.portfolio import organisation_with_campaigns

VALID = {
    "name": "Communauté de communes du Val d'Orge",
    "kind": "territoire",
    "structure_type": "Intercommunalité (EPCI)",
    "region": "Île-de-France",
    "siren": "213 105 554",
    "insee_code": "",
    "size_band": "10 000 à 50 000 habitants",
    "contact_name": "Anne Martin",
    "contact_email": "Anne.Martin@Example.fr",
}


def _admin(app: Flask) -> FlaskClient:
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    login(client, "admin@example.fr")
    return client


def test_create_with_every_field(app: Flask) -> None:
    client = _admin(app)
    form = client.get("/organisations/nouvelle").get_data(as_text=True)
    assert 'name="csrf_token"' in form and "Intercommunalité (EPCI)" in form
    response = client.post("/organisations/nouvelle", data=VALID)
    assert response.status_code == 302 and "/fiche" in response.headers["Location"]
    with app.app_context():
        session = db_session()
        organisation = session.scalar(select(Organisation))
        assert (organisation.siren, organisation.contact_email) == (
            "213105554",
            "anne.martin@example.fr",
        )
        assert organisation.size_band == "10 000 à 50 000 habitants"
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.create"))
        assert event.target == f"organisation:{organisation.id}" and event.actor_id is not None
    record = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Val d&#39;Orge" in record and "213105554" in record and "Anne Martin" in record


def test_errors_at_the_top_linked_to_their_fields_and_values_kept(app: Flask) -> None:
    client = _admin(app)
    typed = dict(VALID, name="X", siren="213105555", insee_code="2C004", region="Atlantide")
    typed["contact_email"] = "pas-une-adresse"
    response = client.post("/organisations/nouvelle", data=typed)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for field in ("name", "siren", "insee_code", "region", "contact_email"):
        assert f'href="#{field}"' in html and f'id="{field}"' in html
    assert "5 erreurs à corriger" in html
    assert 'value="213105555"' in html and 'value="pas-une-adresse"' in html
    assert 'aria-invalid="true"' in html
    with app.app_context():
        assert db_session().scalar(select(func.count(Organisation.id))) == 0


def test_a_band_of_the_other_kind_is_refused(app: Flask) -> None:
    client = _admin(app)
    response = client.post(
        "/organisations/nouvelle", data=dict(VALID, kind="entreprise", structure_type="")
    )
    assert response.status_code == 400
    assert "tranche d&#39;effectif" in response.get_data(as_text=True)


def test_edit_logs_the_fields_that_changed(app: Flask) -> None:
    client = _admin(app)
    organisation_id = make_organisation(app, "Ville de Brest")
    page = client.get(f"/organisations/{organisation_id}/modifier").get_data(as_text=True)
    assert 'value="Ville de Brest"' in page
    changed = dict(VALID, name="Brest Métropole")
    assert (
        client.post(f"/organisations/{organisation_id}/modifier", data=changed).status_code == 302
    )
    with app.app_context():
        session = db_session()
        assert session.get(Organisation, organisation_id).name == "Brest Métropole"
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.update"))
        assert "name" in event.detail["fields"] and "siren" in event.detail["fields"]
    refused = client.post(f"/organisations/{organisation_id}/modifier", data=dict(VALID, kind="x"))
    assert refused.status_code == 400
    with app.app_context():
        assert db_session().get(Organisation, organisation_id).kind == "territoire"


def test_a_consultant_is_assigned_to_what_they_create_and_a_referent_creates_nothing(
    app: Flask,
) -> None:
    make_user(app, "conseil@example.fr", "consultant")
    own = make_organisation(app, "Ville A")
    make_user(app, "ref@example.fr", "referent", organisation_id=own)
    consultant = app.test_client()
    login(consultant, "conseil@example.fr")
    assert consultant.post("/organisations/nouvelle", data=VALID).status_code == 302
    with app.app_context():
        assert db_session().scalar(select(func.count(Assignment.id))) == 1
    assert VALID["name"].split()[0] in consultant.get("/organisations").get_data(as_text=True)
    referent = app.test_client()
    login(referent, "ref@example.fr")
    assert referent.get("/organisations/nouvelle").status_code == 403
    assert referent.post("/organisations/nouvelle", data=VALID).status_code == 403
    assert referent.get(f"/organisations/{own}/modifier").status_code == 403
    assert referent.get(f"/organisations/{own}/fiche").status_code == 200


def test_list_searches_filters_and_pages(app: Flask) -> None:
    client = _admin(app)
    with app.app_context():
        session = db_session()
        session.add_all(Organisation(name=f"Commune {n:02d}", kind="territoire") for n in range(30))
        session.add(Organisation(name="Atelier 100%_bois", kind="entreprise"))
        session.commit()
    first = client.get("/organisations").get_data(as_text=True)
    assert "31 organisations — page 1 sur 2" in first and 'rel="next"' in first
    assert "Atelier 100%_bois" in first and "Commune 23" in first and "Commune 24" not in first
    second = client.get("/organisations?page=2").get_data(as_text=True)
    assert "Commune 29" in second and "Commune 00" not in second
    assert "1 organisation." in client.get("/organisations?q=100%25_").get_data(as_text=True)
    firms = client.get("/organisations?type=entreprise").get_data(as_text=True)
    assert "Atelier" in firms and "Commune 01" not in firms
    assert client.get("/organisations?page=abc&type=zzz").status_code == 200


def test_archive_keeps_the_data_and_hides_it_from_the_lists(app: Flask) -> None:
    client = _admin(app)
    alpha, campaigns = organisation_with_campaigns(app, "Ville Archivée", (3,))
    organisation_with_campaigns(app, "Ville Active", (3,))
    confirm = client.get(f"/organisations/{alpha}/archivage").get_data(as_text=True)
    assert "Rien n'est effacé" in confirm and "3 réponses restent" in confirm
    with app.app_context():
        assert db_session().get(Organisation, alpha).archived_at is None  # GET changes nothing
    assert client.post(f"/organisations/{alpha}/archivage").status_code == 302
    for page in ("/organisations", "/tableau-de-bord", "/campagnes"):
        html = client.get(page).get_data(as_text=True)
        assert "Ville Archivée" not in html and "Ville Active" in html, page
    archived = client.get("/organisations?archivees=1").get_data(as_text=True)
    assert "Ville Archivée" in archived and "Ville Active" not in archived
    assert client.get(f"/organisations/{alpha}/fiche").status_code == 200
    assert client.get(f"/campagnes/{campaigns[0]}").status_code == 200
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count(Response.id))) == 6
    # Not even a hand-made POST opens a campaign for an archived organisation.
    refused = client.post(
        "/campagnes/nouvelle",
        data={
            "organisation_id": str(alpha),
            "demarche": "Nouvelle démarche",
            "target": "territoire",
        },
    )
    assert refused.status_code == 400 and "est archivée" in refused.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(select(func.count(Campaign.id))) == 2
    assert client.post(f"/organisations/{alpha}/restauration").status_code == 302
    assert "Ville Archivée" in client.get("/organisations").get_data(as_text=True)
    with app.app_context():
        actions = db_session().scalars(select(AuditEvent.action)).all()
        assert "organisation.archive" in actions and "organisation.restore" in actions


def test_delete_only_without_responses(app: Flask) -> None:
    client = _admin(app)
    answered, _ = organisation_with_campaigns(app, "Ville Répondue", (3,))
    empty = make_organisation(app, "Ville Vide")
    refused = client.post(f"/organisations/{answered}/suppression")
    assert refused.status_code == 409 and "Archivez-la" in refused.get_data(as_text=True)
    assert "Supprimer définitivement" in client.get(f"/organisations/{empty}/suppression").get_data(
        as_text=True
    )
    assert client.post(f"/organisations/{empty}/suppression").status_code == 302
    with app.app_context():
        session = db_session()
        assert session.get(Organisation, empty) is None
        assert session.get(Organisation, answered) is not None
        assert session.scalar(select(func.count(Campaign.id))) == 1
