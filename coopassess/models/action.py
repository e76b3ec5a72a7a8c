"""The action plan of a campaign: what the collectif decides to do after reading its results,
each action tied to one dimension of a questionnaire (or to the démarche as a whole), with the
history of its status changes. Actions carry over to the organisation's next campaign."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coopassess.models.base import Base, UTCDateTime, utcnow

# planned: « à lancer », in_progress: « en cours », done: « faite », dropped: « abandonnée ».
ACTION_STATUSES = ("planned", "in_progress", "done", "dropped")
OPEN_ACTION_STATUSES = ("planned", "in_progress")


class Action(Base):
    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name="status"),
        # A dimension always belongs to a questionnaire (INN is in ACH and in VAL).
        CheckConstraint("dimension IS NULL OR questionnaire IS NOT NULL", name="dimension"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    # Both None: the action concerns the démarche as a whole.
    questionnaire: Mapped[str | None] = mapped_column(String(10))
    dimension: Mapped[str | None] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner: Mapped[str | None] = mapped_column(String(200))  # a name or a structure, free text
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="planned", server_default="planned")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Where a suggestion came from (a priority dimension or a flag), None when typed freely.
    source: Mapped[str | None] = mapped_column(String(60))
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # When the status last became « faite » (None otherwise): what the evolution reads.
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    changes: Mapped[list[ActionStatusChange]] = relationship(
        back_populates="action",
        cascade="all, delete-orphan",
        order_by="ActionStatusChange.changed_at",
    )


class ActionStatusChange(Base):
    """One change of an action's status: who, when, from what to what."""

    __tablename__ = "action_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(12))  # None at creation
    to_status: Mapped[str] = mapped_column(String(12))
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    action: Mapped[Action] = relationship(back_populates="changes")
