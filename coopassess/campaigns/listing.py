"""The campaign list (``/campagnes``): filtered, sorted by organisation and paginated in SQL,
participation counted for the page's campaigns only — four queries whatever the portfolio."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, contains_eager

from coopassess.campaigns.queries import organisation_or_demarche
from coopassess.campaigns.service import Participation, participation
from coopassess.models import Campaign, Organisation

PAGE_SIZE = 25
STATUSES = {"open": "ouverte", "closed": "close", "draft": "en préparation"}


@dataclass(frozen=True, slots=True)
class Filters:
    search: str = ""
    status: str = ""
    target: str = ""
    archived: bool = False  # the archived campaigns instead of the others
    page: int = 1


@dataclass(frozen=True, slots=True)
class Page:
    campaigns: list[Campaign]
    counts: dict[int, Participation]
    total: int
    page: int
    pages: int


def campaign_page(session: Session, visible: ColumnElement[bool], filters: Filters) -> Page:
    """One page of the campaigns of the organisations matching ``visible`` (a condition on
    ``Campaign.organisation_id``). Archived organisations and campaigns stay out, unless the
    archived campaigns are asked for."""
    conditions = [visible, Organisation.archived_at.is_(None)]
    if filters.archived:
        conditions.append(Campaign.archived_at.is_not(None))
    else:
        conditions.append(Campaign.archived_at.is_(None))
    if filters.search:
        conditions.append(organisation_or_demarche(filters.search))
    if filters.status:
        conditions.append(Campaign.status == filters.status)
    if filters.target:
        conditions.append(Campaign.target == filters.target)
    base = select(Campaign).join(Campaign.organisation).where(*conditions)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    campaigns = list(
        session.scalars(
            base.options(contains_eager(Campaign.organisation))
            .order_by(func.lower(Organisation.name), Campaign.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    counts = participation(session, [campaign.id for campaign in campaigns])
    return Page(campaigns, counts, total, page, pages)
