"""The right to erasure: an address removed from every row that holds it.

What names the person goes (their participant rows, with names, structure, role, opt-out; the
messages sent to them, bodies included; failed and successful login attempts under the
address); what is about the campaign stays, made anonymous: a personal link loses its address
and stops working, a message to someone else loses the Reply-To, an audit event keeps its
action and date with the address masked (``j•••@ville.fr``). The responses started through the
address's personal links are anonymous once the link has no address; with ``with_answers`` they
are deleted too and the campaigns' aggregates recomputed.

An account with the address is refused (nothing is erased): an account signs the audit log
and its organisations' work, and is managed on the accounts page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coopassess.admin.accounts import ROLE_LABELS
from coopassess.auth.audit import audit
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import AuditEvent, LoginAttempt, OutgoingMail, utcnow
from coopassess.privacy.holdings import Holdings, PrivacyError
from coopassess.privacy.responses import delete_responses, recompute


class AccountHolds(PrivacyError):
    """The address is an account's: erase nothing (see the module's docstring)."""

    def __init__(self, role: str, user_id: int) -> None:
        super().__init__(
            f"Cette adresse est celle d'un compte de l'application (rôle : "
            f"{ROLE_LABELS.get(role, role).lower()}) : rien n'a été effacé. Un compte ne "
            "s'efface pas d'ici, car il signe le journal et le travail de ses organisations ; "
            "désactivez-le depuis la page « Comptes », puis traitez la demande avec "
            "l'administrateur de l'application."
        )
        self.user_id = user_id


@dataclass(frozen=True, slots=True)
class Erasure:
    masked: str
    participants: int
    links: int
    messages: int
    quoting_messages: int
    contacts: int
    login_attempts: int
    audit_events: int
    responses: int  # deleted (with_answers)
    kept_responses: int  # made anonymous, kept (without with_answers)
    campaigns_recomputed: int

    def counts(self) -> dict[str, Any]:
        """What the audit log keeps of the erasure: the masked address and numbers."""
        return {
            "email": self.masked,
            "participants": self.participants,
            "liens": self.links,
            "messages": self.messages,
            "reponses_supprimees": self.responses,
            "reponses_conservees": self.kept_responses,
            "journal": self.audit_events,
        }

    def summary(self) -> list[str]:
        """The French lines a person reads after the erasure."""
        lines = [
            f"Adresse {self.masked} effacée :",
            f"{self.participants} inscription(s) à une campagne supprimée(s) (nom, structure, "
            "fonction, désinscription) ;",
            f"{self.links} lien(s) personnel(s) détaché(s) de l'adresse et désactivé(s) ;",
            f"{self.messages} message(s) envoyé(s) à cette adresse supprimé(s), textes compris ;",
            f"{self.quoting_messages} autre(s) message(s) où l'adresse figurait, masquée ;",
            f"{self.contacts} fiche(s) où elle était le contact, vidée(s) ;",
            f"{self.login_attempts} tentative(s) de connexion supprimée(s) ;",
            f"{self.audit_events} événement(s) du journal où elle figurait, masquée.",
        ]
        if self.responses:
            lines.append(
                f"{self.responses} réponse(s) supprimée(s) avec leurs réponses aux questions ; "
                f"résultats de {self.campaigns_recomputed} campagne(s) recalculés."
            )
        elif self.kept_responses:
            lines.append(
                f"{self.kept_responses} réponse(s) conservée(s), désormais anonyme(s) "
                "(sans lien avec l'adresse)."
            )
        return lines


def erase(
    session: Session,
    instruments: InstrumentRegistry,
    found: Holdings,
    *,
    with_answers: bool,
    actor_id: int | None,
    source: str,
) -> Erasure:
    """Erase ``found`` and log it (masked), commit, then recompute the aggregates touched."""
    if found.account is not None:
        raise AccountHolds(found.account.role, found.account.id)
    now = utcnow()
    forms = found.address.forms
    pattern = re.compile("|".join(re.escape(form) for form in forms), re.IGNORECASE)
    masked = found.address.masked
    response_ids = found.response_ids
    for link in found.invitations:
        link.email = None
        if link.revoked_at is None:
            link.revoked_at = now
    for participant in found.participants:
        session.delete(participant)
    session.flush()
    if found.mail_ids:
        session.execute(delete(OutgoingMail).where(OutgoingMail.id.in_(found.mail_ids)))
    for mail in session.scalars(
        select(OutgoingMail).where(OutgoingMail.id.in_(found.quoting_mail_ids))
    ):
        if mail.reply_to in forms:
            mail.reply_to = None
        mail.subject = pattern.sub(masked, mail.subject)
        mail.text_body = pattern.sub(masked, mail.text_body)
        mail.html_body = pattern.sub(masked, mail.html_body) if mail.html_body else None
    for organisation in found.organisations:
        organisation.contact_email = None
        organisation.contact_name = None
    for campaign in found.campaigns:
        campaign.contact_email = None
    session.execute(delete(LoginAttempt).where(LoginAttempt.email.in_(forms)))
    for event in session.scalars(
        select(AuditEvent).where(AuditEvent.id.in_(found.audit_event_ids))
    ):
        event.target = pattern.sub(masked, event.target) if event.target else None
        event.detail = _masked(event.detail or {}, pattern, masked)
    deleted_in = delete_responses(session, response_ids) if with_answers else []
    erasure = Erasure(
        masked=masked,
        participants=len(found.participants),
        links=len(found.invitations),
        messages=len(found.mail_ids),
        quoting_messages=len(found.quoting_mail_ids),
        contacts=len(found.organisations) + len(found.campaigns),
        login_attempts=found.login_attempts,
        audit_events=len(found.audit_event_ids),
        responses=len(response_ids) if with_answers else 0,
        kept_responses=0 if with_answers else len(response_ids),
        campaigns_recomputed=len(deleted_in),
    )
    audit(
        session,
        "privacy.erase",
        actor_id=actor_id,
        detail={**erasure.counts(), "origine": source},
    )
    session.commit()
    recompute(session, instruments, deleted_in)
    return erasure


def _masked(value: Any, pattern: re.Pattern[str], masked: str) -> Any:
    """``value`` (JSON) with every quote of the address masked."""
    if isinstance(value, str):
        return pattern.sub(masked, value)
    if isinstance(value, list):
        return [_masked(item, pattern, masked) for item in value]
    if isinstance(value, dict):
        return {
            pattern.sub(masked, key): _masked(item, pattern, masked) for key, item in value.items()
        }
    return value
