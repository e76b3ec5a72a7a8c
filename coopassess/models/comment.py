"""A respondent's free comment at the end of a questionnaire (``coopassess.common.comments``).

Apart from the answers on purpose: scoring reads answers only, so a comment is never scored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coopassess.models.base import Base, UTCDateTime, utcnow


class ResponseComment(Base):
    """One comment per response and questionnaire; ``quoted_at`` when a consultant marked it
    « à citer » (shown to the organisation, unsigned, when the results are reportable)."""

    __tablename__ = "response_comment"
    __table_args__ = (
        UniqueConstraint("response_id", "questionnaire"),
        CheckConstraint("length(text) BETWEEN 1 AND 2000", name="text_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    questionnaire: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    quoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    quoted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
