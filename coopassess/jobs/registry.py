"""The registry of job functions: feature modules declare their jobs here with ``@job`` and
``@periodic``, and the queue binds whatever is registered, so this package never imports them.

A job function is a plain function whose first parameter is the ``JobContext`` (its session,
the configuration, the clock); the other arguments must be picklable (ids, strings, lists).
The decorators return the function unchanged: calling it runs it here and now; ``enqueue``
queues it for the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
JOB_NAME_ATTRIBUTE = "__coopassess_job__"


@dataclass(frozen=True)
class JobSpec:
    name: str  # module.function: the name the queue stores
    func: Callable[..., Any]
    retries: int = 0  # times the queue runs a job again after an unexpected exception
    retry_delay: int = 60  # seconds before such a new run
    schedule: Callable[[Any], bool] | None = None  # periodic jobs: a huey ``crontab``


_JOBS: dict[str, JobSpec] = {}


def _register(func: F, **settings: Any) -> F:
    name = f"{func.__module__}.{func.__qualname__}"
    _JOBS[name] = JobSpec(name=name, func=func, **settings)
    setattr(func, JOB_NAME_ATTRIBUTE, name)
    return func


def job(*, retries: int = 0, retry_delay: int = 60) -> Callable[[F], F]:
    """Declare a job the worker can run: ``@job()`` above ``def send(ctx, batch_id): …``.

    ``retries`` counts new runs after an exception the job did not handle (a job that handles
    its own failures, like mail delivery, keeps 0).
    """

    def decorator(func: F) -> F:
        return _register(func, retries=retries, retry_delay=retry_delay)

    return decorator


def periodic(schedule: Callable[[Any], bool]) -> Callable[[F], F]:
    """Declare a job the worker runs on a schedule: ``@periodic(crontab(minute="*/5"))`` above
    ``def sweep(ctx): …`` (no other argument). ``crontab`` is re-exported by this package."""

    def decorator(func: F) -> F:
        return _register(func, schedule=schedule)

    return decorator


def spec_of(func: Callable[..., Any]) -> JobSpec:
    """The registration of a job function; a plain function is refused with the reason."""
    name = getattr(func, JOB_NAME_ATTRIBUTE, None)
    if name is None or name not in _JOBS:
        raise TypeError(f"{func!r} is not a job: decorate it with @job()")
    return _JOBS[name]


def spec_named(name: str) -> JobSpec:
    return _JOBS[name]


def registered() -> list[JobSpec]:
    return list(_JOBS.values())
