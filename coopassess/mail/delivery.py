"""The delivery jobs: each stored message is claimed, handed over, and marked — once.

A job claims its messages with one atomic UPDATE (``queued`` → ``sending``, with the time of
the claim), in the same transaction as their slots of the rate limit; a second job for the same
messages finds nothing left to claim and does nothing. Each message is then handed over and
marked in its own small transaction. A claim older than ``MAIL_CLAIM_TIMEOUT`` (a worker that
died mid-send) may be taken again: at worst that message goes twice, with the same Message-ID.
A periodic sweep queues again what no job holds any more.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import Row, and_, or_, select, update
from sqlalchemy.orm import Session

from coopassess.jobs import JobContext, crontab, job, periodic
from coopassess.mail.messages import InvalidMail, MessageParts, build_message, message_id
from coopassess.mail.rate import DatabaseRateLimit, RedisRateLimit, Window
from coopassess.mail.settings import MailSettings
from coopassess.mail.transport import DeliveryFailure, TemporaryFailure, transport_for
from coopassess.models import OutgoingMail

logger = logging.getLogger(__name__)
NBSP = "\u00a0"
RATE_WINDOW = 60
CHUNK = 50  # messages per delivery job
# A worker's clock may run behind the one that queued the message by this much.
CLOCK_TOLERANCE = timedelta(seconds=30)
# The sweep leaves this long to the job that should be delivering a message.
SWEEP_GRACE = timedelta(minutes=10)
SWEEP_LIMIT = 10_000
RateLimit = DatabaseRateLimit | RedisRateLimit


class Outcome(Enum):
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts
    RETRY = "retry"  # a temporary failure: tried again at ``later``
    POSTPONED = "postponed"  # not tried: the relay was down or the rate limit reached
    SKIPPED = "skipped"  # sent, failed or held by another job already


@dataclass
class Delivery:
    """What one pass over a list of messages did, and what must wait until ``later``."""

    outcomes: dict[int, Outcome] = field(default_factory=dict)
    retries: dict[int, datetime] = field(default_factory=dict)  # message → its next attempt
    # Messages not tried (relay down, rate limit), by the time they are tried again.
    postponed: dict[datetime, list[int]] = field(default_factory=dict)

    def postpone(self, mail_ids: Sequence[int], later: datetime) -> None:
        if mail_ids:
            self.postponed.setdefault(later, []).extend(mail_ids)
            self.outcomes.update((mail_id, Outcome.POSTPONED) for mail_id in mail_ids)


@job()
def deliver(ctx: JobContext, mail_id: int) -> None:
    """Deliver one stored message (a retry, or a single message)."""
    deliver_many(ctx, [mail_id])


@job()
def deliver_many(ctx: JobContext, mail_ids: list[int]) -> None:
    """Deliver stored messages in order; what must wait is queued again, for later."""
    settings = MailSettings.from_config(ctx.config)
    result = deliver_now(ctx.session, settings, mail_ids, ctx.now)
    for mail_id, later in result.retries.items():
        ctx.enqueue(deliver, mail_id, eta=later)
    for later, waiting in result.postponed.items():
        ctx.enqueue(deliver_many, waiting, eta=later)


def deliver_now(
    session: Session, settings: MailSettings, mail_ids: Sequence[int], now: datetime
) -> Delivery:
    """Claim, hand over and mark these messages (the jobs' work, also used by
    ``coopassess mail test --now``). Commits as it goes."""
    result = Delivery()
    claimed, rate_limited = _claim(session, settings, list(dict.fromkeys(mail_ids)), now)
    result.outcomes.update((mail_id, Outcome.SKIPPED) for mail_id in mail_ids)
    if rate_limited:
        next_window = Window.at(now, RATE_WINDOW).end
        _release(session, rate_limited, next_window, claimed=False)
        result.postpone(rate_limited, next_window)
    sender = transport_for(settings)
    for index, parts in enumerate(claimed):
        mail_id = parts.mail_id
        try:
            message = build_message(parts.message)
            sender.send(message, mail_id=mail_id, mail_from=parts.mail_from, to=parts.to)
        except InvalidMail as error:
            result.outcomes[mail_id] = _fail(session, mail_id, str(error))
        except TemporaryFailure as error:
            outcome, later = _retry_or_fail(session, settings, parts, error, now)
            result.outcomes[mail_id] = outcome
            if later is not None:
                result.retries[mail_id] = later
                if error.unreachable:  # the others would fail the same way: they wait too
                    rest = [other.mail_id for other in claimed[index + 1 :]]
                    _release(session, rest, later, claimed=True)
                    result.postpone(rest, later)
                    break
        except DeliveryFailure as error:
            result.outcomes[mail_id] = _fail(session, mail_id, error.reason)
        else:
            _mark(session, mail_id, status="sent", sent_at=now, last_error=None)
            result.outcomes[mail_id] = Outcome.SENT
    return result


@dataclass(frozen=True)
class _Claimed:
    mail_id: int
    to: str
    mail_from: str
    attempts: int  # before this one
    message: MessageParts


def _claim(
    session: Session, settings: MailSettings, mail_ids: list[int], now: datetime
) -> tuple[list[_Claimed], list[int]]:
    """Claim what can be sent now, within the rate limit; returns the claimed messages and
    those that must wait for the next window. One transaction."""
    expired_claim = now - timedelta(seconds=settings.claim_timeout)
    claimable = or_(
        and_(
            OutgoingMail.status == "queued",
            OutgoingMail.next_attempt_at <= now + CLOCK_TOLERANCE,
        ),
        and_(OutgoingMail.status == "sending", OutgoingMail.claimed_at < expired_claim),
    )
    candidates = list(
        session.scalars(
            select(OutgoingMail.id)
            .where(OutgoingMail.id.in_(mail_ids), claimable)
            .order_by(OutgoingMail.id)
        )
    )
    order = {mail_id: n for n, mail_id in enumerate(mail_ids)}
    candidates.sort(key=order.__getitem__)
    limit = _rate_limit(settings)
    granted = len(candidates) if limit is None else limit.take(session, now, len(candidates))
    wanted, waiting = candidates[:granted], candidates[granted:]
    if not wanted:
        session.commit()
        return [], waiting
    taken = set(
        session.scalars(
            update(OutgoingMail)
            .where(OutgoingMail.id.in_(wanted), claimable)
            .values(status="sending", claimed_at=now)
            .returning(OutgoingMail.id)
            .execution_options(synchronize_session=False)
        )
    )
    rows = session.execute(
        select(
            OutgoingMail.id,
            OutgoingMail.to_address,
            OutgoingMail.subject,
            OutgoingMail.text_body,
            OutgoingMail.html_body,
            OutgoingMail.sender_name,
            OutgoingMail.reply_to,
            OutgoingMail.unsubscribe_url,
            OutgoingMail.idempotency_key,
            OutgoingMail.attempts,
        ).where(OutgoingMail.id.in_(taken))
    ).all()
    session.commit()
    by_id = {row.id: row for row in rows}
    claimed = [_claimed(by_id[mail_id], settings, now) for mail_id in wanted if mail_id in by_id]
    return claimed, waiting


def _claimed(row: Row[Any], settings: MailSettings, now: datetime) -> _Claimed:
    digest = hashlib.sha256(row.idempotency_key.encode()).hexdigest()
    parts = MessageParts(
        to=row.to_address,
        subject=row.subject,
        text=row.text_body,
        html=row.html_body,
        sender_name=row.sender_name,
        mail_from=settings.mail_from,
        reply_to=row.reply_to,
        unsubscribe_url=row.unsubscribe_url,
        message_id=message_id(row.id, digest, settings.mail_from),
        date=now,
    )
    return _Claimed(row.id, parts.to, parts.mail_from, row.attempts, parts)


def _retry_or_fail(
    session: Session,
    settings: MailSettings,
    claimed: _Claimed,
    error: TemporaryFailure,
    now: datetime,
) -> tuple[Outcome, datetime | None]:
    attempts = claimed.attempts + 1
    if attempts >= settings.max_attempts:
        reason = f"Non envoyé après {attempts} tentatives. Dernière erreur{NBSP}: {error.reason}"
        return _fail(session, claimed.mail_id, reason), None
    later = now + timedelta(seconds=settings.retry_delay(attempts))
    _mark(session, claimed.mail_id, status="queued", next_attempt_at=later, last_error=error.reason)
    logger.info("mail %s: temporary failure, attempt %s", claimed.mail_id, attempts)
    return Outcome.RETRY, later


def _fail(session: Session, mail_id: int, reason: str) -> Outcome:
    _mark(session, mail_id, status="failed", last_error=reason[:1000])
    logger.warning("mail %s: not delivered (permanent)", mail_id)
    return Outcome.FAILED


def _mark(session: Session, mail_id: int, **values: object) -> None:
    """The result of one attempt, committed at once: one more attempt, claim released.
    Core statements on the session's connection: this runs once per message."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Losing the last few results in a server crash only resends those messages once their
        # claim expires; waiting for the disk at every message cost 3 ms a message.
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
    connection.execute(
        update(OutgoingMail.__table__)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == "sending")
        .values(claimed_at=None, attempts=OutgoingMail.attempts + 1, **values)
    )
    session.commit()


def _release(session: Session, mail_ids: Sequence[int], later: datetime, *, claimed: bool) -> None:
    """Messages that wait (relay down, rate limit): back to queued until ``later``, so that
    neither the sweep nor a duplicated job takes them meanwhile."""
    if not mail_ids:
        return
    status = "sending" if claimed else "queued"
    session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id.in_(mail_ids), OutgoingMail.status == status)
        .values(status="queued", claimed_at=None, next_attempt_at=later)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _rate_limit(settings: MailSettings) -> RateLimit | None:
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
    for start in range(0, len(ids), CHUNK):
        ctx.enqueue(deliver_many, ids[start : start + CHUNK])
