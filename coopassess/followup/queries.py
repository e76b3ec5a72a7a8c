"""Which actions are still to do: open (« à lancer », « en cours »), not carried over into a
later campaign (the copy is the one followed, the original stays as it was), in a campaign that
is not archived. Overdue: such an action past its due date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Subquery

from coopassess.models import OPEN_ACTION_STATUSES, Action, Campaign


def not_carried() -> ColumnElement[bool]:
    """No copy of the action exists in a later campaign."""
    copy = aliased(Action)
    return ~exists().where(copy.carried_from_id == Action.id)


def live_open() -> ColumnElement[bool]:
    """Open, not carried, in a campaign not archived (the query joins ``Campaign``)."""
    return and_(
        Action.status.in_(OPEN_ACTION_STATUSES), not_carried(), Campaign.archived_at.is_(None)
    )


def overdue(today: date) -> ColumnElement[bool]:
    return and_(live_open(), Action.due_on.is_not(None), Action.due_on < today)


def overdue_by_organisation(today: date) -> Subquery:
    """Per organisation with overdue actions: ``organisation_id`` and their number ``n``."""
    return (
        select(Campaign.organisation_id.label("organisation_id"), func.count(Action.id).label("n"))
        .join(Campaign, Campaign.id == Action.campaign_id)
        .where(overdue(today))
        .group_by(Campaign.organisation_id)
        .subquery("overdue_actions")
    )
