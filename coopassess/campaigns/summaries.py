"""Stored campaign summaries: the portfolio pages (dashboard, benchmark, comparisons) read IMC,
level, flags and dimension scores from ``campaign_summary`` instead of scoring campaigns.

A summary row records the results key it was computed for; :func:`refresh` finds in one query
the campaigns whose key changed (a submission, an exclusion, a reinclusion) and recomputes only
those, from the same :func:`coopassess.campaigns.results.campaign_results` as every other output."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from coopassess.campaigns.results import campaign_results
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Campaign, CampaignSummary, Response, utcnow
from coopassess.scoring.results import Results

COOP_INDEX = ("COOP", "IMC")


def keys_subquery(where: ColumnElement[bool]) -> Subquery:
    """Per campaign matching ``where``: number of submitted responses and their latest change
    (an index scan); the same key as :func:`coopassess.campaigns.results.results_key`."""
    return (
        select(
            Response.campaign_id.label("campaign_id"),
            func.count(Response.id).label("submitted"),
            func.max(Response.updated_at).label("changed_at"),
        )
        .where(
            Response.status == "submitted",
            Response.campaign_id.in_(select(Campaign.id).where(where)),
        )
        .group_by(Response.campaign_id)
        .subquery("results_keys")
    )


def stale_campaigns(
    session: Session, where: ColumnElement[bool] | None = None
) -> list[tuple[Campaign, tuple[int, datetime | None]]]:
    """Campaigns (matching ``where``) with no summary or one computed for another key.

    Only ids and keys are read for the whole set; campaigns are loaded for the stale ones. A
    campaign whose individual answers were erased keeps the summary it had: it is frozen."""
    where = and_(where if where is not None else true(), Campaign.answers_purged_at.is_(None))
    keys = keys_subquery(where)
    rows = session.execute(
        select(
            Campaign.id,
            keys.c.submitted,
            keys.c.changed_at,
            CampaignSummary.key_submitted,
            CampaignSummary.key_changed_at,
        )
        .outerjoin(keys, keys.c.campaign_id == Campaign.id)
        .outerjoin(CampaignSummary, CampaignSummary.campaign_id == Campaign.id)
        .where(where)
    ).all()
    stale = {}
    for campaign_id, submitted, changed_at, stored_submitted, stored_changed_at in rows:
        key = (int(submitted or 0), changed_at)
        if key != (stored_submitted, stored_changed_at):
            stale[campaign_id] = key
    if not stale:
        return []
    campaigns = session.scalars(select(Campaign).where(Campaign.id.in_(stale))).all()
    return [(campaign, stale[campaign.id]) for campaign in campaigns]


def refresh(
    session: Session, instruments: InstrumentRegistry, where: ColumnElement[bool] | None = None
) -> int:
    """Recompute the stale summaries of the campaigns matching ``where``; their number.

    Best effort under write contention: on a busy database the rows stay stale, and are
    recomputed by the next reader."""
    stale = stale_campaigns(session, where)
    if not stale:
        return 0
    # The existing rows in one query: ``store`` then finds them in the session, not one by one.
    session.scalars(
        select(CampaignSummary).where(CampaignSummary.campaign_id.in_([c.id for c, _ in stale]))
    ).all()
    for campaign, key in stale:
        store(session, campaign, campaign_results(session, instruments, campaign, key), key)
    try:
        session.commit()
    except OperationalError:
        session.rollback()
    return len(stale)


def store(
    session: Session, campaign: Campaign, results: Results, key: tuple[int, datetime | None]
) -> CampaignSummary:
    row = session.get(CampaignSummary, campaign.id) or CampaignSummary(campaign_id=campaign.id)
    shown = results.reportable
    row.key_submitted, row.key_changed_at = key
    row.n_respondents = results.n_respondents
    row.imc, row.level = _coop_index(results) if shown else (None, None)
    row.flags = flag_codes(results) if shown else []
    row.scores = dimension_scores(results) if shown else {}
    row.computed_at = utcnow()
    session.add(row)
    return row


def dimension_scores(results: Results) -> dict[str, dict[str, float | None]]:
    """Index and dimension scores per questionnaire (VAL families are not scores)."""
    scores: dict[str, dict[str, float | None]] = {}
    for qid, scored in results.questionnaires.items():
        if scored.families:
            continue
        column: dict[str, float | None] = {}
        if scored.index is not None:
            column[scored.index.code] = scored.index.score
        column.update((dim_id, dim.score) for dim_id, dim in scored.dimensions.items())
        scores[qid] = column
    return scores


def flag_codes(results: Results) -> list[str]:
    """Organisation flags and every dimension flag, each code once, sorted."""
    codes = set(results.flags)
    for scored in results.questionnaires.values():
        for dimension in scored.dimensions.values():
            codes.update(dimension.flags)
    return sorted(codes)


def _coop_index(results: Results) -> tuple[float | None, str | None]:
    coop = results.questionnaires.get(COOP_INDEX[0])
    if coop is None or coop.index is None:
        return None, None
    return coop.index.score, coop.index.level


def summaries(
    session: Session, instruments: InstrumentRegistry, campaign_ids: Iterable[int]
) -> dict[int, CampaignSummary]:
    """Fresh summaries of ``campaign_ids`` (refreshed first when stale)."""
    ids = list(campaign_ids)
    if not ids:
        return {}
    refresh(session, instruments, Campaign.id.in_(ids))
    rows = session.scalars(
        select(CampaignSummary).where(CampaignSummary.campaign_id.in_(ids))
    ).all()
    return {row.campaign_id: row for row in rows}
