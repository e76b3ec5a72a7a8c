"""From stored responses to the one Results object, scored once and reused by every output."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopassess.actions.service import plan_lines
from coopassess.campaigns.answers import load_answers, load_campaign_answers
from coopassess.campaigns.comments import quoted_comments
from coopassess.campaigns.frozen import frozen_profiles, frozen_results, is_frozen
from coopassess.campaigns.queries import SUBMISSION_ORDER, counted_filter, submitted_filter
from coopassess.common.lru import LRU
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Campaign, Response
from coopassess.reports import ReportContext, comparison_report, organisation_report
from coopassess.scoring import RespondentAnswers, score_campaign
from coopassess.scoring.followup import StepFollowup
from coopassess.scoring.results import Results

_CACHE_SIZE = 256


_cache: LRU[Results] = LRU(_CACHE_SIZE)


def results_key(session: Session, campaign: Campaign) -> tuple:
    """What a campaign's results depend on. Submitted answers are read-only, and excluding or
    reincluding a response touches its ``updated_at``: the number of submitted responses and
    their latest change identify the content (all versions: a cheaper index-only count, at the
    price of a rare needless rescoring)."""
    count, changed = session.execute(
        select(func.count(Response.id), func.max(Response.updated_at)).where(
            Response.campaign_id == campaign.id, Response.status == "submitted"
        )
    ).one()
    return (count, changed)


def campaign_results(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign, key: tuple | None = None
) -> Results:
    """Results of the counted responses of ``campaign``, scored once per results key.

    Only responses answered on the campaign's instrument version count: results compare only
    within a version. Once the individual answers are erased, the results kept at that moment."""
    if is_frozen(campaign):
        return frozen_results(campaign)
    key = (
        campaign.id,
        campaign.instrument_version,
        campaign.target,
        *(key or results_key(session, campaign)),
    )
    cached = _cache.get(key)
    if cached is not None:
        return cached
    respondents = campaign_respondents(session, campaign)
    results = score_campaign(
        instruments.get(campaign.instrument_version), respondents, campaign.target
    )
    _cache.put(key, results)
    return results


def reportable_results(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign
) -> Results | None:
    """The campaign's results when they may be shown as the organisation's, else None."""
    results = campaign_results(session, instruments, campaign)
    return results if results.reportable else None


def campaign_respondents(
    session: Session, campaign: Campaign, *, with_excluded: bool = False
) -> list[RespondentAnswers]:
    """Submitted responses of the campaign's version with their answers (one query for all).

    Pseudonyms R1, R2… follow the submission order of every submitted response, so a
    respondent keeps theirs when another one is excluded."""
    responses = session.execute(
        select(Response.id, Response.profile, Response.excluded_at)
        .where(*submitted_filter(campaign))
        .order_by(*SUBMISSION_ORDER)
    ).all()
    kept = [
        (index, row)
        for index, row in enumerate(responses, start=1)
        if with_excluded or row.excluded_at is None
    ]
    answers = load_campaign_answers(session, (row.id for _, row in kept))
    return [
        RespondentAnswers(id=f"R{index}", profile=row.profile or {}, answers=answers[row.id])
        for index, row in kept
    ]


def response_results(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign, response: Response
) -> Results:
    """One respondent's own scores (an « auto-évaluation individuelle »).

    Once submitted the answers are read-only, so the page and its radars share one scoring.
    """
    key = ("response", response.id, response.status, response.updated_at, campaign.target)
    cached = _cache.get(key) if response.submitted else None
    if cached is not None:
        return cached
    respondent = RespondentAnswers(
        id="R1", profile=response.profile or {}, answers=load_answers(session, response.id)
    )
    results = score_campaign(
        instruments.get(response.instrument_version), [respondent], campaign.target
    )
    if response.submitted:
        _cache.put(key, results)
    return results


def campaign_report(session: Session, instruments: InstrumentRegistry, campaign: Campaign) -> bytes:
    """The organisation's PDF report, from the same Results as the pages (ReportError below
    the minimum number of respondents)."""
    results = campaign_results(session, instruments, campaign)
    instrument = instruments.get(campaign.instrument_version)
    by_structure, by_role = respondent_profiles(session, campaign)
    context = ReportContext(
        organisation=campaign.organisation.name,
        demarche=campaign.demarche,
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        respondents_by_structure=by_structure,
        respondents_by_role=by_role,
        quoted_comments=quoted_comments(session, instruments, campaign, results),
        actions=plan_lines(session, campaign, instrument),
    )
    return organisation_report(results, instrument, context)


def respondent_profiles(
    session: Session, campaign: Campaign
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The counted respondents by type of structure and by role, most frequent first (one
    query), as the report and the restitution show them; a campaign whose answers were purged
    keeps the counts stored with its results."""
    if is_frozen(campaign):
        return frozen_profiles(campaign)
    profiles = session.scalars(select(Response.profile).where(*counted_filter(campaign))).all()
    by_structure = Counter((p or {}).get("P-STRUCT") or "Non renseigné" for p in profiles)
    by_role = Counter((p or {}).get("P-ROLE") or "Non renseigné" for p in profiles)
    return by_structure.most_common(), by_role.most_common()


def campaigns_comparison_report(
    session: Session,
    instruments: InstrumentRegistry,
    campaigns: list[Campaign],
    codes: Sequence[str] | None = None,
    followup: Sequence[StepFollowup] = (),
) -> bytes:
    """The comparison report of 2 to 6 campaigns; one organisation's campaigns read as its
    evolution over time (T0, T1…), several organisations side by side. ``codes`` are the
    campaigns' codes as the page shows them (the evolution page numbers a campaign by its place
    in the organisation's timeline: T0, T2 when T1 had too few answers), so that the page and
    its PDF name the same campaign the same way. ``followup``: an evolution's score changes
    beside the actions done (``coopassess.followup.evolution``), added to the report."""
    organisations = {campaign.organisation_id for campaign in campaigns}
    evolution = len(organisations) == 1
    labelled = []
    for position, campaign in enumerate(campaigns):
        when = campaign.closes_on or campaign.opens_on or campaign.created_at.date()
        code = codes[position] if codes else f"T{position}"
        label = (
            f"{code} — {when:%m/%Y}"
            if evolution
            else f"{campaign.organisation.name} — {campaign.demarche}"
        )
        labelled.append((label, campaign_results(session, instruments, campaign)))
    first = campaigns[0]
    return comparison_report(
        labelled,
        instruments.get(first.instrument_version),
        title="Évolution de la maturité coopérative" if evolution else "Comparaison de campagnes",
        evolution=evolution,
        subtitle=(
            f"{first.organisation.name} — {first.demarche}"
            if evolution
            else f"{len(campaigns)} campagnes"
        ),
        followup=followup if evolution else (),
    )
