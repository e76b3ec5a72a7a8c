"""A campaign's information notice from the database's facts, and its recorded versions.

Each distinct text an organisation shows is stored once in ``privacy_notice`` (numbered per
organisation); the welcome page's POST names it on the response it starts. Helpers flush; the
caller commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coopassess.auth.audit import update_logged
from coopassess.common import emails
from coopassess.common.field_errors import FieldErrors
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Campaign, Organisation, PrivacyNotice, User
from coopassess.privacy.notice import MAX_ADDITIONS, Notice, NoticeFacts, compose

# The organisation's notice settings, as typed on its « Données personnelles » page.
SETTINGS = ("controller_name", "dpo_name", "dpo_email", "dpo_address", "notice_text")
_LIMITS = {"controller_name": 200, "dpo_name": 200, "dpo_address": 500}


class SettingsErrors(FieldErrors):
    """What is wrong with typed notice settings."""


@dataclass(frozen=True, slots=True)
class Operator:
    """What the instance's configuration adds to every notice."""

    dpo_contact: str | None  # DPO_CONTACT: the default contact when an organisation has none
    cookie_hours: int  # PERMANENT_SESSION_LIFETIME
    attempt_minutes: int  # LINK_FAILURE_WINDOW


def facts(campaign: Campaign, instruments: InstrumentRegistry, operator: Operator) -> NoticeFacts:
    organisation = campaign.organisation
    instrument = instruments.get(campaign.instrument_version)
    if organisation.dpo_email:
        contact, dpo = organisation.dpo_email, True
    elif operator.dpo_contact:
        contact, dpo = operator.dpo_contact, True
    else:
        contact, dpo = organisation.contact_email or campaign.contact_email, False
    return NoticeFacts(
        organisation=organisation.name,
        controller=organisation.controller_name or organisation.name,
        contact=contact,
        dpo=dpo,
        dpo_name=organisation.dpo_name if organisation.dpo_email else None,
        dpo_address=organisation.dpo_address if organisation.dpo_email else None,
        demarche=campaign.demarche,
        modules=tuple(
            instrument.questionnaires[module].title.fr
            for module in campaign.modules
            if module in instrument.questionnaires
        ),
        profile=tuple(question.question.fr for question in instrument.profile),
        anonymous=campaign.anonymous,
        minimum=instrument.parameters.min_respondents_aggregate,
        address_months=campaign.address_retention_months,
        answer_months=campaign.answer_retention_months,
        results_shared=campaign.results_shared,
        cookie_hours=operator.cookie_hours,
        attempt_minutes=operator.attempt_minutes,
        additions=organisation.notice_text,
    )


def campaign_notice(
    campaign: Campaign, instruments: InstrumentRegistry, operator: Operator
) -> Notice:
    return compose(facts(campaign, instruments, operator))


def record(session: Session, organisation_id: int, notice: Notice) -> PrivacyNotice:
    """The stored version of ``notice`` (found by its sha256, or added as the organisation's
    next version). Two first starts at once: the loser of the insert reads the winner's row."""
    found = _find(session, organisation_id, notice.text_hash)
    if found is not None:
        return found
    latest = session.scalar(
        select(func.max(PrivacyNotice.version)).where(
            PrivacyNotice.organisation_id == organisation_id
        )
    )
    row = PrivacyNotice(
        organisation_id=organisation_id,
        version=(latest or 0) + 1,
        text_hash=notice.text_hash,
        text=notice.text,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        found = _find(session, organisation_id, notice.text_hash)
        if found is None:
            raise
        return found
    return row


def _find(session: Session, organisation_id: int, text_hash: str) -> PrivacyNotice | None:
    return session.scalar(
        select(PrivacyNotice).where(
            PrivacyNotice.organisation_id == organisation_id,
            PrivacyNotice.text_hash == text_hash,
        )
    )


def settings_of(organisation: Organisation) -> dict[str, str]:
    return {name: getattr(organisation, name) or "" for name in SETTINGS}


def update_settings(
    session: Session, organisation: Organisation, values: dict[str, str], author: User
) -> list[str]:
    """Store the typed settings (every problem at once otherwise); the names of the fields
    that changed, logged. The next response started gets the new notice as a new version."""
    typed = {name: str(values.get(name, "") or "").strip() for name in SETTINGS}
    clean: dict[str, str | None] = {}
    problems: list[tuple[str, str]] = []
    for name, limit in _LIMITS.items():
        value = " ".join(typed[name].split())
        if len(value) > limit:
            problems.append((name, f"Ce champ compte au plus {limit} caractères."))
        clean[name] = value or None
    address = emails.normalise(typed["dpo_email"])
    if address and (problem := emails.problem(address)):
        problems.append(("dpo_email", problem))
    clean["dpo_email"] = address or None
    text = typed["notice_text"].replace("\r\n", "\n")
    if len(text) > MAX_ADDITIONS:
        problems.append(("notice_text", f"Le texte compte au plus {MAX_ADDITIONS} caractères."))
    clean["notice_text"] = text or None
    if (clean["dpo_name"] or clean["dpo_address"]) and not clean["dpo_email"]:
        problems.append(
            ("dpo_email", "Indiquez l'adresse e-mail du délégué à la protection des données.")
        )
    if problems:
        raise SettingsErrors(problems)
    return update_logged(
        session,
        organisation,
        clean,
        action="organisation.notice",
        actor_id=author.id,
        target=f"organisation:{organisation.id}",
    )
