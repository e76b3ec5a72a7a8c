"""The weekly digest of overdue actions, queued every Monday at 06:00 UTC (7 or 8 h in Paris).
Idempotent: each message's key names its referent and the week (``digest.idempotency_key``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from coopassess.followup import digest
from coopassess.jobs import JobContext, crontab, periodic
from coopassess.mail import delivery
from coopassess.mail.outbox import queue_mails

PARIS = ZoneInfo("Europe/Paris")


@periodic(crontab(minute="0", hour="6", day_of_week="1"))
def weekly_action_digest(ctx: JobContext) -> None:
    """Queue this week's digests and their delivery (after the job's commit)."""
    today = ctx.now.astimezone(PARIS).date()
    drafts = digest.drafts(
        ctx.session, ctx.registry, today, ctx.config["SECRET_KEY"], ctx.config["BASE_URL"]
    )
    ids = [mail.id for mail in queue_mails(ctx.session, drafts) if mail.status == "queued"]
    for start in range(0, len(ids), delivery.CHUNK):
        ctx.enqueue(delivery.deliver_many, ids[start : start + delivery.CHUNK])
