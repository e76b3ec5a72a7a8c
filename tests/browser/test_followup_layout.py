"""The follow-up pages in a real headless Chromium at 390 and 1280 px: the new campaign with
the open actions to carry over (ticked, carried when submitted, with CSRF), the evolution
beside the actions done, the dashboard's overdue filter and the referent's account page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.models import Action, Campaign
from tests.fixtures.accounts import PASSWORD, make_user
from tests.fixtures.browser import DESKTOP, PHONE, horizontal_overflow, sign_in
from tests.fixtures.followup import add_action
from tests.fixtures.portfolio import organisation_with_campaigns

pytestmark = pytest.mark.db


def _data(app: Flask) -> tuple[int, list[int]]:
    organisation, ids = organisation_with_campaigns(
        app, "Communauté de communes du Val d'Argent", (5, 6), modules=("COOP", "ACH")
    )
    with app.app_context():
        session = db_session()
        session.get(Campaign, ids[0]).opens_on = date(2023, 1, 1)
        session.commit()
    add_action(
        app,
        ids[0],
        "Ateliers inter-services sur les achats responsables du territoire",
        questionnaire="ACH",
        dimension="ACH.DEC",
        status="done",
        owner="Service de la commande publique et des achats",
        done_at=datetime(2025, 6, 1, tzinfo=UTC),
    )
    add_action(
        app,
        ids[1],
        "Cartographie des flux de matériaux",
        due_on=date(2024, 1, 1),
        owner="Chargée de mission économie circulaire",
    )
    make_user(app, "admin@example.fr", "admin")
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation)
    return organisation, ids


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_follow_up_pages_fit(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    organisation, _ids = _data(live_app)
    page = new_page(width)
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    for path in (
        f"/campagnes/nouvelle?organisation={organisation}",
        f"/organisations/{organisation}",
        "/tableau-de-bord?retard=1",
    ):
        response = page.goto(live_server + path)
        assert response is not None and response.status == 200, path
        assert horizontal_overflow(page) <= 0, path
    referent = new_page(width)
    sign_in(referent, live_server, "ref@example.fr", PASSWORD)
    referent.goto(live_server + "/compte")
    assert referent.is_checked("#action_digest")
    assert horizontal_overflow(referent) <= 0


def test_the_ticked_actions_are_carried_from_the_browser(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any]
) -> None:
    organisation, _ids = _data(live_app)
    page = new_page(DESKTOP)
    sign_in(page, live_server, "ref@example.fr", PASSWORD)
    page.goto(f"{live_server}/campagnes/nouvelle")
    assert page.get_by_role("group", name="Reprendre ces actions dans la nouvelle campagne")
    box = page.get_by_label("Cartographie des flux de matériaux", exact=False)
    assert box.is_checked()
    page.fill("#demarche", "Réemploi, bilan à six mois")
    with page.expect_navigation():
        page.click("form.panel button[type=submit]")
    assert "1 action reprise" in page.content()
    with live_app.app_context():
        session = db_session()
        new = session.scalar(select(Campaign).where(Campaign.demarche.startswith("Réemploi")))
        copies = session.scalars(select(Action).where(Action.campaign_id == new.id)).all()
        assert [c.title for c in copies] == ["Cartographie des flux de matériaux"]
        assert new.organisation_id == organisation and copies[0].carried_from_id is not None
