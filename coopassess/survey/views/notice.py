"""``/r/<slug>/confidentialite``: a campaign's full information notice, readable by anyone
who has the campaign's address, before starting and at every page (linked from the footer of
the respondent's pages). The welcome page shows its summary."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.models import Campaign
from coopassess.privacy.notice import Notice
from coopassess.privacy.service import campaign_notice
from coopassess.registry import registry
from coopassess.web.legal import operator

blueprint = Blueprint("notice", __name__)


def notice_of(campaign: Campaign) -> Notice:
    """The notice a respondent of ``campaign`` is shown now."""
    return campaign_notice(campaign, registry(), operator())


@blueprint.get("/<slug>/confidentialite")
def page(slug: str) -> str:
    campaign = db_session().scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        abort(404)
    return render_template("survey/notice.html", campaign=campaign, notice=notice_of(campaign))
