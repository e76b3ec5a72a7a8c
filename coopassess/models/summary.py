"""What the portfolio pages read of a campaign's results, stored so that a list of a thousand
organisations never scores a campaign: IMC, level, flags and every dimension score.

A row is valid for one results key (number of submitted responses and their latest change); a
submission, an exclusion or a reinclusion changes the key and the row is recomputed when read
(``coopassess.campaigns.summaries``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from coopassess.models.base import Base, UTCDateTime, utcnow


class CampaignSummary(Base):
    __tablename__ = "campaign_summary"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True
    )
    # The results key the row was computed for.
    key_submitted: Mapped[int]
    key_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    n_respondents: Mapped[int]
    # None below the minimum number of respondents: nothing of a small group is shown.
    imc: Mapped[float | None] = mapped_column(Float, index=True)
    level: Mapped[str | None] = mapped_column(String(2), index=True)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # {questionnaire: {dimension or index code: score or None}}
    scores: Mapped[dict[str, dict[str, float | None]]] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def reportable(self) -> bool:
        """Scores are stored only for reportable results (``Results.reportable``)."""
        return bool(self.scores)
