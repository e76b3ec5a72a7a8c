"""An organisation over time and against its peers (scoring-model §8), read from the stored
summaries: its campaigns in date order, and the « référence » of its latest measured campaign.

A campaign is *measured* when it counts at least the minimum number of respondents. The peer
group of a measured campaign is every other organisation whose latest measured campaign of the
same target type is on the same instrument version (optionally of one structure type and one
region). The organisation itself is left out of its own group: with it inside, its own score and
the median of an even group could give away a neighbour's score. Statistics are shown only from
``benchmark_min_organisations`` (10) organisations; below, only their number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from coopassess.campaigns.frozen import frozen_period
from coopassess.campaigns.queries import filter_values
from coopassess.campaigns.service import Participation, participation
from coopassess.campaigns.summaries import refresh, summaries
from coopassess.common.lru import LRU
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Campaign, CampaignSummary, Organisation, Response
from coopassess.scoring.compare import BenchmarkStats, benchmark

_CACHE_SIZE = 128


@dataclass(frozen=True, slots=True)
class PeerFilters:
    structure_type: str = ""
    region: str = ""


@dataclass(frozen=True, slots=True)
class PeerGroup:
    """``n`` organisations; ``stats`` per index or dimension id, empty when the group is too
    small (a dimension scored by too few of them maps to None)."""

    n: int
    min_organisations: int
    stats: dict[str, BenchmarkStats | None] = field(default_factory=dict)

    @property
    def shown(self) -> bool:
        return self.n >= self.min_organisations


@dataclass(frozen=True, slots=True)
class Wave:
    """One campaign of an organisation's timeline: T0, T1… by date."""

    label: str
    campaign: Campaign
    summary: CampaignSummary | None
    participation: Participation

    @property
    def measured(self) -> bool:
        """Its results are reportable (the summary holds scores only then)."""
        return self.summary is not None and self.summary.reportable


def campaign_date(campaign: Campaign) -> date:
    """The date a campaign is placed at in time (as in the comparison report's labels)."""
    return campaign.closes_on or campaign.opens_on or campaign.created_at.date()


def submission_periods(
    session: Session, campaign_ids: Sequence[int]
) -> dict[int, tuple[datetime, datetime]]:
    """First and last submission of each campaign (one query): when it was answered; for a
    campaign whose answers were erased, as they were kept."""
    rows = session.execute(
        select(
            Response.campaign_id, func.min(Response.submitted_at), func.max(Response.submitted_at)
        )
        .where(Response.campaign_id.in_(campaign_ids), Response.submitted_at.is_not(None))
        .group_by(Response.campaign_id)
    ).all()
    found = {campaign_id: (first, last) for campaign_id, first, last in rows}
    purged = session.scalars(
        select(Campaign).where(
            Campaign.id.in_(campaign_ids), Campaign.answers_purged_at.is_not(None)
        )
    )
    for campaign in purged:
        period = frozen_period(campaign)
        if period is not None:
            found[campaign.id] = period
    return found


def answering_period(period: tuple[datetime, datetime] | None, fallback: date) -> str:
    """« réponses 03/2025 », « réponses 03–05/2025 »: the period the responses were submitted,
    the date an evolution is read at (rather than the planned closing date)."""
    if period is None:
        return f"{fallback:%m/%Y}"
    first, last = period
    if (first.year, first.month) == (last.year, last.month):
        return f"réponses {first:%m/%Y}"
    if first.year == last.year:
        return f"réponses {first:%m}–{last:%m/%Y}"
    return f"réponses {first:%m/%Y}–{last:%m/%Y}"


def _campaign_date_sql() -> ColumnElement[date]:
    return func.coalesce(Campaign.closes_on, Campaign.opens_on, func.date(Campaign.created_at))


def timeline(
    session: Session, instruments: InstrumentRegistry, organisation: Organisation
) -> list[Wave]:
    """Every campaign of the organisation by date, with its (fresh) summary and participation."""
    campaigns = sorted(organisation.campaigns, key=lambda c: (campaign_date(c), c.id))
    ids = [campaign.id for campaign in campaigns]
    stored = summaries(session, instruments, ids)
    counts = participation(session, ids)
    return [
        Wave(f"T{position}", campaign, stored.get(campaign.id), counts[campaign.id])
        for position, campaign in enumerate(campaigns)
    ]


def evolution(waves: Sequence[Wave], limit: int) -> list[Wave]:
    """The measured campaigns comparable with the latest measured one (same instrument version
    and target), in date order, at most the ``limit`` latest."""
    measured = [wave for wave in waves if wave.measured]
    if not measured:
        return []
    last = measured[-1].campaign
    same = [
        wave
        for wave in measured
        if wave.campaign.instrument_version == last.instrument_version
        and wave.campaign.target == last.target
    ]
    return same[-limit:]


def peer_choices(session: Session, campaign: Campaign) -> tuple[list[str], list[str]]:
    """Structure types and regions of the organisations with a campaign of the same target and
    version: the filter values (names of values, never of organisations)."""
    comparable = select(Campaign.organisation_id).where(
        Campaign.target == campaign.target,
        Campaign.instrument_version == campaign.instrument_version,
    )
    return filter_values(session, Organisation.id.in_(comparable))


def peer_group(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign, filters: PeerFilters
) -> PeerGroup:
    """The « référence » of ``campaign``'s organisation: stale summaries of the group refreshed,
    then one query for the latest measured campaign of every peer."""
    version, target = campaign.instrument_version, campaign.target
    parameters = instruments.get(version).parameters
    peers = [Organisation.id != campaign.organisation_id]
    if filters.structure_type:
        peers.append(Organisation.structure_type == filters.structure_type)
    if filters.region:
        peers.append(Organisation.region == filters.region)
    in_scope = and_(Campaign.target == target, Campaign.instrument_version == version)
    refresh(
        session,
        instruments,
        and_(in_scope, Campaign.organisation_id.in_(select(Organisation.id).where(*peers))),
    )
    key = (version, target, filters, campaign.organisation_id, _summaries_key(session))
    cached = _cache.get(key)
    if cached is not None:
        return cached
    ranked = (
        select(
            CampaignSummary.scores.label("scores"),
            func.row_number()
            .over(
                partition_by=Campaign.organisation_id,
                order_by=(_campaign_date_sql().desc(), Campaign.id.desc()),
            )
            .label("rank"),
        )
        .join(Campaign, Campaign.id == CampaignSummary.campaign_id)
        .join(Organisation, Organisation.id == Campaign.organisation_id)
        .where(
            in_scope, *peers, CampaignSummary.n_respondents >= parameters.min_respondents_aggregate
        )
        .subquery("ranked")
    )
    rows = session.scalars(select(ranked.c.scores).where(ranked.c.rank == 1)).all()
    minimum = parameters.benchmark_min_organisations
    group = PeerGroup(len(rows), minimum)
    if group.shown:
        flat = {
            str(position): {
                code: score for column in scores.values() for code, score in column.items()
            }
            for position, scores in enumerate(rows)
        }
        group = PeerGroup(len(rows), minimum, benchmark(flat, minimum))
    _cache.put(key, group)
    return group


def _summaries_key(session: Session) -> tuple[int, object]:
    """Changes whenever a summary is written (after the refresh, a recomputed row)."""
    count, latest = session.execute(
        select(func.count(CampaignSummary.campaign_id), func.max(CampaignSummary.computed_at))
    ).one()
    return int(count), latest


_cache: LRU[PeerGroup] = LRU(_CACHE_SIZE)
