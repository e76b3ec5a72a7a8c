"""Outgoing mail, stored: every message is a row before it is a delivery, so a page can show
what was queued, sent or refused, and a retried job can tell that a message already left."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coopassess.models.base import Base, UTCDateTime, utcnow

# What a batch was sent for; callers may add their own kinds (the column is free text).
MAIL_KINDS = ("invitation", "reminder", "account", "test")
# "sending": claimed by a worker (claimed_at); a claim older than the claim timeout expires.
MAIL_STATUSES = ("queued", "sending", "sent", "failed")


class MailBatch(Base):
    """Messages queued together (an invitation round, a reminder, a test): one progress bar."""

    __tablename__ = "mail_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class OutgoingMail(Base):
    """One message to one address. ``ref`` is the caller's own key (``participant:42``), for
    status pages; ``idempotency_key`` makes queueing the same message twice return one row."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_outgoing_mail_batch_status", "batch_id", "status"),
        Index("ix_outgoing_mail_status_next_attempt", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("mail_batch.id", ondelete="CASCADE"))
    ref: Mapped[str | None] = mapped_column(String(100), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    sender_name: Mapped[str] = mapped_column(String(200))
    reply_to: Mapped[str | None] = mapped_column(String(254))
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000))  # French, for people
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RateCounter(Base):
    """Uses of a rate limit in its current window, shared by every worker (``mail:rate``)."""

    __tablename__ = "rate_counter"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer)  # seconds since the epoch
    count: Mapped[int] = mapped_column(Integer, default=0)
