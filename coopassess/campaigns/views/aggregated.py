"""An organisation's aggregated results as the pages serve them: shown only from the minimum
number of respondents; radars and the PDF with the same rule. Shared by the referent's and
consultant's pages and by respondents when a campaign shares its results."""

from __future__ import annotations

from typing import Any

from flask import Response, abort

from coopassess.campaigns.presenter import results_view
from coopassess.campaigns.results import campaign_report, campaign_results
from coopassess.db import db_session
from coopassess.models import Campaign
from coopassess.registry import instrument
from coopassess.reports import ReportError
from coopassess.scoring.results import Results
from coopassess.web.responses import radar_download


def _minimum(campaign: Campaign) -> int:
    return instrument(campaign.instrument_version).parameters.min_respondents_aggregate


def page_context(campaign: Campaign) -> dict[str, Any]:
    """``results`` and ``minimum`` always; the results view only from the minimum."""
    results = campaign_results(db_session(), campaign)
    minimum = _minimum(campaign)
    context: dict[str, Any] = {"results": results, "minimum": minimum}
    if results.n_respondents >= minimum:
        context.update(results_view(instrument(campaign.instrument_version), results))
    return context


def results_or_404(campaign: Campaign) -> Results:
    results = campaign_results(db_session(), campaign)
    if results.n_respondents < _minimum(campaign):
        abort(404)
    return results


def radar(campaign: Campaign, questionnaire: str, fmt: str) -> Response:
    results = results_or_404(campaign)
    return radar_download(results, instrument(campaign.instrument_version), questionnaire, fmt)


def report(campaign: Campaign, filename: str) -> Response:
    results_or_404(campaign)
    try:
        pdf = campaign_report(db_session(), campaign)
    except ReportError:
        abort(404)
    return pdf_download(pdf, filename)


def pdf_download(pdf: bytes, filename: str) -> Response:
    """A report as an attachment, never kept by a shared cache (it holds results)."""
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
