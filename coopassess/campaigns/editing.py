"""Changing a campaign after it was opened: its name, dates and sharing at any time; its
questionnaires and instrument version only until the first response (answers are pinned to
what their respondent saw); archiving one with responses, deleting one without.

Every change goes to the audit log with its author. Helpers flush; the caller commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopassess.auth.audit import audit, update_logged
from coopassess.campaigns.frozen import erased_responses
from coopassess.campaigns.service import OPTIONAL_MODULES, CampaignError
from coopassess.models import Campaign, Response, User, utcnow


class CampaignErrors(CampaignError):
    """Every problem of an edit at once: (field, French message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(" ".join(message for _, message in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class CampaignEdit:
    demarche: str
    opens_on: date | None
    closes_on: date | None
    results_shared: bool
    modules: tuple[str, ...]
    instrument_version: str
    address_retention_months: int
    answer_retention_months: int


# Bounds of the retention periods, in months after closing (docs/retention.md).
ADDRESS_MONTHS = (0, 24)
ANSWER_MONTHS = (1, 120)


def retention_problems(addresses: int, answers: int) -> list[tuple[str, str]]:
    """What is wrong with two retention periods (months), in French."""
    problems = []
    if not ADDRESS_MONTHS[0] <= addresses <= ADDRESS_MONTHS[1]:
        problems.append(
            (
                "address_retention_months",
                "Les adresses se conservent de 0 à 24 mois après la clôture.",
            )
        )
    if not ANSWER_MONTHS[0] <= answers <= ANSWER_MONTHS[1]:
        problems.append(
            (
                "answer_retention_months",
                "Les réponses individuelles se conservent de 1 à 120 mois après la clôture.",
            )
        )
    elif answers < addresses:
        problems.append(
            (
                "answer_retention_months",
                "Les réponses individuelles se conservent au moins aussi longtemps que les "
                "adresses.",
            )
        )
    return problems


def response_count(session: Session, campaign: Campaign) -> int:
    """Responses started or submitted (erased ones too, once retention ran out): once there is
    one, what was asked is fixed."""
    stored = (
        session.scalar(select(func.count(Response.id)).where(Response.campaign_id == campaign.id))
        or 0
    )
    return stored + erased_responses(campaign)


def update(
    session: Session,
    campaign: Campaign,
    edit: CampaignEdit,
    *,
    versions: Sequence[str],
    today: date,
    author: User,
) -> list[str]:
    """Apply ``edit``; the names of the fields that changed (logged). Refused as a whole,
    with every reason, when one part is not allowed."""
    problems: list[tuple[str, str]] = []
    demarche = " ".join(edit.demarche.split())
    if not 3 <= len(demarche) <= 200:
        problems.append(("demarche", "Le nom de la démarche doit compter de 3 à 200 caractères."))
    if edit.opens_on and edit.closes_on and edit.closes_on < edit.opens_on:
        problems.append(("closes_on", "La date de clôture précède la date d'ouverture."))
    elif (
        campaign.status == "open"
        and edit.closes_on is not None
        and edit.closes_on != campaign.closes_on
        and edit.closes_on < today
    ):
        problems.append(
            (
                "closes_on",
                "Cette date de clôture est passée\u00a0: les liens ne fonctionneraient plus.",
            )
        )
    unknown = [m for m in edit.modules if m not in ("COOP", *OPTIONAL_MODULES)]
    if unknown:
        problems.append(("modules", f"Questionnaires inconnus\u00a0: {', '.join(unknown)}."))
    modules = ["COOP", *(m for m in OPTIONAL_MODULES if m in edit.modules)]
    if edit.instrument_version not in versions:
        problems.append(("instrument_version", "Version du questionnaire inconnue."))
    fixed_changed = modules != list(campaign.modules) or (
        edit.instrument_version != campaign.instrument_version
    )
    if fixed_changed and response_count(session, campaign):
        problems.append(
            (
                "modules",
                "Des réponses ont déjà été reçues\u00a0: les questionnaires et la version "
                "ne peuvent "
                "plus changer (les réponses restent attachées à ce que les répondants ont vu).",
            )
        )
    problems.extend(retention_problems(edit.address_retention_months, edit.answer_retention_months))
    if problems:
        raise CampaignErrors(problems)
    wanted = {
        "demarche": demarche,
        "opens_on": edit.opens_on,
        "closes_on": edit.closes_on,
        "results_shared": edit.results_shared,
        "modules": modules,
        "instrument_version": edit.instrument_version,
        "address_retention_months": edit.address_retention_months,
        "answer_retention_months": edit.answer_retention_months,
    }
    changed = update_logged(
        session,
        campaign,
        wanted,
        action="campaign.update",
        actor_id=author.id,
        target=f"campaign:{campaign.id}",
    )
    session.flush()
    return changed


def archive(
    session: Session, campaign: Campaign, author: User, now: datetime | None = None
) -> bool:
    """Hide the campaign from the lists, keeping its answers. False if it already was."""
    if campaign.archived_at is not None:
        return False
    campaign.archived_at = now or utcnow()
    audit(session, "campaign.archive", actor_id=author.id, target=f"campaign:{campaign.id}")
    return True


def restore(session: Session, campaign: Campaign, author: User) -> bool:
    if campaign.archived_at is None:
        return False
    campaign.archived_at = None
    audit(session, "campaign.restore", actor_id=author.id, target=f"campaign:{campaign.id}")
    return True


def delete(session: Session, campaign: Campaign, author: User) -> None:
    """Delete a campaign nobody answered (its invitation links with it)."""
    if response_count(session, campaign):
        raise CampaignError(
            "Des réponses ont été reçues\u00a0: la campagne ne peut qu'être archivée."
        )
    audit(
        session,
        "campaign.delete",
        actor_id=author.id,
        target=f"campaign:{campaign.id}",
        detail={"name": campaign.demarche, "organisation": campaign.organisation_id},
    )
    session.delete(campaign)
    session.flush()
