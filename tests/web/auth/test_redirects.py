"""Redirect targets after sign-in: checked on the form the redirect uses, never a 500."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.fixtures.accounts import PASSWORD, make_user

HOSTILE = [
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D/evil.example",
    "/%0D%0ASet-Cookie:%20x=1",
    "%09//evil.example",
    "/%5C/evil.example",
    "//evil.example",
    "https://evil.example/",
    "/%00/x",
    "/%7F/x",
]


def _location_is_local(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", HOSTILE)
def test_signed_in_get_never_leaves_the_site(app: Flask, client: FlaskClient, target: str) -> None:
    make_user(app)
    client.post("/connexion", data={"email": "marie@example.fr", "password": PASSWORD})
    answer = client.get(f"/connexion?suivant={target}")
    assert answer.status_code in (302, 400), answer.status_code
    if answer.status_code == 302:
        assert _location_is_local(answer.headers["Location"]), answer.headers["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_never_leaves_the_site(app: Flask, client: FlaskClient, target: str) -> None:
    make_user(app)
    answer = client.post(
        f"/connexion?suivant={target}",
        data={"email": "marie@example.fr", "password": PASSWORD},
    )
    assert answer.status_code in (302, 400), answer.status_code
    if answer.status_code == 302:
        assert _location_is_local(answer.headers["Location"]), answer.headers["Location"]


def test_a_local_target_is_kept(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    answer = client.post(
        "/connexion?suivant=/espace/organisations?page=2",
        data={"email": "marie@example.fr", "password": PASSWORD},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/espace/organisations?page=2"
