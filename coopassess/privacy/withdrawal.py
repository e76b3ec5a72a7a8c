"""A respondent withdraws their response: it is deleted with its answers (not hidden), while
the campaign takes responses.

Only a response opened through a personal link may be withdrawn — a participant's invitation,
an anonymous single link, or the personal link a response started from the open link receives:
holding that link is the proof that the response is the person's. The link then remembers the
withdrawal (``Invitation.withdrawn_at``): it says so, and lets the person answer afresh while
the campaign is open (a new, empty response); the follow-up no longer reminds them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopassess.auth.audit import audit
from coopassess.campaigns.service import usable
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Campaign, Invitation, Response, utcnow
from coopassess.privacy.holdings import PrivacyError
from coopassess.privacy.responses import delete_responses, recompute

CLOSED = (
    "Cette campagne est close : une réponse ne peut plus être retirée. Pour faire effacer vos "
    "réponses, écrivez à l'organisation qui vous a invité·e."
)
NO_PERSONAL_LINK = (
    "Cette réponse n'a pas été ouverte par un lien personnel : rien ne permet d'établir "
    "qu'elle est la vôtre, elle ne peut donc pas être retirée d'ici."
)


class WithdrawalRefused(PrivacyError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def personal_link(session: Session, response_id: int) -> Invitation | None:
    """The live single link bound to the response, if any."""
    return session.scalar(
        select(Invitation).where(
            Invitation.response_id == response_id,
            Invitation.kind == "single",
            Invitation.revoked_at.is_(None),
        )
    )


def refusal(campaign: Campaign, link: Invitation | None, today: date) -> WithdrawalRefused | None:
    """Why the response may not be withdrawn today (None: it may)."""
    if link is None:
        return WithdrawalRefused(NO_PERSONAL_LINK, 403)
    if not usable(link, campaign, today):
        return WithdrawalRefused(CLOSED, 409)
    return None


def may_withdraw(session: Session, campaign: Campaign, response_id: int, today: date) -> bool:
    return refusal(campaign, personal_link(session, response_id), today) is None


def withdraw(
    session: Session,
    instruments: InstrumentRegistry,
    campaign: Campaign,
    response: Response,
    today: date,
) -> Invitation:
    """Delete ``response`` and its answers, log it (no address, no answer), commit, then
    recompute the campaign's aggregates; the personal link, which now says so."""
    link = personal_link(session, response.id)
    refused = refusal(campaign, link, today)
    if refused is not None:
        raise refused
    assert link is not None
    submitted = response.submitted
    response_id = response.id
    link.withdrawn_at = utcnow()
    session.flush()
    delete_responses(session, [response_id])
    audit(
        session,
        "response.withdrawn",
        target=f"campaign:{campaign.id}",
        detail={"response_id": response_id, "envoyee": "oui" if submitted else "non"},
    )
    session.commit()
    recompute(session, instruments, [campaign.id])
    return link
