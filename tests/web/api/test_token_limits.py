"""API tokens: refused bearer tokens are limited per client in the login-limits store, a user
holds at most 10 active tokens, and each token's last use is shown."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select, update

from coopassess.api import tokens
from coopassess.auth import limits
from coopassess.db import db_session
from coopassess.models import ApiToken, LoginAttempt, utcnow
from tests.fixtures.accounts import login, make_user
from tests.fixtures.api import bearer, make_token

URL = "/api/v1/campaigns"
GUESS = "ca_" + "x" * 43


def test_refused_tokens_are_limited_per_client(app: Flask) -> None:
    user_id = make_user(app)
    valid = make_token(app, user_id)
    client = app.test_client()
    for _ in range(limits.MAX_API_FAILURES_PER_ADDRESS):
        assert client.get(URL, headers=bearer(GUESS)).status_code == 401
    blocked = client.get(URL, headers=bearer(valid))
    assert blocked.status_code == 429
    assert blocked.headers["Retry-After"] == "900"
    assert "Trop de jetons refusés" in blocked.get_json()["error"]["message"]
    # Another client is not blocked, and neither is signing in from this one.
    other = app.test_client()
    answer = other.get(URL, headers=bearer(valid), environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert answer.status_code == 200
    assert login(client).status_code == 302
    with app.app_context():
        stored = db_session().scalars(select(LoginAttempt.kind)).all()
        assert stored.count("api") == limits.MAX_API_FAILURES_PER_ADDRESS
        assert not db_session().scalar(
            select(func.count()).select_from(LoginAttempt).where(LoginAttempt.email == GUESS)
        )


def test_a_missing_scheme_is_not_counted(app: Flask) -> None:
    make_user(app)
    client = app.test_client()
    for _ in range(limits.MAX_API_FAILURES_PER_ADDRESS + 1):
        assert client.get(URL, headers={"Authorization": "Basic abc"}).status_code == 401
    with app.app_context():
        assert db_session().scalar(select(func.count()).select_from(LoginAttempt)) == 0


def test_at_most_ten_active_tokens(app: Flask) -> None:
    make_user(app)
    client = app.test_client()
    login(client)
    for number in range(tokens.MAX_ACTIVE):
        created = client.post("/compte/jetons", data={"name": f"Jeton {number}"})
        assert created.status_code == 200
    refused = client.post("/compte/jetons", data={"name": "Un de trop"})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "déjà 10 jetons actifs" in page and 'value="Un de trop"' in page
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count()).select_from(ApiToken)) == tokens.MAX_ACTIVE
        # An expired token no longer counts.
        first = session.scalar(select(ApiToken.id).order_by(ApiToken.id))
        session.execute(update(ApiToken).where(ApiToken.id == first).values(expires_at=utcnow()))
        session.commit()
    assert client.post("/compte/jetons", data={"name": "Remplaçant"}).status_code == 200


def test_last_use_is_shown(app: Flask) -> None:
    user_id = make_user(app)
    token = make_token(app, user_id, "Tableur")
    client = app.test_client()
    login(client)
    assert ">jamais<" in client.get("/compte/jetons").get_data(as_text=True)
    assert app.test_client().get(URL, headers=bearer(token)).status_code == 200
    with app.app_context():
        used = db_session().scalar(select(ApiToken.last_used_at))
    assert used is not None
    page = client.get("/compte/jetons").get_data(as_text=True)
    assert used.strftime("%d/%m/%Y %H:%M") in page
