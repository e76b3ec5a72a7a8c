"""The comparison page (``/comparaison``): a picker of visible campaigns, then 2 to 6 campaigns
side by side (``coopassess.consult.comparison``) with the overlaid radar and the PDF.

Every campaign id is checked with ``require_organisation``; a selection that cannot be compared
is answered 400 with the reason."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, abort, render_template, request
from flask import Response as FlaskResponse
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from coopassess.auth.permissions import current_user, login_required, require_organisation
from coopassess.campaigns.access import organisation_filter
from coopassess.campaigns.queries import organisation_or_demarche
from coopassess.charts import MAX_SERIES
from coopassess.consult.comparison import (
    MIN_CAMPAIGNS,
    Refused,
    Selection,
    blocks,
    campaign_label,
    common_radars,
    select_campaigns,
    value_lines,
)
from coopassess.db import db_session
from coopassess.models import Campaign, Organisation, utcnow
from coopassess.registry import registry
from coopassess.web.responses import comparison_pdf, overlay_radar_response

blueprint = Blueprint("compare", __name__)

LIST_LIMIT = 30  # campaigns offered by the selection form; a search narrows the list


def requested_ids() -> list[int]:
    """The ``campagne`` ids of the query string, each once, in order; at most six. The
    ``reference`` the user chose (one of them) comes first: every gap is read against it."""
    ids: list[int] = []
    for value in request.args.getlist("campagne"):
        if not value.isdigit() or len(value) > 12:
            raise Refused("Identifiant de campagne invalide.")
        if int(value) not in ids:
            ids.append(int(value))
    if len(ids) > MAX_SERIES:
        raise Refused(f"Une comparaison porte sur {MAX_SERIES} campagnes au plus.")
    reference = request.args.get("reference", "")
    if reference.isdigit() and int(reference) in ids:
        ids.remove(int(reference))
        ids.insert(0, int(reference))
    return ids


def load_campaigns(ids: Sequence[int]) -> list[Campaign]:
    """The campaigns in the order asked; 404 for an unknown id, 403 for one the user may not
    see (every organisation is checked, and each refusal is in the audit log)."""
    if not ids:
        return []
    found = {
        campaign.id: campaign
        for campaign in db_session().scalars(
            select(Campaign).options(joinedload(Campaign.organisation)).where(Campaign.id.in_(ids))
        )
    }
    if len(found) != len(ids):
        abort(404)
    for organisation_id in dict.fromkeys(found[i].organisation_id for i in ids):
        require_organisation(organisation_id)
    return [found[i] for i in ids]


def _selection_or_400() -> Selection:
    try:
        return select_campaigns(db_session(), registry(), load_campaigns(requested_ids()))
    except Refused:
        abort(400)


def candidates(first: Campaign | None, search: str, chosen: Sequence[int]) -> tuple[list, int]:
    """Visible campaigns the user may add (same version and target as the first one), matching
    ``search`` on the organisation's name or the démarche: the first LIST_LIMIT and the total."""
    user = current_user()
    assert user is not None
    conditions = [organisation_filter(user, Campaign.organisation_id), Campaign.id.not_in(chosen)]
    if first is not None:
        conditions += [
            Campaign.instrument_version == first.instrument_version,
            Campaign.target == first.target,
        ]
    if search:
        conditions.append(organisation_or_demarche(search))
    base = select(Campaign).join(Campaign.organisation).where(*conditions)
    session = db_session()
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    listed = session.scalars(
        base.options(contains_eager(Campaign.organisation))
        .order_by(func.lower(Organisation.name), Campaign.id)
        .limit(LIST_LIMIT)
    ).all()
    return list(listed), total


@blueprint.get("")
@login_required
def index() -> str | tuple[str, int]:
    search = request.args.get("q", "").strip()[:100]
    campaigns: list[Campaign] = []
    try:
        campaigns = load_campaigns(requested_ids())
        if len(campaigns) < MIN_CAMPAIGNS:
            # Nothing chosen yet (or one campaign): the page is the picker, not an error.
            return _page(campaigns, search)
        selection = select_campaigns(db_session(), registry(), campaigns)
    except Refused as refusal:
        return _page(campaigns, search, error=str(refusal)), 400
    return _page(campaigns, search, selection=selection)


def _page(
    campaigns: list[Campaign],
    search: str,
    *,
    selection: Selection | None = None,
    error: str | None = None,
) -> str:
    ids = [campaign.id for campaign in campaigns]
    listed, total = candidates(campaigns[0] if campaigns else None, search, ids)
    context: dict[str, object] = {}
    if selection is not None:
        inst = registry().get(selection.campaigns[0].instrument_version)
        context = {
            "columns": selection.columns,
            "results": selection.results,
            "blocks": blocks(inst, selection.results),
            "values": value_lines(inst, selection.results),
            "radars": common_radars(selection.results),
            "threshold": inst.parameters.notable_change_points,
            "evolution": selection.evolution,
            "minimum": selection.results[0].min_respondents,
        }
    return render_template(
        "consult/compare.html",
        campaigns=campaigns,
        label=campaign_label,
        ids=ids,
        search=search,
        listed=listed,
        total=total,
        limit=LIST_LIMIT,
        max_campaigns=MAX_SERIES,
        min_campaigns=MIN_CAMPAIGNS,
        error=error,
        selection=selection,
        **context,
    )


@blueprint.get("/radar-<questionnaire>.<any(svg, png):fmt>")
@login_required
def radar(questionnaire: str, fmt: str) -> FlaskResponse:
    selection = _selection_or_400()
    return overlay_radar_response(selection.campaigns[0], selection.labelled, questionnaire, fmt)


@blueprint.get("/rapport.pdf")
@login_required
def report() -> FlaskResponse:
    selection = _selection_or_400()
    codes = [column.code for column in selection.columns]
    return comparison_pdf(selection.campaigns, f"comparaison-{utcnow():%Y-%m-%d}.pdf", codes)
