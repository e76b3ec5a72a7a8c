"""API tokens: bearer authentication and its refusals, /compte/jetons, `coopassess user token`."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from coopassess.api import tokens
from coopassess.db import db_session
from coopassess.models import ApiToken, AuditEvent, User, utcnow
from tests.fixtures.accounts import login, make_user
from tests.fixtures.api import bearer, conforms, make_token
from tests.fixtures.portfolio import organisation_with_campaigns

TOKEN = re.compile(r"ca_[A-Za-z0-9_-]{43}")
INVALID = 'Bearer realm="CoopAssess", error="invalid_token"'


@pytest.fixture
def setup(app: Flask) -> dict[str, int]:
    org_a, (campaign,) = organisation_with_campaigns(app, "Organisation A", (3,))
    org_b, (other,) = organisation_with_campaigns(app, "Organisation B", (3,))
    referent = make_user(app, "ref@example.fr", "referent", organisation_id=org_a)
    return {"campaign": campaign, "other": other, "referent": referent, "org_b": org_b}


def _audit_rows(app: Flask) -> list[tuple]:
    with app.app_context():
        query = select(
            AuditEvent.action, AuditEvent.actor_id, AuditEvent.target, AuditEvent.detail
        ).order_by(AuditEvent.id)
        return [tuple(row) for row in db_session().execute(query)]


def _edit_token(app: Flask, token: str, **values: object) -> None:
    with app.app_context():
        session = db_session()
        record = session.scalar(
            select(ApiToken).where(
                ApiToken.token_hash == hashlib.sha256(token.encode()).hexdigest()
            )
        )
        for name, value in values.items():
            setattr(record, name, value)
        session.commit()


def test_a_token_acts_with_its_users_rights(app: Flask, setup: dict[str, int]) -> None:
    token = make_token(app, setup["referent"])
    client = app.test_client()
    mine = conforms(
        client, client.get(f"/api/v1/campaigns/{setup['campaign']}/results", headers=bearer(token))
    )
    assert mine.status_code == 200 and "respondents" not in mine.json
    listing = conforms(client, client.get("/api/v1/campaigns", headers=bearer(token))).json
    assert [c["id"] for c in listing["campaigns"]] == [setup["campaign"]]
    theirs = client.get(f"/api/v1/campaigns/{setup['other']}/results", headers=bearer(token))
    assert conforms(client, theirs).status_code == 403


def test_only_the_hash_is_stored_and_last_use_is_touched_once_a_minute(
    app: Flask, setup: dict[str, int]
) -> None:
    token = make_token(app, setup["referent"])
    assert TOKEN.fullmatch(token)
    with app.app_context():
        record = db_session().scalars(select(ApiToken)).one()
        assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert record.last_used_at is None
    client = app.test_client()

    def last_used() -> object:
        with app.app_context():
            return db_session().scalars(select(ApiToken.last_used_at)).one()

    client.get("/api/v1/campaigns", headers=bearer(token))
    first = last_used()
    assert first is not None
    client.get("/api/v1/campaigns", headers=bearer(token))
    assert last_used() == first
    _edit_token(app, token, last_used_at=first - timedelta(seconds=61))
    client.get("/api/v1/campaigns", headers=bearer(token))
    assert last_used() > first - timedelta(seconds=61)


@pytest.mark.parametrize("case", ["unknown", "expired", "revoked", "inactive_user", "malformed"])
def test_refused_tokens_get_401_and_are_audited_without_the_token(
    app: Flask, setup: dict[str, int], case: str
) -> None:
    token = make_token(app, setup["referent"])
    presented = token
    if case == "unknown":
        presented = "ca_" + "A" * 43
    elif case == "malformed":
        presented = "not-one-of-ours"
    elif case == "expired":
        _edit_token(app, token, expires_at=utcnow() - timedelta(seconds=1))
    elif case == "revoked":
        _edit_token(app, token, revoked_at=utcnow())
    else:
        with app.app_context():
            db_session().get(User, setup["referent"]).active = False
            db_session().commit()
    client = app.test_client()
    login(client, "ref@example.fr")  # a cookie is ignored when a bearer header is sent
    for path in ("/api/v1/campaigns", f"/api/v1/campaigns/{setup['campaign']}/results"):
        answer = conforms(client, client.get(path, headers=bearer(presented)))
        assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == INVALID
        assert answer.json["error"]["title"] == "Authentification requise"
        assert presented not in answer.get_data(as_text=True)
    denied = [row for row in _audit_rows(app) if row[0] == "api.denied"]
    assert [row[3]["reason"] for row in denied] == [case, case]
    known = case not in ("unknown", "malformed")
    assert all((row[1] == setup["referent"]) is known for row in denied)
    everything = json.dumps(_audit_rows(app), default=str)
    assert token not in everything and presented not in everything


def test_other_schemes_are_refused_and_audited(app: Flask, setup: dict[str, int]) -> None:
    client = app.test_client()
    for header in ("Basic cmVmOnNlY3JldA==", "Bearer", "Bearer   "):
        answer = conforms(
            client, client.get("/api/v1/campaigns", headers={"Authorization": header})
        )
        assert answer.status_code == 401
        assert answer.headers["WWW-Authenticate"] == 'Bearer realm="CoopAssess"'
    reasons = [row[3]["reason"] for row in _audit_rows(app) if row[0] == "api.denied"]
    assert reasons == ["scheme"] * 3


def test_the_page_creates_shows_once_and_revokes(app: Flask, setup: dict[str, int]) -> None:
    anonymous = app.test_client().get("/compte/jetons")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.location
    client = app.test_client()
    login(client, "ref@example.fr")
    empty = client.get("/compte/jetons").get_data(as_text=True)
    assert "aucun jeton" in empty and "Créer le jeton" in empty
    created = client.post("/compte/jetons", data={"name": "Tableur du service", "days": "30"})
    html = created.get_data(as_text=True)
    assert created.status_code == 200 and "Copiez-le maintenant" in html
    (token,) = set(TOKEN.findall(html))
    assert created.headers["Cache-Control"] == "no-store"
    listing = client.get("/compte/jetons").get_data(as_text=True)
    assert "Tableur du service" in listing and "actif" in listing and token not in listing
    assert token[3:] not in listing
    api = app.test_client()
    path = f"/api/v1/campaigns/{setup['campaign']}/results"
    assert api.get(path, headers=bearer(token)).status_code == 200
    with app.app_context():
        record = db_session().scalars(select(ApiToken)).one()
        assert record.expires_at is not None
        assert timedelta(days=29) < record.expires_at - record.created_at <= timedelta(days=30)
        token_id = record.id
    revoked = client.post(f"/compte/jetons/{token_id}/revocation", follow_redirects=True)
    assert "est révoqué" in revoked.get_data(as_text=True)
    assert "révoqué" in client.get("/compte/jetons").get_data(as_text=True)
    assert api.get(path, headers=bearer(token)).status_code == 401
    actions = [(row[0], row[1], row[2]) for row in _audit_rows(app) if "api_token" in row[0]]
    assert actions == [
        ("api_token.create", setup["referent"], f"api_token:{token_id}"),
        ("api_token.revoke", setup["referent"], f"api_token:{token_id}"),
    ]
    assert token not in json.dumps(_audit_rows(app), default=str)
    for answer in (listing, revoked.get_data(as_text=True), api.get(path).get_data(as_text=True)):
        assert token not in answer


def test_nobody_revokes_someone_elses_token(app: Flask, setup: dict[str, int]) -> None:
    make_user(app, "autre@example.fr", "admin")
    token = make_token(app, setup["referent"])
    with app.app_context():
        token_id = db_session().scalars(select(ApiToken.id)).one()
    other = app.test_client()
    login(other, "autre@example.fr")
    assert other.post(f"/compte/jetons/{token_id}/revocation").status_code == 404
    assert other.post("/compte/jetons/999999/revocation").status_code == 404
    assert "Script" not in other.get("/compte/jetons").get_data(as_text=True)
    assert app.test_client().get("/api/v1/campaigns", headers=bearer(token)).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "days": ""}, "Donnez un nom au jeton."),
        ({"name": "   ", "days": ""}, "Donnez un nom au jeton"),
        ({"name": "x" * 101, "days": ""}, "au plus 100 caractères"),
        ({"name": "Script", "days": "abc"}, "entre 1 et 3650"),
        ({"name": "Script", "days": "0"}, "de 1 à 3650 jours"),
        ({"name": "Script", "days": "9999"}, "de 1 à 3650 jours"),
    ],
)
def test_bad_token_forms_are_refused_in_french(
    app: Flask, setup: dict[str, int], data: dict[str, str], message: str
) -> None:
    client = app.test_client()
    login(client, "ref@example.fr")
    answer = client.post("/compte/jetons", data=data)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "erreur" in html and message in html
    assert 'aria-invalid="true"' in html and not TOKEN.search(html)
    with app.app_context():
        assert db_session().scalars(select(ApiToken)).all() == []


def test_token_names_are_escaped_and_posts_need_csrf(app: Flask, setup: dict[str, int]) -> None:
    client = app.test_client()
    login(client, "ref@example.fr")
    payload = "<script>alert(1)</script>"
    html = client.post("/compte/jetons", data={"name": payload}).get_data(as_text=True)
    assert payload not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/compte/jetons", data={"name": "Sans jeton CSRF"}).status_code == 400
    with app.app_context():
        token_id = db_session().scalars(select(ApiToken.id)).one()
    assert client.post(f"/compte/jetons/{token_id}/revocation").status_code == 400
    with app.app_context():
        assert db_session().get(ApiToken, token_id).revoked_at is None


def test_cli_creates_lists_and_revokes(
    app: Flask, runner: FlaskCliRunner, setup: dict[str, int]
) -> None:
    created = runner.invoke(
        args=[
            "user",
            "token",
            "create",
            "--email",
            "REF@example.fr",
            "--name",
            "Export",
            "--days",
            "7",
        ]
    )
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert TOKEN.fullmatch(token) and "ne sera plus affiché" in created.stderr
    client = app.test_client()
    assert client.get("/api/v1/campaigns", headers=bearer(token)).status_code == 200
    listing = runner.invoke(args=["user", "token", "list", "--email", "ref@example.fr"])
    assert listing.exit_code == 0 and token not in listing.output
    token_id, name, _created, last_used, expires, state = listing.output.strip().split("\t")
    assert (name, state) == ("Export", "actif") and last_used != "jamais" and expires != "aucune"
    revoked = runner.invoke(args=["user", "token", "revoke", token_id])
    assert revoked.exit_code == 0 and "révoqué" in revoked.output
    assert client.get("/api/v1/campaigns", headers=bearer(token)).status_code == 401
    again = runner.invoke(args=["user", "token", "list", "--email", "ref@example.fr"])
    assert again.output.strip().endswith("\trévoqué")
    assert "déjà révoqué" in runner.invoke(args=["user", "token", "revoke", token_id]).output
    actions = [row[0] for row in _audit_rows(app) if row[0].startswith("api_token")]
    assert actions == ["api_token.create", "api_token.revoke"]
    assert token not in json.dumps(_audit_rows(app), default=str)


@pytest.mark.parametrize(
    "args",
    [
        ["create", "--email", "personne@example.fr", "--name", "X"],
        ["create", "--email", "ref@example.fr", "--name", "X", "--days", "0"],
        ["create", "--email", "ref@example.fr", "--name", "  "],
        ["list", "--email", "personne@example.fr"],
        ["revoke", "999999"],
    ],
)
def test_cli_refuses_bad_input(
    app: Flask, runner: FlaskCliRunner, setup: dict[str, int], args: list[str]
) -> None:
    result = runner.invoke(args=["user", "token", *args])
    assert result.exit_code == 2, result.output
    with app.app_context():
        assert db_session().scalars(select(ApiToken)).all() == []


def test_an_inactive_account_gets_no_new_token(app: Flask, setup: dict[str, int]) -> None:
    with app.app_context():
        session = db_session()
        user = session.get(User, setup["referent"])
        user.active = False
        with pytest.raises(tokens.TokenError, match="désactivé"):
            tokens.issue(session, user, "Script")
