"""Account administration from the web: an admin creates a referent and a consultant, who set
their passwords from the e-mails (real SMTP server, real queue); resend, deactivate,
reactivate, assign and place — every change in the audit log with its author."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.mail import transport
from coopassess.models import Assignment, AuditEvent, User
from tests.fixtures.accounts import login, make_organisation, make_user
from tests.fixtures.mail import run_queue, use_smtp
from tests.fixtures.smtp import SmtpServer, smtp_server

CHOSEN = "Le héron guette au bord du canal"


@pytest.fixture
def smtp(app: Flask) -> Iterator[SmtpServer]:
    with smtp_server() as server:
        use_smtp(app, server.url, BASE_URL="https://coop.example.fr")
        yield server
    transport.close_all()


def _admin(app: Flask) -> FlaskClient:
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    login(client, "admin@example.fr")
    return client


def _link(server: SmtpServer, index: int = -1) -> str:
    text = server.received[index].message.get_body(("plain",)).get_content()
    return re.search(r"https://coop\.example\.fr(/mot-de-passe/[\w-]+)", text).group(1)


def _user(app: Flask, email: str) -> User:
    with app.app_context():
        session = db_session()
        user = session.scalar(select(User).where(User.email == email))
        session.expunge(user)
        return user


def test_a_referent_created_from_the_web_sets_a_password_from_the_email(
    app: Flask, smtp: SmtpServer
) -> None:
    admin = _admin(app)
    organisation = make_organisation(app, "Ville de Rennes")
    form = admin.get(f"/admin/comptes/nouveau?role=referent&organisation={organisation}")
    assert f'<option value="{organisation}" selected>' in form.get_data(as_text=True)
    created = admin.post(
        "/admin/comptes/nouveau",
        data={"email": "Ref@Rennes.fr", "role": "referent", "organisation_id": str(organisation)},
    )
    assert created.status_code == 302
    assert run_queue(app) == 1
    message = smtp.received[0].message
    assert smtp.received[0].rcpt_tos == ["ref@rennes.fr"]
    assert message["Subject"] == "Votre compte CoopAssess\u00a0: choisissez votre mot de passe"
    body = message.get_body(("plain",)).get_content()
    assert "référent pour « Ville de Rennes »" in body and "admin@example.fr" in body
    person = app.test_client()
    link = _link(smtp)
    assert person.post(link, data={"password": CHOSEN, "confirm": CHOSEN}).status_code == 302
    assert person.get(link).status_code == 410
    assert login(person, "ref@rennes.fr", CHOSEN).status_code == 302
    assert "Ville de Rennes" in person.get("/organisations").get_data(as_text=True)
    detail = admin.get(created.headers["Location"]).get_data(as_text=True)
    assert "Compte créé" in detail and "Mot de passe défini" in detail
    admin_id = _user(app, "admin@example.fr").id
    with app.app_context():
        events = db_session().execute(select(AuditEvent.action, AuditEvent.actor_id)).all()
        assert ("user.create", admin_id) in events and ("user.invite", admin_id) in events


def test_errors_are_listed_and_nothing_is_created(app: Flask, smtp: SmtpServer) -> None:
    admin = _admin(app)
    refused = admin.post(
        "/admin/comptes/nouveau", data={"email": "admin@example.fr", "role": "referent"}
    )
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Un compte existe déjà" in html and 'href="#organisation_id"' in html
    assert 'value="admin@example.fr"' in html
    bad = admin.post("/admin/comptes/nouveau", data={"email": "pas-une-adresse", "role": "chef"})
    assert bad.status_code == 400 and 'href="#role"' in bad.get_data(as_text=True)
    run_queue(app)
    assert smtp.received == []
    with app.app_context():
        assert db_session().scalar(select(func.count(User.id))) == 1


def test_resend_voids_the_previous_link(app: Flask, smtp: SmtpServer) -> None:
    admin = _admin(app)
    admin.post("/admin/comptes/nouveau", data={"email": "conseil@example.fr", "role": "consultant"})
    user = _user(app, "conseil@example.fr")
    assert admin.post(f"/admin/comptes/{user.id}/invitation").status_code == 302
    run_queue(app)
    assert len(smtp.received) == 2
    first, second = _link(smtp, 0), _link(smtp, 1)
    person = app.test_client()
    assert person.get(first).status_code == 410
    assert person.get(second).status_code == 200


def test_deactivate_ends_sessions_and_reactivate_restores(app: Flask) -> None:
    admin = _admin(app)
    user_id = make_user(app, "conseil@example.fr", "consultant")
    consultant = app.test_client()
    login(consultant, "conseil@example.fr")
    assert consultant.get("/campagnes").status_code == 200
    assert admin.post(f"/admin/comptes/{user_id}/desactivation").status_code == 302
    assert consultant.get("/campagnes").status_code == 302
    assert login(app.test_client(), "conseil@example.fr").status_code == 200
    assert admin.post(f"/admin/comptes/{user_id}/reactivation").status_code == 302
    assert login(app.test_client(), "conseil@example.fr").status_code == 302
    own = _user(app, "admin@example.fr").id
    admin.post(f"/admin/comptes/{own}/desactivation")
    assert _user(app, "admin@example.fr").active
    with app.app_context():
        actions = db_session().scalars(select(AuditEvent.action)).all()
        assert "user.deactivate" in actions and "user.reactivate" in actions


def test_assign_from_the_user_page_and_from_the_organisation_page(app: Flask) -> None:
    admin = _admin(app)
    first = make_organisation(app, "Ville de Nantes")
    second = make_organisation(app, "Ville de Lorient")
    consultant = make_user(app, "conseil@example.fr", "consultant")
    referent = make_user(app, "ref@example.fr", "referent", organisation_id=first)
    page = admin.get(f"/admin/comptes/{consultant}?q=lorient").get_data(as_text=True)
    assert "Ville de Lorient" in page and "Assigner" in page
    admin.post(f"/admin/comptes/{consultant}/organisations", data={"organisation_id": str(second)})
    on_org = admin.get(f"/admin/organisations/{first}/consultants").get_data(as_text=True)
    assert "conseil@example.fr" in on_org
    back = admin.post(
        f"/admin/comptes/{consultant}/organisations",
        data={"organisation_id": str(first), "retour": "organisation"},
    )
    assert back.headers["Location"].endswith(f"/organisations/{first}/fiche")
    with app.app_context():
        assert db_session().scalar(select(func.count(Assignment.id))) == 2
    record = admin.get(f"/organisations/{first}/fiche").get_data(as_text=True)
    assert "conseil@example.fr" in record and "ref@example.fr" in record
    admin.post(
        f"/admin/comptes/{consultant}/organisations/retrait", data={"organisation_id": str(first)}
    )
    people = admin.get(f"/admin/organisations/{second}/consultants?q=ref@").get_data(as_text=True)
    assert "ref@example.fr" in people and "(Ville de Nantes)" in people
    moved = admin.post(
        f"/admin/comptes/{referent}/organisations",
        data={"organisation_id": str(second), "retour": "organisation"},
    )
    assert moved.headers["Location"].endswith(f"/organisations/{second}/fiche")
    assert _user(app, "ref@example.fr").organisation_id == second
    again = admin.get(f"/admin/organisations/{second}/consultants?q=ref@").get_data(as_text=True)
    assert "Aucun autre référent ne correspond" in again
    with app.app_context():
        assert db_session().scalar(select(func.count(Assignment.id))) == 1
        actions = db_session().scalars(select(AuditEvent.action)).all()
        assert actions.count("user.assign") == 2 and "user.unassign" in actions
        assert "user.update" in actions
    assert admin.post(f"/admin/comptes/{consultant}/organisations", data={}).status_code == 400
    assert admin.get("/admin/comptes/9999").status_code == 404


def test_the_list_searches_and_says_where_each_account_stands(app: Flask) -> None:
    admin = _admin(app)
    make_user(app, "conseil@example.fr", "consultant")
    with app.app_context():
        session = db_session()
        session.add(User(email="attente@example.fr", role="consultant"))
        session.commit()
    listed = admin.get("/admin/comptes").get_data(as_text=True)
    assert "3 comptes" in listed and "invitation en attente" in listed
    only = admin.get("/admin/comptes?q=conseil&role=consultant").get_data(as_text=True)
    assert "1 compte." in only and "attente@" not in only


def test_account_posts_need_csrf(app: Flask) -> None:
    admin = _admin(app)
    user_id = make_user(app, "conseil@example.fr", "consultant")
    organisation = make_organisation(app)
    app.config["WTF_CSRF_ENABLED"] = True
    for url, data in (
        ("/admin/comptes/nouveau", {"email": "x@example.fr", "role": "consultant"}),
        (f"/admin/comptes/{user_id}/invitation", {}),
        (f"/admin/comptes/{user_id}/desactivation", {}),
        (f"/admin/comptes/{user_id}/organisations", {"organisation_id": str(organisation)}),
        (f"/admin/comptes/{user_id}/organisations/retrait", {"organisation_id": str(organisation)}),
        ("/organisations/nouvelle", {"name": "Ville", "kind": "territoire"}),
        (f"/organisations/{organisation}/modifier", {"name": "Ville", "kind": "territoire"}),
        (f"/organisations/{organisation}/archivage", {}),
        (f"/organisations/{organisation}/restauration", {}),
        (f"/organisations/{organisation}/suppression", {}),
    ):
        assert admin.post(url, data=data).status_code == 400, url
    app.config["WTF_CSRF_ENABLED"] = False
    assert _user(app, "conseil@example.fr").active
    with app.app_context():
        assert db_session().scalar(select(func.count(User.id))) == 2
