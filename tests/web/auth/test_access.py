"""Every route of the app, walked from ``app.url_map``: who gets what.

A respondent holds one response of one campaign; nothing of another campaign — another
organisation — answers them with a 2xx, and nothing is written there.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import Answer, Campaign, Response
from tests.fixtures.campaigns import answer_and_submit, make_campaign, start

# Routes anyone may open: they show nothing that belongs to a respondent or an organisation.
PUBLIC = {
    "static",
    "web.home",
    "web.health",
    "survey.welcome",
    "invitations.exchange",
    "auth.login",
    "auth.forgotten",
    "help.index",
    "legal.notice",
    "legal.processing",
    "legal.accessibility",
    "notice.page",  # a campaign's information notice, readable before starting
    "api.openapi",
}
VALUES = {
    "slug": "autre",
    "page_id": "COOP.VIT",
    "questionnaire": "COOP",
    "fmt": "svg",
    "token": "x" * 43,
    "filename": "css/app.css",
    "campaign_id": "1",
    "organisation_id": "1",
    "pseudonym": "R1",
    "token_id": "1",
    "participant_id": "1",
    "mailing_id": "1",
    "signature": "s" * 43,
    "key": "k" * 32,
    "user_id": "1",
    "change": "desactivation",
    "comment_id": "1",
    "action_id": "1",
}


def _urls(app: Flask) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: VALUES[m.group(1)], rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url))
    return found


def test_every_route_is_listed_with_a_value(app: Flask) -> None:
    urls = _urls(app)
    assert {endpoint for endpoint, _, _ in urls} == set(app.view_functions)
    assert all("<" not in url for _, _, url in urls)


def test_a_respondent_reaches_nothing_of_another_campaign(app: Flask) -> None:
    mine = make_campaign(app, "mienne", organisation="Organisation A")
    other = make_campaign(app, "autre", organisation="Organisation B")
    with app.app_context():
        session = db_session()
        session.get(Campaign, other).results_shared = True
        session.get(Campaign, mine).results_shared = True
        session.commit()
    for _ in range(3):
        neighbour = app.test_client()
        start(app, neighbour, "autre")
        answer_and_submit(neighbour, "autre")
    client = app.test_client()
    start(app, client, "mienne")
    answer_and_submit(client, "mienne")
    # The same routes on my own campaign do answer.
    assert client.get("/r/mienne/resultats").status_code == 200
    with app.app_context():
        before = db_session().scalar(select(func.count(Answer.id)))
    for endpoint, method, url in _urls(app):
        if endpoint in PUBLIC:
            continue
        answer = client.open(url, method=method, data={"q_COOP-VIT-01": "1"})
        assert not 200 <= answer.status_code < 300, (endpoint, method, url, answer.status_code)
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count(Answer.id))) == before
        assert (
            session.scalar(select(func.count(Response.id)).where(Response.campaign_id == other))
            == 3
        )


@pytest.mark.parametrize(
    "path", ["/r/autre/resultats", "/r/autre/p/COOP.VIT", "/r/autre/recapitulatif"]
)
def test_anonymous_gets_no_respondent_page(app: Flask, path: str) -> None:
    make_campaign(app, "autre")
    answer = app.test_client().get(path)
    assert answer.status_code == 302 and answer.location == "/r/autre"
