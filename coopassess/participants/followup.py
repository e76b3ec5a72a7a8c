"""Who has been invited and who has answered: the referent's follow-up of a campaign.

One query for a page of participants, one for the counts; the mail status of the page's rows
comes from the outgoing mail (``latest_by_ref``), given by the caller. A status says whether
someone answered, never what: nothing here reads an answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Select, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from coopassess.models import Invitation, OutgoingMail, Participant, Response

PAGE_SIZE = 50
STATUS_LABELS = {
    "to_invite": "à inviter",
    "queued": "invitation en attente",
    "sent": "invitation envoyée",
    "failed": "échec de l'envoi",
    "started": "commencé",
    "submitted": "réponses envoyées",
    "opted_out": "désinscrit·e",
    "withdrawn": "réponse retirée",
}


class MailState(Protocol):
    status: str  # queued | sending | sent | failed
    sent_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    email: str
    first_name: str | None
    last_name: str | None
    structure: str | None
    role: str | None
    status: str
    last_message_at: datetime | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True, slots=True)
class Counts:
    total: int
    to_invite: int
    invited: int
    started: int  # started, not sent yet
    submitted: int
    opted_out: int
    failed: int  # no answer yet, not opted out, and the last message was refused

    @property
    def not_answered(self) -> int:
        return self.total - self.submitted


def ref(participant_id: int) -> str:
    """How the outgoing mail names a participant."""
    return f"participant:{participant_id}"


def _base(campaign_id: int) -> Select:
    return (
        select(
            Participant.id,
            Participant.email,
            Participant.first_name,
            Participant.last_name,
            Participant.structure,
            Participant.role,
            Participant.invited_at,
            Participant.opted_out_at,
            Invitation.withdrawn_at,
            Response.status.label("response_status"),
        )
        .join(Invitation, Invitation.id == Participant.invitation_id)
        .outerjoin(Response, Response.id == Invitation.response_id)
        .where(Participant.campaign_id == campaign_id)
    )


def not_answered_clause() -> object:
    return or_(Response.status.is_(None), Response.status != "submitted")


def page(
    session: Session, campaign_id: int, number: int, *, not_answered: bool = False
) -> list[tuple[int, object]]:
    """The raw rows of page ``number`` (from 1), ordered as added."""
    query = _base(campaign_id)
    if not_answered:
        query = query.where(not_answered_clause())
    query = query.order_by(Participant.id).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    return list(session.execute(query))


def rows(raw: list, mails: Mapping[str, MailState]) -> list[Row]:
    """Each participant's status: answers first, then the opt-out, then the last message."""
    found = []
    for row in raw:
        mail = mails.get(ref(row.id))
        if row.response_status == "submitted":
            status = "submitted"
        elif row.opted_out_at is not None:
            status = "opted_out"
        elif row.response_status is not None:
            status = "started"
        elif row.withdrawn_at is not None:
            status = "withdrawn"
        elif mail is not None:
            status = "queued" if mail.status == "sending" else mail.status
        else:
            status = "to_invite" if row.invited_at is None else "queued"
        last = None if mail is None else (mail.sent_at or mail.created_at)
        found.append(
            Row(
                row.id,
                row.email,
                row.first_name,
                row.last_name,
                row.structure,
                row.role,
                status,
                last,
            )
        )
    return found


def counts(session: Session, campaign_id: int) -> Counts:
    def total(condition: object) -> object:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            func.count(Participant.id),
            total(Participant.invited_at.is_(None)),
            total(Participant.invited_at.is_not(None)),
            total(Response.status == "in_progress"),
            total(Response.status == "submitted"),
            total(and_(Participant.opted_out_at.is_not(None))),
            total(
                and_(
                    Response.id.is_(None),
                    Participant.opted_out_at.is_(None),
                    _last_mail_status() == "failed",
                )
            ),
        )
        .select_from(Participant)
        .join(Invitation, Invitation.id == Participant.invitation_id)
        .outerjoin(Response, Response.id == Invitation.response_id)
        .where(Participant.campaign_id == campaign_id)
    )
    return Counts(*(int(value) for value in session.execute(query).one()))


def _last_mail_status() -> object:
    """The status of the participant's last message, as its row on the page reads it."""
    return (
        select(OutgoingMail.status)
        .where(OutgoingMail.ref == literal("participant:") + cast(Participant.id, String))
        .order_by(OutgoingMail.id.desc())
        .limit(1)
        .correlate(Participant)
        .scalar_subquery()
    )


def page_count(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))
