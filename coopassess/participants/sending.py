"""Who receives a round of messages, and the confirmed actions that start one.

Invitations go to the participants not yet invited; reminders to the invited participants
who have not sent their answers, have not opted out and have not withdrawn a response. A
confirmed action is a ``Mailing`` whose ``request_key`` is unique, so a form posted twice (or a
scheduled reminder run twice) starts one round only.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coopassess.mail.outbox import create_batch
from coopassess.models import Campaign, Invitation, Mailing, Participant, Response
from coopassess.participants.followup import not_answered_clause

KIND_LABELS = {
    "invitation": "Invitations",
    "reminder": "Relance",
    "reminder_after": "Relance programmée (après l'invitation)",
    "reminder_before_close": "Relance programmée (avant la clôture)",
}
MAX_KEY = 80


def invitation_targets(campaign_id: int) -> Select:
    return select(Participant.id).where(
        Participant.campaign_id == campaign_id, Participant.invited_at.is_(None)
    )


def reminder_targets(campaign_id: int) -> Select:
    return (
        select(Participant.id)
        .join(Invitation, Invitation.id == Participant.invitation_id)
        .outerjoin(Response, Response.id == Invitation.response_id)
        .where(
            Participant.campaign_id == campaign_id,
            Participant.invited_at.is_not(None),
            Participant.opted_out_at.is_(None),
            Invitation.revoked_at.is_(None),
            # Who withdrew their response is not asked again (they may answer anew).
            Invitation.withdrawn_at.is_(None),
            not_answered_clause(),
        )
    )


def targets(kind: str, campaign_id: int) -> Select:
    return (
        invitation_targets(campaign_id) if kind == "invitation" else reminder_targets(campaign_id)
    )


def count(session: Session, query: Select) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def request_mailing(
    session: Session, campaign: Campaign, kind: str, request_key: str, user_id: int | None
) -> tuple[Mailing, bool]:
    """The mailing of this request and its mail batch, and whether it is new (False: this
    request was already confirmed). The caller commits, then queues ``prepare_mailing``."""
    existing = session.scalar(select(Mailing).where(Mailing.request_key == request_key))
    if existing is not None:
        return existing, False
    mailing = Mailing(
        campaign_id=campaign.id, kind=kind, request_key=request_key, created_by_id=user_id
    )
    try:
        with session.begin_nested():
            batch = create_batch(
                session,
                kind="invitation" if kind == "invitation" else "reminder",
                campaign_id=campaign.id,
                created_by_id=user_id,
            )
            mailing.batch_id = batch.id
            session.add(mailing)
    except IntegrityError:
        return session.scalar(select(Mailing).where(Mailing.request_key == request_key)), False
    return mailing, True
