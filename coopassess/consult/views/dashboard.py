"""The consultant's dashboard: their organisations with the latest IMC and level, participation,
flags and last activity; filters, sort, search and pages (``coopassess.consult.portfolio``)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import ColumnElement, and_

from coopassess.auth.permissions import current_user, login_required
from coopassess.campaigns.access import organisation_filter
from coopassess.consult import portfolio
from coopassess.db import db_session
from coopassess.models import TARGETS, Organisation, User
from coopassess.registry import registry

blueprint = Blueprint("dashboard", __name__)


def dashboard_filters() -> portfolio.Filters:
    """Query-string filters; unknown values are ignored, never an error."""
    args = request.args
    levels = {level.code for level in registry().current().levels}
    page = args.get("page", "1")
    return portfolio.Filters(
        search=args.get("q", "").strip()[:100],
        target=args.get("cible", "") if args.get("cible") in TARGETS else "",
        structure_type=args.get("structure", "")[:100],
        region=args.get("region", "")[:100],
        level=args.get("niveau", "") if args.get("niveau") in levels | {portfolio.NO_LEVEL} else "",
        overdue=args.get("retard") == "1",
        sort=args.get("tri", "nom") if args.get("tri") in portfolio.SORTS else "nom",
        page=int(page) if page.isdigit() and len(page) < 7 else 1,
    )


def listed_organisations(user: User) -> ColumnElement[bool]:
    """The organisations the user may see, archived ones left out (their data is kept)."""
    return and_(organisation_filter(user, Organisation.id), Organisation.archived_at.is_(None))


@blueprint.get("/tableau-de-bord")
@login_required
def index() -> str:
    user = current_user()
    assert user is not None
    filters = dashboard_filters()
    visible = listed_organisations(user)
    page = portfolio.dashboard(db_session(), registry(), visible, filters)
    flag_titles = {code: flag.title.fr for code, flag in registry().current().flags.items()}
    return render_template(
        "consult/dashboard.html",
        page=page,
        filters=filters,
        sorts=portfolio.SORTS,
        levels=registry().current().levels,
        no_level=portfolio.NO_LEVEL,
        flag_titles=flag_titles,
        query={key: value for key, value in request.args.items() if key != "page"},
        export_query={
            key: value for key, value in request.args.items() if key not in ("page", "tri")
        },
    )
