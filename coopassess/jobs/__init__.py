"""Background jobs (Huey): declare them with ``@job`` / ``@periodic``, queue them with
``enqueue``; ``coopassess worker`` runs them (docs/jobs-and-mail.md).

    from coopassess.jobs import JobContext, crontab, enqueue, job, periodic

    @job()
    def send_batch(ctx: JobContext, batch_id: int) -> None:
        ...  # ctx.session is committed when the job returns

    @periodic(crontab(minute="0", hour="7"))
    def morning_reminders(ctx: JobContext) -> None:
        ...

    enqueue(send_batch, batch.id)  # after the request's commit; returns None

A feature module that declares jobs is listed once in ``JOB_MODULES`` (coopassess/__init__.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from huey import crontab

from coopassess.jobs.context import JobContext
from coopassess.jobs.queue import JobQueue, current
from coopassess.jobs.registry import job, periodic


def enqueue(func: Callable[..., Any], *args: Any, eta: datetime | None = None) -> None:
    """Queue ``func(ctx, *args)`` on the app's queue (now, or at ``eta``). Call it after the
    commit that wrote what the job reads. Nothing is returned: jobs report through the DB."""
    current().enqueue(func, *args, eta=eta)


__all__ = ["JobContext", "JobQueue", "crontab", "current", "enqueue", "job", "periodic"]
