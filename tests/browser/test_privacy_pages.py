"""The rights pages in a real Chromium, CSRF on: a participant withdraws their response from
a phone and their link then says so; an admin exports and erases an address. No page scrolls
sideways at 390 px."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import Participant, Response
from tests.fixtures.accounts import PASSWORD, make_user
from tests.fixtures.browser import DESKTOP, PHONE, horizontal_overflow, sign_in
from tests.fixtures.campaigns import make_campaign
from tests.fixtures.participants import add_people, personal_path

pytestmark = pytest.mark.db

SLUG = "essai-retrait-navigateur"
ADDRESS = "jeanne.martin@ville-exemple.fr"


def _count(app: Flask, model: Any) -> int:
    with app.app_context():
        return db_session().scalar(select(func.count(model.id))) or 0


def test_a_participant_withdraws_from_a_phone(
    live_app: Flask, live_server: str, new_page: Any
) -> None:
    campaign_id = make_campaign(live_app, SLUG)
    [participant_id] = add_people(live_app, campaign_id, ADDRESS)
    link = live_server + personal_path(live_app, participant_id)
    page = new_page(PHONE)
    page.goto(link)
    page.click("button:has-text('Commencer le questionnaire')")
    page.goto(f"{live_server}/r/{SLUG}/recapitulatif")
    page.click("text=Retirer ma réponse")
    assert page.locator("h1").inner_text() == "Retirer ma réponse"
    assert horizontal_overflow(page) == 0
    assert _count(live_app, Response) == 1
    page.click("button:has-text('Supprimer définitivement ma réponse')")
    assert page.locator("h1").inner_text() == "Votre réponse a été retirée"
    assert horizontal_overflow(page) == 0
    assert _count(live_app, Response) == 0
    elsewhere = new_page(DESKTOP)
    elsewhere.goto(link)
    assert elsewhere.locator("h1").inner_text() == "Votre réponse a été retirée"
    elsewhere.click("button:has-text('Répondre de nouveau')")
    assert _count(live_app, Response) == 1


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_an_admin_exports_then_erases(
    live_app: Flask, live_server: str, new_page: Any, width: int
) -> None:
    campaign_id = make_campaign(live_app, SLUG)
    add_people(live_app, campaign_id, ADDRESS)
    make_user(live_app, "admin@example.fr", "admin")
    page = new_page(width)
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    page.click("text=Administration")
    page.click("text=Données personnelles")
    assert horizontal_overflow(page) == 0
    page.fill("#email", ADDRESS)
    with page.expect_download() as download:
        page.click("button:has-text('Télécharger l\\'export (JSON)')")
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["participations"][0]["campagne"]["numero"] == campaign_id
    page.fill("#email", ADDRESS)
    page.click("button:has-text('Effacer cette adresse')")
    assert ADDRESS in page.locator("h1").inner_text()
    assert horizontal_overflow(page) == 0
    page.click("button:has-text('Effacer définitivement')")
    assert "Adresse j•••@ville-exemple.fr effacée" in page.locator("main").inner_text()
    assert _count(live_app, Participant) == 0
