"""No lost update, no limit overrun: real concurrent requests (threads, one client each)
against the real database, on both engines."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from coopassess.db import Database, db_session
from coopassess.models import LoginAttempt, Response
from tests.fixtures.accounts import make_user
from tests.fixtures.campaigns import make_campaign, start

T = TypeVar("T")
COOKIE = "coopassess_session"


def _in_parallel(calls: list[Callable[[], T]]) -> list[T]:
    """Run ``calls`` at the same moment, one thread each; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[T | None] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = calls[index]()
        except BaseException as error:  # re-raised in the main thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]


def _same_browser(app: Flask, client: FlaskClient) -> FlaskClient:
    other = app.test_client()
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    other.set_cookie(COOKIE, cookie.value)
    return other


def test_concurrent_profile_saves_keep_both_sides(app: Flask, client: FlaskClient) -> None:
    make_campaign(app, "profil-concurrent")
    start(app, client, "profil-concurrent")
    tabs = [_same_browser(app, client), _same_browser(app, client)]
    sides = [{"p_P-STRUCT": "Commune"}, {"p_P-ROLE": "Pilote ou animateur·rice"}]
    url = "/r/profil-concurrent/p/profile"
    for _trial in range(20):
        with app.app_context():
            db_session().execute(update(Response).values(profile={}))
            db_session().commit()
        answers = _in_parallel(
            [
                lambda tab=tab, side=side: tab.post(url, data=side)
                for tab, side in zip(tabs, sides, strict=True)
            ]
        )
        assert [answer.status_code for answer in answers] == [302, 302]
        with app.app_context():
            profile = db_session().scalar(select(Response.profile))
        assert profile == {"P-STRUCT": "Commune", "P-ROLE": "Pilote ou animateur·rice"}


def test_parallel_wrong_passwords_check_at_most_the_limit(app: Flask) -> None:
    # 30 scrypt checks in a row on SQLite: wait for the write lock longer than in production.
    app.extensions["coopassess.db"].engine.dispose()
    app.extensions["coopassess.db"] = Database(
        app.config["DATABASE_URL"], sqlite_busy_timeout_ms=60_000, postgres_lock_timeout_ms=60_000
    )
    make_user(app)
    data = {"email": "marie@example.fr", "password": "pas le bon mot de passe"}
    clients = [app.test_client() for _ in range(30)]
    answers = _in_parallel(
        [lambda c=c: c.post("/connexion", data=data).status_code for c in clients]
    )
    assert answers.count(200) == 5, answers  # checked, and refused
    assert answers.count(429) == 25, answers
    with app.app_context():
        failures = db_session().scalar(
            select(func.count()).select_from(LoginAttempt).where(LoginAttempt.success.is_(False))
        )
    assert failures == 5
