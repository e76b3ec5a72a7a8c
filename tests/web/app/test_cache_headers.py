"""Results, charts, exports and PDFs carry personal or confidential data: ``no-store``
everywhere but static files and what a view declares public."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from coopassess.db import db_session
from coopassess.models import Campaign
from tests.fixtures.accounts import login, make_user
from tests.fixtures.campaigns import answer_and_submit, make_campaign, start
from tests.fixtures.portfolio import organisation_with_campaigns


def _admin(app: Flask) -> FlaskClient:
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    assert login(client, "admin@example.fr").status_code == 302
    return client


def _assert_no_store(answer: object, url: str) -> None:
    assert answer.status_code == 200, url
    assert "no-store" in answer.headers["Cache-Control"], (url, answer.headers["Cache-Control"])
    assert "max-age" not in answer.headers["Cache-Control"], url


def test_every_results_chart_is_no_store(app: Flask) -> None:
    own, (first, second) = organisation_with_campaigns(app, "Ville", (4, 4))
    for number in range(10):
        organisation_with_campaigns(app, f"Pair {number:02d}", (3,))
    client = _admin(app)
    for url in (
        f"/campagnes/{first}/radar-COOP.svg",
        f"/campagnes/{first}/radar-COOP.png",
        f"/comparaison/radar-COOP.svg?campagne={first}&campagne={second}",
        f"/organisations/{own}/evolution-COOP.svg",
        f"/organisations/{own}/reference/radar.svg",
        f"/organisations/{own}/evolution.pdf",
    ):
        _assert_no_store(client.get(url), url)


def test_respondent_and_collective_charts_are_no_store(app: Flask) -> None:
    make_campaign(app, "partage")
    with app.app_context():
        db_session().execute(update(Campaign).values(results_shared=True))
        db_session().commit()
    clients = []
    for value in ("2", "4", "5"):
        client = app.test_client()
        start(app, client, "partage")
        answer_and_submit(client, "partage", value)
        clients.append(client)
    for url in (
        "/r/partage/resultats/radar-COOP.svg",
        "/r/partage/resultats-collectifs/radar-COOP.svg",
        "/r/partage/resultats-collectifs/rapport.pdf",
        "/r/partage/resultats",
    ):
        _assert_no_store(clients[-1].get(url), url)


def test_static_files_and_the_public_api_document_keep_their_caching(app: Flask) -> None:
    client = app.test_client()
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()
    document = client.get("/api/v1/openapi.json")
    assert document.headers["Cache-Control"] == "public, max-age=3600"
