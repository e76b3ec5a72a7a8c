"""The jobs' app wiring: the queue of this app, and the runner that gives every job an app
context and a session of its own (committed when the job returns, rolled back if it raises).

The one module of ``coopassess.jobs`` that knows Flask; ``create_app`` calls ``init_app``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context

from coopassess import registry
from coopassess.db import database
from coopassess.jobs import queue as queue_module
from coopassess.jobs.context import JobContext
from coopassess.jobs.queue import JobQueue, QueueSettings, make_huey
from coopassess.jobs.registry import JobSpec

EXTENSION_KEY = "coopassess.jobs"


def init_app(app: Flask, job_modules: Iterable[str]) -> JobQueue:
    """Import the feature modules that declare jobs, then bind them to this app's queue."""
    for module in job_modules:
        import_module(module)
    settings = settings_of(app)
    job_queue = JobQueue(make_huey(settings), partial(_run_job, app), settings)
    job_queue.bind_registered()
    app.extensions[EXTENSION_KEY] = job_queue
    queue_module.set_provider(current_queue)
    return job_queue


def settings_of(app: Flask) -> QueueSettings:
    return QueueSettings(
        name=app.config["JOBS_NAME"],
        sqlite_path=Path(app.config["JOBS_SQLITE_PATH"]),
        redis_url=app.config["REDIS_URL"] or None,
    )


def current_queue() -> JobQueue:
    if not has_app_context():
        raise RuntimeError("jobs are queued from inside the app (a request, a command, a job)")
    return current_app.extensions[EXTENSION_KEY]


def _run_job(app: Flask, job_queue: JobQueue, spec: JobSpec, args: tuple[Any, ...]) -> Any:
    with app.app_context():
        session = database().session()
        context = JobContext(
            session=session,
            config=app.config,
            now=job_queue.now(),
            load_registry=registry.registry,
        )
        try:
            result = spec.func(context, *args)
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        for func, job_args, eta in context.queued:
            job_queue.enqueue(func, *job_args, eta=eta)
    return result
