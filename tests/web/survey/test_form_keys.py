"""A question answered twice in one submission is refused whole, and the NUL check reads every
value of a repeated key."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import Answer, Response
from tests.fixtures.campaigns import PROFILE, make_campaign, start

PAGE = "/r/cles-doubles/p/COOP.VIT"


def _answer_count(app: Flask) -> int:
    with app.app_context():
        return db_session().scalar(select(func.count()).select_from(Answer))


def _started(app: Flask, client: FlaskClient) -> None:
    make_campaign(app, "cles-doubles")
    start(app, client, "cles-doubles")


def test_a_question_answered_twice_is_refused(app: Flask, client: FlaskClient) -> None:
    _started(app, client)
    body = "q_COOP-VIT-01=1&q_COOP-VIT-01=5&q_COOP-VIT-02=3"
    answer = client.post(PAGE, data=body, content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "plusieurs réponses" in page
    assert _answer_count(app) == 0


def test_autosave_with_a_repeated_question_writes_nothing(app: Flask, client: FlaskClient) -> None:
    _started(app, client)
    answer = client.post(
        PAGE,
        data="q_COOP-VIT-01=2&q_COOP-VIT-01=4",
        content_type="application/x-www-form-urlencoded",
        headers={"X-Autosave": "1"},
    )
    assert answer.status_code == 400
    assert answer.get_json()["saved"] is False
    assert _answer_count(app) == 0


def test_a_repeated_profile_question_is_refused(app: Flask, client: FlaskClient) -> None:
    _started(app, client)
    body = "p_P-STRUCT=Commune&p_P-STRUCT=Commune"
    answer = client.post(
        "/r/cles-doubles/p/profile", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 400
    with app.app_context():
        assert db_session().scalar(select(Response.profile)) == {}


def test_nul_in_the_second_value_of_a_key_is_refused(app: Flask, client: FlaskClient) -> None:
    _started(app, client)
    answer = client.post(
        PAGE,
        data="q_COOP-VIT-01=1&q_COOP-VIT-01=5%00",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 400
    assert "octet nul" in answer.get_data(as_text=True)
    searched = client.get("/connexion?suivant=/&suivant=/x%00")
    assert searched.status_code == 400


def test_one_value_per_question_is_still_saved(app: Flask, client: FlaskClient) -> None:
    _started(app, client)
    client.post("/r/cles-doubles/p/profile", data=PROFILE)
    answer = client.post(PAGE, data={"q_COOP-VIT-01": "5", "action": "next"})
    assert answer.status_code == 302
    assert _answer_count(app) == 1
