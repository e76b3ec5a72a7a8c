"""``/r/<slug>/retirer``: a respondent withdraws their response (``coopassess.privacy.
withdrawal``) — a confirmation page, then a POST that deletes it; ``/r/<slug>/reponse-retiree``
is what the personal link shows afterwards."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, session, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.campaigns.service import campaign_today, usable
from coopassess.db import db_session
from coopassess.models import Campaign, Invitation
from coopassess.privacy.withdrawal import WithdrawalRefused, personal_link, refusal, withdraw
from coopassess.registry import registry
from coopassess.survey.views.pages import (
    SESSION_KEY,
    campaign_and_response,
    held_pass,
    remember_pass,
)

blueprint = Blueprint("withdrawal", __name__)


def _refused(campaign: Campaign, refused: WithdrawalRefused) -> tuple[str, int]:
    return (
        render_template("survey/withdraw.html", campaign=campaign, refused=str(refused)),
        refused.status,
    )


@blueprint.get("/<slug>/retirer")
def confirm(slug: str) -> str | tuple[str, int]:
    campaign, response = campaign_and_response(slug)
    refused = refusal(campaign, personal_link(db_session(), response.id), campaign_today())
    if refused is not None:
        return _refused(campaign, refused)
    return render_template(
        "survey/withdraw.html", campaign=campaign, response=response, refused=None
    )


@blueprint.post("/<slug>/retirer")
def withdraw_response(slug: str) -> WerkzeugResponse | tuple[str, int]:
    campaign, response = campaign_and_response(slug)
    try:
        link = withdraw(db_session(), registry(), campaign, response, campaign_today())
    except WithdrawalRefused as refused:
        return _refused(campaign, refused)
    held = dict(session.get(SESSION_KEY, {}))
    held.pop(slug, None)
    session[SESSION_KEY] = held
    remember_pass(campaign, link.id)
    return redirect(url_for("withdrawal.withdrawn", slug=slug))


@blueprint.get("/<slug>/reponse-retiree")
def withdrawn(slug: str) -> str | WerkzeugResponse:
    """The link whose response was withdrawn: says so, and offers to answer afresh."""
    db = db_session()
    campaign = db.scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        abort(404)
    link_id = held_pass(campaign)
    link = None if link_id is None else db.get(Invitation, link_id)
    if (
        link is None
        or link.campaign_id != campaign.id
        or link.withdrawn_at is None
        or link.response_id is not None
    ):
        return redirect(url_for("survey.welcome", slug=slug))
    return render_template(
        "survey/withdrawn.html",
        campaign=campaign,
        link=link,
        may_start=usable(link, campaign, campaign_today()),
    )
