"""Roles and ``can_view_organisation``: admin sees all, a consultant their assigned
organisations, a referent their own; every refusal is a logged 403 (both engines)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess.campaigns.access import can_view_organisation
from coopassess.db import db_session
from coopassess.models import AuditEvent, User
from tests.fixtures.accounts import login, make_organisation, make_user, wire


@pytest.fixture
def app(app: Flask) -> Flask:
    return wire(app)


@pytest.fixture
def people(app: Flask) -> dict[str, int]:
    """Two organisations and one account of each kind."""
    ours = make_organisation(app, "Agglo des Rives")
    theirs = make_organisation(app, "Métropole du Nord")
    make_user(app, "admin@example.fr", "admin")
    make_user(app, "conseil@example.fr", "consultant", assigned=(ours,))
    make_user(app, "referent@example.fr", "referent", organisation_id=ours)
    make_user(app, "oisif@example.fr", "consultant")
    return {"ours": ours, "theirs": theirs}


@pytest.mark.parametrize(
    ("email", "ours", "theirs"),
    [
        ("admin@example.fr", True, True),
        ("conseil@example.fr", True, False),
        ("referent@example.fr", True, False),
        ("oisif@example.fr", False, False),
    ],
)
def test_can_view_organisation(
    app: Flask, people: dict[str, int], email: str, ours: bool, theirs: bool
) -> None:
    with app.app_context():
        user = db_session().scalar(select(User).where(User.email == email))
        assert can_view_organisation(db_session(), user, people["ours"]) is ours
        assert can_view_organisation(db_session(), user, people["theirs"]) is theirs
        assert can_view_organisation(db_session(), None, people["ours"]) is False
        user.active = False
        assert can_view_organisation(db_session(), user, people["ours"]) is False


@pytest.mark.parametrize(
    ("email", "ours", "theirs", "admin"),
    [
        ("admin@example.fr", 200, 200, 200),
        ("conseil@example.fr", 200, 403, 403),
        ("referent@example.fr", 200, 403, 403),
    ],
)
def test_views_answer_by_role(
    app: Flask,
    client: FlaskClient,
    people: dict[str, int],
    email: str,
    ours: int,
    theirs: int,
    admin: int,
) -> None:
    login(client, email)
    assert client.get(f"/essai/organisation/{people['ours']}").status_code == ours
    assert client.get(f"/essai/organisation/{people['theirs']}").status_code == theirs
    assert client.get("/essai/admin").status_code == admin


def test_a_refusal_is_a_french_403_and_is_logged(
    app: Flask, client: FlaskClient, people: dict[str, int]
) -> None:
    login(client, "referent@example.fr")
    answer = client.get(f"/essai/organisation/{people['theirs']}")
    assert answer.status_code == 403
    assert "Accès refusé" in answer.get_data(as_text=True)
    with app.app_context():
        session = db_session()
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "permission.denied")
        ).one()
        referent = session.scalar(select(User).where(User.email == "referent@example.fr"))
        assert event.actor_id == referent.id
        assert event.target == f"organisation:{people['theirs']}"
        assert event.detail["route"] == "/essai/organisation/<int:organisation_id>"


def test_anonymous_visitors_are_sent_to_the_login_page(
    client: FlaskClient, people: dict[str, int]
) -> None:
    for url in ("/essai/moi", "/essai/admin", f"/essai/organisation/{people['ours']}"):
        answer = client.get(url)
        assert answer.status_code == 302
        assert answer.location.startswith("/connexion?suivant=")
