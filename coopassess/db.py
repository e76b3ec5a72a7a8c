"""Database engine and the request-scoped session.

SQLite gets WAL, a busy timeout and foreign keys on every connection; PostgreSQL is used as is.
One transaction per request: views call ``db_session().commit()`` once; teardown rolls back
anything left uncommitted (an error) and closes the session. A hot read-only path may instead
read through ``read_connection()``: Core rows, no ORM session to set up and roll back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

EXTENSION_KEY = "coopassess.db"
WRITE_OPTION = "coopassess_write"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Database:
    def __init__(
        self,
        url: str,
        *,
        sqlite_busy_timeout_ms: int = 5000,
        postgres_lock_timeout_ms: int | None = 5000,
    ) -> None:
        self.url = url
        self.engine = make_engine(url, sqlite_busy_timeout_ms=sqlite_busy_timeout_ms)
        if postgres_lock_timeout_ms and self.engine.dialect.name == "postgresql":
            _install_lock_timeout(self.engine, postgres_lock_timeout_ms)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        self._write_engine = self.engine.execution_options(**{WRITE_OPTION: True})

    def session(self, *, write: bool = True) -> Session:
        return self.sessionmaker(bind=self._write_engine if write else self.engine)


def make_engine(url: str, *, sqlite_busy_timeout_ms: int = 5000, **kwargs: Any) -> Engine:
    # JSON columns (profiles, modules, stored summaries) read and written with orjson: a
    # portfolio page decodes thousands of them.
    kwargs.setdefault("json_deserializer", orjson.loads)
    kwargs.setdefault("json_serializer", _json_text)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": sqlite_busy_timeout_ms / 1000}, **kwargs
        )
        _install_sqlite_pragmas(engine, sqlite_busy_timeout_ms)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def _install_lock_timeout(engine: Engine, lock_timeout_ms: int) -> None:
    """A statement waiting longer than this for a lock fails (answered 503, see errors),
    as SQLite's busy timeout does, instead of holding a worker as long as the writer runs."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
        dbapi_connection.commit()


def _install_sqlite_pragmas(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writing transaction takes the write lock up front (IMMEDIATE), so concurrent writers
        # wait for busy_timeout instead of failing when they upgrade a read lock; readers stay
        # DEFERRED and never block anyone in WAL mode.
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def init_app(app: Flask) -> Database:
    database = Database(
        app.config["DATABASE_URL"],
        sqlite_busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"],
        postgres_lock_timeout_ms=app.config["POSTGRES_LOCK_TIMEOUT_MS"],
    )
    app.extensions[EXTENSION_KEY] = database
    app.teardown_appcontext(_close_session)
    return database


def database() -> Database:
    return current_app.extensions[EXTENSION_KEY]


def db_session() -> Session:
    """The session of the current request or app context (created on first use).

    GET requests read; any other request, and code outside a request (CLI), may write.
    """
    if "db_session" not in g:
        write = not has_request_context() or request.method not in READ_ONLY_METHODS
        g.db_session = database().session(write=write)
    return g.db_session


@contextmanager
def read_connection() -> Iterator[Connection]:
    """A short Core connection apart from the request session, for reading: its statements run
    in one transaction, rolled back when the block ends."""
    with database().engine.connect() as connection:
        yield connection


def _close_session(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
