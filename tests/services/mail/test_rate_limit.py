"""COOPASSESS_MAIL_RATE: messages per minute, counted for every worker together (in the
database, or in Redis when configured). Counted by windows, not timed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis
from flask import Flask

from coopassess.db import db_session
from coopassess.mail import transport
from coopassess.mail.rate import DatabaseRateLimit, RedisRateLimit
from tests.fixtures.mail import mails, queue_messages, run_queue, use_smtp
from tests.fixtures.smtp import SmtpServer, smtp_server

REDIS_URL = "redis://127.0.0.1:6379/0"
# Ten seconds into a minute: the whole test stays in one window per step.
START = datetime(2030, 1, 7, 9, 0, 10, tzinfo=UTC)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with smtp_server() as server:
        yield server
    transport.close_all()


@pytest.fixture(params=["database", "redis"])
def store(request: pytest.FixtureRequest, app: Flask) -> Iterator[str]:
    """Where the counter lives; the queue itself stays the SQLite one."""
    if request.param == "redis":
        name = f"coopassess-test-{uuid.uuid4().hex[:8]}"
        app.config["REDIS_URL"] = REDIS_URL  # read by the delivery job's settings
        app.config["JOBS_NAME"] = name
        yield request.param
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{name}:*"))
        if keys:
            client.delete(*keys)
        return
    yield request.param


def _sent_count(app: Flask) -> int:
    return sum(mail.status == "sent" for mail in mails(app))


def test_no_more_sends_per_window_than_the_rate(app: Flask, smtp: SmtpServer, store: str) -> None:
    use_smtp(app, smtp.url, MAIL_RATE=5)
    queue_messages(app, 12)
    run_queue(app, now=START)
    assert _sent_count(app) == 5 and len(smtp.received) == 5
    # The rest waits for the next window, without counting an attempt.
    waiting = [mail for mail in mails(app) if mail.status == "queued"]
    assert len(waiting) == 7 and all(mail.attempts == 0 for mail in waiting)
    assert all(
        mail.next_attempt_at == START.replace(second=0) + timedelta(minutes=1) for mail in waiting
    )
    run_queue(app, now=START + timedelta(seconds=20))  # same window: nothing more
    assert _sent_count(app) == 5
    run_queue(app, now=START + timedelta(minutes=1))
    assert _sent_count(app) == 10
    run_queue(app, now=START + timedelta(minutes=2))
    assert _sent_count(app) == 12 and len(smtp.received) == 12


@pytest.mark.parametrize("kind", ["database", "redis"])
def test_two_limiters_share_one_counter(app: Flask, kind: str) -> None:
    """Two workers (two limiter objects, two sessions) draw from the same window."""
    key = f"test:{uuid.uuid4().hex[:8]}"
    with app.app_context():
        database = app.extensions["coopassess.db"]
        if kind == "redis":
            limits = [RedisRateLimit(REDIS_URL, key, 3), RedisRateLimit(REDIS_URL, key, 3)]
        else:
            limits = [DatabaseRateLimit(key, 3), DatabaseRateLimit(key, 3)]
        taken = []
        for n in range(8):
            session = database.session() if n % 2 else db_session()
            taken.append(limits[n % 2].take(session, START))
            session.commit()
        assert taken == [True, True, True, False, False, False, False, False]
        session = db_session()
        assert limits[0].take(session, START + timedelta(minutes=1))
        session.rollback()
        if kind == "database":  # a rolled-back use is given back
            assert sum(limits[1].take(session, START + timedelta(minutes=1)) for _ in range(4)) == 3
    if kind == "redis":
        redis.Redis.from_url(REDIS_URL).delete(*redis.Redis.from_url(REDIS_URL).keys(f"{key}:*"))
