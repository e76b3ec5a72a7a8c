"""Respondents who submitted read the aggregated results when the campaign shares them."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskCliRunner
from pypdf import PdfReader

from coopassess.db import db_session
from coopassess.models import Campaign
from tests.fixtures.campaigns import answer_and_submit, make_campaign, start

SLUG = "partage"
PAGE = f"/r/{SLUG}/resultats-collectifs"


def _respondent(app: Flask, value: str) -> object:
    client = app.test_client()
    start(app, client, SLUG)
    answer_and_submit(client, SLUG, value)
    return client


def test_shared_results_appear_from_three_respondents(app: Flask, runner: FlaskCliRunner) -> None:
    campaign_id = make_campaign(app, SLUG)
    first = _respondent(app, "4")
    assert first.get(PAGE).status_code == 404  # not shared yet
    shared = runner.invoke(args=["campaign", "share", str(campaign_id)])
    assert shared.exit_code == 0 and "sont montrés" in shared.output
    waiting = first.get(PAGE).get_data(as_text=True)
    assert "dès que 3 personnes" in waiting and "Indice de maturité" not in waiting
    assert first.get(f"{PAGE}/radar-COOP.svg").status_code == 404
    assert first.get(f"{PAGE}/rapport.pdf").status_code == 404

    _respondent(app, "2")
    third = _respondent(app, "5")
    page = third.get(PAGE).get_data(as_text=True)
    assert "Indice de maturité coopérative" in page and "Accord" in page
    assert "Priorités" in page and "Risques de non-coopération signalés" in page
    assert third.get(f"{PAGE}/radar-COOP.svg").mimetype == "image/svg+xml"
    pdf = third.get(f"{PAGE}/rapport.pdf")
    assert pdf.mimetype == "application/pdf"
    assert "Agglo des Rives" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Voir les résultats de la démarche" in third.get(f"/r/{SLUG}/resultats").get_data(
        as_text=True
    )


def test_only_respondents_who_submitted(app: Flask) -> None:
    make_campaign(app, SLUG)
    with app.app_context():
        session = db_session()
        session.query(Campaign).one().results_shared = True
        session.commit()
    for _ in range(3):
        _respondent(app, "3")
    stranger = app.test_client()
    assert stranger.get(PAGE).status_code == 302  # no response held: back to the welcome page
    unfinished = app.test_client()
    start(app, unfinished, SLUG)
    assert unfinished.get(PAGE).status_code == 404
    assert unfinished.get(f"{PAGE}/rapport.pdf").status_code == 404


def test_unshared_campaign_shows_nothing(app: Flask, runner: FlaskCliRunner) -> None:
    campaign_id = make_campaign(app, SLUG)
    clients = [_respondent(app, "4") for _ in range(3)]
    runner.invoke(args=["campaign", "share", str(campaign_id)])
    assert clients[0].get(PAGE).status_code == 200
    off = runner.invoke(args=["campaign", "share", str(campaign_id), "--off"])
    assert off.exit_code == 0
    assert clients[0].get(PAGE).status_code == 404
    assert "Voir les résultats" not in clients[0].get(f"/r/{SLUG}/resultats").get_data(as_text=True)
