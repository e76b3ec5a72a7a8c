"""A rate limit shared by every worker: uses counted per fixed window (a minute for mail), in
the database by default (``rate_counter``), in Redis when ``COOPASSESS_REDIS_URL`` is set.

``take`` runs inside the caller's transaction in the database: when the caller rolls back, the
uses are given back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coopassess.models import RateCounter


@dataclass(frozen=True)
class Window:
    start: int  # seconds since the epoch
    seconds: int

    @classmethod
    def at(cls, now: datetime, seconds: int) -> Window:
        stamp = int(now.timestamp())
        return cls(start=stamp - stamp % seconds, seconds=seconds)

    @property
    def end(self) -> datetime:
        return datetime.fromtimestamp(self.start, UTC) + timedelta(seconds=self.seconds)


class DatabaseRateLimit:
    def __init__(self, key: str, limit: int, window_seconds: int = 60) -> None:
        self.key, self.limit, self.window_seconds = key, limit, window_seconds

    def take(self, session: Session, now: datetime, wanted: int = 1) -> int:
        """Up to ``wanted`` uses in the window of ``now``; how many were granted (0 when the
        window is full). The counter row stays locked until the caller's transaction ends."""
        if wanted <= 0:
            return 0
        window = Window.at(now, self.window_seconds)
        row = session.execute(
            select(RateCounter.window_start, RateCounter.count)
            .where(RateCounter.key == self.key)
            .with_for_update()
        ).one_or_none()
        if row is None:
            granted = min(wanted, self.limit)
            try:
                with session.begin_nested():
                    session.add(RateCounter(key=self.key, window_start=window.start, count=granted))
                return granted
            except IntegrityError:  # another worker made the row meanwhile
                return self.take(session, now, wanted)
        used = row.count if row.window_start == window.start else 0
        granted = max(0, min(wanted, self.limit - used))
        if granted:
            session.execute(
                update(RateCounter)
                .where(RateCounter.key == self.key)
                .values(window_start=window.start, count=used + granted)
                .execution_options(synchronize_session=False)
            )
        return granted


class RedisRateLimit:
    def __init__(self, url: str, key: str, limit: int, window_seconds: int = 60) -> None:
        self.client = redis.Redis.from_url(url)
        self.key, self.limit, self.window_seconds = key, limit, window_seconds

    def take(self, session: Session, now: datetime, wanted: int = 1) -> int:
        """Up to ``wanted`` uses in the window of ``now``; the excess of a full window is
        given back at once (a worker reading meanwhile may be refused slightly early)."""
        if wanted <= 0:
            return 0
        window = Window.at(now, self.window_seconds)
        name = f"{self.key}:{window.start}"
        pipeline = self.client.pipeline()
        pipeline.incrby(name, wanted)
        pipeline.expire(name, self.window_seconds * 2)
        used, _ = pipeline.execute()
        granted = max(0, min(wanted, self.limit - (int(used) - wanted)))
        if granted < wanted:
            self.client.decrby(name, wanted - granted)
        return granted
