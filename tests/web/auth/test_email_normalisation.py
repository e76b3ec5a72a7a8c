"""E-mail addresses normalised (NFKC, case-folded) before they are checked, everywhere one is
typed: a long address that grows when lower-cased is refused, never a 500."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import Invitation, LoginAttempt, User
from tests.fixtures.accounts import PASSWORD, login, make_user
from tests.fixtures.campaigns import make_campaign

GROWING = "İ" * 200 + "@x.fr"  # 205 characters typed, 405 once lower-cased


def test_login_with_an_address_that_grows_when_lowered(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    answer = login(client, GROWING)
    assert answer.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in answer.get_data(as_text=True)


def test_login_address_is_normalised_before_lookup(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    answer = login(client, "  ＭＡＲＩＥ@Example.FR ", PASSWORD)
    assert answer.status_code == 302


def test_participants_with_an_address_that_grows(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    campaign_id = make_campaign(app)
    login(client)
    answer = client.post(
        f"/campagnes/{campaign_id}/invitations",
        data={
            "kind": "emails",
            "emails": f"ok@example.fr\n{GROWING}\nAutre@Example.fr",
            "cle": "k" * 32,
        },
    )
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "ligne 2 : adresse invalide" in page
    assert "Autre@Example.fr" in page  # what was typed is kept in the form
    with app.app_context():
        assert db_session().scalar(select(func.count()).select_from(Invitation)) == 0


def test_participants_addresses_stored_normalised(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    campaign_id = make_campaign(app)
    login(client)
    answer = client.post(
        f"/campagnes/{campaign_id}/invitations",
        data={"kind": "emails", "emails": "Ｊean@Example.FR\njean@example.fr", "cle": "k" * 32},
    )
    assert answer.status_code == 302  # post/redirect/get to the page of the links made
    with app.app_context():
        assert db_session().scalars(select(Invitation.email)).all() == ["jean@example.fr"]


def test_account_creation_refuses_an_address_that_grows(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["user", "create", "--email", GROWING, "--role", "admin"])
    assert result.exit_code != 0
    assert "au plus 254 caractères" in result.output
    typed = ["user", "create", "--email", "Ｌéa@Example.fr", "--role", "admin"]
    created = runner.invoke(args=typed)
    assert created.exit_code == 0, created.output
    with app.app_context():
        assert db_session().scalars(select(User.email)).all() == ["léa@example.fr"]
        assert db_session().scalar(select(func.count()).select_from(LoginAttempt)) == 0
