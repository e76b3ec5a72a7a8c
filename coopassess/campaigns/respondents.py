"""The consultant's view of a campaign's respondents (§7.3): pseudonymised individual scores
and answers, data-quality flags, and exclusions from the aggregate — with a reason, reversible,
and every change in the audit log. Never shown to the organisation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopassess.auth.audit import audit
from coopassess.campaigns.queries import SUBMISSION_ORDER, submitted_filter
from coopassess.campaigns.results import campaign_respondents, campaign_results
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import AuditEvent, Campaign, Response, User, utcnow
from coopassess.scoring.answers import RespondentAnswers
from coopassess.scoring.respondent import respondent_indices, score_respondent
from coopassess.scoring.results import RespondentResult

REASON_MIN, REASON_MAX = 5, 500
EXCLUSION_ACTIONS = ("response.excluded", "response.reincluded")


class ExclusionError(ValueError):
    """A change the consultant asked for that cannot be made (message in French)."""


@dataclass(frozen=True, slots=True)
class Respondent:
    pseudonym: str
    response: Response
    answers: RespondentAnswers
    scores: RespondentResult
    indices: dict[str, float | None]  # questionnaire id → individual index (IMC, IAC, IDT)


def respondents(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign
) -> list[Respondent]:
    """Every submitted response of the campaign's version, excluded ones included, in
    submission order. Counted respondents come from the campaign's Results (scored once);
    only excluded ones are scored on their own."""
    people = campaign_respondents(session, campaign, with_excluded=True)
    responses = session.scalars(
        select(Response).where(*submitted_filter(campaign)).order_by(*SUBMISSION_ORDER)
    ).all()
    results = campaign_results(session, instruments, campaign)
    counted = {result.id: result for result in results.respondents}
    version = instruments.get(campaign.instrument_version)
    return [
        Respondent(
            pseudonym=person.id,
            response=response,
            answers=person,
            scores=counted.get(person.id) or score_respondent(version, person.id, person.answers),
            indices=respondent_indices(version, person.answers),
        )
        for person, response in zip(people, responses, strict=True)
    ]


def find(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign, pseudonym: str
) -> Respondent | None:
    people = respondents(session, instruments, campaign)
    return next((r for r in people if r.pseudonym == pseudonym), None)


def exclude(session: Session, respondent: Respondent, actor: User, reason: str) -> None:
    """Leave a respondent out of the aggregate; the reason is required and logged."""
    reason = " ".join(reason.split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise ExclusionError(
            f"Indiquez le motif de l'exclusion ({REASON_MIN} à {REASON_MAX} caractères)."
        )
    response = respondent.response
    if response.excluded:
        raise ExclusionError(f"{respondent.pseudonym} est déjà exclu de l'agrégat.")
    response.excluded_at = utcnow()
    response.excluded_reason = reason
    response.excluded_by_id = actor.id
    _log(session, "response.excluded", respondent, actor, reason)


def reinclude(session: Session, respondent: Respondent, actor: User) -> None:
    """Count an excluded respondent again; logged with the reason it had been excluded for."""
    response = respondent.response
    if not response.excluded:
        raise ExclusionError(f"{respondent.pseudonym} est déjà compté dans l'agrégat.")
    previous = response.excluded_reason
    response.excluded_at = None
    response.excluded_reason = None
    response.excluded_by_id = None
    _log(session, "response.reincluded", respondent, actor, previous)


def history(session: Session, campaign: Campaign) -> list[tuple[AuditEvent, str | None]]:
    """Exclusions and reinclusions of the campaign, newest first, with the actor's e-mail."""
    rows = session.execute(
        select(AuditEvent, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.action.in_(EXCLUSION_ACTIONS),
            AuditEvent.target == f"campaign:{campaign.id}",
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()
    return [(event, email) for event, email in rows]


def _log(
    session: Session, action: str, respondent: Respondent, actor: User, reason: str | None
) -> None:
    audit(
        session,
        action,
        actor_id=actor.id,
        target=f"campaign:{respondent.response.campaign_id}",
        detail={
            "respondent": respondent.pseudonym,
            "response_id": respondent.response.id,
            "reason": reason,
        },
    )
