"""The restitution mode of a campaign: its results as full-screen slides for the workshop, with
the access rule of the results page (``campaign_or_404``)."""

from __future__ import annotations

from flask import Blueprint, render_template

from coopassess.auth.permissions import campaign_or_404
from coopassess.campaigns import restitution
from coopassess.db import db_session
from coopassess.registry import registry
from coopassess.web.responses import chart_data_url

blueprint = Blueprint("restitution", __name__)


@blueprint.get("/<int:campaign_id>/restitution")
def deck(campaign_id: int) -> str:
    campaign = campaign_or_404(campaign_id)
    slides = restitution.slides(db_session(), registry(), campaign, chart_data_url)
    return render_template("campaigns/restitution.html", campaign=campaign, slides=slides)
