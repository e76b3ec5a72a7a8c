"""/api/v1/campaigns/<id>/actions: the action plan read by whoever may read the results,
written by consultants and admins with a token; every answer against the OpenAPI document."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.models import AuditEvent
from tests.fixtures.accounts import login, make_user
from tests.fixtures.api import bearer, conforms, make_token, sent_json
from tests.fixtures.portfolio import organisation_with_campaigns

XSS = '<script>alert("x")</script>'


@pytest.fixture
def accounts(app: Flask) -> dict[str, int]:
    org_a, (campaign_a,) = organisation_with_campaigns(app, "Organisation A", (4,))
    _, (campaign_b,) = organisation_with_campaigns(app, "Organisation B", (4,))
    ids = {"a": campaign_a, "b": campaign_b}
    ids["admin"] = make_user(app, "admin@example.fr", "admin")
    ids["referent"] = make_user(app, "ref@example.fr", "referent", organisation_id=org_a)
    ids["consultant"] = make_user(app, "conseil@example.fr", "consultant", assigned=(org_a,))
    ids["alone"] = make_user(app, "seul@example.fr", "consultant")
    return ids


def _client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_consultant_creates_reads_and_updates(app: Flask, accounts: dict[str, int]) -> None:
    client = _client(app)
    token = bearer(make_token(app, accounts["consultant"]))
    path = f"/api/v1/campaigns/{accounts['a']}/actions"
    empty = conforms(client, client.get(path, headers=token))
    assert empty.status_code == 200 and empty.json == {"actions": []}
    created = sent_json(
        client,
        "POST",
        path,
        {
            "title": XSS,
            "dimension": "COOP.VIT",
            "owner": "Service urbanisme",
            "due_on": "2027-03-31",
            "description": "Une ligne\nune autre",
        },
        token,
    )
    assert created.status_code == 201
    body = created.json
    assert body["title"] == XSS and body["status"] == "planned"
    assert body["status_label"] == "à lancer" and body["questionnaire"] == "COOP"
    assert body["dimension_label"] == "Énergie et épanouissement"
    assert body["history"][0]["from_status_label"] is None
    assert body["history"][0]["by"] == "conseil@example.fr"
    assert created.headers["Location"].endswith(f"{path}/{body['id']}")
    one = f"{path}/{body['id']}"
    patched = sent_json(client, "PATCH", one, {"status": "done"}, token)
    assert patched.status_code == 200 and patched.json["done_at"] is not None
    assert patched.json["owner"] == "Service urbanisme"  # untouched fields stay
    assert [h["to_status_label"] for h in patched.json["history"]] == ["à lancer", "faite"]
    whole = sent_json(client, "PATCH", one, {"dimension": None}, token)
    assert whole.json["dimension"] is None and whole.json["questionnaire"] is None
    assert whole.json["dimension_label"] == "La démarche dans son ensemble"
    # The referent reads the plan of their organisation (session or token) but cannot write.
    referent = _client(app)
    login(referent, "ref@example.fr")
    listed = conforms(referent, referent.get(path))
    assert [a["id"] for a in listed.json["actions"]] == [body["id"]]
    assert conforms(referent, referent.get(one)).json["status"] == "done"
    referent_token = bearer(make_token(app, accounts["referent"]))
    refused = sent_json(client, "POST", path, {"title": "x"}, referent_token)
    assert refused.status_code == 403
    assert "consultants et les administrateurs" in refused.json["error"]["message"]
    with app.app_context():
        logged = db_session().scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("action.%"))
        )
        assert sorted(logged) == ["action.create", "action.update", "action.update"]


def test_who_may_not(app: Flask, accounts: dict[str, int]) -> None:
    client = _client(app)
    path = f"/api/v1/campaigns/{accounts['a']}/actions"
    assert conforms(client, client.get(path)).status_code == 401
    alone = bearer(make_token(app, accounts["alone"]))
    assert conforms(client, client.get(path, headers=alone)).status_code == 403
    assert sent_json(client, "POST", path, {"title": "x"}, alone).status_code == 403
    # A browser session reads, never writes (no CSRF token to check on these routes).
    admin = _client(app)
    login(admin, "admin@example.fr")
    assert conforms(admin, admin.get(path)).status_code == 200
    session_write = sent_json(admin, "POST", path, {"title": "x"}, {})
    assert session_write.status_code == 401 and "jeton" in session_write.json["error"]["message"]
    missing = f"/api/v1/campaigns/{accounts['a'] + 99}/actions"
    admin_token = bearer(make_token(app, accounts["admin"]))
    assert conforms(client, client.get(missing, headers=admin_token)).status_code == 404
    unknown = sent_json(client, "PATCH", f"{path}/999", {}, admin_token)
    assert unknown.status_code == 404 and "Action introuvable" in unknown.json["error"]["message"]
    # An action of campaign B is not reachable under campaign A.
    other = f"/api/v1/campaigns/{accounts['b']}/actions"
    created = client.post(other, json={"title": "B"}, headers=admin_token).json
    wrong = sent_json(client, "PATCH", f"{path}/{created['id']}", {"title": "A"}, admin_token)
    assert wrong.status_code == 404


def test_refused_input_in_french(app: Flask, accounts: dict[str, int]) -> None:
    client = _client(app)
    token = bearer(make_token(app, accounts["admin"]))
    path = f"/api/v1/campaigns/{accounts['a']}/actions"
    for body, field, words in (
        ({}, "title", "Champ obligatoire"),
        ({"title": "  "}, "title", "Donnez un intitulé"),
        ({"title": "t" * 201}, "title", "200 caractères"),
        ({"title": "x", "due_on": "31/12/2027"}, "due_on", "AAAA-MM-JJ"),
        ({"title": "x", "status": "fini"}, "status", "Choisissez un statut"),
        ({"title": "x", "dimension": "TER.RSC"}, "dimension", "Choisissez une dimension"),
        ({"title": 3}, "title", "Texte attendu"),
    ):
        answer = sent_json(client, "POST", path, body, token)
        assert answer.status_code == 400, body
        fields = answer.json["error"]["fields"]
        assert any(f["field"] == field and words in f["message"] for f in fields), fields
    for raw in ("pas du json", "[1, 2]"):
        answer = client.post(path, data=raw, headers={**token, "Content-Type": "application/json"})
        assert conforms(client, answer, raw.encode()).status_code == 400
        assert "objet JSON" in answer.json["error"]["message"]
    extra = sent_json(client, "POST", path, {"title": "x", "id": 4}, token)
    assert extra.status_code == 400 and "Champs inconnus : id." in extra.json["error"]["message"]
    listed = client.get(path, headers=token).json
    assert listed == {"actions": []}


def test_token_writes_pass_with_csrf_on(app: Flask, accounts: dict[str, int]) -> None:
    """A bearer token is no ambient credential: the write routes need no CSRF token."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = _client(app)
    token = bearer(make_token(app, accounts["consultant"]))
    path = f"/api/v1/campaigns/{accounts['a']}/actions"
    created = sent_json(client, "POST", path, {"title": "Atelier"}, token)
    assert created.status_code == 201
    app.config["WTF_CSRF_ENABLED"] = False
