"""The organisation's aggregated results, for respondents who submitted, when the campaign
shares them. Below the minimum number of respondents: a message and no figure."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask import Response as FlaskResponse

from coopassess.db import db_session
from coopassess.models import Campaign
from coopassess.reports import ReportError
from coopassess.results import campaign_report, campaign_results
from coopassess.scoring.results import Results
from coopassess.survey.views import campaign_and_response
from coopassess.web.charts import chart_cache, chart_response, radar_data
from coopassess.web.instruments import instrument
from coopassess.web.results_view import results_view

blueprint = Blueprint("collective", __name__, url_prefix="/r")


def _shared(slug: str) -> tuple[Campaign, Results]:
    """Only a respondent who submitted, on a campaign that shares its results, gets them."""
    campaign, response = campaign_and_response(slug)
    if not (response.submitted and campaign.results_shared):
        abort(404)
    return campaign, campaign_results(db_session(), campaign)


def _enough(campaign: Campaign, results: Results) -> bool:
    minimum = instrument(campaign.instrument_version).parameters.min_respondents_aggregate
    return results.n_respondents >= minimum


@blueprint.get("/<slug>/resultats-collectifs")
def page(slug: str) -> str:
    campaign, results = _shared(slug)
    published = instrument(campaign.instrument_version)
    minimum = published.parameters.min_respondents_aggregate
    if not _enough(campaign, results):
        return render_template(
            "survey/collective.html", campaign=campaign, minimum=minimum, results=results
        )
    return render_template(
        "survey/collective.html",
        campaign=campaign,
        minimum=minimum,
        **results_view(published, results),
    )


@blueprint.get("/<slug>/resultats-collectifs/radar-<questionnaire>.<any(svg, png):fmt>")
def radar(slug: str, questionnaire: str, fmt: str) -> FlaskResponse:
    campaign, results = _shared(slug)
    if not _enough(campaign, results) or questionnaire not in results.questionnaires:
        abort(404)
    data = radar_data(results, instrument(campaign.instrument_version), questionnaire)
    download = f"radar-{questionnaire.lower()}.png" if fmt == "png" else None
    return chart_response(data, fmt, download_name=download)


@blueprint.get("/<slug>/resultats-collectifs/rapport.pdf")
def report(slug: str) -> FlaskResponse:
    campaign, results = _shared(slug)
    if not _enough(campaign, results):
        abort(404)
    try:
        pdf = campaign_report(db_session(), campaign, chart_cache())
    except ReportError:
        abort(404)
    response = FlaskResponse(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="rapport-coopassess.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
