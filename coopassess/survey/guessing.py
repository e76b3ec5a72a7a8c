"""The limit on guessing links: refused lookups counted per client in a store every worker
shares (the database by default, Redis when ``REDIS_URL`` is set)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Protocol

from flask import current_app, request
from sqlalchemy import delete, func, select

from coopassess.db import database
from coopassess.models import LinkAttempt, utcnow

EXTENSION_KEY = "coopassess.link-guessing"
WINDOW_SECONDS = 600
MAX_FAILURES = 30


class Store(Protocol):
    def failures(self, client: str) -> int: ...
    def record(self, client: str) -> None: ...


class DatabaseStore:
    def failures(self, client: str) -> int:
        since = utcnow() - timedelta(seconds=_window())
        with database().session(write=False) as db:
            return (
                db.scalar(
                    select(func.count(LinkAttempt.id)).where(
                        LinkAttempt.client == client, LinkAttempt.at > since
                    )
                )
                or 0
            )

    def record(self, client: str) -> None:
        now = utcnow()
        with database().session(write=True) as db:
            db.add(LinkAttempt(client=client, at=now))
            # Old attempts count for nothing: dropped as new ones come (indexed on ``at``).
            db.execute(
                delete(LinkAttempt).where(LinkAttempt.at < now - timedelta(seconds=_window()))
            )
            db.commit()


class RedisStore:
    def __init__(self, url: str, prefix: str) -> None:
        import redis  # only when configured

        self.redis = redis.Redis.from_url(url)
        self.prefix = prefix

    def _key(self, client: str) -> str:
        return f"{self.prefix}:link-failures:{client}"

    def failures(self, client: str) -> int:
        return int(self.redis.get(self._key(client)) or 0)

    def record(self, client: str) -> None:
        key = self._key(client)
        with self.redis.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, _window(), nx=True)
            pipe.execute()


def _window() -> int:
    return int(current_app.config.get("LINK_FAILURE_WINDOW", WINDOW_SECONDS))


def store() -> Store:
    found = current_app.extensions.get(EXTENSION_KEY)
    if found is None:
        url = current_app.config.get("REDIS_URL")
        # Keys named like the queue's (JOBS_NAME), so several sites can share one Redis.
        found = RedisStore(url, current_app.config["JOBS_NAME"]) if url else DatabaseStore()
        current_app.extensions[EXTENSION_KEY] = found
    return found


def client() -> str:
    """This client, as a hash of its address (no address is stored)."""
    return hashlib.sha256((request.remote_addr or "?").encode()).hexdigest()


def blocked() -> bool:
    limit = int(current_app.config.get("LINK_MAX_FAILURES", MAX_FAILURES))
    return store().failures(client()) >= limit


def record_failure() -> None:
    store().record(client())
