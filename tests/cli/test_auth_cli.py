"""``coopassess user …`` through the CLI runner (both engines)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.models import Assignment, AuditEvent, User
from tests.fixtures.accounts import PASSWORD, login, make_organisation, wire

BASE_URL = "https://coop.example.fr"


@pytest.fixture
def app(app: Flask) -> Flask:
    app.config["BASE_URL"] = BASE_URL + "/"
    return wire(app)


def _user(app: Flask, email: str) -> tuple[str, int | None, bool]:
    with app.app_context():
        user = db_session().scalar(select(User).where(User.email == email))
        assert user is not None
        return user.role, user.organisation_id, user.password_hash is not None


def test_create_prints_a_one_time_link_that_sets_the_password(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["user", "create", "--email", "Anne@Example.fr", "--role", "admin"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1].split(" : ")[-1]
    assert link.startswith(f"{BASE_URL}/mot-de-passe/")
    assert _user(app, "anne@example.fr") == ("admin", None, False)
    client = app.test_client()
    path = link.removeprefix(BASE_URL)
    answer = client.post(path, data={"password": PASSWORD, "confirm": PASSWORD})
    assert answer.status_code == 302
    assert login(client, "anne@example.fr").status_code == 302
    with app.app_context():
        events = db_session().scalars(select(AuditEvent)).all()
        assert all(link.rsplit("/", 1)[1] not in str(event.detail) for event in events)


def test_create_with_password_on_stdin(app: Flask, runner: FlaskCliRunner) -> None:
    organisation = make_organisation(app)
    args = ["user", "create", "--email", "ref@example.fr", "--role", "referent"]
    args += ["--organisation", str(organisation), "--password-stdin"]
    result = runner.invoke(args=args, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "mot-de-passe" not in result.output
    assert _user(app, "ref@example.fr") == ("referent", organisation, True)
    assert login(app.test_client(), "ref@example.fr").status_code == 302


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "referent"], None, "--organisation"),
        (["--role", "admin", "--organisation", "1"], None, "ne concerne que"),
        (["--role", "referent", "--organisation", "999"], None, "introuvable"),
        (["--role", "admin", "--password-stdin"], "motdepasse123\n", "trop courant"),
        (["--role", "chef"], None, "Invalid value"),
    ],
)
def test_create_refuses_bad_input(
    app: Flask, runner: FlaskCliRunner, args: list[str], stdin: str | None, message: str
) -> None:
    result = runner.invoke(args=["user", "create", "--email", "x@example.fr", *args], input=stdin)
    assert result.exit_code == 2
    assert message in result.output
    with app.app_context():
        assert db_session().scalar(select(User)) is None


def test_duplicate_email_is_refused(runner: FlaskCliRunner) -> None:
    args = ["user", "create", "--email", "a@example.fr", "--role", "admin"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=["user", "create", "--email", "A@example.fr", "--role", "admin"])
    assert again.exit_code == 2 and "existe déjà" in again.output


def test_reset_link_replaces_the_previous_one(app: Flask, runner: FlaskCliRunner) -> None:
    created = runner.invoke(args=["user", "create", "--email", "a@example.fr", "--role", "admin"])
    first = created.output.strip().splitlines()[-1].split(" : ")[-1]
    second = runner.invoke(args=["user", "reset-link", "--email", "a@example.fr"]).output.strip()
    assert second.startswith(f"{BASE_URL}/mot-de-passe/") and second != first
    client = app.test_client()
    assert client.get(first.removeprefix(BASE_URL)).status_code == 410
    assert client.get(second.removeprefix(BASE_URL)).status_code == 200
    missing = runner.invoke(args=["user", "reset-link", "--email", "nobody@example.fr"])
    assert missing.exit_code == 2


def test_assign_and_list(app: Flask, runner: FlaskCliRunner) -> None:
    organisation = make_organisation(app)
    runner.invoke(args=["user", "create", "--email", "c@example.fr", "--role", "consultant"])
    runner.invoke(args=["user", "create", "--email", "a@example.fr", "--role", "admin"])
    for _ in range(2):  # assigning twice is harmless
        result = runner.invoke(
            args=["user", "assign", "--email", "c@example.fr", "--organisation", str(organisation)]
        )
        assert result.exit_code == 0 and "Agglo des Rives" in result.output
    refused = runner.invoke(
        args=["user", "assign", "--email", "a@example.fr", "--organisation", str(organisation)]
    )
    assert refused.exit_code == 2 and "n'est pas consultant" in refused.output
    with app.app_context():
        assert len(db_session().scalars(select(Assignment)).all()) == 1
    listing = runner.invoke(args=["user", "list"]).output.splitlines()
    assert listing == [
        "a@example.fr\tadmin\t-\tactif",
        f"c@example.fr\tconsultant\t{organisation}\tactif",
    ]
