"""The queue: a Huey instance (SQLite file by default, Redis for several hosts) with every
registered job bound to it, and the two ways of consuming it (the consumer, ``run_once``).

The queue does not know how a job gets its session: the app wiring gives it a ``runner``
(``coopassess.jobs.app``), which opens the app context and the session around each job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from huey import RedisHuey, SqliteHuey
from huey.api import Huey, TaskWrapper
from huey.consumer import Consumer

from coopassess.jobs.registry import JobSpec, registered, spec_named, spec_of

logger = logging.getLogger(__name__)
Runner = Callable[["JobQueue", JobSpec, tuple[Any, ...]], Any]


@dataclass(frozen=True)
class QueueSettings:
    name: str  # namespaces the Redis keys: one name per deployment
    sqlite_path: Path  # used when redis_url is empty
    redis_url: str | None = None

    @property
    def backend(self) -> str:
        return "redis" if self.redis_url else "sqlite"


def make_huey(settings: QueueSettings) -> Huey:
    """The Huey instance for these settings; results are not stored (jobs write to the DB)."""
    if settings.redis_url:
        return RedisHuey(settings.name, url=settings.redis_url, results=False)
    settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(settings.name, filename=str(settings.sqlite_path), results=False)


class JobQueue:
    """Registered jobs bound to one Huey instance, run through ``runner``."""

    def __init__(self, huey: Huey, runner: Runner, settings: QueueSettings) -> None:
        self.huey = huey
        self.settings = settings
        self._runner = runner
        self._tasks: dict[str, TaskWrapper] = {}
        self._fixed_now: datetime | None = None

    def now(self) -> datetime:
        """The worker's clock: real time, or the time ``run_once`` was asked to run at."""
        return self._fixed_now or datetime.now(UTC)

    def bind_registered(self) -> None:
        for spec in registered():
            self._task(spec)

    def _task(self, spec: JobSpec) -> TaskWrapper:
        task = self._tasks.get(spec.name)
        if task is not None:
            return task

        def run(*args: Any) -> Any:
            # Looked up when it runs: a module imported again has redeclared its function.
            return self._runner(self, spec_named(spec.name), args)

        module, _, name = spec.name.rpartition(".")
        run.__module__ = module
        options = {"retries": spec.retries, "retry_delay": spec.retry_delay, "name": name}
        if spec.schedule is None:
            task = self.huey.task(**options)(run)
        else:
            task = self.huey.periodic_task(spec.schedule, **options)(run)
        self._tasks[spec.name] = task
        return task

    def enqueue(self, func: Callable[..., Any], *args: Any, eta: datetime | None = None) -> None:
        """Queue ``func(ctx, *args)`` for a worker, now or at ``eta`` (an aware datetime)."""
        task = self._task(spec_of(func))
        if eta is None:
            task(*args)
        else:
            task.schedule(args, eta=eta)

    def pending(self) -> int:
        """Jobs waiting in the queue (not those scheduled for later)."""
        return self.huey.pending_count()

    def scheduled(self) -> int:
        return self.huey.scheduled_count()

    def run_once(self, *, now: datetime | None = None, periodic: bool = False) -> int:
        """Run every queued job, and every scheduled one due by ``now``, in this thread, until
        none is left; returns how many ran. ``periodic`` also runs the periodic jobs whose
        schedule matches ``now``. For scripts and tests: ``coopassess worker --once``."""
        self._fixed_now = now
        storage = self.huey.storage
        blocking = getattr(storage, "blocking", False)
        storage.blocking = False  # an empty Redis queue answers at once
        ran = 0
        try:
            at = _naive_utc(self.now())
            if periodic:
                for task in self.huey.read_periodic(at):
                    self.huey.enqueue(task)
            while True:
                for task in self.huey.read_schedule(at):
                    self.huey.enqueue(task)
                task = self.huey.dequeue()
                if task is None:
                    return ran
                if not self.huey.ready_to_run(task, at):
                    self.huey.add_schedule(task)  # queued with an eta: waits in the schedule
                    continue
                self.huey.execute(task, at)
                ran += 1
        finally:
            storage.blocking = blocking
            self._fixed_now = None

    def consumer(self, *, workers: int = 1, periodic: bool = True) -> Consumer:
        """Huey's consumer: worker threads, a scheduler for delayed and periodic jobs; SIGTERM
        (and SIGINT) stop it once the running jobs are done."""
        return self.huey.create_consumer(
            workers=workers,
            worker_type="thread",
            periodic=periodic,
            initial_delay=0.05,
            backoff=1.5,
            max_delay=1.0,
            graceful_signal="TERM",
        )


def _naive_utc(moment: datetime) -> datetime:
    """Huey compares naive UTC datetimes."""
    return moment.astimezone(UTC).replace(tzinfo=None)


_provider: Callable[[], JobQueue] | None = None


def set_provider(provider: Callable[[], JobQueue]) -> None:
    """How ``current()`` finds the running app's queue (set by ``coopassess.jobs.app``)."""
    global _provider
    _provider = provider


def current() -> JobQueue:
    if _provider is None:
        raise RuntimeError("no job queue: create the app first (coopassess.create_app)")
    return _provider()
