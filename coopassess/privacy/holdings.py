"""Where an e-mail address lives: every row that holds it, found once for the export, the
erasure and its confirmation page.

The address is in ``participant`` (with the person's names), ``invitation`` (the personal link),
``outgoing_mail`` (its recipient, or a participant's ``ref``; also a Reply-To or a body that
quotes it), ``organisation`` and ``campaign`` (a contact), ``user_account``, ``login_attempt``
and the audit log (a target, or a value of the ``detail`` JSON). A response holds no address:
it belongs to the address through the personal link that started it.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Text, cast, func, or_, select, true
from sqlalchemy.orm import Session

from coopassess.campaigns.queries import contains
from coopassess.common import emails
from coopassess.models import (
    AuditEvent,
    Campaign,
    Invitation,
    LoginAttempt,
    Organisation,
    OutgoingMail,
    Participant,
    User,
)
from coopassess.participants.followup import ref


class PrivacyError(ValueError):
    """A request refused (message in French, shown as is)."""


@dataclass(frozen=True, slots=True)
class Address:
    """A typed address, normalised (``common.emails``), with the spellings the tables use:
    participants were stored case-folded without the final lower-casing."""

    value: str
    forms: tuple[str, ...]

    @property
    def masked(self) -> str:
        return emails.masked(self.value)


def address(typed: str) -> Address:
    value = emails.normalise(typed)
    problem = emails.problem(value)
    if not value:
        raise PrivacyError("Indiquez une adresse e-mail.")
    if problem is not None:
        raise PrivacyError(problem)
    folded = unicodedata.normalize("NFKC", typed).strip().casefold()
    return Address(value, tuple(dict.fromkeys((value, folded))))


def mentions(column: ColumnElement[str], found: Address) -> ColumnElement[bool]:
    """``column`` (text or JSON read as text) quotes the address, in any case, as typed or
    JSON-escaped (``\\u00e9``)."""
    spellings = {found.value, json.dumps(found.value)[1:-1]}
    return or_(*(contains(column, spelling) for spelling in spellings))


@dataclass(frozen=True, slots=True)
class Holdings:
    """The rows that hold one address."""

    address: Address
    account: User | None
    participants: list[Participant]
    invitations: list[Invitation]  # the participants' links and any link sent to the address
    mail_ids: list[int]  # messages to the address or about one of its participants
    quoting_mail_ids: list[int]  # messages to others that quote it (Reply-To, body)
    organisations: list[Organisation]  # the address is their contact
    campaigns: list[Campaign]  # the address is their contact
    login_attempts: int
    audit_event_ids: list[int]

    @property
    def response_ids(self) -> list[int]:
        return sorted({link.response_id for link in self.invitations if link.response_id})

    @property
    def empty(self) -> bool:
        return not (
            self.account
            or self.participants
            or self.invitations
            or self.mail_ids
            or self.quoting_mail_ids
            or self.organisations
            or self.campaigns
            or self.login_attempts
            or self.audit_event_ids
        )


def holdings(session: Session, found: Address) -> Holdings:
    """Every row holding ``found``: one query per table, whatever the number of campaigns."""
    forms = found.forms
    participants = list(
        session.scalars(
            select(Participant).where(Participant.email.in_(forms)).order_by(Participant.id)
        )
    )
    link_ids = [participant.invitation_id for participant in participants]
    invitations = list(
        session.scalars(
            select(Invitation)
            .where(or_(Invitation.email.in_(forms), Invitation.id.in_(link_ids)))
            .order_by(Invitation.id)
        )
    )
    refs = [ref(participant.id) for participant in participants]
    mail_ids = list(
        session.scalars(
            select(OutgoingMail.id)
            .where(or_(OutgoingMail.to_address.in_(forms), OutgoingMail.ref.in_(refs)))
            .order_by(OutgoingMail.id)
        )
    )
    quoting = list(
        session.scalars(
            select(OutgoingMail.id)
            .where(
                OutgoingMail.id.not_in(mail_ids) if mail_ids else true(),
                or_(
                    OutgoingMail.reply_to.in_(forms),
                    mentions(OutgoingMail.subject, found),
                    mentions(OutgoingMail.text_body, found),
                    mentions(func.coalesce(OutgoingMail.html_body, ""), found),
                ),
            )
            .order_by(OutgoingMail.id)
        )
    )
    audit_ids = list(
        session.scalars(
            select(AuditEvent.id)
            .where(
                or_(
                    mentions(func.coalesce(AuditEvent.target, ""), found),
                    mentions(cast(AuditEvent.detail, Text), found),
                )
            )
            .order_by(AuditEvent.id)
        )
    )
    return Holdings(
        address=found,
        account=session.scalar(select(User).where(User.email.in_(forms))),
        participants=participants,
        invitations=invitations,
        mail_ids=mail_ids,
        quoting_mail_ids=quoting,
        organisations=list(
            session.scalars(select(Organisation).where(Organisation.contact_email.in_(forms)))
        ),
        campaigns=list(session.scalars(select(Campaign).where(Campaign.contact_email.in_(forms)))),
        login_attempts=session.scalar(
            select(func.count(LoginAttempt.id)).where(LoginAttempt.email.in_(forms))
        )
        or 0,
        audit_event_ids=audit_ids,
    )
