"""The optional comment at the end of each questionnaire: on its last page only, saved with the
page (and by the autosave), 2,000 characters at most — a longer text refused with a French
message and kept on the page, nothing lost — and never an answer."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess.common.comments import COMMENT_QUESTION
from coopassess.db import db_session
from coopassess.models import Answer, Campaign, ResponseComment
from tests.fixtures.accounts import login, make_user
from tests.fixtures.campaigns import PROFILE, answer_and_submit, make_campaign, start

pytestmark = pytest.mark.db

SLUG = "essai-commentaires"
LAST = f"/r/{SLUG}/p/COOP.MET"


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    make_campaign(app, SLUG)
    client = app.test_client()
    start(app, client, SLUG)
    assert client.post(f"/r/{SLUG}/p/profile", data=PROFILE).status_code == 302
    return client


def _answers(client: FlaskClient, page: str) -> dict[str, str]:
    names = set(re.findall(r'name="(q_[^"]+)"', client.get(page).get_data(as_text=True)))
    return dict.fromkeys(names, "4")


def _stored(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db_session().execute(select(ResponseComment.questionnaire, ResponseComment.text))
        return [tuple(row) for row in rows]


def _textarea(page: str) -> str:
    found = re.search(r'<textarea id="commentaire"[^>]*>\n(.*?)</textarea>', page, re.S)
    assert found, "no comment field"
    return html.unescape(found.group(1))


def test_only_the_last_page_of_a_questionnaire_asks_the_comment(client: FlaskClient) -> None:
    last = client.get(LAST).get_data(as_text=True)
    assert '<label for="commentaire">' in last and "Un exemple, une remarque" in last
    assert 'aria-describedby="commentaire-aide"' in last and "2\u202f000 caractères au plus" in last
    assert "maxlength" not in last.split('id="commentaire"')[1].split(">")[0]
    assert "js/character-count.js" in last
    first = client.get(f"/r/{SLUG}/p/COOP.VIT").get_data(as_text=True)
    assert 'name="commentaire"' not in first and "character-count.js" not in first
    profile = client.get(f"/r/{SLUG}/p/profile").get_data(as_text=True)
    assert 'name="commentaire"' not in profile
    assert COMMENT_QUESTION.split(" ?")[0] in last


def test_2000_characters_are_saved_with_the_page_and_shown_again(
    app: Flask, client: FlaskClient
) -> None:
    text = "Très bien\r\n" + "é" * 1989  # the Windows line break counts as one: 2,000
    saved = client.post(LAST, data={**_answers(client, LAST), "commentaire": text})
    assert saved.status_code == 302 and saved.location.endswith("/recapitulatif")
    assert _stored(app) == [("COOP", text.replace("\r\n", "\n"))]
    assert _textarea(client.get(LAST).get_data(as_text=True)) == text.replace("\r\n", "\n")
    with app.app_context():
        keys = db_session().scalars(select(Answer.item_key)).all()
    assert keys and not any("comment" in key for key in keys)


def test_2001_characters_are_refused_and_kept_nothing_saved(
    app: Flask, client: FlaskClient
) -> None:
    client.post(LAST, data={"commentaire": "Version précédente"})
    text = '</textarea><script>alert("x")</script>' + "x" * 1963
    assert len(text) == 2001
    answers = _answers(client, LAST)
    refused = client.post(LAST, data={**answers, "commentaire": text})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Votre commentaire compte 2\u202f001 caractères" in page
    assert '<a href="#commentaire">' in page and 'aria-invalid="true"' in page
    assert _textarea(page) == text and "<script>alert" not in page
    assert all(f'name="{name}" value="4"\n               checked' in page for name in answers)
    assert _stored(app) == [("COOP", "Version précédente")]
    with app.app_context():
        assert not db_session().scalars(select(Answer.item_key)).all()


def test_a_comment_of_spaces_is_no_comment_and_empties_a_saved_one(
    app: Flask, client: FlaskClient
) -> None:
    client.post(LAST, data={"commentaire": "Une remarque"})
    assert _stored(app) == [("COOP", "Une remarque")]
    client.post(LAST, data={"commentaire": " \r\n\t "})
    assert _stored(app) == []


def test_a_post_without_the_field_keeps_the_comment(app: Flask, client: FlaskClient) -> None:
    client.post(LAST, data={"commentaire": "Une remarque"})
    assert client.post(LAST, data=_answers(client, LAST)).status_code == 302
    assert _stored(app) == [("COOP", "Une remarque")]


def test_autosave_saves_the_comment_and_refuses_a_long_one(app: Flask, client: FlaskClient) -> None:
    headers = {"X-Autosave": "1"}
    saved = client.post(LAST, data={"commentaire": "Tapé puis enregistré"}, headers=headers)
    assert saved.status_code == 200 and saved.json == {"saved": True}
    assert _stored(app) == [("COOP", "Tapé puis enregistré")]
    refused = client.post(LAST, data={"commentaire": "y" * 2001}, headers=headers)
    assert refused.status_code == 400 and refused.json["saved"] is False
    assert "2\u202f000 au plus" in refused.json["errors"]["commentaire"][0]
    assert _stored(app) == [("COOP", "Tapé puis enregistré")]


def test_a_comment_posted_to_another_page_is_refused(app: Flask, client: FlaskClient) -> None:
    page = f"/r/{SLUG}/p/COOP.VIT"
    refused = client.post(page, data={**_answers(client, page), "commentaire": "Ailleurs"})
    assert refused.status_code == 400 and "question inconnue" in refused.get_data(as_text=True)
    twice = client.post(LAST, data={"commentaire": ["Un", "Deux"]})
    assert twice.status_code == 400 and _stored(app) == []


def test_from_the_survey_to_the_shared_results(app: Flask) -> None:
    """Typed in the survey, marked by the consultant, read unsigned by the respondents of a
    campaign that shares its results."""
    campaign_id = make_campaign(app, "partage-commentaires")
    slug = "partage-commentaires"
    respondents = []
    for typed in ("Le comité <b>manque</b> d'élus", "", "   "):
        client = app.test_client()
        start(app, client, slug)
        last = f"/r/{slug}/p/COOP.MET"
        assert client.post(last, data={"commentaire": typed}).status_code == 302
        answer_and_submit(client, slug)
        respondents.append(client)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        campaign.results_shared = True
        organisation_id = campaign.organisation_id
        session.commit()
    assert _stored(app) == [("COOP", "Le comité <b>manque</b> d'élus")]
    page = f"/r/{slug}/resultats-collectifs"
    assert "manque" not in respondents[1].get(page).get_data(as_text=True)
    make_user(app, "conseil@example.fr", "consultant", assigned=(organisation_id,))
    consultant = app.test_client()
    login(consultant, "conseil@example.fr")
    listing = consultant.get(f"/campagnes/{campaign_id}/commentaires").get_data(as_text=True)
    assert "<strong>R1</strong>" in listing and "&lt;b&gt;manque&lt;/b&gt;" in listing
    comment = re.search(r'id="commentaire-(\d+)"', listing).group(1)
    marked = consultant.post(
        f"/campagnes/{campaign_id}/commentaires/{comment}/citation", data={"citer": "1"}
    )
    assert marked.status_code == 302
    shared = respondents[1].get(page).get_data(as_text=True)
    assert "Ce que disent les répondants" in shared and "&lt;b&gt;manque&lt;/b&gt;" in shared
