"""How the survey reads (issue 15): VAL items as full sentences, instructions folded after a
module's first page, one announced duration computed from the modules."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.models import Campaign
from tests.fixtures.campaigns import PROFILE, make_campaign, start


def _with_val(app: Flask) -> None:
    with app.app_context():
        session = db_session()
        campaign = session.scalar(select(Campaign).where(Campaign.slug == "essai-liens"))
        campaign.modules = ["COOP", "VAL"]
        session.commit()


def test_values_read_as_sentences_and_instructions_fold(app: Flask) -> None:
    make_campaign(app)
    _with_val(app)
    client = app.test_client()
    start(app, client, "essai-liens")
    client.post("/r/essai-liens/p/profile", data={**PROFILE, "action": "next"})
    first = client.get("/r/essai-liens/p/VAL.ATT").get_data(as_text=True)
    assert "La démarche contribue à l&#39;image et la visibilité du territoire" in first
    assert "Rappel de la consigne" not in first  # the module's first page: in full
    # Two small families share the first VAL page, each under its own heading.
    assert '<h2 class="family-heading">Attractivité du territoire</h2>' in first
    assert '<h2 class="family-heading">Économique</h2>' in first
    assert "La démarche contribue aux retombées économiques locales" in first
    second = client.get("/r/essai-liens/p/VAL.CMP").get_data(as_text=True)
    assert "Rappel de la consigne — en savoir plus" in second
    # No page of its own: its old address (a bookmark) leads to the page it shares.
    moved = client.get("/r/essai-liens/p/VAL.ECO")
    assert moved.status_code == 302 and moved.location.endswith("/r/essai-liens/p/VAL.ATT")
    welcome = client.get("/r/essai-liens").get_data(as_text=True)
    assert "environ 16\u00a0minutes" in welcome or "environ 16&nbsp;minutes" in welcome


def test_home_announces_the_range_of_the_modules(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Comptez 10 à 26&nbsp;minutes selon les modules." in html


def test_review_warns_before_sending_a_mostly_empty_response(app: Flask) -> None:
    make_campaign(app)
    client = app.test_client()
    start(app, client, "essai-liens")
    client.post("/r/essai-liens/p/profile", data={**PROFILE, "action": "next"})
    client.post("/r/essai-liens/p/COOP.VIT", data={"q_COOP-VIT-01": "4", "action": "next"})
    html = client.get("/r/essai-liens/recapitulatif").get_data(as_text=True)
    assert "La plupart des questions sont sans réponse" in html
    assert "Vous avez répondu à 5 questions sur" in html  # the profile and one answer
    assert 'href="/r/essai-liens/p/COOP.VIT">Revenir à la première page incomplète' in html
    assert "Envoyer mes réponses" in html  # sending stays possible
