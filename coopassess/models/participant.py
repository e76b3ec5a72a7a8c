"""Invited people of a campaign, its messages and its confirmed sending actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coopassess.models.base import Base, UTCDateTime, utcnow
from coopassess.models.invitation import Invitation

MESSAGE_KINDS = ("invitation", "reminder")
MAILING_KINDS = ("invitation", "reminder", "reminder_after", "reminder_before_close")


class Participant(Base):
    """A person invited to a campaign. Name, structure and role serve the referent's follow-up
    only: they are never read by scoring and never shown next to answers."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("campaign_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))  # NFKC + casefold
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    structure: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    # The participant's personal link (its token is derived, see campaigns.links).
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the invitation message was queued (None: not invited yet).
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    invitation: Mapped[Invitation] = relationship()


class CampaignMessage(Base):
    """A campaign's own invitation or reminder text (the French default when absent)."""

    __tablename__ = "campaign_message"
    __table_args__ = (CheckConstraint("kind IN ('invitation', 'reminder')", name="kind"),)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Mailing(Base):
    """One confirmed sending action (or one scheduled reminder) of a campaign.

    ``request_key`` is unique: the key of the confirmation form, or ``auto:<campaign>:<kind>``
    for a scheduled reminder, so a re-posted form or a duplicated job creates nothing twice.
    The preparation job fills ``prepared_at`` and ``recipients``.
    """

    __tablename__ = "mailing"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('invitation', 'reminder', 'reminder_after', 'reminder_before_close')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    request_key: Mapped[str] = mapped_column(String(80), unique=True)
    batch_id: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    prepared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recipients: Mapped[int | None] = mapped_column(Integer)
