"""A respondent's response to a campaign and its answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coopassess.models.base import Base, UTCDateTime, utcnow
from coopassess.models.campaign import Campaign

RESPONSE_STATUSES = ("in_progress", "submitted")
ANSWER_VALUES = ("1", "2", "3", "4", "5", "NSP", "NC")


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (
        CheckConstraint("status IN ('in_progress', 'submitted')", name="status"),
        # The results key of every campaign in one index scan (coopassess.campaigns.summaries).
        Index("ix_response_campaign_status_updated", "campaign_id", "status", "updated_at"),
        # Deleted responses (withdrawn, erased) never lend their id to a new one on SQLite:
        # a session still holding it finds nothing (migration 0013).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    # The instrument version and content hash the response was started on: it is finished
    # and scored on that version even after a new one is published.
    instrument_version: Mapped[str] = mapped_column(String(40))
    instrument_hash: Mapped[str] = mapped_column(String(64))
    profile: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A consultant may leave a submitted response out of the aggregate (§7.3), with a reason;
    # reversible, and every change is in the audit log.
    excluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    excluded_reason: Mapped[str | None] = mapped_column(String(500))
    excluded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # The information notice shown on the welcome page when the response was started
    # (None for responses started before notices were recorded).
    notice_id: Mapped[int | None] = mapped_column(
        ForeignKey("privacy_notice.id", ondelete="SET NULL")
    )

    campaign: Mapped[Campaign] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    @property
    def excluded(self) -> bool:
        return self.excluded_at is not None


class Answer(Base):
    """One answer: item key (``COOP-VIT-01`` or ``VAL-ENV-01.constate``) and its raw code.

    Values are stored as answered ('1'..'5', 'NSP', 'NC'); reverse coding happens only in scoring.
    The (response, item) uniqueness makes saving a page an idempotent upsert.
    """

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("response_id", "item_key"),
        CheckConstraint(
            "value IN ('1', '2', '3', '4', '5', 'NSP', 'NC')",
            name="value",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(3))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    response: Mapped[Response] = relationship(back_populates="answers")
