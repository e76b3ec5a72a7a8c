"""Query pieces shared by the pages that list organisations, campaigns and audit events, and
the rules of which responses a campaign's results, respondents and comments read."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from coopassess.models import Campaign, Organisation, Response


def contains(column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    """``column`` holds ``text``, case-insensitive; ``%`` and ``_`` are taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def organisation_or_demarche(text: str) -> ColumnElement[bool]:
    """The search of the campaign lists: the organisation's name or the démarche."""
    return or_(contains(Organisation.name, text), contains(Campaign.demarche, text))


def filter_values(session: Session, where: ColumnElement[bool]) -> tuple[list[str], list[str]]:
    """Structure types and regions of the organisations matching ``where``: the values a filter
    offers (never an organisation's name)."""
    rows = session.execute(
        select(Organisation.structure_type, Organisation.region).where(where).distinct()
    ).all()
    return (
        sorted({row.structure_type for row in rows if row.structure_type}),
        sorted({row.region for row in rows if row.region}),
    )


# Pseudonyms R1, R2… number the submitted responses in this order (respondents page, answers
# export, comments): one order, so a respondent has one pseudonym everywhere.
SUBMISSION_ORDER = (Response.submitted_at, Response.id)


def submitted_filter(campaign: Campaign) -> tuple:
    """Submitted responses on the campaign's version, excluded ones included."""
    return (
        Response.campaign_id == campaign.id,
        Response.status == "submitted",
        Response.instrument_version == campaign.instrument_version,
    )


def counted_filter(campaign: Campaign) -> tuple:
    """The responses a campaign's results count: submitted, on the campaign's version, not
    excluded by a consultant."""
    return (*submitted_filter(campaign), Response.excluded_at.is_(None))
