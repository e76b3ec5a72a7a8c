"""The organisation's aggregated results, for respondents who submitted, when the campaign
shares them. Below the minimum number of respondents: a message and no figure."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask import Response as FlaskResponse

from coopassess.models import Campaign
from coopassess.survey.views.pages import campaign_and_response
from coopassess.web.responses import campaign_pdf, campaign_radar, campaign_results_page

blueprint = Blueprint("collective", __name__)


def _shared(slug: str) -> Campaign:
    """Only a respondent who submitted, on a campaign that shares its results, gets them."""
    campaign, response = campaign_and_response(slug)
    if not (response.submitted and campaign.results_shared):
        abort(404)
    return campaign


@blueprint.get("/<slug>/resultats-collectifs")
def page(slug: str) -> str:
    campaign = _shared(slug)
    return render_template(
        "survey/collective.html", campaign=campaign, **campaign_results_page(campaign)
    )


@blueprint.get("/<slug>/resultats-collectifs/radar-<questionnaire>.<any(svg, png):fmt>")
def radar(slug: str, questionnaire: str, fmt: str) -> FlaskResponse:
    return campaign_radar(_shared(slug), questionnaire, fmt)


@blueprint.get("/<slug>/resultats-collectifs/rapport.pdf")
def report(slug: str) -> FlaskResponse:
    return campaign_pdf(_shared(slug))
