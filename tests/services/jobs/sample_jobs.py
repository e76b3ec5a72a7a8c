"""Jobs of the job tests, declared as a feature module declares its own."""

from __future__ import annotations

from coopassess.jobs import JobContext, crontab, job, periodic
from coopassess.models import Organisation

runs: dict[str, int] = {}


@job()
def record(ctx: JobContext, name: str) -> None:
    ctx.session.add(Organisation(name=name, kind="territoire"))


@job()
def write_then_fail(ctx: JobContext, name: str) -> None:
    ctx.session.add(Organisation(name=name, kind="territoire"))
    ctx.session.flush()
    raise RuntimeError("échec voulu")


@job()
def record_then_follow(ctx: JobContext, name: str) -> None:
    ctx.session.add(Organisation(name=name, kind="territoire"))
    ctx.enqueue(record_if_present, name, f"{name} (suite)")


@job()
def record_if_present(ctx: JobContext, first: str, name: str) -> None:
    """Sees the first job's row: it was committed before this job was queued."""
    if ctx.session.query(Organisation).filter_by(name=first).count():
        ctx.session.add(Organisation(name=name, kind="territoire"))


@job(retries=2, retry_delay=0)
def flaky(ctx: JobContext, name: str) -> None:
    runs[name] = runs.get(name, 0) + 1
    if runs[name] < 3:
        raise ConnectionError("pas encore")
    ctx.session.add(Organisation(name=name, kind="territoire"))


@periodic(crontab(minute="30", hour="6"))
def morning(ctx: JobContext) -> None:
    ctx.session.add(Organisation(name=f"matin {ctx.now:%H:%M}", kind="territoire"))
