"""The restitution mode of a campaign: its results as full-screen slides for the workshop, with
the access rule of the results page (``campaign_or_404``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, current_app, render_template

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
    return render_template(
        "campaigns/restitution.html",
        campaign=campaign,
        slides=slides,
        favicon=_favicon(current_app.static_folder or ""),
    )


@cache
def _favicon(static_folder: str) -> str:
    """The icon as a data: URL: the browser asks for it again at every change of the address's
    #diapo-N, and the page must work offline once loaded."""
    svg = (Path(static_folder) / "favicon.svg").read_text(encoding="utf-8")
    return "data:image/svg+xml," + quote(svg.strip(), safe=" =:/\"'")
