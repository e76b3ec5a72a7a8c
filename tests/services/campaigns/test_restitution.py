"""The deck of a campaign (``campaigns.restitution.slides``) on both engines: what each slide
holds, its content limits, and the figures read from the campaign's one Results."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask

from coopassess.campaigns import restitution
from coopassess.campaigns.results import campaign_results
from coopassess.charts import ChartCache
from coopassess.db import db_session
from coopassess.demo.responses import DemoOrganisation
from coopassess.instrument.registry import default_registry
from coopassess.models import Campaign, Organisation
from tests.fixtures.portfolio import add_responses

pytestmark = pytest.mark.db

MODULES = ("COOP", "ACH", "TER", "VAL")


def _drawer(cache: ChartCache) -> restitution.Drawer:
    return lambda data: "data:image/svg+xml;utf8," + cache.get_or_render(data, "svg").decode()[:40]


def _campaign(app: Flask, respondents: int, **answers: str) -> int:
    """A campaign with every module; ``answers`` fixes some items for every respondent."""
    with app.app_context():
        session = db_session()
        campaign = Campaign(
            organisation=Organisation(name="Agglo des Rives", kind="territoire"),
            demarche="Réemploi BTP",
            target="territoire",
            modules=list(MODULES),
            instrument_version=default_registry().current().version,
            status="closed",
            slug=f"deck-{datetime.now(UTC).timestamp()}",
        )
        session.add(campaign)
        session.flush()
        spec = DemoOrganisation(
            name="Agglo des Rives",
            kind="territoire",
            structure_type="Commune",
            region="Bretagne",
            demarche=campaign.demarche,
            slug=campaign.slug,
            modules=MODULES,
            maturity=3.0,
            respondents=respondents,
            structures=("Commune",),
        )
        add_responses(session, campaign, spec, respondents, **answers)
        session.commit()
        return campaign.id


def test_every_slide_reads_the_one_results(app: Flask) -> None:
    instrument = default_registry().current()
    reverse = [item.id for item in instrument.items_by_id.values() if item.reverse]
    campaign_id = _campaign(app, 12, **dict.fromkeys(reverse[:9], "5"))
    cache = ChartCache()
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        slides = restitution.slides(session, default_registry(), campaign, _drawer(cache))
        results = campaign_results(session, default_registry(), campaign)
    by_kind = {slide.kind: slide for slide in slides}
    assert cache.renders == 4  # COOP, ACH, TER, VAL: one chart each
    coop = results.questionnaires["COOP"]

    index = by_kind["index"].content
    assert (index.code, index.score) == ("IMC", coop.index.score)
    assert index.level.code == coop.index.level and index.level.name
    assert [level.code for level in index.levels] == ["N1", "N2", "N3", "N4", "N5"]

    participation = by_kind["participation"].content
    assert participation.respondents == 12 and participation.counts.submitted == 12
    assert participation.by_structure == (("Commune", 12),)

    agreement = by_kind["agreement"].content
    assert len(agreement.most) == len(agreement.least) == restitution.AGREEMENT_SHOWN
    assert not {row.label for row in agreement.most} & {row.label for row in agreement.least}
    assert agreement.total == sum(count for _, count in agreement.counts)
    assert {row.module for row in agreement.most + agreement.least} <= {
        "Maturité coopérative",
        "Achats circulaires",
        "Dynamique territoriale",
    }

    priorities = by_kind["priorities"].content
    labels = [instrument.dimensions_by_id[i].label.fr for i in coop.priorities]
    assert [priority.dimension.label for priority in priorities] == labels
    assert all(priority.recommendation for priority in priorities)

    risks = by_kind["risks"].content
    signalled = sum(len(scored.risks_signalled) for scored in results.questionnaires.values())
    assert signalled > restitution.RISKS_SHOWN  # the nine fixed at 5, maybe more
    assert len(risks.shown) == restitution.RISKS_SHOWN
    assert risks.more == signalled - restitution.RISKS_SHOWN

    values = by_kind["values"].content
    assert [family.observed for family in values.families] == [
        family.observed for family in results.questionnaires["VAL"].families.values()
    ]
    charts = [slide.content.chart for slide in slides if slide.kind in ("chart", "values")]
    assert len(charts) == 4 and all(chart.src.startswith("data:image/svg") for chart in charts)
    assert all(" : " in chart.alt for chart in charts)  # the chart's values in words


def test_below_the_minimum_only_the_opening(app: Flask) -> None:
    campaign_id = _campaign(app, 2)
    cache = ChartCache()
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        slides = restitution.slides(session, default_registry(), campaign, _drawer(cache))
    assert [slide.kind for slide in slides] == ["cover", "participation"]
    participation = slides[1].content
    assert not participation.reportable and participation.minimum == 3
    assert participation.by_structure == () and participation.by_role == ()
    assert cache.renders == 0
