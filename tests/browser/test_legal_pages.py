"""The legal pages and the campaign's notice in a real headless Chromium: they fit a phone
(390 px) and a desktop, and the footer's links lead to them from a respondent's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from tests.fixtures.accounts import PASSWORD, make_organisation, make_user
from tests.fixtures.browser import DESKTOP, PHONE, horizontal_overflow, sign_in
from tests.fixtures.campaigns import make_campaign

pytestmark = pytest.mark.db


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_legal_pages_and_the_notice_fit_and_are_reached_from_the_footer(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    make_campaign(live_app, "pages-legales")
    organisation = make_organisation(live_app, "Syndicat des Rives")
    make_user(live_app, "admin@example.fr", "admin")
    page = new_page(width)
    page.goto(live_server + "/r/pages-legales")
    for label, path in (
        ("Vos données dans ce questionnaire", "/r/pages-legales/confidentialite"),
        ("Mentions légales", "/mentions-legales"),
        ("Données personnelles", "/donnees-personnelles"),
        ("Accessibilité : non conforme", "/accessibilite"),
        ("Aide et méthode", "/aide"),
    ):
        with page.expect_navigation():
            page.locator("footer").get_by_role("link", name=label).click()
        assert page.url.endswith(path), label
        assert horizontal_overflow(page) <= 0, f"{path} scrolls sideways at {width} px"
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    page.goto(f"{live_server}/organisations/{organisation}/donnees-personnelles")
    assert page.get_by_label("Précisions à ajouter à la notice (facultatif)").is_visible()
    assert horizontal_overflow(page) <= 0
