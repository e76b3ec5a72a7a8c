"""Consultants' and admins' view of a campaign's respondents: pseudonymised scores, answers and
data-quality flags, exclusion from the aggregate and reinclusion
(``coopassess.campaigns.respondents``). Referents are refused: individual answers are never
shown to the organisation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.permissions import campaign_or_404, current_user, role_required
from coopassess.campaigns import respondents as core
from coopassess.campaigns.results import campaign_results
from coopassess.campaigns.views.answers import answer_sections
from coopassess.db import db_session
from coopassess.models import Campaign, User
from coopassess.registry import registry

blueprint = Blueprint("respondents", __name__)
CONSULTANT_ROLES = ("admin", "consultant")


def _campaign(campaign_id: int) -> tuple[Campaign, User]:
    campaign = campaign_or_404(campaign_id)
    user = current_user()
    assert user is not None
    return campaign, user


def _respondent(campaign: Campaign, pseudonym: str) -> core.Respondent:
    found = core.find(db_session(), registry(), campaign, pseudonym)
    if found is None:
        abort(404)
    return found


@blueprint.get("/repondants")
@role_required(*CONSULTANT_ROLES)
def index(campaign_id: int) -> str:
    campaign, _ = _campaign(campaign_id)
    session = db_session()
    people = core.respondents(session, registry(), campaign)
    version = registry().get(campaign.instrument_version)
    return render_template(
        "campaigns/respondents.html",
        campaign=campaign,
        people=people,
        results=campaign_results(session, registry(), campaign),
        quality=version.respondent_flags,
        questionnaires=[q for q in version.questionnaires.values() if q.id in campaign.modules],
        history=core.history(session, campaign),
    )


@blueprint.get("/repondants/<pseudonym>")
@role_required(*CONSULTANT_ROLES)
def detail(campaign_id: int, pseudonym: str) -> str:
    campaign, _ = _campaign(campaign_id)
    return _detail_page(campaign, _respondent(campaign, pseudonym))


def _detail_page(
    campaign: Campaign, person: core.Respondent, reason: str = "", error: str | None = None
) -> str:
    """One respondent's page; after a refused exclusion, with the typed reason and why."""
    version = registry().get(campaign.instrument_version)
    return render_template(
        "campaigns/respondent.html",
        campaign=campaign,
        person=person,
        quality=version.respondent_flags,
        sections=answer_sections(version, campaign, person),
        reason=reason,
        error=error,
    )


@blueprint.post("/repondants/<pseudonym>/exclusion")
@role_required(*CONSULTANT_ROLES)
def exclude(campaign_id: int, pseudonym: str) -> WerkzeugResponse | tuple[str, int]:
    campaign, user = _campaign(campaign_id)
    person = _respondent(campaign, pseudonym)
    reason = request.form.get("motif", "")
    try:
        core.exclude(db_session(), person, user, reason)
    except core.ExclusionError as error:
        return _detail_page(campaign, person, reason, str(error)), 400
    db_session().commit()
    flash(f"{pseudonym} est exclu de l'agrégat. Les résultats sont recalculés sans ses réponses.")
    return redirect(url_for("respondents.index", campaign_id=campaign.id))


@blueprint.post("/repondants/<pseudonym>/reintegration")
@role_required(*CONSULTANT_ROLES)
def reinclude(campaign_id: int, pseudonym: str) -> WerkzeugResponse:
    campaign, user = _campaign(campaign_id)
    person = _respondent(campaign, pseudonym)
    try:
        core.reinclude(db_session(), person, user)
    except core.ExclusionError as error:
        flash(str(error))
    else:
        db_session().commit()
        flash(f"{pseudonym} compte de nouveau dans l'agrégat.")
    return redirect(url_for("respondents.index", campaign_id=campaign.id))
