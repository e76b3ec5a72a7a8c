"""Fixtures: the app on SQLite and on PostgreSQL, a client, a CLI runner, factories.

Every DB test runs on both engines (``db_url`` is parametrised). The schema is built by the
Alembic migrations, as in production, once per engine and test session; each test then starts
from empty tables. PostgreSQL tests use their own schema, dropped at the end; when the server
is unreachable they are skipped with the reason (in CI, ``COOPASSESS_TEST_REQUIRE_POSTGRES=1``
makes that a failure).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from coopassess import create_app, migrate
from coopassess.db import make_engine
from coopassess.models import Base

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
ENGINES = ("sqlite", "postgresql")


def _pg_base_url() -> str:
    return os.environ.get("COOPASSESS_TEST_DATABASE_URL", DEFAULT_PG_URL)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    """A migrated PostgreSQL schema of our own for the session, dropped at the end."""
    base = _pg_base_url()
    schema = f"coopassess_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        reason = f"PostgreSQL unreachable at {base}: {error.orig}"
        if os.environ.get("COOPASSESS_TEST_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "coopassess.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_schema_url")
    yield url
    engine = make_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
        }
    )
    yield app
    app.extensions["coopassess.db"].engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many database tests ran on each engine (and why some did not)."""
    counts: dict[str, dict[str, int]] = {engine: {} for engine in ENGINES}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            for engine in ENGINES:
                if f"[{engine}" in report.nodeid or f"-{engine}]" in report.nodeid:
                    counts[engine][outcome] = counts[engine].get(outcome, 0) + 1
    terminalreporter.section("database engines")
    for engine, outcomes in counts.items():
        summary = ", ".join(f"{n} {outcome}" for outcome, n in outcomes.items()) or "no test"
        terminalreporter.write_line(f"{engine}: {summary}")
