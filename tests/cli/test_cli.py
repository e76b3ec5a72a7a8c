"""The console commands that touch the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import Answer, Campaign, Organisation, Response
from coopassess.registry import registry


def _counts(app: Flask) -> tuple[int, int, int, int]:
    with app.app_context():
        session = db_session()
        return tuple(
            session.scalar(select(func.count(model.id)))
            for model in (Organisation, Campaign, Response, Answer)
        )


def test_init_is_idempotent(app: Flask, runner: FlaskCliRunner) -> None:
    for _ in range(2):
        result = runner.invoke(args=["init"])
        assert result.exit_code == 0, result.output
        assert "Base de données à jour" in result.output


def test_demo_loads_varied_submitted_responses_once(app: Flask, runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = _counts(app)
    organisations, campaigns, responses, answers = counts
    assert organisations >= 3 and campaigns >= 3 and responses >= 3 * organisations - 1
    assert answers > 40 * responses
    links = re.findall(r"lien d'invitation : (\S+)", first.output)
    assert len(links) == organisations and all("/i/" in link for link in links)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "Déjà présent" in second.output
    assert _counts(app) == counts
    with app.app_context():
        session = db_session()
        statuses = set(session.scalars(select(Response.status)))
        values = set(session.scalars(select(Answer.value)))
    assert statuses == {"submitted"}
    assert {"1", "2", "3", "4", "5", "NSP", "NC"} <= values
    # Each run prints new links; the previous ones are revoked.
    renewed = re.findall(r"lien d'invitation : (\S+)", second.output)
    client = app.test_client()
    assert client.get(links[0].removeprefix(app.config["BASE_URL"])).status_code == 404
    exchange = client.get(renewed[0].removeprefix(app.config["BASE_URL"]))
    assert exchange.status_code == 302 and exchange.location == "/r/demo-rives-reemploi"


def test_demo_campaigns_have_results(app: Flask, runner: FlaskCliRunner) -> None:
    from coopassess.campaigns.results import campaign_results

    runner.invoke(args=["demo"])
    with app.app_context():
        session = db_session()
        imcs = []
        for campaign in session.scalars(select(Campaign)):
            results = campaign_results(session, registry(), campaign)
            assert results.n_respondents >= 3
            imcs.append(results.questionnaires["COOP"].index.score)
    assert len(set(imcs)) == len(imcs), "demo organisations should not look alike"


def test_demo_large_builds_a_portfolio_with_summaries_once(
    app: Flask, runner: FlaskCliRunner
) -> None:
    from coopassess.models import CampaignSummary

    first = runner.invoke(args=["demo", "--size", "large", "--organisations", "6"])
    assert first.exit_code == 0, first.output
    assert "6 organisations, 18 campagnes" in first.output
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count(Organisation.id))) == 6
        summaries = session.scalars(select(CampaignSummary)).all()
        assert len(summaries) == 18 and all(s.n_respondents >= 5 for s in summaries)
        assert all(s.imc is not None and s.level for s in summaries)
        per_campaign = session.execute(
            select(Response.campaign_id, func.count(Response.id)).group_by(Response.campaign_id)
        ).all()
        assert all(5 <= count <= 30 for _, count in per_campaign)
        regions = set(session.scalars(select(Organisation.region)))
    assert len(regions) > 1
    second = runner.invoke(args=["demo", "--size", "large", "--organisations", "6"])
    assert second.exit_code == 0 and "déjà présent" in second.output
    with app.app_context():
        assert db_session().scalar(select(func.count(Organisation.id))) == 6


def test_demo_tells_the_story_of_a_first_plan_followed_up(
    app: Flask, runner: FlaskCliRunner
) -> None:
    """The first demo organisation: a first campaign eight months ago whose plan was partly
    done, its open action carried over, comments « à citer » on the current campaign; the
    evolution reads the actions done next to the score changes."""
    from coopassess.campaigns.comments import quoted_comments
    from coopassess.campaigns.results import campaign_results
    from coopassess.followup.evolution import evolution_followup
    from coopassess.models import Action

    runner.invoke(args=["demo"])
    with app.app_context():
        session = db_session()
        current, first = session.scalars(
            select(Campaign).where(Campaign.slug.like("demo-rives-reemploi%")).order_by(Campaign.id)
        ).all()
        assert (current.slug, first.slug) == ("demo-rives-reemploi", "demo-rives-reemploi-t0")
        assert first.status == "closed" and first.closed_at is not None
        plan = {
            a.title: a.status
            for a in session.scalars(select(Action).where(Action.campaign_id == first.id))
        }
        assert sorted(plan.values()) == ["done", "done", "dropped", "in_progress"]
        carried = session.scalars(select(Action).where(Action.campaign_id == current.id)).all()
        assert [(a.title, a.carried_from_id is not None) for a in carried] == [
            ("Rencontre acheteurs – entreprises", True)
        ]
        results = campaign_results(session, registry(), current)
        assert len(quoted_comments(session, registry(), current, results)) == 2
        both = [campaign_results(session, registry(), c) for c in (first, current)]
        [step] = evolution_followup(session, registry(), [first, current], ["T0", "T1"], both)
        done = {row.dimension: [a.title for a in row.actions] for row in step.rows if row.actions}
        assert done == {
            "COOP.OUV": ["Visites croisées de chantiers"],
            "COOP.OEU": ["Feuille de route partagée"],
        }
