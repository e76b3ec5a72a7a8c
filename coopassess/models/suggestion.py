"""A suggestion of the action plan that the collectif set aside: not offered again for that
campaign. Suggestions themselves are not stored (they are read from the results each time);
an accepted one is remembered by its action's ``source``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coopassess.models.base import Base, UTCDateTime, utcnow


class DismissedSuggestion(Base):
    __tablename__ = "dismissed_suggestion"
    __table_args__ = (UniqueConstraint("campaign_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(60))  # as Action.source: "priorite:COOP.VIT"
    dismissed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
