"""The daily purge of expired addresses and individual answers (``coopassess.retention``)."""

from __future__ import annotations

from coopassess.jobs import JobContext, crontab, periodic
from coopassess.retention.service import blank_sent_bodies, expire_security_logs, purge


@periodic(crontab(minute="20", hour="3"))
def purge_expired(ctx: JobContext) -> None:
    """Every night: erase what the campaigns' retention periods make due, and empty the
    bodies of messages delivered a while ago (they hold personal links), and let the security
    logs go after six months."""
    purge(ctx.session, ctx.registry, ctx.now)
    blank_sent_bodies(ctx.session, ctx.now)
    expire_security_logs(ctx.session, ctx.now)
