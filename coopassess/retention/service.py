"""What the retention periods of each campaign make due, and erasing it.

A campaign's clock starts when it closed: ``closed_at``, or, for a campaign left open past its
closing day (its links refuse since), the end of that day. ``address_retention_months`` after
it, the participants' addresses go (participant rows with their names, structure and role,
the addresses of the personal links, the stored messages sent to them); after
``answer_retention_months``, the responses and their answers go, the results as they stood
kept on the campaign (``campaigns.frozen``) with its summary, which is never recomputed again.
An open campaign is never purged; reopening resets the clock. Every step is idempotent.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.orm import Session

from coopassess.auth.audit import audit
from coopassess.campaigns.frozen import make_snapshot
from coopassess.campaigns.results import campaign_results, respondent_profiles
from coopassess.campaigns.summaries import stale_campaigns, store
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import (
    Answer,
    AuditEvent,
    Campaign,
    Invitation,
    LoginAttempt,
    MailBatch,
    OutgoingMail,
    Participant,
    Response,
    ResponseComment,
)

PARIS = ZoneInfo("Europe/Paris")
# Bodies of delivered messages hold personal links: blanked this many days after sending.
SENT_BODY_DAYS = 30
# Sign-in attempts (address typed, IP address) serve the limits, which count minutes, and the
# investigation of an incident, as does the IP address of an audit entry: kept six months
# (the CNIL's recommendation for such logs), then the attempt is deleted and the entry's IP
# address emptied (the entry itself, who did what, stays).
SECURITY_LOG_DAYS = 180


@dataclass(frozen=True, slots=True)
class Purge:
    """What erasing a campaign's expired data removes (or removed): counts, never addresses."""

    campaign: Campaign
    closed_at: datetime
    addresses_due: bool
    answers_due: bool
    addresses: int
    responses: int
    answers: int


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` later (the last day of a shorter month)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def closed_since(campaign: Campaign, now: datetime) -> datetime | None:
    """When the campaign stopped taking responses, or None while it takes them."""
    if campaign.status == "closed" and campaign.closed_at is not None:
        return campaign.closed_at
    if campaign.closes_on is not None and campaign.status != "draft":
        end = _end_of_day(campaign.closes_on)
        return end if end <= now else None
    return None


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a closed campaign's addresses and answers go (or went)."""

    closed_at: datetime
    addresses_until: datetime
    answers_until: datetime


def schedule(campaign: Campaign, now: datetime) -> Schedule | None:
    """The campaign's retention dates, or None while it takes responses."""
    closed_at = closed_since(campaign, now)
    if closed_at is None:
        return None
    return Schedule(
        closed_at,
        add_months(closed_at, campaign.address_retention_months),
        add_months(closed_at, campaign.answer_retention_months),
    )


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=PARIS).astimezone(UTC)


def due(session: Session, now: datetime) -> list[Purge]:
    """Every campaign with addresses or answers whose period ran out, with what would go."""
    candidates = session.scalars(
        select(Campaign)
        .where(
            Campaign.status != "draft",
            or_(Campaign.addresses_purged_at.is_(None), Campaign.answers_purged_at.is_(None)),
            or_(Campaign.status == "closed", Campaign.closes_on.is_not(None)),
        )
        .order_by(Campaign.id)
    ).all()
    found = []
    for campaign in candidates:
        closed_at = closed_since(campaign, now)
        if closed_at is None:
            continue
        answers_due = campaign.answers_purged_at is None and now >= add_months(
            closed_at, campaign.answer_retention_months
        )
        addresses_due = campaign.addresses_purged_at is None and (
            answers_due or now >= add_months(closed_at, campaign.address_retention_months)
        )
        if addresses_due or answers_due:
            found.append(_counted(session, campaign, closed_at, addresses_due, answers_due))
    return found


def _counted(
    session: Session, campaign: Campaign, closed_at: datetime, addresses: bool, answers: bool
) -> Purge:
    n_addresses = _address_count(session, campaign.id) if addresses else 0
    n_responses = n_answers = 0
    if answers:
        n_responses = session.scalar(
            select(func.count(Response.id)).where(Response.campaign_id == campaign.id)
        )
        n_answers = session.scalar(
            select(func.count(Answer.id)).where(Answer.response_id.in_(_responses(campaign.id)))
        )
    return Purge(
        campaign, closed_at, addresses, answers, n_addresses, n_responses or 0, n_answers or 0
    )


def _responses(campaign_id: int) -> Select:
    return select(Response.id).where(Response.campaign_id == campaign_id)


def _mails(campaign_id: int) -> ColumnElement[bool]:
    """The stored messages tied to the campaign: of its batches, or naming its participants."""
    refs = select(literal("participant:", String) + cast(Participant.id, String)).where(
        Participant.campaign_id == campaign_id
    )
    return or_(
        OutgoingMail.batch_id.in_(select(MailBatch.id).where(MailBatch.campaign_id == campaign_id)),
        OutgoingMail.ref.in_(refs),
    )


def _address_count(session: Session, campaign_id: int) -> int:
    addresses = union(
        select(Participant.email.label("address")).where(Participant.campaign_id == campaign_id),
        select(Invitation.email).where(
            Invitation.campaign_id == campaign_id, Invitation.email.is_not(None)
        ),
        select(OutgoingMail.to_address).where(_mails(campaign_id)),
    ).subquery()
    return session.scalar(select(func.count()).select_from(addresses)) or 0


def purge(
    session: Session, instruments: InstrumentRegistry, now: datetime, *, dry_run: bool = False
) -> list[Purge]:
    """Erase what is due (nothing with ``dry_run``); what was (or would be) erased. The caller
    commits."""
    found = due(session, now)
    if dry_run:
        return found
    for item in found:
        campaign = item.campaign
        if campaign.status == "open":  # left open past its closing day: closed at its end
            campaign.status, campaign.closed_at = "closed", item.closed_at
        if item.addresses_due:
            erase_addresses(session, campaign, now)
        if item.answers_due:
            erase_answers(session, instruments, campaign, now)
        audit(
            session,
            "campaign.purge",
            target=f"campaign:{campaign.id}",
            detail={
                "addresses": item.addresses,
                "responses": item.responses,
                "answers": item.answers,
            },
            at=now,
        )
    session.flush()
    return found


def erase_addresses(session: Session, campaign: Campaign, now: datetime) -> None:
    """The participants (their address, names, structure, role and opt-out), the address of
    each personal link, and the stored messages of the campaign (their bodies hold the links).
    The links stay, unusable as the campaign is closed: the counts of invited people hold."""
    session.execute(
        delete(OutgoingMail).where(_mails(campaign.id)).execution_options(synchronize_session=False)
    )
    session.execute(
        delete(Participant)
        .where(Participant.campaign_id == campaign.id)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Invitation)
        .where(Invitation.campaign_id == campaign.id, Invitation.email.is_not(None))
        .values(email=None)
        .execution_options(synchronize_session=False)
    )
    campaign.addresses_purged_at = now


def erase_answers(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign, now: datetime
) -> None:
    """Keep the results and the summary as they stand, then delete the responses (their
    answers and comments go with them)."""
    for stale, key in stale_campaigns(session, Campaign.id == campaign.id):
        store(session, stale, campaign_results(session, instruments, stale, key), key)
    results = campaign_results(session, instruments, campaign)
    by_structure, by_role = respondent_profiles(session, campaign)
    first, last = session.execute(
        select(func.min(Response.submitted_at), func.max(Response.submitted_at)).where(
            Response.campaign_id == campaign.id, Response.submitted_at.is_not(None)
        )
    ).one()
    answered = (first, last) if first is not None else None
    responses = session.scalar(
        select(func.count(Response.id)).where(Response.campaign_id == campaign.id)
    )
    campaign.results_snapshot = make_snapshot(
        results, by_structure, by_role, answered, responses or 0
    )
    for rows in (Answer, ResponseComment):  # comments are individual free text: they go too
        session.execute(
            delete(rows)
            .where(rows.response_id.in_(_responses(campaign.id)))
            .execution_options(synchronize_session=False)
        )
    session.execute(
        update(Invitation)
        .where(Invitation.campaign_id == campaign.id, Invitation.response_id.is_not(None))
        .values(response_id=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(Response)
        .where(Response.campaign_id == campaign.id)
        .execution_options(synchronize_session=False)
    )
    campaign.answers_purged_at = now


def _old_sent_bodies(now: datetime, days: int) -> ColumnElement[bool]:
    return and_(
        OutgoingMail.status == "sent",
        OutgoingMail.sent_at < now - timedelta(days=days),
        or_(OutgoingMail.text_body != "", OutgoingMail.html_body.is_not(None)),
    )


def sent_bodies_due(session: Session, now: datetime, days: int = SENT_BODY_DAYS) -> int:
    """How many delivered messages still hold their body ``days`` after sending."""
    return (
        session.scalar(select(func.count(OutgoingMail.id)).where(_old_sent_bodies(now, days))) or 0
    )


def blank_sent_bodies(session: Session, now: datetime, days: int = SENT_BODY_DAYS) -> int:
    """Empty the bodies of messages delivered more than ``days`` ago, for every campaign and
    account (they hold personal links in clear); the row stays for the follow-up. Their number."""
    result = session.execute(
        update(OutgoingMail)
        .where(_old_sent_bodies(now, days))
        .values(text_body="", html_body=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _old_attempts(now: datetime, days: int) -> ColumnElement[bool]:
    return LoginAttempt.at < now - timedelta(days=days)


def _old_addresses(now: datetime, days: int) -> ColumnElement[bool]:
    return and_(AuditEvent.at < now - timedelta(days=days), AuditEvent.address.is_not(None))


def security_logs_due(
    session: Session, now: datetime, days: int = SECURITY_LOG_DAYS
) -> tuple[int, int]:
    """(sign-in attempts, audit entries with an IP address) older than ``days``."""
    attempts = session.scalar(select(func.count(LoginAttempt.id)).where(_old_attempts(now, days)))
    entries = session.scalar(select(func.count(AuditEvent.id)).where(_old_addresses(now, days)))
    return attempts or 0, entries or 0


def expire_security_logs(
    session: Session, now: datetime, days: int = SECURITY_LOG_DAYS
) -> tuple[int, int]:
    """Delete the sign-in attempts older than ``days`` and empty the IP address of the audit
    entries as old; (attempts deleted, entries emptied)."""
    attempts = session.execute(
        delete(LoginAttempt)
        .where(_old_attempts(now, days))
        .execution_options(synchronize_session=False)
    )
    entries = session.execute(
        update(AuditEvent)
        .where(_old_addresses(now, days))
        .values(address=None)
        .execution_options(synchronize_session=False)
    )
    return attempts.rowcount or 0, entries.rowcount or 0
