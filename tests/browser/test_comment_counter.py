"""The comment at the end of a questionnaire, in a real Chromium: the counter follows the
typing (and speaks politely, once the person pauses), a text over the limit is flagged and not
saved, the autosave keeps the comment, and the pages that show comments fit a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from tests.browser.test_layout import _start_survey, _survey_campaign
from tests.fixtures.accounts import PASSWORD, make_user
from tests.fixtures.browser import DESKTOP, PHONE, horizontal_overflow, sign_in
from tests.fixtures.comments import PAYLOADS, campaign_with_comments

pytestmark = pytest.mark.db


def _to_last_page(page: Any, base: str, link: str) -> None:
    page.goto(base + link)
    _start_survey(page)
    page.goto(f"{base}/r/commentaires-navigateur/p/COOP.MET")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_counter_follows_the_typing_and_the_autosave_keeps_the_comment(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    page = new_page(width)
    _to_last_page(
        page, live_server, _survey_campaign(live_app, ("COOP",), "commentaires-navigateur")
    )
    area = page.get_by_label("Un exemple, une remarque sur la coopération dans la démarche")
    counter = page.locator("#commentaire-compteur")
    spoken = page.locator("#commentaire-compteur-annonce")
    assert counter.inner_text() == "Encore 2\u202f000 caractères possibles (0 sur 2\u202f000)."
    assert spoken.get_attribute("aria-live") == "polite"
    area.type("Le comité 👍")
    assert counter.inner_text() == "Encore 1\u202f989 caractères possibles (11 sur 2\u202f000)."
    page.wait_for_function(
        "() => document.getElementById('commentaire-compteur-annonce').textContent.includes('11')"
    )
    page.wait_for_function(
        "() => document.getElementById('autosave-status').textContent.includes('automatiquement')"
    )
    assert horizontal_overflow(page) <= 0
    area.fill("x" * 2001)
    area.dispatch_event("input")
    assert "1 caractère de trop (2\u202f001 sur 2\u202f000)" in counter.inner_text()
    assert "over" in (counter.get_attribute("class") or "")
    page.wait_for_function(
        "() => document.getElementById('autosave-status').textContent.includes('dépasse')"
    )
    page.reload()
    assert area.input_value() == "Le comité 👍"  # the saved text; the long one was refused
    area.fill("Version finale")
    with page.expect_navigation():
        page.click(".actions button[value=next]")
    assert page.url.endswith("/recapitulatif")
    page.go_back()
    page.reload()
    assert area.input_value() == "Version finale"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_pages_showing_comments_fit(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    organisation_id, campaign_id = campaign_with_comments(live_app, PAYLOADS, respondents=11)
    make_user(live_app, "conseil@example.fr", "consultant", assigned=(organisation_id,))
    page = new_page(width)
    sign_in(page, live_server, "conseil@example.fr", PASSWORD)
    for path in (f"/campagnes/{campaign_id}/commentaires", f"/campagnes/{campaign_id}"):
        response = page.goto(live_server + path)
        assert response is not None and response.status == 200, path
        assert page.locator(".comment-text, .quoted-comment").count() >= len(PAYLOADS) - 1
        assert horizontal_overflow(page) <= 0, path
