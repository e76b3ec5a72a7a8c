"""Open actions carried over into the organisation's new campaign.

Offered: the organisation's open actions (« à lancer », « en cours ») not carried already — of
a chain of copies only the latest is offered, so an action is carried once — in campaigns not
archived. Each confirmed one is copied into the new campaign (``carried_from_id`` set, status,
owner, due date and notes kept) with a first history entry « Reprise de la campagne … »; the
original stays in its campaign unchanged. A copy keeps its dimension when the new campaign
still asks its questionnaire (on its instrument version), else it is attached to the démarche
with a note saying why. Helpers flush; the caller commits."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopassess.actions.service import STATUS_LABELS
from coopassess.consult.reference import campaign_date
from coopassess.followup.labels import dimension_label
from coopassess.followup.queries import live_open
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Action, ActionStatusChange, Campaign


@dataclass(frozen=True, slots=True)
class Carriable:
    """An open action the new campaign may take over, as the form lists it."""

    id: int
    title: str
    owner: str | None
    due_on: date | None
    status: str
    dimension: str  # its label, or « la démarche »
    campaign: str  # where it is now: « Réemploi BTP (03/2025) »

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _campaign_name(campaign: Campaign) -> str:
    return f"«\u00a0{campaign.demarche}\u00a0» ({campaign_date(campaign):%m/%Y})"


def _open_actions(
    session: Session, organisation_id: int, ids: Collection[int] | None = None
) -> list[tuple[Action, Campaign]]:
    query = (
        select(Action, Campaign)
        .join(Campaign, Campaign.id == Action.campaign_id)
        .where(Campaign.organisation_id == organisation_id, live_open())
        .order_by(Campaign.id, Action.due_on.is_(None), Action.due_on, Action.id)
    )
    if ids is not None:
        query = query.where(Action.id.in_(list(ids)))
    return [(row.Action, row.Campaign) for row in session.execute(query)]


def carriable(
    session: Session, instruments: InstrumentRegistry, organisation_id: int
) -> list[Carriable]:
    """The actions the new campaign of ``organisation_id`` may take over (one query)."""
    return [
        Carriable(
            action.id,
            action.title,
            action.owner,
            action.due_on,
            action.status,
            dimension_label(instruments, campaign.instrument_version, action),
            _campaign_name(campaign),
        )
        for action, campaign in _open_actions(session, organisation_id)
    ]


def carry_over(
    session: Session,
    instruments: InstrumentRegistry,
    campaign: Campaign,
    action_ids: Collection[int],
    user_id: int | None,
) -> list[Action]:
    """Copy the chosen actions into ``campaign`` (ids that are not offered are ignored)."""
    if not action_ids:
        return []
    instrument = instruments.get(campaign.instrument_version)
    asked = {
        dimension.id
        for qid, questionnaire in instrument.questionnaires.items()
        if qid in campaign.modules
        for dimension in questionnaire.dimensions
    }
    copies = []
    for action, origin in _open_actions(session, campaign.organisation_id, action_ids):
        if origin.id == campaign.id:
            continue
        kept = action.questionnaire is None or (
            action.questionnaire in campaign.modules
            and (action.dimension is None or action.dimension in asked)
        )
        notes = action.notes
        if not kept:
            label = dimension_label(instruments, origin.instrument_version, action)
            moved = (
                f"Rattachée à la démarche\u00a0: «\u00a0{label}\u00a0» n'est pas évaluée "
                "dans cette campagne."
            )
            notes = f"{notes}\n\n{moved}" if notes else moved
        copy = Action(
            campaign_id=campaign.id,
            questionnaire=action.questionnaire if kept else None,
            dimension=action.dimension if kept else None,
            title=action.title,
            description=action.description,
            owner=action.owner,
            due_on=action.due_on,
            status=action.status,
            notes=notes,
            source=action.source,
            carried_from_id=action.id,
            created_by_id=user_id,
        )
        copy.changes.append(
            ActionStatusChange(
                from_status=None,
                to_status=action.status,
                changed_by_id=user_id,
                note=f"Reprise de la campagne {_campaign_name(origin)}"[:300],
            )
        )
        session.add(copy)
        copies.append(copy)
    session.flush()
    return copies
