"""What the benchmarks share: the PostgreSQL database they measure on, created once."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from coopassess.db import make_engine

PG_URL = os.environ.get(
    "COOPASSESS_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/coopassess_bench"
)


@pytest.fixture(scope="session")
def bench_postgres_url() -> str:
    """The bench database's URL, the database created if the server has none (skipped when
    the server is unreachable)."""
    server = make_engine(PG_URL.rsplit("/", 1)[0] + "/postgres")
    name = PG_URL.rsplit("/", 1)[1]
    try:
        with server.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.skip(f"PostgreSQL unreachable: {error.orig}")
    finally:
        server.dispose()
    return PG_URL
