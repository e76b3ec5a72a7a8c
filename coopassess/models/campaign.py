"""Organisations and their assessment campaigns."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coopassess.models.base import Base, UTCDateTime, utcnow

TARGETS = ("territoire", "entreprise")
CAMPAIGN_STATUSES = ("draft", "open", "closed")


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint("kind IN ('territoire', 'entreprise')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    structure_type: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    # Optional identifiers, checked when typed: SIREN (9 digits, Luhn key), INSEE commune code.
    siren: Mapped[str | None] = mapped_column(String(9))
    insee_code: Mapped[str | None] = mapped_column(String(5))
    # Population (territoire) or workforce (entreprise) band, one of organisations.fields.
    size_band: Mapped[str | None] = mapped_column(String(40))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Archived: hidden from the lists, every campaign and answer kept.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    campaigns: Mapped[list[Campaign]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Campaign.id"
    )


class Campaign(Base):
    """One démarche assessed by several respondents, on one instrument version."""

    __tablename__ = "campaign"
    __table_args__ = (
        CheckConstraint("target IN ('territoire', 'entreprise')", name="target"),
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    demarche: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(20))
    # Questionnaire ids answered in this campaign; COOP is always first.
    modules: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["COOP"])
    instrument_version: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="open")
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    # Public identifier of the campaign's open link (not a secret: anyone may start a response).
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    # Anonymous campaigns never store an e-mail address: their invitations are bare links.
    anonymous: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Respondents who submitted may read the aggregated results (from 3 respondents).
    results_shared: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Scheduled reminders: days after the first invitations, days before closes_on (None: off).
    remind_after_days: Mapped[int | None] = mapped_column(default=7, server_default="7")
    remind_before_close_days: Mapped[int | None] = mapped_column(default=3, server_default="3")
    # The referent's address: Reply-To of the messages, contact shown to participants.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # How long, in months after closing, participants' addresses and individual answers are
    # kept (the notice tells respondents; the purge job erases what has expired).
    address_retention_months: Mapped[int] = mapped_column(default=3, server_default="3")
    answer_retention_months: Mapped[int] = mapped_column(default=24, server_default="24")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Archived: hidden from the lists (campaigns with responses are archived, never deleted).
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship(back_populates="campaigns")
