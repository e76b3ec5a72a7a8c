"""Query pieces shared by the pages that list organisations, campaigns and audit events."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from coopassess.models import Campaign, Organisation


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
