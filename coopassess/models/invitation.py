"""Invitations: the private links that let a respondent into a campaign."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coopassess.models.base import Base, UTCDateTime, utcnow
from coopassess.models.campaign import Campaign
from coopassess.models.response import Response

INVITATION_KINDS = ("single", "open")
_ACTIVE_OPEN_LINK = text("kind = 'open' AND revoked_at IS NULL")


class Invitation(Base):
    """A link to a campaign. Only the sha256 of its token is kept, so reading the database
    opens no response.

    A ``single`` link binds to the one response it starts; the campaign's ``open`` link (at most
    one not revoked) starts a response per browser. Links expire with the campaign (closes_on).
    """

    __tablename__ = "invitation"
    __table_args__ = (
        CheckConstraint("kind IN ('single', 'open')", name="kind"),
        Index(
            "ix_invitation_one_open_link",
            "campaign_id",
            unique=True,
            sqlite_where=_ACTIVE_OPEN_LINK,
            postgresql_where=_ACTIVE_OPEN_LINK,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Links whose token is derived (HMAC of the secret key and this nonce) can be written again
    # in every message; NULL for the random tokens printed once.
    nonce: Mapped[str | None] = mapped_column(String(32))
    # The web form that made the link (its result page shows them again; a re-post makes none).
    request_key: Mapped[str | None] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    # NULL for anonymous links; never set on a campaign marked anonymous.
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The respondent withdrew (deleted) the response this link had started; cleared when the
    # link starts a new one (coopassess.privacy.withdrawal).
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("response.id", ondelete="SET NULL"), unique=True
    )

    campaign: Mapped[Campaign] = relationship()
    response: Mapped[Response | None] = relationship()


class LinkAttempt(Base):
    """A refused link lookup, by client (a hash of its address): the guessing limit counts
    them in the database so every worker shares it (Redis replaces this table when set)."""

    __tablename__ = "link_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
