"""The consultant's portfolio: every visible organisation with its latest campaign, read from
the stored summaries in a few queries whatever the number of organisations (filters, sort and
pagination in SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from coopassess.campaigns.queries import filter_values, organisation_or_demarche
from coopassess.campaigns.service import Participation, campaign_today, participation
from coopassess.campaigns.summaries import refresh
from coopassess.followup.queries import overdue_by_organisation
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Campaign, CampaignSummary, Organisation, Response

PAGE_SIZE = 25
SORTS = {
    "nom": "Nom",
    "imc-desc": "IMC décroissant",
    "imc-asc": "IMC croissant",
    "activite": "Dernière activité",
}
NO_LEVEL = "aucun"  # filter value: campaigns below the minimum number of respondents


@dataclass(frozen=True, slots=True)
class Filters:
    search: str = ""
    target: str = ""
    structure_type: str = ""
    region: str = ""
    level: str = ""
    overdue: bool = False  # only organisations with an open action past its due date
    sort: str = "nom"
    page: int = 1


@dataclass(frozen=True, slots=True)
class Row:
    organisation: Organisation
    campaign: Campaign
    campaigns: int  # campaigns of the organisation
    summary: CampaignSummary | None
    participation: Participation
    last_activity: datetime | None
    overdue: int = 0  # open actions past their due date


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    pages: int
    structure_types: list[str]
    regions: list[str]


def dashboard(
    session: Session,
    instruments: InstrumentRegistry,
    visible: ColumnElement[bool],
    filters: Filters,
    today: date | None = None,
) -> Page:
    """One page of the organisations matching ``visible`` (a SQL condition on organisation id,
    from ``organisation_filter``) and ``filters``; actions are overdue when due before ``today``
    (the French calendar day by default)."""
    refresh(session, instruments, visible_campaigns(visible))
    latest = _latest(visible)
    overdue = overdue_by_organisation(today or campaign_today())
    activity = (
        select(
            Response.campaign_id.label("campaign_id"),
            func.max(Response.updated_at).label("at"),
        )
        .group_by(Response.campaign_id)
        .subquery("activity")
    )
    base = (
        select(
            Organisation,
            Campaign,
            latest.c.campaigns,
            CampaignSummary,
            activity.c.at,
            func.coalesce(overdue.c.n, 0).label("overdue"),
        )
        .join(latest, latest.c.organisation_id == Organisation.id)
        .join(Campaign, Campaign.id == latest.c.campaign_id)
        .outerjoin(CampaignSummary, CampaignSummary.campaign_id == Campaign.id)
        .outerjoin(activity, activity.c.campaign_id == Campaign.id)
        .outerjoin(overdue, overdue.c.organisation_id == Organisation.id)
        .where(*_conditions(filters, overdue))
    )
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    found = session.execute(
        _sorted(base, filters.sort, activity.c.at).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    counts = participation(session, [row.Campaign.id for row in found])
    structure_types, regions = filter_values(session, visible)
    return Page(
        rows=[
            Row(
                organisation=row.Organisation,
                campaign=row.Campaign,
                campaigns=row.campaigns,
                summary=row.CampaignSummary,
                participation=counts[row.Campaign.id],
                last_activity=row.at,
                overdue=row.overdue,
            )
            for row in found
        ],
        total=total,
        page=page,
        pages=pages,
        structure_types=structure_types,
        regions=regions,
    )


def matching_organisations(
    visible: ColumnElement[bool], filters: Filters, today: date | None = None
) -> Select:
    """The ids of the organisations the dashboard lists for ``filters`` (every page), for the
    portfolio export: the same conditions on each organisation's latest campaign. The caller
    refreshes the summaries first (the level filter reads them)."""
    latest = _latest(visible)
    overdue = overdue_by_organisation(today or campaign_today())
    return (
        select(Organisation.id)
        .join(latest, latest.c.organisation_id == Organisation.id)
        .join(Campaign, Campaign.id == latest.c.campaign_id)
        .outerjoin(CampaignSummary, CampaignSummary.campaign_id == Campaign.id)
        .outerjoin(overdue, overdue.c.organisation_id == Organisation.id)
        .where(*_conditions(filters, overdue))
    )


def _latest(visible: ColumnElement[bool]) -> Subquery:
    """Per visible organisation: its latest campaign and its number of campaigns."""
    return (
        select(
            Campaign.organisation_id.label("organisation_id"),
            func.max(Campaign.id).label("campaign_id"),
            func.count(Campaign.id).label("campaigns"),
        )
        .where(visible_campaigns(visible))
        .group_by(Campaign.organisation_id)
        .subquery("latest")
    )


def visible_campaigns(visible: ColumnElement[bool]) -> ColumnElement[bool]:
    """Campaigns of the visible organisations, archived campaigns left out."""
    return and_(
        Campaign.organisation_id.in_(select(Organisation.id).where(visible)),
        Campaign.archived_at.is_(None),
    )


def _conditions(filters: Filters, overdue: Subquery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.overdue:
        conditions.append(overdue.c.n > 0)
    if filters.search:
        conditions.append(organisation_or_demarche(filters.search))
    if filters.target:
        conditions.append(Organisation.kind == filters.target)
    if filters.structure_type:
        conditions.append(Organisation.structure_type == filters.structure_type)
    if filters.region:
        conditions.append(Organisation.region == filters.region)
    if filters.level == NO_LEVEL:
        conditions.append(CampaignSummary.level.is_(None))
    elif filters.level:
        conditions.append(CampaignSummary.level == filters.level)
    return conditions


def _sorted(query: Select, sort: str, activity: ColumnElement[datetime]) -> Select:
    name = func.lower(Organisation.name)
    if sort == "imc-desc":
        return query.order_by(CampaignSummary.imc.desc().nulls_last(), name, Organisation.id)
    if sort == "imc-asc":
        return query.order_by(CampaignSummary.imc.asc().nulls_last(), name, Organisation.id)
    if sort == "activite":
        return query.order_by(activity.desc().nulls_last(), name, Organisation.id)
    return query.order_by(name, Organisation.id)
