"""The campaign's radars drawn ahead by the worker (``campaigns.jobs.draw_campaign_charts``):
into the chart cache's folder, where every server worker then finds them."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from coopassess.campaigns.jobs import draw_campaign_charts
from coopassess.campaigns.results import campaign_results
from coopassess.charts import questionnaire_radar
from coopassess.charts.cache import ChartCache
from coopassess.db import db_session
from coopassess.jobs import enqueue
from coopassess.models import Campaign
from coopassess.registry import registry
from tests.fixtures.campaigns import answer_and_submit, make_campaign, start
from tests.fixtures.jobs import QUEUES, app_on_queue
from tests.fixtures.mail import run_queue
from tests.fixtures.portfolio import organisation_with_campaigns

pytestmark = pytest.mark.db


@pytest.mark.parametrize("backend", QUEUES)
def test_the_worker_draws_the_radars_the_pages_will_read(app: Flask, backend: str) -> None:
    _, (reportable, small) = organisation_with_campaigns(
        app, "Agglo des Rives", (5, 2), modules=("COOP", "ACH", "VAL")
    )
    with app_on_queue(app, backend) as queued:
        with queued.app_context():
            enqueue(draw_campaign_charts, reportable)
            enqueue(draw_campaign_charts, small)  # below the minimum: nothing drawn
        assert run_queue(queued) == 2
    folder = Path(app.config["CHART_CACHE_DIR"])
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, reportable)
        results = campaign_results(session, registry(), campaign)
        instrument = registry().get(campaign.instrument_version)
        fresh = ChartCache(directory=folder)  # another worker: an empty memory
        for questionnaire in ("COOP", "ACH", "VAL"):
            fresh.get_or_render(questionnaire_radar(results, instrument, questionnaire), "svg")
    assert fresh.renders == 0  # all three were drawn ahead


def test_a_submission_has_the_worker_draw_the_charts(app: Flask) -> None:
    make_campaign(app, "rives")
    for _ in range(3):  # the third response makes the results reportable
        client = app.test_client()
        start(app, client, "rives")
        answer_and_submit(client, "rives")
    assert run_queue(app) == 3  # one drawing job per submission
    assert any(Path(app.config["CHART_CACHE_DIR"]).rglob("*"))
