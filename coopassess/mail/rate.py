"""A rate limit shared by every worker: uses counted per fixed window (a minute for mail), in
the database by default (``rate_counter``), in Redis when ``COOPASSESS_REDIS_URL`` is set.

``take`` runs inside the caller's transaction in the database: when the caller rolls back (the
slot was not used after all), the use is given back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis
from sqlalchemy import case, update
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

    def take(self, session: Session, now: datetime) -> bool:
        """One use in the window of ``now``; False when the window is full."""
        window = Window.at(now, self.window_seconds)
        if self._increment(session, window):
            return True
        try:
            with session.begin_nested():
                session.add(RateCounter(key=self.key, window_start=window.start, count=1))
            return True
        except IntegrityError:  # the row exists: the window is full, or another worker made it
            return self._increment(session, window)

    def _increment(self, session: Session, window: Window) -> bool:
        same_window = RateCounter.window_start == window.start
        result = session.execute(
            update(RateCounter)
            .where(
                RateCounter.key == self.key,
                (RateCounter.window_start != window.start) | (RateCounter.count < self.limit),
            )
            .values(
                count=case((same_window, RateCounter.count + 1), else_=1),
                window_start=window.start,
            )
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1


class RedisRateLimit:
    def __init__(self, url: str, key: str, limit: int, window_seconds: int = 60) -> None:
        self.client = redis.Redis.from_url(url)
        self.key, self.limit, self.window_seconds = key, limit, window_seconds

    def take(self, session: Session, now: datetime) -> bool:
        window = Window.at(now, self.window_seconds)
        name = f"{self.key}:{window.start}"
        pipeline = self.client.pipeline()
        pipeline.incr(name)
        pipeline.expire(name, self.window_seconds * 2)
        used, _ = pipeline.execute()
        return int(used) <= self.limit
