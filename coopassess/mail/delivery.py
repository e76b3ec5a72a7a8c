"""The delivery jobs: each stored message is claimed, handed over, and marked — once.

A message is claimed by one atomic UPDATE (``queued`` → ``sending``, with the time of the
claim) before it is handed over, in the same transaction as its slot of the rate limit; a
second job for the same message finds nothing to claim and does nothing. A claim older than
``MAIL_CLAIM_TIMEOUT`` (a worker that died mid-send) may be taken again: at worst that message
goes twice, with the same Message-ID. A periodic sweep queues again what no job holds any more.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from coopassess.jobs import JobContext, crontab, job, periodic
from coopassess.mail.messages import InvalidMail, MessageParts, build_message, message_id
from coopassess.mail.rate import DatabaseRateLimit, RedisRateLimit, Window
from coopassess.mail.settings import MailSettings
from coopassess.mail.transport import (
    DeliveryFailure,
    PermanentFailure,
    TemporaryFailure,
    transport_for,
)
from coopassess.models import OutgoingMail

logger = logging.getLogger(__name__)
NBSP = "\u00a0"
RATE_WINDOW = 60
# A worker's clock may run behind the one that queued the message by this much.
CLOCK_TOLERANCE = timedelta(seconds=30)
# The sweep leaves this long to the job that should be delivering a message.
SWEEP_GRACE = timedelta(minutes=10)
SWEEP_LIMIT = 10_000


class Outcome(Enum):
    SENT = "sent"
    FAILED = "failed"
    RETRY = "retry"  # a temporary failure of this message
    UNREACHABLE = "unreachable"  # the relay failed: the rest of the job waits too
    RATE_LIMITED = "rate_limited"
    SKIPPED = "skipped"  # sent, failed or held by someone else already


@job()
def deliver(ctx: JobContext, mail_id: int) -> None:
    """Deliver one stored message (a retry, or a single message)."""
    deliver_many(ctx, [mail_id])


@job()
def deliver_many(ctx: JobContext, mail_ids: list[int]) -> None:
    """Deliver stored messages in order. When the relay is unreachable or the rate limit is
    reached, the rest of the list is queued again for later, in one job."""
    settings = MailSettings.from_config(ctx.config)
    limit = _rate_limit(settings)
    for index, mail_id in enumerate(mail_ids):
        outcome, later = deliver_one(ctx.session, settings, mail_id, ctx.now, limit)
        if outcome in (Outcome.RETRY, Outcome.UNREACHABLE):
            ctx.enqueue(deliver, mail_id, eta=later)
        if outcome in (Outcome.RATE_LIMITED, Outcome.UNREACHABLE) and later is not None:
            start = index if outcome is Outcome.RATE_LIMITED else index + 1
            rest = list(mail_ids[start:])
            if rest:
                _postpone(ctx.session, rest, later)
                ctx.enqueue(deliver_many, rest, eta=later)
            return


def deliver_one(
    session: Session,
    settings: MailSettings,
    mail_id: int,
    now: datetime,
    limit: DatabaseRateLimit | RedisRateLimit | None = None,
) -> tuple[Outcome, datetime | None]:
    """Claim, hand over and mark one message; returns what happened and, for a message or a
    list that must wait, until when."""
    parts = _claim(session, settings, mail_id, now)
    if parts is None:
        session.rollback()
        return Outcome.SKIPPED, None
    if limit is not None and not limit.take(session, now):
        session.rollback()  # the claim is given back
        return Outcome.RATE_LIMITED, Window.at(now, RATE_WINDOW).end
    attempts = session.scalar(select(OutgoingMail.attempts).where(OutgoingMail.id == mail_id))
    session.commit()
    try:
        message = build_message(parts)
        transport_for(settings).send(
            message, mail_id=mail_id, mail_from=parts.mail_from, to=parts.to
        )
    except InvalidMail as error:
        return _fail(session, mail_id, str(error), now), None
    except PermanentFailure as error:
        return _fail(session, mail_id, error.reason, now), None
    except TemporaryFailure as error:
        return _retry_or_fail(session, settings, mail_id, attempts or 1, error, now)
    except DeliveryFailure as error:
        return _fail(session, mail_id, error.reason, now), None
    _mark(session, mail_id, status="sent", sent_at=now, last_error=None)
    return Outcome.SENT, None


def _claim(
    session: Session, settings: MailSettings, mail_id: int, now: datetime
) -> MessageParts | None:
    expired_claim = now - timedelta(seconds=settings.claim_timeout)
    claimed = session.execute(
        update(OutgoingMail)
        .where(
            OutgoingMail.id == mail_id,
            or_(
                and_(
                    OutgoingMail.status == "queued",
                    OutgoingMail.next_attempt_at <= now + CLOCK_TOLERANCE,
                ),
                and_(OutgoingMail.status == "sending", OutgoingMail.claimed_at < expired_claim),
            ),
        )
        .values(status="sending", claimed_at=now, attempts=OutgoingMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    row = session.execute(
        select(
            OutgoingMail.to_address,
            OutgoingMail.subject,
            OutgoingMail.text_body,
            OutgoingMail.html_body,
            OutgoingMail.sender_name,
            OutgoingMail.reply_to,
            OutgoingMail.unsubscribe_url,
            OutgoingMail.idempotency_key,
        ).where(OutgoingMail.id == mail_id)
    ).one()
    digest = hashlib.sha256(row.idempotency_key.encode()).hexdigest()
    return MessageParts(
        to=row.to_address,
        subject=row.subject,
        text=row.text_body,
        html=row.html_body,
        sender_name=row.sender_name,
        mail_from=settings.mail_from,
        reply_to=row.reply_to,
        unsubscribe_url=row.unsubscribe_url,
        message_id=message_id(mail_id, digest, settings.mail_from),
        date=now,
    )


def _retry_or_fail(
    session: Session,
    settings: MailSettings,
    mail_id: int,
    attempts: int,
    error: TemporaryFailure,
    now: datetime,
) -> tuple[Outcome, datetime | None]:
    if attempts >= settings.max_attempts:
        reason = f"Non envoyé après {attempts} tentatives. Dernière erreur{NBSP}: {error.reason}"
        return _fail(session, mail_id, reason, now), None
    later = now + timedelta(seconds=settings.retry_delay(attempts))
    _mark(session, mail_id, status="queued", next_attempt_at=later, last_error=error.reason)
    logger.info("mail %s: temporary failure, attempt %s, retried later", mail_id, attempts)
    return (Outcome.UNREACHABLE if error.unreachable else Outcome.RETRY), later


def _fail(session: Session, mail_id: int, reason: str, now: datetime) -> Outcome:
    _mark(session, mail_id, status="failed", last_error=reason[:1000])
    logger.warning("mail %s: not delivered (permanent)", mail_id)
    return Outcome.FAILED


def _mark(session: Session, mail_id: int, **values: object) -> None:
    session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == "sending")
        .values(claimed_at=None, **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _postpone(session: Session, mail_ids: Sequence[int], later: datetime) -> None:
    """The rest of a list waits: the sweep must not take it for lost meanwhile."""
    session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id.in_(mail_ids), OutgoingMail.status == "queued")
        .values(next_attempt_at=later)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _rate_limit(settings: MailSettings) -> DatabaseRateLimit | RedisRateLimit | None:
    if settings.rate_per_minute <= 0:
        return None
    key = f"{settings.counter_prefix}:mail-rate"
    if settings.redis_url:
        return RedisRateLimit(settings.redis_url, key, settings.rate_per_minute, RATE_WINDOW)
    return DatabaseRateLimit(key, settings.rate_per_minute, RATE_WINDOW)


@periodic(crontab(minute="*/5"))
def sweep(ctx: JobContext) -> None:
    """Queue again the messages no job holds: queued long past their time (the process that
    stored them stopped before queueing the job) or claimed by a worker that died."""
    settings = MailSettings.from_config(ctx.config)
    expired_claim = ctx.now - timedelta(seconds=settings.claim_timeout)
    ids = list(
        ctx.session.scalars(
            select(OutgoingMail.id)
            .where(
                or_(
                    and_(
                        OutgoingMail.status == "queued",
                        OutgoingMail.next_attempt_at < ctx.now - SWEEP_GRACE,
                    ),
                    and_(
                        OutgoingMail.status == "sending",
                        OutgoingMail.claimed_at < expired_claim,
                    ),
                )
            )
            .order_by(OutgoingMail.id)
            .limit(SWEEP_LIMIT)
        )
    )
    if ids:
        logger.info("sweep: %s messages queued again", len(ids))
    for start in range(0, len(ids), 50):
        ctx.enqueue(deliver_many, ids[start : start + 50])
