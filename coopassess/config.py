"""Configuration: defaults here, then ``instance/config.py``, then the environment.

Environment variables: ``COOPASSESS_<KEY>`` sets ``<KEY>`` (values are parsed as JSON when they
can be, so ``COOPASSESS_DEBUG=true`` is a boolean), ``DATABASE_URL`` and ``SECRET_KEY`` are read
as they are.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

SECRET_KEY_FILE = "secret_key"
HOST_PREFIX = "__Host-"


class Defaults:
    # "production" or "development"; development relaxes the Secure cookie flag for plain http.
    ENV = "production"
    DEBUG = False
    TESTING = False
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # A request waiting longer than this for a row lock answers 503 (0: wait as long as it takes).
    POSTGRES_LOCK_TIMEOUT_MS = 5000
    BASE_URL = "http://127.0.0.1:5000"
    DEFAULT_LANGUAGE = "fr"
    LANGUAGES = ("fr", "en")
    MAX_CONTENT_LENGTH = 1024 * 1024  # bytes of one request body
    MAX_FORM_PARTS = 500
    MAX_FORM_MEMORY_SIZE = 500 * 1024
    SESSION_COOKIE_NAME = "coopassess_session"  # "__Host-coopassess_session" when Secure
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None  # None: secure unless ENV is development
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    # An unchanged session cookie is re-signed (its expiry pushed back) at most this often.
    SESSION_REFRESH_AFTER = 300
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    # A page shown again within this many seconds reuses its session's signed CSRF token.
    CSRF_TOKEN_REUSE = 60
    WTF_CSRF_SSL_STRICT = True
    CHART_CACHE_DIR: str | None = None  # default: <instance>/chart-cache
    QUESTIONNAIRES_DIR: str | None = None  # default: the shipped questionnaires/
    LINK_MAX_FAILURES = 30  # refused link lookups per client address and window
    LINK_FAILURE_WINDOW = 600  # seconds
    TRUST_PROXY = False  # set behind a reverse proxy so HTTPS and client addresses are seen
    # Jobs and outgoing mail (docs/jobs-and-mail.md).
    # The queue and the shared counters (mail rate, link guessing) in Redis (several hosts).
    REDIS_URL: str | None = None
    JOBS_NAME = "coopassess"  # the queue's name (its Redis keys)
    JOBS_SQLITE_PATH: str | None = None  # default: <instance>/jobs.sqlite
    WORKER_THREADS = 1
    SMTP_URL: str | None = None  # smtp://user:pass@relay:587?starttls=1; none: OUTBOX_DIR
    MAIL_FROM = "coopassess@localhost"
    OUTBOX_DIR: str | None = None  # default: <instance>/outbox
    MAIL_RATE = 0  # messages per minute, all workers together; 0: no limit
    MAIL_MAX_ATTEMPTS = 5
    MAIL_RETRY_DELAYS = (60, 300, 900, 3600)  # seconds before the 2nd, 3rd, 4th… attempt
    MAIL_CLAIM_TIMEOUT = 600  # seconds after which a crashed worker's claim expires
    # The legal pages and the information notice (docs/privacy.md). Unset values are not
    # invented: the pages then name « l'organisme qui exploite cette instance ».
    PUBLISHER_NAME: str | None = None  # who publishes this instance (mentions légales)
    PUBLISHER_ADDRESS: str | None = None
    PUBLISHER_CONTACT: str | None = None  # an e-mail address or a telephone number
    PUBLICATION_DIRECTOR: str | None = None  # directeur ou directrice de la publication
    HOST_NAME: str | None = None  # the hosting provider, when not the publisher itself
    HOST_ADDRESS: str | None = None
    HOST_CONTACT: str | None = None
    ACCESSIBILITY_CONTACT: str | None = None  # e-mail or web form for accessibility requests
    DPO_CONTACT: str | None = None  # the DPO's e-mail for organisations that set none


def load(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill ``app.config`` in order: defaults, instance file, environment, explicit overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(prefix="COOPASSESS")
    for name in ("DATABASE_URL", "SECRET_KEY"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if overrides:
        app.config.update(overrides)

    instance = Path(app.instance_path)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'coopassess.sqlite'}"
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(instance)
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = app.config["ENV"] != "development"
    if app.config["SESSION_COOKIE_SECURE"]:
        _host_only_cookie(app)
    if not app.config["CHART_CACHE_DIR"]:
        app.config["CHART_CACHE_DIR"] = str(instance / "chart-cache")
    if not app.config["OUTBOX_DIR"]:
        app.config["OUTBOX_DIR"] = str(instance / "outbox")
    if not app.config["JOBS_SQLITE_PATH"]:
        app.config["JOBS_SQLITE_PATH"] = str(instance / "jobs.sqlite")


def _host_only_cookie(app: Flask) -> None:
    """A secure session cookie is named ``__Host-…``: browsers then keep it only if it is
    Secure, for Path=/ and without Domain, so no subdomain or plain-http page can set or
    overwrite it (session fixation)."""
    name = app.config["SESSION_COOKIE_NAME"]
    if not name.startswith(HOST_PREFIX):
        app.config["SESSION_COOKIE_NAME"] = HOST_PREFIX + name
    app.config["SESSION_COOKIE_PATH"] = "/"
    app.config["SESSION_COOKIE_DOMAIN"] = None


def _instance_secret(instance: Path) -> str:
    """A secret key kept in the instance folder, generated on first run."""
    path = instance / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key.encode())
    finally:
        os.close(fd)
    return key
