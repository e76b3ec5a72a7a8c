"""The action plan in a real headless Chromium (CSRF on): a suggestion added through the
pre-filled form, another set aside, an action edited; the plan page, the edit and delete pages
and the campaign page fit a phone and a desktop without scrolling sideways."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from tests.fixtures.accounts import PASSWORD, make_user
from tests.fixtures.browser import DESKTOP, PHONE, horizontal_overflow, sign_in
from tests.fixtures.portfolio import organisation_with_campaigns

pytestmark = pytest.mark.db

LONG_OWNER = "Direction-de-l'aménagement-et-du-développement-économique-intercommunal"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_plan_walk_fits(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    _, (campaign_id,) = organisation_with_campaigns(live_app, "Agglo des Rives", (5,), maturity=2.0)
    make_user(live_app, "admin@example.fr", "admin")
    page = new_page(width)
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    plan = f"{live_server}/campagnes/{campaign_id}/plan-d-action"
    page.goto(plan)
    suggested = page.locator("#suggestions h3").first.inner_text()
    page.locator("#suggestions a.button").first.click()
    assert page.input_value("#title") == suggested
    page.fill("#owner", LONG_OWNER)
    page.fill("#due_on", "2027-06-30")
    page.click("#ajouter button[type=submit]")
    page.wait_for_load_state()
    assert "Action ajoutée au plan." in page.inner_text("main")
    assert suggested not in page.inner_text("#suggestions")
    second = page.locator("#suggestions h3").first.inner_text()
    page.locator("#suggestions button.secondary").first.click()
    page.wait_for_load_state()
    assert second not in page.inner_text("#suggestions")
    page.locator(".plan-table a").first.click()
    page.wait_for_load_state()
    page.select_option("#status", "in_progress")
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    history = page.inner_text("#action-1")
    assert "à lancer" in history and "en cours" in history and "admin@example.fr" in history
    too_wide = []
    for path in (
        "/plan-d-action",
        "/plan-d-action/1",
        "/plan-d-action/1/suppression",
        "",
    ):
        response = page.goto(f"{live_server}/campagnes/{campaign_id}{path}")
        assert response is not None and response.status == 200, path
        if horizontal_overflow(page) > 0:
            too_wide.append(f"{path}: {horizontal_overflow(page)} px")
    assert not too_wide, f"pages that scroll sideways at {width} px: {too_wide}"
    assert suggested in page.inner_text("#plan-d-action")
