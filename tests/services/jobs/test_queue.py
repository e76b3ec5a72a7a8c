"""The job queue on SQLite and on Redis: jobs run in an app context with their own session,
committed when they return, rolled back when they raise; delayed, chained, retried, periodic."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask, current_app
from sqlalchemy import select

from coopassess import jobs
from coopassess.db import db_session
from coopassess.models import Organisation, utcnow
from tests.fixtures.jobs import QUEUES, app_on_queue
from tests.fixtures.mail import queue_of
from tests.services.jobs import sample_jobs


@pytest.fixture(params=QUEUES)
def queue_app(request: pytest.FixtureRequest, app: Flask) -> Iterator[Flask]:
    with app_on_queue(app, request.param) as on_queue:
        yield on_queue


def _names(app: Flask) -> list[str]:
    with app.app_context():
        return list(db_session().scalars(select(Organisation.name).order_by(Organisation.id)))


def test_the_backend_follows_the_configuration(queue_app: Flask) -> None:
    queue = queue_of(queue_app)
    expected = "redis" if queue_app.config["REDIS_URL"] else "sqlite"
    assert queue.settings.backend == expected
    assert type(queue.huey).__name__ == {"redis": "RedisHuey", "sqlite": "SqliteHuey"}[expected]
    if expected == "sqlite":
        assert queue.settings.sqlite_path.name == "jobs.sqlite"
        assert queue.settings.sqlite_path.parent == Path(queue_app.instance_path)


def test_a_job_runs_later_with_its_own_committed_session(queue_app: Flask) -> None:
    with queue_app.app_context():
        jobs.enqueue(sample_jobs.record, "Communauté de communes du Pays d'Arles")
    assert _names(queue_app) == []  # queued, not run
    assert queue_of(queue_app).pending() == 1
    assert queue_of(queue_app).run_once() == 1
    assert _names(queue_app) == ["Communauté de communes du Pays d'Arles"]
    assert queue_of(queue_app).pending() == 0


def test_a_failing_job_writes_nothing(queue_app: Flask) -> None:
    with queue_app.app_context():
        jobs.enqueue(sample_jobs.write_then_fail, "jamais")
        jobs.enqueue(sample_jobs.record, "ensuite")
    assert queue_of(queue_app).run_once() == 2
    assert _names(queue_app) == ["ensuite"]


def test_jobs_queued_by_a_job_see_its_commit(queue_app: Flask) -> None:
    with queue_app.app_context():
        jobs.enqueue(sample_jobs.record_then_follow, "A")
    assert queue_of(queue_app).run_once() == 2
    assert _names(queue_app) == ["A", "A (suite)"]


def test_a_job_with_an_eta_waits_until_it_is_due(queue_app: Flask) -> None:
    at = utcnow() + timedelta(hours=1)
    with queue_app.app_context():
        jobs.enqueue(sample_jobs.record, "plus tard", eta=at)
    queue = queue_of(queue_app)
    assert queue.run_once() == 0 and queue.scheduled() == 1
    assert queue.run_once(now=at + timedelta(seconds=1)) == 1
    assert _names(queue_app) == ["plus tard"]


def test_an_unexpected_exception_is_retried(queue_app: Flask) -> None:
    with queue_app.app_context():
        jobs.enqueue(sample_jobs.flaky, f"tenace {queue_app.config['JOBS_NAME']}")
    queue_of(queue_app).run_once()
    assert len(_names(queue_app)) == 1


def test_periodic_jobs_run_when_their_schedule_matches(queue_app: Flask) -> None:
    queue = queue_of(queue_app)
    queue.run_once(now=datetime(2030, 1, 7, 6, 29, tzinfo=UTC), periodic=True)
    assert _names(queue_app) == []
    queue.run_once(now=datetime(2030, 1, 7, 6, 30, tzinfo=UTC), periodic=True)
    assert _names(queue_app) == ["matin 06:30"]


def test_the_job_sees_the_app_and_its_configuration(app: Flask) -> None:
    seen: dict[str, object] = {}

    @jobs.job()
    def look(ctx: jobs.JobContext) -> None:
        seen["app"] = current_app.name
        seen["database"] = ctx.config["DATABASE_URL"]
        seen["registry"] = ctx.registry.versions()

    with app.app_context():
        jobs.enqueue(look)
    queue_of(app).run_once()
    assert seen["database"] == app.config["DATABASE_URL"] and seen["app"] == app.name
    assert seen["registry"]


def test_only_declared_jobs_are_queued(app: Flask) -> None:
    def plain(ctx: jobs.JobContext) -> None: ...

    with app.app_context(), pytest.raises(TypeError):
        jobs.enqueue(plain)
    with pytest.raises(RuntimeError):
        jobs.enqueue(sample_jobs.record, "hors de l'app")
