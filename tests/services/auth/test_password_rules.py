"""Password rules: besides length and the common-password list, no repeated character or
motif and no obvious sequence, on every path that sets a password."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from coopassess.auth import passwords
from coopassess.db import db_session
from coopassess.models import User
from tests.fixtures.accounts import make_user

WEAK = [
    "aaaaaaaaaaaa",
    "AAAAAAAAAAAAAAAA",
    "abababababab",
    "abcabcabcabc",
    "123123123123",
    "456456456456",
    "123456789012",
    "098765432109",
    "abcdefghijkl",
    "bcdefghijklmnop",
    "lkjihgfedcba",
    "azertyuiopqs",
    "qwertyuiopas",
    "............",
]
STRONG = ["Une phrase de passe solide !", "cheval-agrafe-batterie", "Zq8!mT3#pL0x"]


@pytest.mark.parametrize("password", WEAK)
def test_repeated_or_sequential_passwords_are_refused(password: str) -> None:
    assert passwords.password_problems(password), password


@pytest.mark.parametrize("password", STRONG)
def test_ordinary_passphrases_pass(password: str) -> None:
    assert passwords.password_problems(password) == []


def test_reset_link_refuses_a_repeated_character(app: Flask) -> None:
    make_user(app, "lea@example.fr", password="Une phrase de passe solide !")
    with app.app_context():
        session = db_session()
        user = session.scalar(select(User))
        token = passwords.issue_reset(session, user)
        old_hash = user.password_hash
        session.commit()
    client = app.test_client()
    data = {"password": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"}
    answer = client.post(f"/mot-de-passe/{token}", data=data)
    assert answer.status_code == 200
    assert "répéter un même caractère" in answer.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(select(User.password_hash)) == old_hash


def test_cli_refuses_a_sequence(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["user", "create", "--email", "a@example.fr", "--role", "admin", "--password-stdin"],
        input="345678901234\n",
    )
    assert result.exit_code != 0
    assert "suite évidente" in result.output
