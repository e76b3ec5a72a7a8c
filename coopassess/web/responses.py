"""Responses the pages share: charts (one content cache per app, shared on disk by the workers,
with ETags), PDF reports and file downloads, and a campaign's aggregated results, served only
when they are reportable (404 otherwise: the figures do not exist below the minimum)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, current_app, request

from coopassess.campaigns.comments import quoted_comments
from coopassess.campaigns.presenter import results_page
from coopassess.campaigns.results import (
    campaign_report,
    campaign_results,
    campaigns_comparison_report,
    reportable_results,
)
from coopassess.charts import ChartCache, overlay_radar, questionnaire_radar
from coopassess.charts.data import RadarData
from coopassess.consult.comparison import common_radars
from coopassess.db import db_session
from coopassess.models import Campaign, utcnow
from coopassess.registry import registry
from coopassess.reports import ReportError
from coopassess.scoring.followup import StepFollowup
from coopassess.scoring.results import Results
from coopassess.web.downloads import attachment

EXTENSION_KEY = "coopassess.charts"
MIMETYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = ChartCache(directory=Path(app.config["CHART_CACHE_DIR"]))


def chart_cache() -> ChartCache:
    return current_app.extensions[EXTENSION_KEY]


def chart_response(data: RadarData, fmt: str, *, download_name: str | None = None) -> Response:
    """The chart with an ETag (a client that has it gets 304), never stored by a cache."""
    content = chart_cache().get_or_render(data, fmt)
    etag = hashlib.sha256(content).hexdigest()[:32]
    response = Response(content, mimetype=MIMETYPES[fmt])
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-store"  # results: never kept
    if download_name:
        response.headers["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return response.make_conditional(request)


def chart_data_url(data: RadarData) -> str:
    """The chart's SVG (through the chart cache) as a ``data:`` URL, for a page that must fetch
    nothing once loaded. An <img> and not inline <svg>: the policy's ``style-src 'self'`` would
    block the style attributes of an SVG inlined in the page, never those of an image."""
    content = chart_cache().get_or_render(data, "svg")
    return "data:image/svg+xml;base64," + base64.b64encode(content).decode("ascii")


def radar_download(
    results: Results, questionnaire: str, fmt: str, *, name: str = "radar"
) -> Response:
    """A radar of ``results``: SVG for the page, PNG (200 dpi) as a download; 404 for a
    questionnaire nobody answered."""
    if questionnaire not in results.questionnaires:
        abort(404)
    instrument = registry().get(results.instrument_version)
    download = f"{name}-{questionnaire.lower()}.png" if fmt == "png" else None
    data = questionnaire_radar(results, instrument, questionnaire)
    return chart_response(data, fmt, download_name=download)


def reportable_or_404(campaign: Campaign) -> Results:
    results = reportable_results(db_session(), registry(), campaign)
    if results is None:
        abort(404)
    return results


def campaign_results_page(campaign: Campaign) -> dict[str, Any]:
    """What a results page of the campaign shows (the figures and the quoted comments only
    when reportable)."""
    instruments = registry()
    results = campaign_results(db_session(), instruments, campaign)
    return {
        **results_page(instruments.get(campaign.instrument_version), results),
        "quoted_comments": quoted_comments(db_session(), instruments, campaign, results),
    }


def campaign_radar(campaign: Campaign, questionnaire: str, fmt: str) -> Response:
    return radar_download(reportable_or_404(campaign), questionnaire, fmt)


def campaign_pdf(campaign: Campaign) -> Response:
    """``rapport-<organisation>-<démarche>-<date>.pdf``: the file says what it is."""
    reportable_or_404(campaign)
    try:
        pdf = campaign_report(db_session(), registry(), campaign)
    except ReportError:
        abort(404)
    label = f"{campaign.organisation.name} {campaign.demarche}"
    return pdf_download(pdf, f"rapport-{{}}-{utcnow():%Y-%m-%d}.pdf", label)


def pdf_download(pdf: bytes, filename: str, label: str = "") -> Response:
    """A report as an attachment, never kept by a shared cache (it holds results); ``{}`` in
    ``filename`` is replaced by a slug of ``label``."""
    return attachment(Response(pdf, mimetype="application/pdf"), filename, label)


def overlay_radar_response(
    first: Campaign, labelled: list[tuple[str, Results]], questionnaire: str, fmt: str
) -> Response:
    """The overlaid radar of a questionnaire every compared campaign answered (404 otherwise)."""
    if questionnaire not in common_radars([results for _, results in labelled]):
        abort(404)
    data = overlay_radar(labelled, registry().get(first.instrument_version), questionnaire)
    download = f"comparaison-{questionnaire.lower()}.png" if fmt == "png" else None
    return chart_response(data, fmt, download_name=download)


def comparison_pdf(
    campaigns: list[Campaign],
    filename: str,
    codes: list[str] | None = None,
    label: str = "",
    followup: Sequence[StepFollowup] = (),
) -> Response:
    try:
        pdf = campaigns_comparison_report(db_session(), registry(), campaigns, codes, followup)
    except ReportError:
        abort(400)
    return pdf_download(pdf, filename, label)
