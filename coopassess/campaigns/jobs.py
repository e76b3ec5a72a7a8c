"""A campaign's charts drawn ahead: once a response is submitted, the worker draws the
campaign's radars into the chart cache's folder, which every server worker reads, so that the
results page and the restitution find them drawn (a radar takes tens of milliseconds to draw,
the rest of the restitution a few tens in all)."""

from __future__ import annotations

from coopassess.campaigns.results import campaign_results
from coopassess.charts import questionnaire_radar
from coopassess.charts.cache import ChartCache
from coopassess.jobs import JobContext, job
from coopassess.models import Campaign


@job()
def draw_campaign_charts(ctx: JobContext, campaign_id: int) -> int:
    """Draw the radars of ``campaign_id``'s results (the pages' SVG); how many were drawn (a
    chart already in the folder is not drawn again). Nothing below the minimum of respondents."""
    campaign = ctx.session.get(Campaign, campaign_id)
    if campaign is None:
        return 0
    instruments = ctx.registry
    results = campaign_results(ctx.session, instruments, campaign)
    if not results.reportable:
        return 0
    instrument = instruments.get(campaign.instrument_version)
    cache = ChartCache(directory=ctx.config["CHART_CACHE_DIR"])
    for questionnaire in results.questionnaires:
        cache.get_or_render(questionnaire_radar(results, instrument, questionnaire), "svg")
    return cache.renders
