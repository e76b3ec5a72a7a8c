"""The app's secure defaults: headers, errors in French, CSRF, limits, configuration."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from flask import Flask, session
from flask.testing import FlaskClient

from coopassess import create_app
from tests.fixtures.accounts import login, make_user


def _app(tmp_path: Path, **config: object) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            **config,
        }
    )


def test_security_headers_on_every_response(tmp_path: Path) -> None:
    client = _app(tmp_path).test_client()
    for path in ("/", "/nexiste-pas"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers
    secure = client.get("/", base_url="https://coopassess.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_error_pages_are_french_without_traceback(tmp_path: Path) -> None:
    client = _app(tmp_path).test_client()
    response = client.get("/nexiste-pas")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'lang="fr"' in html and "Page introuvable" in html
    assert "Traceback" not in html


def test_unexpected_error_is_500_in_french(tmp_path: Path) -> None:
    app = _app(tmp_path)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Erreur interne" in html and "secret internals" not in html


def test_post_without_csrf_token_is_refused(tmp_path: Path) -> None:
    client = _app(tmp_path, WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/r/une-campagne/envoyer")
    assert response.status_code == 400
    assert "session a expiré" in response.get_data(as_text=True)


def test_request_body_is_limited(tmp_path: Path) -> None:
    client = _app(tmp_path, WTF_CSRF_ENABLED=False).test_client()
    response = client.post("/r/x/envoyer", data={"big": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_secret_key_generated_once_into_instance(tmp_path: Path) -> None:
    os.environ.pop("SECRET_KEY", None)
    first = _app(tmp_path)
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _app(tmp_path).config["SECRET_KEY"] == first.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32


def test_configuration_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text('BASE_URL = "https://from-file.example"\nDEBUG = False\n')
    assert _app(tmp_path).config["BASE_URL"] == "https://from-file.example"
    monkeypatch.setenv("COOPASSESS_BASE_URL", "https://from-env.example")
    monkeypatch.setenv("COOPASSESS_MAX_FORM_PARTS", "321")
    app = _app(tmp_path)
    assert app.config["BASE_URL"] == "https://from-env.example"
    assert app.config["MAX_FORM_PARTS"] == 321
    assert app.config["DEBUG"] is False


def test_cookies_secure_outside_development(tmp_path: Path) -> None:
    production = _app(tmp_path)
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert _app(tmp_path, ENV="development").config["SESSION_COOKIE_SECURE"] is False


def test_default_database_is_sqlite_in_instance(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "inst")})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inst' / 'coopassess.sqlite'}"


def test_errors_are_logged_without_the_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(tmp_path)

    @app.get("/i/<token>/boom")
    def boom(token: str) -> str:
        raise RuntimeError("failure")

    app.test_client().get("/i/SECRET-TOKEN-123/boom")
    assert "/i/<token>/boom" in caplog.text
    assert "SECRET-TOKEN-123" not in caplog.text


def test_method_not_allowed_says_which_methods_are(client: FlaskClient) -> None:
    answer = client.delete("/connexion")
    assert answer.status_code == 405 and "GET" in answer.headers["Allow"]
    assert "text/html" in answer.content_type


def test_an_unchanged_session_cookie_is_re_signed_only_when_old(tmp_path: Path) -> None:
    app = _app(tmp_path, SESSION_COOKIE_SECURE=False)

    @app.get("/ecrire")
    def write() -> str:
        session["compteur"] = session.get("compteur", 0) + 1
        session.permanent = True
        return "ok"

    @app.get("/lire")
    def read() -> str:
        return str(session.get("compteur"))

    client = app.test_client()
    assert "Set-Cookie" in client.get("/ecrire").headers
    unchanged = client.get("/lire")
    assert unchanged.get_data(as_text=True) == "1"
    assert "Set-Cookie" not in unchanged.headers and unchanged.headers["Vary"] == "Cookie"
    assert "Set-Cookie" in client.get("/ecrire").headers
    app.config["SESSION_REFRESH_AFTER"] = 0  # the cookie is now "old": its expiry slides again
    refreshed = client.get("/lire")
    assert refreshed.get_data(as_text=True) == "2"
    assert "Expires=" in refreshed.headers["Set-Cookie"]
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    assert "Set-Cookie" not in client.get("/lire").headers


def test_a_tampered_session_cookie_is_an_empty_session(tmp_path: Path) -> None:
    app = _app(tmp_path, SESSION_COOKIE_SECURE=False)

    @app.get("/lire")
    def read() -> str:
        return str(session.get("responses"))

    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["responses"] = {"x": 1}
    assert client.get("/lire").get_data(as_text=True) == "{'x': 1}"
    value = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], value.replace(".", "-", 1))
    assert client.get("/lire").get_data(as_text=True) == "None"


def test_a_nul_character_is_refused_with_a_message_never_an_error(app: Flask) -> None:
    """PostgreSQL refuses NUL in text parameters: one check for every route, on both engines."""
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    assert login(client, "admin@example.fr").status_code == 302
    for url in ("/tableau-de-bord?q=a%00b", "/exports/resultats.csv?region=%00", "/r/a%00b"):
        answer = client.get(url)
        assert answer.status_code == 400, url
        assert "octet nul" in answer.get_data(as_text=True)
    api = client.get("/api/v1/campaigns?organisation_id=%00")
    assert api.status_code == 400 and "octet nul" in api.json["error"]["message"]
    refused = app.test_client().post("/connexion", data={"email": "a\x00@x.fr", "password": "x"})
    assert refused.status_code == 400
    assert client.get("/tableau-de-bord?q=ab").status_code == 200
