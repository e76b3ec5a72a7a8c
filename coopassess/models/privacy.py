"""The information notices shown to respondents: each distinct text an organisation published,
kept once, so that a response names the exact text its respondent read before answering."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coopassess.models.base import Base, UTCDateTime, utcnow


class PrivacyNotice(Base):
    """One version of an organisation's notice: the plain text as rendered (campaign facts,
    contacts and the organisation's own additions included) and its sha256. Versions are
    numbered 1, 2… per organisation; a text is stored once, whatever the number of responses."""

    __tablename__ = "privacy_notice"
    __table_args__ = (
        UniqueConstraint("organisation_id", "version"),
        UniqueConstraint("organisation_id", "text_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    text_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
