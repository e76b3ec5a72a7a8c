"""Queueing mail and reading where it stands: the interface other packages use.

    mail = queue_mail(session, to=…, subject=…, text=…, html=…, sender_name=…, reply_to=…,
                      unsubscribe_url=…, ref="participant:42", batch_id=batch.id,
                      idempotency_key=f"invitation:{campaign.id}:{participant.id}")
    session.commit()
    enqueue_delivery([mail.id])

An idempotency key names the message once and for all: queueing it again returns the stored row
(whatever its status), so a job run twice or a form posted twice never makes a second message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from coopassess.jobs import enqueue
from coopassess.mail import delivery
from coopassess.mail.messages import (
    MAX_SENDER_NAME,
    MAX_SUBJECT,
    InvalidMail,
    checked_address,
    checked_url,
    single_line,
)
from coopassess.models import MailBatch, OutgoingMail

DELIVERY_CHUNK = 50  # messages per delivery job: few queue writes, several workers still share
REFS_PER_QUERY = 10_000

__all__ = [
    "BatchProgress",
    "InvalidMail",
    "MailDraft",
    "batch_progress",
    "create_batch",
    "enqueue_delivery",
    "latest_by_ref",
    "queue_mail",
    "queue_mails",
]


@dataclass(frozen=True)
class MailDraft:
    """One message to queue (the arguments of ``queue_mail``)."""

    to: str
    subject: str
    text: str
    sender_name: str
    idempotency_key: str
    html: str | None = None
    reply_to: str | None = None
    unsubscribe_url: str | None = None
    ref: str | None = None
    batch_id: int | None = None


def create_batch(
    session: Session,
    *,
    kind: str,
    campaign_id: int | None = None,
    created_by_id: int | None = None,
) -> MailBatch:
    batch = MailBatch(kind=kind, campaign_id=campaign_id, created_by_id=created_by_id)
    session.add(batch)
    session.flush()
    return batch


def queue_mail(
    session: Session,
    *,
    to: str,
    subject: str,
    text: str,
    sender_name: str,
    idempotency_key: str,
    html: str | None = None,
    reply_to: str | None = None,
    unsubscribe_url: str | None = None,
    ref: str | None = None,
    batch_id: int | None = None,
) -> OutgoingMail:
    """Store one message as queued (flushed, not committed); the row already stored under
    ``idempotency_key`` if there is one. Bad addresses or URLs raise ``InvalidMail``."""
    key = idempotency_key.strip()
    draft = MailDraft(
        to=to,
        subject=subject,
        text=text,
        sender_name=sender_name,
        idempotency_key=key,
        html=html,
        reply_to=reply_to,
        unsubscribe_url=unsubscribe_url,
        ref=ref,
        batch_id=batch_id,
    )
    existing = _by_key(session, [key])
    if key in existing:
        return existing[key]
    mail = _row(draft)
    try:
        with session.begin_nested():
            session.add(mail)
    except IntegrityError:
        # Queued at the same moment by another transaction: theirs is the message.
        return _by_key(session, [key])[key]
    return mail


def queue_mails(session: Session, drafts: Sequence[MailDraft]) -> list[OutgoingMail]:
    """``queue_mail`` for many messages in a few statements (a round of 10,000 invitations),
    in the order given. Every draft is checked before anything is added."""
    rows: dict[str, OutgoingMail] = {}
    for draft in drafts:
        row = _row(draft)
        rows.setdefault(row.idempotency_key, row)
    existing = _by_key(session, list(rows))
    session.add_all(row for key, row in rows.items() if key not in existing)
    session.flush()
    keys = [draft.idempotency_key.strip() for draft in drafts]
    return [existing.get(key) or rows[key] for key in keys]


def enqueue_delivery(mail_ids: Iterable[int]) -> None:
    """Queue the delivery of these stored messages; call it after the commit that stored them.
    Delivering twice is harmless: a message already sent or being sent is skipped."""
    ids = list(mail_ids)
    for start in range(0, len(ids), DELIVERY_CHUNK):
        enqueue(delivery.deliver_many, ids[start : start + DELIVERY_CHUNK])


@dataclass(frozen=True)
class BatchProgress:
    queued: int  # waiting, or being sent right now
    sent: int
    failed: int

    @property
    def total(self) -> int:
        return self.queued + self.sent + self.failed

    @property
    def done(self) -> bool:
        return self.queued == 0


def batch_progress(session: Session, batch_id: int) -> BatchProgress:
    counts = dict(
        session.execute(
            select(OutgoingMail.status, func.count())
            .where(OutgoingMail.batch_id == batch_id)
            .group_by(OutgoingMail.status)
        ).all()
    )
    return BatchProgress(
        queued=counts.get("queued", 0) + counts.get("sending", 0),
        sent=counts.get("sent", 0),
        failed=counts.get("failed", 0),
    )


def latest_by_ref(session: Session, refs: Iterable[str]) -> dict[str, OutgoingMail]:
    """The newest message of each ref, bodies not loaded: one query per 10,000 refs."""
    wanted = list(dict.fromkeys(refs))
    found: dict[str, OutgoingMail] = {}
    for start in range(0, len(wanted), REFS_PER_QUERY):
        chunk = wanted[start : start + REFS_PER_QUERY]
        newest = (
            select(func.max(OutgoingMail.id))
            .where(OutgoingMail.ref.in_(chunk))
            .group_by(OutgoingMail.ref)
            .scalar_subquery()
        )
        rows = session.scalars(
            select(OutgoingMail)
            .where(OutgoingMail.id.in_(newest))
            .options(defer(OutgoingMail.text_body), defer(OutgoingMail.html_body))
        )
        found.update((mail.ref, mail) for mail in rows)
    return found


def _row(draft: MailDraft) -> OutgoingMail:
    key = draft.idempotency_key.strip()
    if not key or len(key) > 200:
        raise InvalidMail("Clé d'idempotence vide ou trop longue (200 caractères au plus)")
    sender_name = single_line(draft.sender_name)
    if not sender_name:
        raise InvalidMail("Nom d'expéditeur manquant")
    subject = single_line(draft.subject)
    if not subject:
        raise InvalidMail("Objet du message manquant")
    if not draft.text.strip():
        raise InvalidMail("Texte du message manquant")
    return OutgoingMail(
        batch_id=draft.batch_id,
        ref=draft.ref,
        idempotency_key=key,
        to_address=checked_address(draft.to),
        subject=subject[:MAX_SUBJECT],
        text_body=draft.text,
        html_body=draft.html or None,
        sender_name=sender_name[:MAX_SENDER_NAME],
        reply_to=checked_address(draft.reply_to, "adresse de réponse") if draft.reply_to else None,
        unsubscribe_url=checked_url(draft.unsubscribe_url) if draft.unsubscribe_url else None,
        status="queued",
        attempts=0,
    )


def _by_key(session: Session, keys: list[str]) -> dict[str, OutgoingMail]:
    found: dict[str, OutgoingMail] = {}
    for start in range(0, len(keys), REFS_PER_QUERY):
        chunk = keys[start : start + REFS_PER_QUERY]
        rows = session.scalars(select(OutgoingMail).where(OutgoingMail.idempotency_key.in_(chunk)))
        found.update((mail.idempotency_key, mail) for mail in rows)
    return found
