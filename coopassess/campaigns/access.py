"""Who may see which organisation and campaign, as SQL (no request needed): admins every
organisation, consultants those assigned to them, referents their own. The web guards
(``coopassess.auth.permissions``) and the CLI apply these same rules."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, select, true
from sqlalchemy.orm import Session, joinedload

from coopassess.models import Assignment, Campaign, User


def organisation_filter(user: User, column: ColumnElement[int]) -> ColumnElement[bool]:
    """The rule of :func:`can_view_organisation` on any organisation id column: lists show
    exactly what the pages would let the user open."""
    if user.role == "admin" and user.active:
        return true()
    if user.role == "referent" and user.active:
        return column == user.organisation_id
    if user.role == "consultant" and user.active:
        return column.in_(select(Assignment.organisation_id).where(Assignment.user_id == user.id))
    return false()


def can_view_organisation(session: Session, user: User | None, organisation_id: int) -> bool:
    if user is None or not user.active:
        return False
    if user.role == "admin":
        return True
    if user.role == "referent":
        return user.organisation_id == organisation_id
    if user.role == "consultant":
        found = session.scalar(
            select(Assignment.id).where(
                Assignment.user_id == user.id, Assignment.organisation_id == organisation_id
            )
        )
        return found is not None
    return False


def visible_campaigns(user: User) -> Select[tuple[Campaign]]:
    """Admins see every campaign, consultants those of their organisations, referents their own."""
    return (
        select(Campaign)
        .options(joinedload(Campaign.organisation))
        .where(organisation_filter(user, Campaign.organisation_id))
    )
