"""The evolution's follow-up: per step (T0 → T1…), each dimension's score change beside the
actions done on it during the step (``coopassess.scoring.followup`` has the rules). Reads the
organisation's actions in one query, whatever the number of dimensions and campaigns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopassess.campaigns.service import CAMPAIGN_TIMEZONE
from coopassess.consult.reference import campaign_date, submission_periods
from coopassess.followup.labels import dimension_label
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Action, Campaign
from coopassess.scoring.compare import compare
from coopassess.scoring.followup import DoneAction, StepFollowup, Window, followup_steps
from coopassess.scoring.results import Results


def done_actions(
    session: Session, instruments: InstrumentRegistry, organisation_id: int
) -> list[DoneAction]:
    """The organisation's actions marked « faite », each with the first action of its chain of
    carried copies (one query over every action of the organisation)."""
    rows = session.execute(
        select(Action, Campaign.instrument_version)
        .join(Campaign, Campaign.id == Action.campaign_id)
        .where(Campaign.organisation_id == organisation_id)
    ).all()
    parents = {row.Action.id: row.Action.carried_from_id for row in rows}

    def chain(action_id: int) -> int:
        seen = {action_id}
        while (parent := parents.get(action_id)) is not None and parent not in seen:
            seen.add(parent)
            action_id = parent
        return action_id

    return [
        DoneAction(
            chain(action.id),
            action.campaign_id,
            action.title,
            action.owner,
            action.questionnaire,
            action.dimension,
            dimension_label(instruments, version, action),
            action.done_at,
        )
        for action, version in rows
        if action.status == "done" and action.done_at is not None
    ]


def _day_start(campaign: Campaign) -> datetime:
    """When the campaign opened: the start of its opening day (Paris), else its creation."""
    if campaign.opens_on is None:
        return campaign.created_at
    return datetime.combine(campaign.opens_on, time(), CAMPAIGN_TIMEZONE).astimezone(UTC)


def windows(
    campaigns: Sequence[Campaign],
    codes: Sequence[str],
    periods: dict[int, tuple[datetime, datetime]],
) -> list[Window]:
    """One window per step: from the previous campaign's results (its opening, for the first
    step) to the current campaign's results (its last submitted response; without one, the
    end of the day it is placed at)."""

    def results_at(campaign: Campaign) -> datetime:
        if campaign.id in periods:
            return periods[campaign.id][1]
        day = campaign_date(campaign) + timedelta(days=1)
        return datetime.combine(day, time(), CAMPAIGN_TIMEZONE).astimezone(UTC)

    found = []
    for position in range(1, len(campaigns)):
        before, after = campaigns[position - 1], campaigns[position]
        start = _day_start(before) if position == 1 else results_at(before)
        found.append(Window(codes[position - 1], codes[position], start, results_at(after)))
    return found


def evolution_followup(
    session: Session,
    instruments: InstrumentRegistry,
    campaigns: Sequence[Campaign],
    codes: Sequence[str],
    results: Sequence[Results],
) -> list[StepFollowup]:
    """The steps of an organisation's evolution (its compared campaigns, in order, with their
    codes and results) and the actions done during each."""
    if len(campaigns) < 2:
        return []
    instrument = instruments.get(campaigns[0].instrument_version)
    labels = {
        dimension.id: dimension.label.fr for dimension in instrument.dimensions_by_id.values()
    }
    periods = submission_periods(session, [campaign.id for campaign in campaigns])
    return followup_steps(
        compare(results).rows,
        labels,
        windows(campaigns, codes, periods),
        done_actions(session, instruments, campaigns[0].organisation_id),
    )
