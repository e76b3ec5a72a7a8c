"""A campaign whose addresses and answers were erased, in a real Chromium at 390 and 1280 px:
its pages say so and never scroll sideways; the figures are still drawn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from coopassess.db import db_session
from coopassess.models import Campaign
from coopassess.registry import registry
from coopassess.retention.service import purge
from tests.fixtures.accounts import PASSWORD, make_user
from tests.fixtures.browser import DESKTOP, PHONE, horizontal_overflow, sign_in
from tests.fixtures.portfolio import organisation_with_campaigns

pytestmark = pytest.mark.db


def _purged_campaign(app: Flask) -> int:
    _, ids = organisation_with_campaigns(app, "Pays des Rives", (5,), modules=("COOP", "VAL"))
    with app.app_context():
        session = db_session()
        session.get(Campaign, ids[0]).closed_at = datetime(2024, 4, 1, tzinfo=UTC)
        purge(session, registry(), datetime(2026, 6, 1, tzinfo=UTC))
        session.commit()
    make_user(app, "admin@example.fr", "admin")
    return ids[0]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_purged_campaign_says_so_and_fits(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    campaign_id = _purged_campaign(live_app)
    page = new_page(width)
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    for path, said in (
        (f"/campagnes/{campaign_id}", "Réponses individuelles supprimées le 01/06/2026"),
        (f"/campagnes/{campaign_id}/repondants", "Réponses individuelles supprimées le"),
        (f"/campagnes/{campaign_id}/participants", "Adresses supprimées le 01/06/2026"),
        (f"/campagnes/{campaign_id}/modifier", "Durées de conservation après la clôture"),
    ):
        response = page.goto(live_server + path)
        assert response is not None and response.status == 200, path
        assert said in page.inner_text("main"), path
        assert horizontal_overflow(page) <= 0, f"{path} scrolls sideways at {width} px"
    page.goto(f"{live_server}/campagnes/{campaign_id}")
    radar = page.locator(f"img[src*='/campagnes/{campaign_id}/radar']").first
    radar.scroll_into_view_if_needed()
    assert radar.evaluate("image => image.complete && image.naturalWidth > 0")
    assert "Rouvrir la campagne" not in page.inner_text("main")
