"""The session cookie is ``__Host-`` prefixed in production: Secure, Path=/, no Domain."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from coopassess import create_app
from tests.fixtures.accounts import login, make_user


def _app(db_url: str, tmp_path: Path, **config: object) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )


def test_production_session_cookie_is_host_only(db_url: str, tmp_path: Path) -> None:
    app = _app(db_url, tmp_path, SESSION_COOKIE_DOMAIN="coopassess.example")
    make_user(app)
    client = app.test_client()
    answer = login(client, base_url="https://coopassess.example")
    assert answer.status_code == 302
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("__Host-coopassess_session=")
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert "secure" in attributes and "path=/" in attributes and "httponly" in attributes
    assert not any(part.startswith("domain=") for part in attributes)
    # The prefixed cookie opens the session: signed in, the login page sends on.
    signed_in = client.get("/connexion", base_url="https://coopassess.example")
    assert signed_in.status_code == 302
    app.extensions["coopassess.db"].engine.dispose()


def test_development_keeps_the_plain_name(db_url: str, tmp_path: Path) -> None:
    app = _app(db_url, tmp_path, ENV="development")
    assert app.config["SESSION_COOKIE_NAME"] == "coopassess_session"
    assert app.config["SESSION_COOKIE_SECURE"] is False
    app.extensions["coopassess.db"].engine.dispose()
